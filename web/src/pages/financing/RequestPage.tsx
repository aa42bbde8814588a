/** One financing request: its terms, then the holder's comparison of quotes or the bank's quoting and payout. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Descriptions, Popconfirm, Space, Typography } from "antd";
import { useParams } from "react-router";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { Loading } from "../../components/Loading";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatDay, formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import { BankQuote } from "./BankQuote";
import { QuotesCompare } from "./QuotesCompare";
import { StatusTag } from "./StatusTag";

export function RequestPage() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const { id = "" } = useParams();
  const request = useQuery({
    queryKey: ["financing", "request", id],
    queryFn: () => unwrap(api.GET("/financing/requests/{id}", { params: { path: { id } } })),
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST("/financing/requests/{id}/cancel", { params: { path: { id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: () => {
      void message.success(t("financing.cancel.done"));
      void queries.invalidateQueries({ queryKey: ["financing"] });
    },
  });
  if (request.isError) return <ProblemAlert error={request.error} />;
  if (!request.data) return <Loading />;
  const r = request.data;
  const holder = r.holder.id === access.me.organisation.id;
  const mayCancel = holder && access.can("POST /financing/requests/{id}/cancel") && (r.status === "open" || r.status === "accepted");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("financing.request.title", { holder: r.holder.name ?? "" })}</Typography.Title>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "status", label: t("common.status"), children: <StatusTag status={r.status} /> },
          { key: "amount", label: t("financing.amount"), children: <Money value={r.amount} /> },
          { key: "voucher", label: t("financing.voucher"), children: r.voucherId },
          { key: "debtor", label: t("financing.debtor"), children: r.voucher?.debtor.name ?? "—" },
          { key: "maturity", label: t("financing.maturity"), children: r.voucher ? formatDay(r.voucher.maturity) : "—" },
          { key: "expiresAt", label: t("financing.expiresAt"), children: formatTime(r.expiresAt) },
          ...(r.execution
            ? [
                { key: "interest", label: t("financing.interest"), children: <Money value={r.execution.interest} /> },
                { key: "fee", label: t("financing.fee"), children: <Money value={r.execution.fee} /> },
                { key: "net", label: t("financing.net"), children: <Money value={r.execution.net} /> },
              ]
            : []),
        ]}
      />
      {holder || !access.is("bank") ? <QuotesCompare request={r} /> : <BankQuote request={r} />}
      <ProblemAlert error={cancel.error ?? undefined} />
      {mayCancel && (
        <Popconfirm title={t("financing.cancel.confirm")} okText={t("common.confirm")} cancelText={t("common.cancel")} onConfirm={() => cancel.mutate()}>
          <Button danger loading={cancel.isPending} style={{ alignSelf: "flex-start" }}>
            {t("financing.cancel")}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
