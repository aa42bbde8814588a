/**
 * The program's credit-passing rules as the ledger applies them, and the maker's proposal to change them. The
 * ledger judges a proposal against the platform's bounds when a checker approves it.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Badge, Button, Card, Descriptions, Form, InputNumber, Modal, Switch, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { Loading } from "../../components/Loading";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";

type Rules = paths["/programs/{coreOrgId}/rules"]["get"]["responses"][200]["content"]["application/json"];
type Body = NonNullable<paths["/programs/{coreOrgId}/rules"]["put"]["requestBody"]>["content"]["application/json"];
type Fields = Omit<Body, "minSplit"> & { minSplit: string };

const FLAGS = ["invoicesRequired", "whitelistOnly", "banksRestricted", "issuanceCoveredByCredit"] as const;

export function RulesCard({ coreOrgId }: { coreOrgId: string }) {
  const t = useT();
  const access = useAccess();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<Fields>();
  const rules = useQuery({ queryKey: ["programs", coreOrgId, "rules"], queryFn: () => unwrap(api.GET("/programs/{coreOrgId}/rules", { params: { path: { coreOrgId } } })) });
  const propose = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(
        api.PUT("/programs/{coreOrgId}/rules", {
          params: { path: { coreOrgId }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { ...f, minSplit: amountValue(f.minSplit) },
        }),
      ),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      void queries.invalidateQueries({ queryKey: ["approvals"] });
      setEditing(false);
    },
  });
  const open = (r: Rules) => {
    form.setFieldsValue({ ...r, minSplit: r.minSplit });
    propose.reset();
    setEditing(true);
  };
  const mayPropose = access.can("PUT /programs/{coreOrgId}/rules");
  const title = <Typography.Title level={3} style={{ margin: 0 }}>{t("programs.rules.title")}</Typography.Title>;
  if (rules.isPending) return <Card title={title}><Loading /></Card>;
  if (rules.isError) return <Card title={title}><ProblemAlert error={rules.error} /></Card>;
  const r = rules.data;
  const yes = (b: boolean) => (b ? t("common.yes") : t("common.no"));
  return (
    <Card
      title={title}
      extra={
        mayPropose && (
          <Button onClick={() => open(r)}>
            {t("programs.rules.edit")}
          </Button>
        )
      }
    >
      <Badge status={r.configured ? "success" : "default"} text={r.configured ? t("programs.rules.configured") : t("programs.rules.defaults")} />
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        style={{ marginTop: 12 }}
        items={[
          { key: "maxDepth", label: t("programs.rules.maxDepth"), children: r.maxDepth },
          { key: "maxTermDays", label: t("programs.rules.maxTermDays"), children: r.maxTermDays },
          { key: "minSplit", label: t("programs.rules.minSplit"), children: <Money value={r.minSplit} /> },
          ...FLAGS.map((f) => ({ key: f, label: t(`programs.rules.${f}`), children: yes(r[f]) })),
        ]}
      />
      <Modal
        open={editing}
        title={t("programs.rules.editTitle")}
        okText={t("common.submit")}
        cancelText={t("common.cancel")}
        okButtonProps={{ loading: propose.isPending }}
        onOk={() => form.submit()}
        onCancel={() => setEditing(false)}
        forceRender
      >
        <Form<Fields> name="rules" form={form} layout="vertical" onFinish={(f) => propose.mutate(f)}>
          <Form.Item name="maxDepth" label={t("programs.rules.maxDepth")} rules={[{ required: true, type: "integer", min: 1, max: 255, message: t("programs.rules.intRequired") }]}>
            <InputNumber min={1} max={255} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="maxTermDays" label={t("programs.rules.maxTermDays")} rules={[{ required: true, type: "integer", min: 1, max: 65535, message: t("programs.rules.intRequired") }]}>
            <InputNumber min={1} max={65535} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="minSplit" label={t("programs.rules.minSplit")} rules={[amountRule(t)]}>
            <AmountInput />
          </Form.Item>
          {FLAGS.map((f) => (
            <Form.Item key={f} name={f} label={t(`programs.rules.${f}`)} valuePropName="checked">
              <Switch />
            </Form.Item>
          ))}
        </Form>
        <ProblemAlert error={propose.error ?? undefined} />
      </Modal>
    </Card>
  );
}
