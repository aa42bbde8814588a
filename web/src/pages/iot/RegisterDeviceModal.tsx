/**
 * 登记设备 (the warehouse's maker): a device's kind, its Ed25519 public key (the device shows it at installation)
 * and its bay. A checker approves; the device then puts the id the approval returns in every reading it signs.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal, Select } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { DEVICE_KINDS, type DeviceKind } from "./types";

interface Fields {
  kind: DeviceKind;
  publicKey: string;
  bay: string;
  label?: string;
}

export function RegisterDeviceModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const register = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(
        api.POST("/iot/devices", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: { kind: f.kind, publicKey: f.publicKey.trim(), bay: f.bay.trim(), label: f.label?.trim() || undefined },
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
      title={t("iot.register.title")}
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: register.isPending }}
      onOk={() => form.submit()}
      onCancel={() => {
        register.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form<Fields> name="register-device" form={form} layout="vertical" onFinish={(f) => register.mutate(f)}>
        <Form.Item name="kind" label={t("iot.kind")} rules={[{ required: true, message: t("receipts.rule.required") }]}>
          <Select options={DEVICE_KINDS.map((k) => ({ value: k, label: t(`iot.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="publicKey" label={t("iot.publicKey")} rules={[required]} extra={t("iot.register.keyHelp")}>
          <Input autoComplete="off" maxLength={100} />
        </Form.Item>
        <Form.Item name="bay" label={t("iot.bay")} rules={[required]}>
          <Input autoComplete="off" maxLength={64} placeholder="A-01" />
        </Form.Item>
        <Form.Item name="label" label={t("iot.label")}>
          <Input autoComplete="off" maxLength={100} />
        </Form.Item>
      </Form>
      <ProblemAlert error={register.error ?? undefined} />
    </Modal>
  );
}
