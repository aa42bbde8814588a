/**
 * The holder's comparison: every bank's quote side by side, as the server priced it (rate, interest, fee, net,
 * effective APR, valid until), the one that leaves the most cash marked; accepting asks for confirmation with the
 * amounts in Chinese capitals, as a payment order reads.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Descriptions, Modal, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { capitals } from "../../format/capitals";
import { formatRate, formatTime } from "../../format/date";
import { fenOf } from "../../format/money";
import { useT } from "../../i18n/language";
import type { FinancingRequest, Quote } from "./types";

/** The open quote with the largest net: which number is larger is the server's figures compared, not a price. */
function bestOf(quotes: Quote[]): string | undefined {
  let best: Quote | undefined;
  for (const q of quotes) {
    if (q.status !== "open") continue;
    if (!best || (fenOf(q.net) ?? 0n) > (fenOf(best.net) ?? 0n)) best = q;
  }
  return best?.id;
}

export function QuotesCompare({ request }: { request: FinancingRequest }) {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [chosen, setChosen] = useState<Quote>();
  const accept = useMutation({
    mutationFn: (q: Quote) =>
      unwrap(
        api.POST("/financing/requests/{id}/accept", {
          params: { path: { id: request.id }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { quoteId: q.id },
        }),
      ),
    onSuccess: () => {
      setChosen(undefined);
      void message.success(t("financing.accept.done"));
      void queries.invalidateQueries({ queryKey: ["financing"] });
    },
  });
  const quotes = request.quotes ?? [];
  const best = bestOf(quotes);
  const mayAccept = access.can("POST /financing/requests/{id}/accept") && request.status === "open";
  return (
    <>
      <Typography.Title level={3}>{t("financing.quotes.title")}</Typography.Title>
      <Table<Quote>
        rowKey="id"
        aria-label={t("financing.quotes.title")}
        dataSource={quotes}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("financing.quotes.empty") }}
        columns={[
          {
            title: t("financing.bank"),
            key: "bank",
            render: (_: unknown, q: Quote) => (
              <>
                {q.bank.name} {q.id === best && <Tag color="green">{t("financing.quotes.best")}</Tag>}
              </>
            ),
          },
          { title: t("financing.rate"), dataIndex: "rateBps", render: (bps: number) => formatRate(bps) },
          { title: t("financing.days"), dataIndex: "days", align: "right" },
          { title: t("financing.interest"), dataIndex: "interest", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("financing.fee"), dataIndex: "fee", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("financing.net"), dataIndex: "net", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("financing.apr"), dataIndex: "effectiveApr", align: "right", render: (v: string | null) => (v ? `${v}%` : "—") },
          { title: t("financing.validUntil"), dataIndex: "validUntil", render: formatTime },
          { title: t("common.status"), dataIndex: "status", render: (s: Quote["status"]) => t(`financing.quote.status.${s}`) },
          ...(mayAccept
            ? [
                {
                  title: t("common.actions"),
                  key: "accept",
                  render: (_: unknown, q: Quote) =>
                    q.status === "open" && (
                      <Button type={q.id === best ? "primary" : "default"} onClick={() => setChosen(q)}>
                        {t("financing.accept", { bank: q.bank.name ?? "" })}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={chosen !== undefined}
        title={t("financing.accept.title")}
        okText={t("financing.accept.confirm")}
        cancelText={t("common.cancel")}
        okButtonProps={{ loading: accept.isPending }}
        onCancel={() => setChosen(undefined)}
        onOk={() => chosen && accept.mutate(chosen)}
      >
        {chosen && (
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: "bank", label: t("financing.bank"), children: chosen.bank.name },
              { key: "rate", label: t("financing.rate"), children: formatRate(chosen.rateBps) },
              { key: "amount", label: t("financing.amount"), children: <Money value={request.amount} /> },
              { key: "amountCapitals", label: t("financing.amount.capitals"), children: capitals(request.amount) },
              { key: "interest", label: t("financing.interest"), children: <Money value={chosen.interest} /> },
              { key: "fee", label: t("financing.fee"), children: <Money value={chosen.fee} /> },
              { key: "net", label: t("financing.net"), children: <Money value={chosen.net} /> },
              { key: "netCapitals", label: t("financing.net.capitals"), children: capitals(chosen.net) },
              { key: "apr", label: t("financing.apr"), children: chosen.effectiveApr ? `${chosen.effectiveApr}%` : "—" },
            ]}
          />
        )}
        <ProblemAlert error={accept.error ?? undefined} />
      </Modal>
    </>
  );
}
