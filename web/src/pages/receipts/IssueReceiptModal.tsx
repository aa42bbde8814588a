/**
 * 签发仓单 (the warehouse's maker): to a depositor, for goods its own weighing platform weighed at the inbound. The
 * quantity may not exceed the reading's weight; the reading and the inbound reference back one receipt only. The
 * proposal waits for a checker, who issues it on the ledger.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { OrgSelect } from "../invoices/OrgSelect";
import { commitmentRule, commodityRule, gramsValue, kgRule } from "./rules";

interface Fields {
  depositorOrgId: string;
  commodity: string;
  grade: string;
  kg: string;
  readingId: string;
  inbound: string;
  bay: string;
  document: string;
}

export function IssueReceiptModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const issue = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(
        api.POST("/receipts", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: {
            depositorOrgId: f.depositorOrgId,
            commodity: f.commodity.trim(),
            grade: f.grade.trim(),
            quantity: gramsValue(f.kg),
            readingId: f.readingId.trim(),
            inbound: f.inbound.trim(),
            bay: f.bay.trim(),
            document: f.document.trim(),
          },
        }),
      ),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      void queries.invalidateQueries({ queryKey: ["approvals"] });
      form.resetFields();
      onClose();
    },
  });
  const required = { required: true, whitespace: true, message: t("receipts.rule.required") };
  return (
    <Modal
      open={open}
      title={t("receipts.issue.title")}
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
      <Form<Fields> name="issue-receipt" form={form} layout="vertical" initialValues={{ commodity: "LI2CO3" }} onFinish={(f) => issue.mutate(f)}>
        <Form.Item name="depositorOrgId" label={t("receipts.issue.depositor")} rules={[{ required: true, message: t("receipts.rule.required") }]}>
          <OrgSelect kinds={["supplier", "core"]} />
        </Form.Item>
        <Form.Item name="commodity" label={t("receipts.commodity")} rules={[commodityRule(t)]}>
          <Input autoComplete="off" maxLength={16} />
        </Form.Item>
        <Form.Item name="grade" label={t("receipts.grade")} rules={[required]}>
          <Input autoComplete="off" maxLength={16} placeholder="battery-99.5" />
        </Form.Item>
        <Form.Item name="kg" label={t("receipts.issue.kg")} rules={[kgRule(t)]} extra={t("receipts.issue.kgHelp")}>
          <Input inputMode="decimal" autoComplete="off" suffix="kg" />
        </Form.Item>
        <Form.Item name="readingId" label={t("receipts.issue.reading")} rules={[{ required: true, pattern: /^\s*[1-9]\d*\s*$/, message: t("receipts.rule.readingId") }]}>
          <Input inputMode="numeric" autoComplete="off" />
        </Form.Item>
        <Form.Item name="inbound" label={t("receipts.issue.inbound")} rules={[required]}>
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item name="bay" label={t("receipts.issue.bay")} rules={[required]}>
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item name="document" label={t("receipts.issue.document")} rules={[commitmentRule(t)]} extra={t("receipts.issue.documentHelp")}>
          <Input autoComplete="off" maxLength={66} placeholder="0x…" />
        </Form.Item>
      </Form>
      <ProblemAlert error={issue.error ?? undefined} />
    </Modal>
  );
}
