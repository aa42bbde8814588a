/**
 * The operator's data-service fee per risk query and who receives it; a maker proposes a new fee, which a
 * checker approves here or in 待我审批.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Descriptions, Form, Select, Space, Typography } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { Loading } from "../../components/Loading";
import { Money } from "../../components/Money";
import { PendingActions } from "../../components/money/PendingActions";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";

interface Fields {
  fee: string;
  recipientOrgId: string;
}

export function DataFeeCard() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const fee = useQuery({ queryKey: ["risk-data", "fee"], queryFn: () => unwrap(api.GET("/risk-data/fee")) });
  const operators = useQuery({
    queryKey: ["orgs", "operator"],
    queryFn: () => unwrap(api.GET("/orgs", { params: { query: { kind: "operator", limit: 100 } } })),
  });
  const propose = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(api.PUT("/risk-data/fee", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { fee: amountValue(f.fee), recipientOrgId: f.recipientOrgId } })),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      void queries.invalidateQueries({ queryKey: ["approvals"] });
    },
  });
  const mayPropose = access.can("PUT /risk-data/fee");
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("privacy.fee.title")}</Typography.Title>}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        {fee.isError && <ProblemAlert error={fee.error} />}
        {fee.isPending && <Loading />}
        {fee.data && (
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: "fee", label: t("privacy.fee.fee"), children: <Money value={fee.data.fee} /> },
              { key: "recipient", label: t("privacy.fee.recipient"), children: fee.data.recipient?.name ?? t("privacy.fee.none") },
            ]}
          />
        )}
        {mayPropose && fee.data && (
          <Form<Fields>
            name="risk-fee"
            layout="vertical"
            style={{ maxWidth: 480 }}
            initialValues={{ recipientOrgId: fee.data.recipient?.id ?? access.me.organisation.id }}
            onFinish={(f) => propose.mutate(f)}
          >
            <Form.Item name="fee" label={t("privacy.fee.newFee")} rules={[amountRule(t)]}>
              <AmountInput />
            </Form.Item>
            <Form.Item name="recipientOrgId" label={t("privacy.fee.recipient")} rules={[{ required: true }]}>
              <Select options={(operators.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} loading={operators.isPending} />
            </Form.Item>
            <ProblemAlert error={propose.error ?? undefined} />
            <Button type="primary" htmlType="submit" loading={propose.isPending}>
              {t("privacy.fee.propose")}
            </Button>
          </Form>
        )}
        <PendingActions kinds={["riskData.fee"]} title="privacy.fee.pending" />
      </Space>
    </Card>
  );
}
