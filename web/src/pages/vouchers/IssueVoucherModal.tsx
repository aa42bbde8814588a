/**
 * 签发凭证 (a core enterprise's maker): to a tier-1 supplier, backed by its confirmed invoices, due on a day. The
 * amount is read back in Chinese capitals before it is proposed; the proposal waits for a checker (dual control),
 * and the ledger judges it against the program's rules and the credit cover when the checker approves.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { ProblemAlert } from "../../components/ProblemAlert";
import { capitals } from "../../format/capitals";
import { formatYuan } from "../../format/money";
import { useT } from "../../i18n/language";
import { OrgSelect } from "../invoices/OrgSelect";
import { dayRule } from "../invoices/rules";
import { InvoicePicker } from "./InvoicePicker";

interface Fields {
  supplierOrgId: string;
  invoiceIds: string[];
  amount: string;
  maturity: string;
}

export function IssueVoucherModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const supplier = Form.useWatch("supplierOrgId", form);
  const issue = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(
        api.POST("/vouchers", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: { supplierOrgId: f.supplierOrgId, amount: amountValue(f.amount), maturity: f.maturity.trim(), invoiceIds: f.invoiceIds },
        }),
      ),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      void queries.invalidateQueries({ queryKey: ["approvals"] });
      form.resetFields();
      onClose();
    },
  });
  const review = (f: Fields) => {
    const amount = amountValue(f.amount);
    modal.confirm({
      title: t("vouchers.issue.title"),
      content: t("vouchers.issue.confirm", { amount: formatYuan(amount), capitals: capitals(amount) ?? "" }),
      okText: t("common.confirm"),
      cancelText: t("common.cancel"),
      // A refusal closes this read-back and shows on the form, where the clerk can correct it.
      onOk: () => issue.mutateAsync(f).catch(() => undefined),
    });
  };
  return (
    <Modal
      open={open}
      title={t("vouchers.issue.title")}
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: issue.isPending }}
      onOk={() => form.submit()}
      onCancel={() => {
        issue.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form<Fields> name="issue-voucher" form={form} layout="vertical" initialValues={{ invoiceIds: [] }} onFinish={review}>
        <Form.Item name="supplierOrgId" label={t("vouchers.issue.supplier")} rules={[{ required: true, message: t("vouchers.issue.supplierRequired") }]}>
          <OrgSelect kinds={["supplier"]} onChange={() => form.setFieldValue("invoiceIds", [])} />
        </Form.Item>
        <Form.Item name="invoiceIds" label={t("vouchers.issue.invoices")}>
          <InvoicePicker sellerId={supplier} />
        </Form.Item>
        <Form.Item name="amount" label={t("vouchers.issue.amount")} rules={[amountRule(t)]}>
          <AmountInput capitals />
        </Form.Item>
        <Form.Item name="maturity" label={t("vouchers.issue.maturity")} rules={[dayRule(t)]}>
          <Input placeholder="2027-03-02" autoComplete="off" maxLength={10} />
        </Form.Item>
      </Form>
      <ProblemAlert error={issue.error ?? undefined} />
    </Modal>
  );
}
