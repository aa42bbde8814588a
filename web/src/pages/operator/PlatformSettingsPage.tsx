/**
 * The platform's bounds, which every core enterprise's program must stay within, and the financing fee the
 * platform deducts from each financing. An admin or checker of the operator sets the bounds on the ledger at once;
 * the fee is dual control: a maker proposes it and a checker approves it in 待我审批.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Descriptions, Form, InputNumber, Select, Space, Switch, Typography } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { Loading } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatRate } from "../../format/date";
import { useT } from "../../i18n/language";

type Bounds = paths["/programs/bounds"]["get"]["responses"][200]["content"]["application/json"];
type BoundsForm = Omit<Bounds, "minSplitFloor"> & { minSplitFloor: string };

export function PlatformSettingsPage() {
  const t = useT();
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("operator.settings.title")}</Typography.Title>
      <BoundsCard />
      <FeeCard />
    </Space>
  );
}

function BoundsCard() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const bounds = useQuery({ queryKey: ["programs", "bounds"], queryFn: () => unwrap(api.GET("/programs/bounds")) });
  const save = useMutation({
    mutationFn: (b: BoundsForm) =>
      unwrap(
        api.PUT("/programs/bounds", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: { ...b, minSplitFloor: amountValue(b.minSplitFloor) },
        }),
      ),
    onSuccess: () => {
      void message.success(t("operator.bounds.saved"));
      void queries.invalidateQueries({ queryKey: ["programs", "bounds"] });
    },
  });
  const mayEdit = access.can("PUT /programs/bounds");
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("operator.bounds.title")}</Typography.Title>}>
      {bounds.isError && <ProblemAlert error={bounds.error} />}
      {bounds.isPending && <Loading />}
      {bounds.data && (
        <Form<BoundsForm>
          layout="vertical"
          style={{ maxWidth: 480 }}
          disabled={!mayEdit}
          initialValues={bounds.data}
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item name="maxDepth" label={t("operator.bounds.maxDepth")} extra={t("operator.bounds.maxDepthHelp")} rules={[{ required: true }]}>
            <InputNumber min={1} max={255} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="maxTermDays" label={t("operator.bounds.maxTermDays")} rules={[{ required: true }]}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="minSplitFloor" label={t("operator.bounds.minSplitFloor")} rules={[amountRule(t)]}>
            <AmountInput />
          </Form.Item>
          <Form.Item name="invoicesMandatory" label={t("operator.bounds.invoicesMandatory")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="coverageMandatory" label={t("operator.bounds.coverageMandatory")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <ProblemAlert error={save.error ?? undefined} />
          {mayEdit && (
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t("operator.bounds.save")}
            </Button>
          )}
        </Form>
      )}
    </Card>
  );
}

function FeeCard() {
  const t = useT();
  const access = useAccess();
  const { message } = App.useApp();
  const fee = useQuery({ queryKey: ["financing", "fee"], queryFn: () => unwrap(api.GET("/financing/fee")) });
  const operators = useQuery({
    queryKey: ["orgs", "operator"],
    queryFn: () => unwrap(api.GET("/orgs", { params: { query: { kind: "operator", limit: 100 } } })),
  });
  const propose = useMutation({
    mutationFn: (v: { feeBps: number; recipientOrgId: string }) =>
      unwrap(api.PUT("/financing/fee", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: v })),
    onSuccess: () => void message.success(t("common.submittedForApproval")),
  });
  const mayPropose = access.can("PUT /financing/fee");
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("operator.fee.title")}</Typography.Title>}>
      {fee.isError && <ProblemAlert error={fee.error} />}
      {fee.isPending && <Loading />}
      {fee.data && (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t("operator.fee.rate")}>{formatRate(fee.data.feeBps)}</Descriptions.Item>
            <Descriptions.Item label={t("operator.fee.recipient")}>{fee.data.recipient.name ?? fee.data.recipient.account}</Descriptions.Item>
          </Descriptions>
          {mayPropose && (
            <Form<{ feeBps: number; recipientOrgId: string }>
              layout="vertical"
              style={{ maxWidth: 480 }}
              initialValues={{ feeBps: fee.data.feeBps, recipientOrgId: fee.data.recipient.id ?? undefined }}
              onFinish={(v) => propose.mutate(v)}
            >
              <Form.Item name="feeBps" label={t("operator.fee.bps")} extra={t("operator.fee.bpsHelp")} rules={[{ required: true }]}>
                <InputNumber min={0} max={1000} precision={0} style={{ width: "100%" }} />
              </Form.Item>
              <Form.Item name="recipientOrgId" label={t("operator.fee.recipient")} rules={[{ required: true }]}>
                <Select options={(operators.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} loading={operators.isPending} />
              </Form.Item>
              <ProblemAlert error={propose.error ?? undefined} />
              <Button type="primary" htmlType="submit" loading={propose.isPending}>
                {t("operator.fee.propose")}
              </Button>
            </Form>
          )}
        </Space>
      )}
    </Card>
  );
}
