/**
 * 发票: the invoices I issued and those addressed to me. A supplier's clerk submits an invoice to its buyer; the
 * buyer (a core enterprise, or an upper-tier supplier) confirms it, which registers it on the ledger where it may
 * back a voucher, or disputes it.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Badge, Button, Input, Modal, Segmented, Space, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { capitals } from "../../format/capitals";
import { formatYuan } from "../../format/money";
import { useT } from "../../i18n/language";
import { SubmitInvoiceModal } from "./SubmitInvoiceModal";

export type Invoice = paths["/invoices"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type View = "seller" | "buyer";

// A dot in the status's colour beside text in the body colour: coloured text on a tinted tag fails contrast.
const STATUS_BADGE = { submitted: "warning", confirming: "processing", confirmed: "success", disputed: "error" } as const;

export function InvoicesPage() {
  const t = useT();
  const access = useAccess();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const maySubmit = access.can("POST /invoices");
  const mayDecide = access.can("POST /invoices/{id}/confirm");
  const [view, setView] = useState<View>(maySubmit ? "seller" : "buyer");
  const [submitting, setSubmitting] = useState(false);
  const [confirming, setConfirming] = useState<Invoice>();
  const [disputing, setDisputing] = useState<Invoice>();
  const [reason, setReason] = useState("");
  const decided = () => void queries.invalidateQueries({ queryKey: ["invoices"] });
  const confirm = useMutation({
    mutationFn: (i: Invoice) => unwrap(api.POST("/invoices/{id}/confirm", { params: { path: { id: i.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: () => {
      void message.success(t("invoices.confirm.done"));
      setConfirming(undefined);
      decided();
    },
  });
  const dispute = useMutation({
    mutationFn: ({ i, reason }: { i: Invoice; reason: string }) =>
      unwrap(api.POST("/invoices/{id}/dispute", { params: { path: { id: i.id }, header: { "Idempotency-Key": idempotencyKey() } }, body: { reason } })),
    onSuccess: () => {
      void message.success(t("invoices.dispute.done"));
      setDisputing(undefined);
      setReason("");
      decided();
    },
  });
  const views: View[] = [...(maySubmit ? (["seller"] as const) : []), ...(mayDecide ? (["buyer"] as const) : [])];
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("invoices.title")}</Typography.Title>
      <Space wrap>
        {views.length > 1 && (
          <Segmented<View> aria-label={t("invoices.view.label")} value={view} onChange={setView} options={views.map((v) => ({ value: v, label: t(`invoices.view.${v}`) }))} />
        )}
        {maySubmit && (
          <Button type="primary" onClick={() => setSubmitting(true)}>
            {t("invoices.submit.open")}
          </Button>
        )}
      </Space>
      <CursorTable<Invoice>
        rowKey="id"
        aria-label={t("invoices.table")}
        queryKey={["invoices", view]}
        fetchPage={(cursor) => unwrap(api.GET("/invoices", { params: { query: { as: view, cursor, limit: 20 } } }))}
        locale={{ emptyText: t(`invoices.empty.${view}`) }}
        columns={[
          { title: t("invoices.number"), dataIndex: "number" },
          view === "seller"
            ? { title: t("invoices.buyer"), key: "buyer", render: (_: unknown, i: Invoice) => i.buyer.name ?? i.buyer.account }
            : { title: t("invoices.seller"), key: "seller", render: (_: unknown, i: Invoice) => i.seller.name ?? i.seller.account },
          { title: t("invoices.total"), dataIndex: "total", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("invoices.available"), key: "available", align: "right", render: (_: unknown, i: Invoice) => <Money value={i.ledger?.available} /> },
          { title: t("invoices.issueDate"), dataIndex: "issueDate" },
          {
            title: t("common.status"),
            dataIndex: "status",
            render: (s: Invoice["status"], i: Invoice) => <Badge status={STATUS_BADGE[s]} text={t(`invoices.status.${s}`)} title={i.disputeReason ?? undefined} />,
          },
          ...(view === "buyer" && mayDecide
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, i: Invoice) =>
                    i.status === "submitted" && (
                      <Space>
                        <Button type="primary" onClick={() => setConfirming(i)}>
                          {t("invoices.confirm.open")}
                        </Button>
                        <Button onClick={() => setDisputing(i)}>
                          {t("invoices.dispute.open")}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {maySubmit && <SubmitInvoiceModal open={submitting} onClose={() => setSubmitting(false)} />}
      <Modal
        open={confirming !== undefined}
        title={confirming && t("invoices.confirm.title", { number: confirming.number })}
        okText={t("common.confirm")}
        cancelText={t("common.cancel")}
        okButtonProps={{ loading: confirm.isPending }}
        onOk={() => confirming && confirm.mutate(confirming)}
        onCancel={() => {
          setConfirming(undefined);
          confirm.reset();
        }}
      >
        {confirming && (
          <Space orientation="vertical" style={{ width: "100%" }}>
            <div>
              {t("invoices.seller")}: {confirming.seller.name}
            </div>
            <div>
              {t("invoices.total")}: {formatYuan(confirming.total)}
            </div>
            <div>
              {t("common.amountInCapitals")}: {capitals(confirming.total)}
            </div>
            <Typography.Text type="secondary">{t("invoices.confirm.body")}</Typography.Text>
            <ProblemAlert error={confirm.error ?? undefined} />
          </Space>
        )}
      </Modal>
      <Modal
        open={disputing !== undefined}
        title={disputing && t("invoices.dispute.title", { number: disputing.number })}
        okText={t("invoices.dispute.open")}
        cancelText={t("common.cancel")}
        okButtonProps={{ disabled: reason.trim() === "", loading: dispute.isPending }}
        onOk={() => disputing && dispute.mutate({ i: disputing, reason: reason.trim() })}
        onCancel={() => {
          setDisputing(undefined);
          dispute.reset();
        }}
      >
        <Space orientation="vertical" style={{ width: "100%" }}>
          <label htmlFor="invoice-dispute-reason">{t("common.reason")}</label>
          <Input.TextArea id="invoice-dispute-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
          <ProblemAlert error={dispute.error ?? undefined} />
        </Space>
      </Modal>
    </Space>
  );
}
