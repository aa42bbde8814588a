/**
 * 提交发票: the seller's clerk types the invoice as printed; the buyer confirms it later, and only then does the
 * ledger register it. The API checks the code and number's format and that it was not submitted before.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal, Radio } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { OrgSelect } from "./OrgSelect";
import { dayRule, zeroOrMoreRule } from "./rules";

type Body = paths["/invoices"]["post"]["requestBody"]["content"]["application/json"];

interface Fields {
  buyerOrgId: string;
  kind: Body["kind"];
  code?: string;
  number: string;
  amount: string;
  tax: string;
  issueDate: string;
  contractRef?: string;
}

export function SubmitInvoiceModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const kind = Form.useWatch("kind", form);
  const submit = useMutation({
    mutationFn: (f: Fields) => {
      const common = {
        buyerOrgId: f.buyerOrgId,
        number: f.number.trim(),
        amount: amountValue(f.amount),
        tax: amountValue(f.tax),
        issueDate: f.issueDate.trim(),
        ...(f.contractRef?.trim() ? { contractRef: f.contractRef.trim() } : {}),
      };
      const body: Body = f.kind === "vat" ? { kind: "vat", code: (f.code ?? "").trim(), ...common } : { kind: "digital", ...common };
      return unwrap(api.POST("/invoices", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body }));
    },
    onSuccess: () => {
      void message.success(t("invoices.submit.done"));
      void queries.invalidateQueries({ queryKey: ["invoices"] });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t("invoices.submit.title")}
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: submit.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Fields> name="submit-invoice" form={form} layout="vertical" initialValues={{ kind: "digital", tax: "0" }} onFinish={(f) => submit.mutate(f)}>
        <Form.Item name="buyerOrgId" label={t("invoices.buyer")} rules={[{ required: true, message: t("invoices.submit.buyerRequired") }]}>
          <OrgSelect kinds={["core", "supplier"]} />
        </Form.Item>
        <Form.Item name="kind" label={t("invoices.kind")}>
          <Radio.Group
            options={[
              { value: "digital", label: t("invoices.kind.digital") },
              { value: "vat", label: t("invoices.kind.vat") },
            ]}
          />
        </Form.Item>
        {kind === "vat" && (
          <Form.Item name="code" label={t("invoices.code")} rules={[{ required: true, whitespace: true, message: t("invoices.submit.codeRequired") }]}>
            <Input inputMode="numeric" autoComplete="off" maxLength={40} />
          </Form.Item>
        )}
        <Form.Item name="number" label={t("invoices.number")} rules={[{ required: true, whitespace: true, message: t("invoices.submit.numberRequired") }]}>
          <Input inputMode="numeric" autoComplete="off" maxLength={40} />
        </Form.Item>
        <Form.Item name="amount" label={t("invoices.amount")} rules={[amountRule(t)]}>
          <AmountInput capitals />
        </Form.Item>
        <Form.Item name="tax" label={t("invoices.tax")} rules={[zeroOrMoreRule(t)]}>
          <AmountInput />
        </Form.Item>
        <Form.Item name="issueDate" label={t("invoices.issueDate")} rules={[dayRule(t)]}>
          <Input placeholder="2027-03-02" autoComplete="off" maxLength={10} />
        </Form.Item>
        <Form.Item name="contractRef" label={t("invoices.contractRef")}>
          <Input autoComplete="off" maxLength={100} />
        </Form.Item>
      </Form>
      <ProblemAlert error={submit.error ?? undefined} />
    </Modal>
  );
}
