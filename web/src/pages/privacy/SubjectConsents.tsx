/**
 * An organisation's side of consented risk data: let a bank query its profile until a day, withdraw a consent
 * (after a confirmation), and see every consent it gave.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, Popconfirm, Space, Typography } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { dayRule } from "../../components/money/forms";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { OrgSelect } from "../invoices/OrgSelect";
import { CONSENTS_KEY, ConsentsTable } from "./ConsentsTable";
import type { Consent } from "./types";

interface Fields {
  bankOrgId: string;
  until: string;
}

export function SubjectConsents() {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const grant = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(api.POST("/risk-data/consents", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { bankOrgId: f.bankOrgId, until: f.until.trim() } })),
    onSuccess: () => {
      void message.success(t("privacy.consents.granted"));
      form.resetFields();
      void queries.invalidateQueries({ queryKey: CONSENTS_KEY });
    },
  });
  const withdraw = useMutation({
    mutationFn: (c: Consent) =>
      unwrap(api.POST("/risk-data/consents/{id}/withdraw", { params: { path: { id: c.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: () => {
      void message.success(t("privacy.consents.withdrawn"));
      void queries.invalidateQueries({ queryKey: CONSENTS_KEY });
    },
  });
  const bankName = (c: Consent) => c.bank.name ?? c.bank.account;
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("privacy.consents.mine")}</Typography.Title>}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Typography.Title level={4}>{t("privacy.consents.grant")}</Typography.Title>
        <Form<Fields> form={form} name="consent" layout="vertical" style={{ maxWidth: 480 }} onFinish={(f) => grant.mutate(f)}>
          <Form.Item name="bankOrgId" label={t("privacy.consents.bank")} rules={[{ required: true, message: t("privacy.disclose.bankRequired") }]}>
            <OrgSelect kinds={["bank"]} />
          </Form.Item>
          <Form.Item name="until" label={t("privacy.consents.until")} extra={t("privacy.consents.untilHint")} rules={[dayRule(t("privacy.consents.untilInvalid"))]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={grant.isPending}>
            {t("privacy.consents.submit")}
          </Button>
        </Form>
        <ProblemAlert error={grant.error ?? withdraw.error ?? undefined} />
        <ConsentsTable
          title="privacy.consents.mine"
          shows="bank"
          action={(c) =>
            c.status === "active" && (
              <Popconfirm
                title={t("privacy.consents.withdrawConfirm", { bank: bankName(c) })}
                okText={t("common.confirm")}
                cancelText={t("common.cancel")}
                onConfirm={() => withdraw.mutate(c)}
              >
                <Button size="small" danger autoInsertSpace={false} aria-label={t("privacy.consents.withdrawOf", { bank: bankName(c) })} loading={withdraw.isPending && withdraw.variables.id === c.id}>
                  {t("privacy.consents.withdraw")}
                </Button>
              </Popconfirm>
            )
          }
        />
      </Space>
    </Card>
  );
}
