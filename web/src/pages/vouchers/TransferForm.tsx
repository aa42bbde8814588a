/**
 * 转让: the holder passes part (or all) of a voucher to its own supplier, backed by that supplier's confirmed
 * invoices to the holder. The ledger decides (value, invoice cover, depth, whitelist); a refusal shows its code
 * and nothing moves.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { OrgSelect } from "../invoices/OrgSelect";
import { InvoicePicker } from "./InvoicePicker";

interface Fields {
  toOrgId: string;
  invoiceIds: string[];
  amount: string;
}

export function TransferForm({ voucherId }: { voucherId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const recipient = Form.useWatch("toOrgId", form);
  const transfer = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(
        api.POST("/vouchers/{id}/transfers", {
          params: { path: { id: voucherId }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { toOrgId: f.toOrgId, amount: amountValue(f.amount), invoiceIds: f.invoiceIds },
        }),
      ),
    onSuccess: (r) => {
      void message.success(t("vouchers.transfer.done", { id: r.id }));
      form.resetFields();
      void queries.invalidateQueries({ queryKey: ["vouchers"] });
      void queries.invalidateQueries({ queryKey: ["invoices"] });
    },
  });
  return (
    <Form<Fields> name="transfer" form={form} layout="vertical" initialValues={{ invoiceIds: [] }} onFinish={(f) => transfer.mutate(f)}>
      <Form.Item name="toOrgId" label={t("vouchers.transfer.recipient")} rules={[{ required: true, message: t("vouchers.transfer.recipientRequired") }]}>
        <OrgSelect kinds={["supplier"]} onChange={() => form.setFieldValue("invoiceIds", [])} />
      </Form.Item>
      <Form.Item name="invoiceIds" label={t("vouchers.transfer.invoices")}>
        <InvoicePicker sellerId={recipient} />
      </Form.Item>
      <Form.Item name="amount" label={t("vouchers.transfer.amount")} rules={[amountRule(t)]}>
        <AmountInput capitals />
      </Form.Item>
      <ProblemAlert error={transfer.error ?? undefined} />
      <Button type="primary" htmlType="submit" loading={transfer.isPending} style={{ marginTop: 8 }}>
        {t("vouchers.transfer.submit")}
      </Button>
    </Form>
  );
}
