/**
 * The bank's side of one request: type a rate and see, live, what the server would price it to (interest, fee,
 * net, effective APR: GET …/quote-preview, the ledger's own arithmetic), then post the quote. Once the holder took
 * my bank's quote, the maker proposes the payout (the checker approves it below or in the inbox) or declines.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Descriptions, Form, Input, Popconfirm, Space, Typography } from "antd";
import { useDeferredValue } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { Money } from "../../components/Money";
import { bpsOfPercent, rateRule } from "../../components/money/forms";
import { PendingActions } from "../../components/money/PendingActions";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatRate, formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import type { FinancingRequest } from "./types";

function Preview({ request, bps }: { request: FinancingRequest; bps: number | undefined }) {
  const t = useT();
  const preview = useQuery({
    queryKey: ["financing", "preview", request.id, bps],
    enabled: bps !== undefined,
    queryFn: () => unwrap(api.GET("/financing/requests/{id}/quote-preview", { params: { path: { id: request.id }, query: { rateBps: bps ?? 0 } } })),
  });
  if (bps === undefined) return null;
  if (preview.isError) return <ProblemAlert error={preview.error} />;
  const p = preview.data;
  return (
    <section aria-label={t("financing.preview.title")}>
      <Descriptions
        title={t("financing.preview.title")}
        size="small"
        column={1}
        bordered
        items={[
          { key: "rate", label: t("financing.rate"), children: formatRate(bps) },
          { key: "days", label: t("financing.days"), children: p?.days ?? "…" },
          { key: "interest", label: t("financing.interest"), children: p ? <Money value={p.interest} /> : "…" },
          { key: "fee", label: t("financing.fee"), children: p ? <Money value={p.fee} /> : "…" },
          { key: "net", label: t("financing.net"), children: p ? <Money value={p.net} /> : "…" },
          { key: "apr", label: t("financing.apr"), children: p?.effectiveApr ? `${p.effectiveApr}%` : "…" },
        ]}
      />
    </section>
  );
}

export function BankQuote({ request }: { request: FinancingRequest }) {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ rate: string }>();
  const typed = Form.useWatch("rate", form);
  const bps = useDeferredValue(bpsOfPercent(typed));
  const changed = () => void queries.invalidateQueries({ queryKey: ["financing"] });
  const quote = useMutation({
    mutationFn: (rateBps: number) =>
      unwrap(
        api.POST("/financing/requests/{id}/quotes", {
          params: { path: { id: request.id }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { rateBps },
        }),
      ),
    onSuccess: () => {
      void message.success(t("financing.quote.done"));
      changed();
    },
  });
  const payout = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/financing/requests/{id}/approve", { params: { path: { id: request.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      void queries.invalidateQueries({ queryKey: ["approvals"] });
    },
  });
  const decline = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/financing/requests/{id}/decline", { params: { path: { id: request.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: () => {
      void message.success(t("financing.decline.done"));
      changed();
    },
  });
  const mine = request.quotes?.[0];
  const won = request.acceptedQuoteId !== null && request.acceptedQuoteId === mine?.id;
  const mayQuote = access.can("POST /financing/requests/{id}/quotes") && request.status === "open";
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {mine && (
        <Descriptions
          title={t("financing.quote.mine")}
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "rate", label: t("financing.rate"), children: formatRate(mine.rateBps) },
            { key: "interest", label: t("financing.interest"), children: <Money value={mine.interest} /> },
            { key: "fee", label: t("financing.fee"), children: <Money value={mine.fee} /> },
            { key: "net", label: t("financing.net"), children: <Money value={mine.net} /> },
            { key: "validUntil", label: t("financing.validUntil"), children: formatTime(mine.validUntil) },
            { key: "status", label: t("common.status"), children: t(`financing.quote.status.${mine.status}`) },
          ]}
        />
      )}
      {mayQuote && (
        <Form form={form} layout="vertical" style={{ maxWidth: 560 }} aria-label={t("financing.quote.title")} onFinish={() => bps !== undefined && quote.mutate(bps)}>
          <Typography.Title level={3}>{t("financing.quote.title")}</Typography.Title>
          <Form.Item name="rate" label={t("financing.quote.rate")} extra={t("financing.quote.rateHint")} rules={[rateRule(t("financing.quote.rateInvalid"))]}>
            <Input suffix="%" inputMode="decimal" autoComplete="off" />
          </Form.Item>
          <Preview request={request} bps={bps} />
          <ProblemAlert error={quote.error ?? undefined} />
          <Button type="primary" htmlType="submit" loading={quote.isPending} style={{ marginTop: 16 }}>
            {mine ? t("financing.quote.replace") : t("financing.quote.submit")}
          </Button>
        </Form>
      )}
      {won && request.status === "accepted" && (
        <Space wrap>
          {access.can("POST /financing/requests/{id}/approve") && (
            <Button type="primary" loading={payout.isPending} onClick={() => payout.mutate()}>
              {t("financing.payout.propose")}
            </Button>
          )}
          {access.can("POST /financing/requests/{id}/decline") && (
            <Popconfirm title={t("financing.decline.confirm")} okText={t("common.confirm")} cancelText={t("common.cancel")} onConfirm={() => decline.mutate()}>
              <Button danger loading={decline.isPending}>
                {t("financing.decline")}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
      <ProblemAlert error={payout.error ?? decline.error ?? undefined} />
      <PendingActions
        kinds={["financing.approve"]}
        title="financing.payouts.pending"
        about={(p) => typeof p === "object" && p !== null && "applicationId" in p && p.applicationId === request.id}
      />
    </Space>
  );
}
