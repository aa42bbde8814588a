/**
 * 质押率: the pledge rate a bank lends at on each commodity (the share of the receipts' value at the day's price),
 * bounded by the operator. The bank's maker proposes a rate, 0 to stop lending on a commodity; a checker approves.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, Space, Table, Typography } from "antd";
import type { Rule } from "antd/es/form";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatRate } from "../../format/date";
import { useT } from "../../i18n/language";
import { commodityRule } from "../receipts/rules";

/** A pledge rate typed as a percentage, 0 allowed (stop lending), as whole basis points. */
function rateBps(typed: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?\s*%?$/.exec(typed.normalize("NFKC").trim());
  if (!m) return undefined;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : undefined;
}

export function BankRatesCard() {
  const t = useT();
  const access = useAccess();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ commodity: string; rate: string }>();
  const bank = access.me.organisation.id;
  const rates = useQuery({ queryKey: ["pledges", "rates", bank], queryFn: () => unwrap(api.GET("/pledges/rates", { params: { query: { bankOrgId: bank } } })) });
  const terms = useQuery({ queryKey: ["pledges", "terms"], queryFn: () => unwrap(api.GET("/pledges/terms")) });
  const propose = useMutation({
    mutationFn: (f: { commodity: string; rate: string }) =>
      unwrap(
        api.PUT("/pledges/rates/{commodity}", {
          params: { path: { commodity: f.commodity.trim() }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { rateBps: rateBps(f.rate) ?? 0 },
        }),
      ),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      void queries.invalidateQueries({ queryKey: ["approvals"] });
      form.resetFields(["rate"]);
    },
  });
  const rateRule: Rule = { validator: (_r, v: string | undefined) => (v !== undefined && rateBps(v) !== undefined ? Promise.resolve() : Promise.reject(new Error(t("pledges.rates.invalid")))) };
  const bound = terms.data?.bounds.maxPledgeRateBps;
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("pledges.rates.title")}</Typography.Title>}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Typography.Text type="secondary">{t("pledges.rates.help", { bound: bound === undefined ? "—" : formatRate(bound) })}</Typography.Text>
        <Table
          rowKey="commodity"
          aria-label={t("pledges.rates.title")}
          size="small"
          pagination={false}
          loading={rates.isPending}
          dataSource={rates.data?.items ?? []}
          locale={{ emptyText: t("pledges.rates.empty") }}
          columns={[
            { title: t("prices.commodity"), dataIndex: "commodity" },
            { title: t("pledges.rates.rate"), dataIndex: "rateBps", render: (bps: number) => formatRate(bps) },
          ]}
        />
        {access.can("PUT /pledges/rates/{commodity}") && (
          <Form name="pledge-rate" form={form} layout="inline" initialValues={{ commodity: "LI2CO3" }} onFinish={(f) => propose.mutate(f)}>
            <Form.Item name="commodity" label={t("prices.commodity")} rules={[commodityRule(t)]}>
              <Input autoComplete="off" maxLength={16} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="rate" label={t("pledges.rates.rate")} rules={[rateRule]}>
              <Input inputMode="decimal" autoComplete="off" suffix="%" placeholder="70" style={{ width: 120 }} />
            </Form.Item>
            <Button htmlType="submit" loading={propose.isPending}>
              {t("pledges.rates.submit")}
            </Button>
          </Form>
        )}
        <ProblemAlert error={propose.error ?? undefined} />
      </Space>
    </Card>
  );
}
