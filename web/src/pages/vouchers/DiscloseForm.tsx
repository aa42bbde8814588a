/**
 * 向银行披露发票: the holder shows one bank the invoices behind this voucher's lineage, only the fields ticked. The
 * API opens each field against the invoice's commitment on the ledger and records the disclosure there; the
 * result is shown as the bank will read it.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Checkbox, Form, Space, Typography } from "antd";
import { Link } from "react-router";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { OrgSelect } from "../invoices/OrgSelect";
import { DisclosureCard } from "../privacy/DisclosureCard";
import { INVOICE_FIELDS, type InvoiceField } from "../privacy/types";

interface Fields {
  bankOrgId: string;
  fields: InvoiceField[];
}

export function DiscloseForm({ voucherId }: { voucherId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const disclose = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(
        api.POST("/vouchers/{id}/disclosures", {
          params: { path: { id: voucherId }, header: { "Idempotency-Key": idempotencyKey() } },
          // In the ledger's order, whatever order they were ticked in.
          body: { bankOrgId: f.bankOrgId, fields: INVOICE_FIELDS.filter((x) => f.fields.includes(x)) },
        }),
      ),
    onSuccess: (d) => {
      void message.success(t("privacy.disclose.done", { bank: d.bank.name ?? d.bank.account }));
      void queries.invalidateQueries({ queryKey: ["disclosures"] });
    },
  });
  // A validator, not `required`: Form.Item would put aria-required on the group's div, which has no role to carry it.
  const atLeastOneField = {
    validator: (_rule: unknown, fields: InvoiceField[] | undefined) =>
      fields?.length ? Promise.resolve() : Promise.reject(new Error(t("privacy.disclose.fieldsRequired"))),
  };
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Paragraph>{t("privacy.disclose.intro")}</Typography.Paragraph>
      <Form<Fields> name="disclose" layout="vertical" initialValues={{ fields: ["invoice", "amount", "issueDate"] }} onFinish={(f) => disclose.mutate(f)}>
        <Form.Item name="bankOrgId" label={t("privacy.disclose.bank")} rules={[{ required: true, message: t("privacy.disclose.bankRequired") }]} style={{ maxWidth: 480 }}>
          <OrgSelect kinds={["bank"]} />
        </Form.Item>
        <Form.Item name="fields" label={t("privacy.disclose.fields")} rules={[atLeastOneField]}>
          <Checkbox.Group options={INVOICE_FIELDS.map((f) => ({ value: f, label: t(`privacy.field.${f}`) }))} />
        </Form.Item>
        <ProblemAlert error={disclose.error ?? undefined} />
        <Button type="primary" htmlType="submit" loading={disclose.isPending} style={{ marginTop: 8 }}>
          {t("privacy.disclose.submit")}
        </Button>
      </Form>
      {disclose.data && (
        <>
          <DisclosureCard disclosure={disclose.data} />
          <Link to="/disclosures">{t("privacy.disclosures.title")}</Link>
        </>
      )}
    </Space>
  );
}
