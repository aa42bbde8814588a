/**
 * Uploading a document: the file (read in the browser into base64), its kind and name, and optionally one of my
 * invoices it belongs to. The API encrypts it under my organisation's key and puts its commitment on the ledger.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Radio, Select, Upload, type UploadFile } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { base64Of, MAX_DOCUMENT_MB, mediaTypeOf } from "./document-content";
import type { DocumentRecord } from "./types";

interface Fields {
  files: UploadFile[];
  kind: DocumentRecord["kind"];
  name: string;
  invoiceId?: string;
}

const KINDS: DocumentRecord["kind"][] = ["invoice-image", "contract", "other"];

/** My invoices as seller and as buyer, named by number and the other party. */
function useMyInvoices() {
  const t = useT();
  const invoices = useQuery({
    queryKey: ["invoices", "mine", "both"],
    queryFn: async () => {
      const mine = (as: "seller" | "buyer") => unwrap(api.GET("/invoices", { params: { query: { as, limit: 100 } } }));
      const [sold, bought] = await Promise.all([mine("seller"), mine("buyer")]);
      return [
        ...sold.items.map((i) => ({ value: i.id, label: t("privacy.documents.invoiceOption", { number: i.number, counterparty: i.buyer.name ?? i.buyer.account }) })),
        ...bought.items.map((i) => ({ value: i.id, label: t("privacy.documents.invoiceOption", { number: i.number, counterparty: i.seller.name ?? i.seller.account }) })),
      ];
    },
  });
  return { options: invoices.data ?? [], loading: invoices.isPending };
}

export function UploadDocumentModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const invoices = useMyInvoices();
  const upload = useMutation({
    mutationFn: async (f: Fields) => {
      const file = f.files[0]?.originFileObj;
      if (!file) throw new Error("no file chosen");
      return unwrap(
        api.POST("/documents", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: { kind: f.kind, name: f.name.trim(), mediaType: mediaTypeOf(file), content: await base64Of(file), ...(f.invoiceId && { invoiceId: f.invoiceId }) },
        }),
      );
    },
    onSuccess: () => {
      void message.success(t("privacy.documents.uploaded"));
      form.resetFields();
      onClose();
      void queries.invalidateQueries({ queryKey: ["documents"] });
    },
  });
  const fileRule = {
    validator: (_rule: unknown, files: UploadFile[] | undefined) => {
      const file = files?.[0];
      if (!file) return Promise.reject(new Error(t("privacy.documents.fileRequired")));
      if ((file.size ?? 0) > MAX_DOCUMENT_MB * 1024 * 1024) return Promise.reject(new Error(t("privacy.documents.tooLarge", { max: MAX_DOCUMENT_MB })));
      return Promise.resolve();
    },
  };
  return (
    <Modal
      open={open}
      title={t("privacy.documents.uploadTitle")}
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: upload.isPending }}
      onOk={() => form.submit()}
      onCancel={() => {
        upload.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form<Fields> form={form} name="upload-document" layout="vertical" initialValues={{ files: [], kind: "invoice-image" }} onFinish={(f) => upload.mutate(f)}>
        <Form.Item
          name="files"
          label={t("privacy.documents.file")}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          rules={[fileRule]}
        >
          <Upload
            maxCount={1}
            // Read in the browser and sent with the form, not posted on its own.
            beforeUpload={(file) => {
              if (!form.getFieldValue("name")) form.setFieldValue("name", file.name);
              return false;
            }}
          >
            <Button>{t("privacy.documents.choose")}</Button>
          </Upload>
        </Form.Item>
        {/* Always one of the three (it starts on the first): no rule, which would put aria-required on the group's div. */}
        <Form.Item name="kind" label={t("privacy.documents.kind")}>
          <Radio.Group options={KINDS.map((k) => ({ value: k, label: t(`privacy.documents.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t("privacy.documents.name")} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="invoiceId" label={t("privacy.documents.invoice")}>
          <Select allowClear showSearch={{ optionFilterProp: "label" }} loading={invoices.loading} options={invoices.options} />
        </Form.Item>
        <ProblemAlert error={upload.error ?? undefined} />
      </Form>
    </Modal>
  );
}
