/**
 * A bank's budget for data-service fees: what remains, the fee per query and who receives it; a maker proposes a
 * new budget, which a checker approves here or in 待我审批.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Descriptions, Form, Space, Typography } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { Loading } from "../../components/Loading";
import { Money } from "../../components/Money";
import { PendingActions } from "../../components/money/PendingActions";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";

export const BUDGET_KEY = ["risk-data", "budget"];

export function BudgetCard() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amount: string }>();
  const budget = useQuery({ queryKey: BUDGET_KEY, queryFn: () => unwrap(api.GET("/risk-data/budget")) });
  const propose = useMutation({
    mutationFn: (amount: string) => unwrap(api.PUT("/risk-data/budget", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { amount } })),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      form.resetFields();
      void queries.invalidateQueries({ queryKey: ["approvals"] });
    },
  });
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("privacy.budget.title")}</Typography.Title>}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        {budget.isError && <ProblemAlert error={budget.error} />}
        {budget.isPending && <Loading />}
        {budget.data && (
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: "remaining", label: t("privacy.budget.remaining"), children: <span data-testid="budget-remaining"><Money value={budget.data.remaining} /></span> },
              { key: "fee", label: t("privacy.budget.fee"), children: <Money value={budget.data.fee} /> },
              { key: "recipient", label: t("privacy.budget.recipient"), children: budget.data.recipient?.name ?? t("privacy.fee.none") },
            ]}
          />
        )}
        {access.can("PUT /risk-data/budget") && (
          <Form form={form} name="risk-budget" layout="inline" onFinish={(v) => propose.mutate(amountValue(v.amount))}>
            <Form.Item name="amount" label={t("privacy.budget.newAmount")} tooltip={t("privacy.budget.newAmountHint")} rules={[amountRule(t)]}>
              <AmountInput />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={propose.isPending}>
              {t("privacy.budget.propose")}
            </Button>
          </Form>
        )}
        <ProblemAlert error={propose.error ?? undefined} />
        <PendingActions kinds={["riskData.budget"]} title="privacy.budget.pending" />
      </Space>
    </Card>
  );
}
