/**
 * 融资申请, the supplier's side: ask the market for cash against part of a voucher I hold, and follow my
 * requests; each opens on its quotes side by side.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Select, Space, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatDay, formatTime } from "../../format/date";
import { formatYuan } from "../../format/money";
import { useT } from "../../i18n/language";
import { StatusTag } from "./StatusTag";
import type { FinancingRequest, RequestStatus } from "./types";

type Row = Omit<FinancingRequest, "quotes">;

interface AskForm {
  voucherId: string;
  amount: string;
}

export function RequestsPage() {
  const t = useT();
  const access = useAccess();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<AskForm>();
  const mayAsk = access.can("POST /financing/requests");
  const vouchers = useQuery({
    queryKey: ["vouchers", "held"],
    enabled: mayAsk,
    queryFn: () => unwrap(api.GET("/vouchers", { params: { query: { as: "holder", limit: 100 } } })),
  });
  const ask = useMutation({
    mutationFn: (v: AskForm) =>
      unwrap(
        api.POST("/financing/requests", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: { voucherId: v.voucherId, amount: amountValue(v.amount) },
        }),
      ),
    onSuccess: (r) => {
      void message.success(t("financing.ask.done"));
      void queries.invalidateQueries({ queryKey: ["financing"] });
      void navigate(`/financing/requests/${r.id}`);
    },
  });
  const held = (vouchers.data?.items ?? []).filter((v) => v.available !== "0.00" && !v.financed);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("financing.requests.title")}</Typography.Title>
      {mayAsk && (
        <Form<AskForm> form={form} layout="vertical" style={{ maxWidth: 560 }} aria-label={t("financing.ask.title")} onFinish={(v) => ask.mutate(v)}>
          <Typography.Title level={3}>{t("financing.ask.title")}</Typography.Title>
          <Form.Item name="voucherId" label={t("financing.voucher")} rules={[{ required: true, message: t("financing.voucher.required") }]}>
            <Select
              showSearch={{ optionFilterProp: "label" }}
              loading={vouchers.isPending}
              notFoundContent={t("financing.voucher.none")}
              options={held.map((v) => ({
                value: v.id,
                label: t("financing.voucher.option", { id: v.id, debtor: v.debtor.name ?? "", available: formatYuan(v.available), maturity: formatDay(v.maturity) }),
              }))}
            />
          </Form.Item>
          <Form.Item name="amount" label={t("financing.amount")} rules={[amountRule(t)]}>
            <AmountInput capitals />
          </Form.Item>
          <ProblemAlert error={ask.error ?? undefined} />
          <Button type="primary" htmlType="submit" loading={ask.isPending}>
            {t("financing.ask.submit")}
          </Button>
        </Form>
      )}
      <Typography.Title level={3}>{t("financing.requests.mine")}</Typography.Title>
      <CursorTable<Row>
        rowKey="id"
        aria-label={t("financing.requests.mine")}
        queryKey={["financing", "requests", "mine"]}
        fetchPage={(cursor) => unwrap(api.GET("/financing/requests", { params: { query: { cursor, limit: 20 } } }))}
        locale={{ emptyText: t("financing.requests.empty") }}
        columns={[
          { title: t("common.createdAt"), dataIndex: "createdAt", render: formatTime },
          { title: t("financing.voucher"), dataIndex: "voucherId" },
          { title: t("financing.debtor"), key: "debtor", render: (_: unknown, r: Row) => r.voucher?.debtor.name ?? "—" },
          { title: t("financing.maturity"), key: "maturity", render: (_: unknown, r: Row) => (r.voucher ? formatDay(r.voucher.maturity) : "—") },
          { title: t("financing.amount"), dataIndex: "amount", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("financing.net"), key: "net", align: "right", render: (_: unknown, r: Row) => <Money value={r.execution?.net} /> },
          { title: t("common.status"), dataIndex: "status", render: (s: RequestStatus) => <StatusTag status={s} /> },
          {
            title: t("common.actions"),
            key: "open",
            render: (_: unknown, r: Row) => <Link to={`/financing/requests/${r.id}`}>{t("financing.open", { holder: r.holder.name ?? "", amount: r.amount })}</Link>,
          },
        ]}
      />
    </Space>
  );
}
