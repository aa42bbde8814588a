/**
 * What the owner's maker may propose on an active receipt: pass it to another organisation (转让), split it into
 * lots (拆分), surrender it for delivery (提货) or cancel it (注销). Each waits for a checker of the owner; the
 * ledger refuses a pledged receipt whatever the page shows.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, Form, Input, Row, Space, Typography } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { ProblemAlert } from "../../components/ProblemAlert";
import { Quantity } from "../../components/Quantity";
import { gramsOfKg } from "../../format/quantity";
import { useT } from "../../i18n/language";
import { OrgSelect } from "../invoices/OrgSelect";
import { commitmentRule, gramsValue, kgRule } from "./rules";
import type { Receipt } from "./types";

const title = (text: string) => (
  <Typography.Title level={3} style={{ margin: 0 }}>
    {text}
  </Typography.Title>
);

function useProposed() {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  return () => {
    void message.success(t("common.submittedForApproval"));
    void queries.invalidateQueries({ queryKey: ["approvals"] });
  };
}

function TransferForm({ receipt }: { receipt: Receipt }) {
  const t = useT();
  const proposed = useProposed();
  const [form] = Form.useForm<{ toOrgId: string }>();
  const transfer = useMutation({
    mutationFn: (toOrgId: string) =>
      unwrap(api.POST("/receipts/{id}/transfer", { params: { path: { id: receipt.id }, header: { "Idempotency-Key": idempotencyKey() } }, body: { toOrgId } })),
    onSuccess: () => {
      proposed();
      form.resetFields();
    },
  });
  return (
    <Form name="receipt-transfer" form={form} layout="vertical" onFinish={(f) => transfer.mutate(f.toOrgId)}>
      <Form.Item name="toOrgId" label={t("receipts.transfer.recipient")} rules={[{ required: true, message: t("receipts.rule.required") }]}>
        <OrgSelect kinds={["supplier", "core", "bank", "guarantor", "insurer"]} />
      </Form.Item>
      <ProblemAlert error={transfer.error ?? undefined} />
      <Button type="primary" htmlType="submit" loading={transfer.isPending} style={{ marginTop: 8 }}>
        {t("receipts.transfer.submit")}
      </Button>
    </Form>
  );
}

interface Lot {
  kg: string;
  document: string;
}

function SplitForm({ receipt }: { receipt: Receipt }) {
  const t = useT();
  const proposed = useProposed();
  const [form] = Form.useForm<{ lots: Lot[] }>();
  // Undefined until the form mounts (and a lot while it is added), whatever antd's types say.
  const lots = (Form.useWatch("lots", form) as (Lot | undefined)[] | undefined) ?? [];
  const total = lots.reduce((sum, l) => sum + BigInt(gramsOfKg(l?.kg ?? "") ?? "0"), 0n);
  const split = useMutation({
    mutationFn: (f: { lots: Lot[] }) =>
      unwrap(
        api.POST("/receipts/{id}/split", {
          params: { path: { id: receipt.id }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { lots: f.lots.map((l) => ({ quantity: gramsValue(l.kg), document: l.document.trim() })) },
        }),
      ),
    onSuccess: () => {
      proposed();
      form.resetFields();
    },
  });
  return (
    <Form name="receipt-split" form={form} layout="vertical" initialValues={{ lots: [{ kg: "", document: "" }, { kg: "", document: "" }] }} onFinish={(f) => split.mutate(f)}>
      <Form.List name="lots">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} align="start" wrap style={{ display: "flex" }}>
                <Form.Item name={[field.name, "kg"]} label={t("receipts.split.kg", { n: i + 1 })} rules={[kgRule(t)]}>
                  <Input inputMode="decimal" autoComplete="off" suffix="kg" style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[field.name, "document"]} label={t("receipts.split.document", { n: i + 1 })} rules={[commitmentRule(t)]}>
                  <Input autoComplete="off" maxLength={66} placeholder="0x…" style={{ width: 280 }} />
                </Form.Item>
                {fields.length > 2 && (
                  <Button style={{ marginTop: 30 }} onClick={() => remove(field.name)}>
                    {t("receipts.split.remove", { n: i + 1 })}
                  </Button>
                )}
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({ kg: "", document: "" })} style={{ marginBottom: 8 }}>
              {t("receipts.split.add")}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Paragraph type={total.toString() === receipt.quantity ? "secondary" : "warning"}>
        {t("receipts.split.total")} <Quantity grams={total.toString()} /> / <Quantity grams={receipt.quantity} />
      </Typography.Paragraph>
      <ProblemAlert error={split.error ?? undefined} />
      <Button type="primary" htmlType="submit" loading={split.isPending} style={{ display: "block" }}>
        {t("receipts.split.submit")}
      </Button>
    </Form>
  );
}

function CloseButtons({ receipt }: { receipt: Receipt }) {
  const t = useT();
  const { modal } = App.useApp();
  const proposed = useProposed();
  const close = useMutation({
    mutationFn: (how: "deliver" | "cancel") =>
      unwrap(
        how === "deliver"
          ? api.POST("/receipts/{id}/deliver", { params: { path: { id: receipt.id }, header: { "Idempotency-Key": idempotencyKey() } } })
          : api.POST("/receipts/{id}/cancel", { params: { path: { id: receipt.id }, header: { "Idempotency-Key": idempotencyKey() } } }),
      ),
    onSuccess: proposed,
  });
  const confirm = (how: "deliver" | "cancel") => {
    modal.confirm({
      title: t(`receipts.${how}.title`),
      content: t(`receipts.${how}.confirm`, { id: receipt.id }),
      okText: t("common.confirm"),
      cancelText: t("common.cancel"),
      onOk: () => close.mutateAsync(how).catch(() => undefined),
    });
  };
  return (
    <Space orientation="vertical">
      <Typography.Text type="secondary">{t("receipts.close.help")}</Typography.Text>
      <Space wrap>
        <Button onClick={() => confirm("deliver")}>{t("receipts.deliver.title")}</Button>
        <Button danger onClick={() => confirm("cancel")}>
          {t("receipts.cancel.title")}
        </Button>
      </Space>
      <ProblemAlert error={close.error ?? undefined} />
    </Space>
  );
}

export function ReceiptActions({ receipt }: { receipt: Receipt }) {
  const t = useT();
  const a = useAccess();
  return (
    <Row gutter={[16, 16]}>
      {a.can("POST /receipts/{id}/transfer") && (
        <Col xs={24} lg={12}>
          <Card title={title(t("receipts.transfer.title"))}>
            <TransferForm receipt={receipt} />
          </Card>
        </Col>
      )}
      {a.can("POST /receipts/{id}/deliver") && (
        <Col xs={24} lg={12}>
          <Card title={title(t("receipts.close.title"))}>
            <CloseButtons receipt={receipt} />
          </Card>
        </Col>
      )}
      {a.can("POST /receipts/{id}/split") && (
        <Col xs={24}>
          <Card title={title(t("receipts.split.title"))}>
            <SplitForm receipt={receipt} />
          </Card>
        </Col>
      )}
    </Row>
  );
}
