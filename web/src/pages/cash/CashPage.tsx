/**
 * 资金账户: my organisation's settlement cash on the ledger and the deposits and withdrawals behind it. A bank's
 * maker proposes a deposit (cash minted against money received off chain) or a withdrawal (cash burned against
 * money paid out); its checker approves. Only the settlement bank may mint and burn, so another bank's maker is
 * shown which bank that is instead of a form the server would refuse.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Segmented, Space, Statistic, Tag, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { OrgSelect } from "../../components/money/OrgSelect";
import { PendingActions } from "../../components/money/PendingActions";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../format/date";
import { formatYuan } from "../../format/money";
import { useT } from "../../i18n/language";

type Order = paths["/cash/orders"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Movement = "deposit" | "withdrawal";

interface MovementForm {
  organisationId: string;
  amount: string;
  reference: string;
}

export function CashPage() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [movement, setMovement] = useState<Movement>("deposit");
  const [form] = Form.useForm<MovementForm>();
  const balance = useQuery({ queryKey: ["cash", "balance"], queryFn: () => unwrap(api.GET("/cash/balance")) });
  const propose = useMutation({
    mutationFn: ({ kind, v }: { kind: Movement; v: MovementForm }) => {
      const body = { organisationId: v.organisationId, amount: amountValue(v.amount), reference: v.reference.trim() };
      const params = { header: { "Idempotency-Key": idempotencyKey() } };
      return unwrap(kind === "deposit" ? api.POST("/cash/deposits", { params, body }) : api.POST("/cash/withdrawals", { params, body }));
    },
    onSuccess: () => {
      form.resetFields();
      void message.success(t("common.submittedForApproval"));
      void queries.invalidateQueries({ queryKey: ["approvals"] });
    },
  });
  const bankMayMove = access.can("POST /cash/deposits") || access.can("POST /cash/withdrawals");
  const settlementBank = useQuery({
    queryKey: ["cash", "settlement-bank"],
    enabled: bankMayMove,
    queryFn: () => unwrap(api.GET("/cash/settlement-bank")),
  });
  const designated = settlementBank.data?.bank;
  const mayMove = bankMayMove && designated?.id === access.me.organisation.id;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("cash.title")}</Typography.Title>
      <ProblemAlert error={balance.error ?? undefined} />
      <Card>
        <Statistic
          title={t("cash.balance", { organisation: balance.data?.organisation.name ?? access.me.organisation.name })}
          loading={balance.isPending}
          value={balance.data ? formatYuan(balance.data.balance) : ""}
          valueRender={() => <span data-testid="cash-balance">{balance.data ? formatYuan(balance.data.balance) : "—"}</span>}
        />
      </Card>
      {bankMayMove && settlementBank.isSuccess && !mayMove && (
        <Alert
          type="info"
          showIcon
          title={designated ? t("cash.movement.settlementBankOnly", { bank: designated.name ?? designated.account }) : t("cash.movement.noSettlementBank")}
        />
      )}
      <ProblemAlert error={settlementBank.error ?? undefined} />
      {mayMove && (
        <Form<MovementForm>
          form={form}
          layout="vertical"
          style={{ maxWidth: 560 }}
          aria-label={t("cash.movement.title")}
          onFinish={(v) => propose.mutate({ kind: movement, v })}
        >
          <Typography.Title level={3}>{t("cash.movement.title")}</Typography.Title>
          <Form.Item label={t("cash.movement.kind")}>
            <Segmented<Movement>
              aria-label={t("cash.movement.kind")}
              value={movement}
              onChange={setMovement}
              options={[
                { value: "deposit", label: t("cash.kind.deposit") },
                { value: "withdrawal", label: t("cash.kind.withdrawal") },
              ]}
            />
          </Form.Item>
          <Form.Item name="organisationId" label={t("cash.organisation")} rules={[{ required: true, message: t("cash.organisation.required") }]}>
            <OrgSelect />
          </Form.Item>
          <Form.Item name="amount" label={t("common.amount")} rules={[amountRule(t)]}>
            <AmountInput capitals />
          </Form.Item>
          <Form.Item
            name="reference"
            label={t("cash.reference")}
            extra={t("cash.reference.hint")}
            rules={[{ required: true, whitespace: true, max: 64, message: t("cash.reference.required") }]}
          >
            <Input autoComplete="off" maxLength={64} />
          </Form.Item>
          <ProblemAlert error={propose.error ?? undefined} />
          <Button type="primary" htmlType="submit" loading={propose.isPending}>
            {movement === "deposit" ? t("cash.deposit.submit") : t("cash.withdrawal.submit")}
          </Button>
        </Form>
      )}
      <PendingActions kinds={["cash.deposit", "cash.withdrawal"]} title="cash.pending" />
      <Typography.Title level={3}>{t("cash.orders")}</Typography.Title>
      <CursorTable<Order>
        rowKey="id"
        aria-label={t("cash.orders")}
        queryKey={["cash", "orders"]}
        fetchPage={(cursor) => unwrap(api.GET("/cash/orders", { params: { query: { cursor, limit: 20 } } }))}
        locale={{ emptyText: t("cash.orders.empty") }}
        columns={[
          { title: t("common.createdAt"), dataIndex: "createdAt", render: formatTime },
          {
            title: t("cash.movement.kind"),
            dataIndex: "kind",
            render: (k: Movement) => <Tag color={k === "deposit" ? "green" : "blue"}>{t(`cash.kind.${k}`)}</Tag>,
          },
          { title: t("cash.organisation"), key: "organisation", render: (_: unknown, o: Order) => o.organisation.name },
          { title: t("cash.bank"), key: "bank", render: (_: unknown, o: Order) => o.bank.name },
          { title: t("common.amount"), dataIndex: "amount", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("cash.reference"), dataIndex: "reference" },
        ]}
      />
    </Space>
  );
}
