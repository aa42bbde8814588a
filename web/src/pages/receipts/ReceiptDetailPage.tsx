/**
 * One warehouse receipt: its goods, owner, warehouse and pledgee, the loan that holds it, and what the ledger
 * records of its inbound (commitments, never the document itself). Its owner's maker proposes moving it while it
 * is active; a pledged receipt shows why it cannot move.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Space, Typography } from "antd";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { Loading } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { Quantity } from "../../components/Quantity";
import { useT } from "../../i18n/language";
import { ReceiptActions } from "./ReceiptActions";
import { ReceiptMarks } from "./ReceiptMarks";
import type { Receipt } from "./types";

const name = (p: { name: string | null; account: string } | null) => (p === null ? "—" : (p.name ?? p.account));
const hash = (h: string) => (
  <Typography.Text code copyable style={{ wordBreak: "break-all" }}>
    {h}
  </Typography.Text>
);

export function ReceiptDetailPage() {
  const t = useT();
  const access = useAccess();
  const id = useParams().id ?? "";
  const receipt = useQuery({
    queryKey: ["receipts", id, "detail"],
    queryFn: async (): Promise<Receipt> => unwrap(api.GET("/receipts/{id}", { params: { path: { id } } })),
  });
  if (receipt.isPending) return <Loading />;
  if (receipt.isError) return <ProblemAlert error={receipt.error} />;
  const r = receipt.data;
  const mine = r.owner.id === access.me.organisation.id;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("receipts.detail.title", { id: r.id })}</Typography.Title>
      <Link to="/receipts">{t("receipts.detail.back")}</Link>
      {r.atRisk && <Alert type="error" showIcon title={t("receipts.atRisk.help")} />}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
        items={[
          { key: "commodity", label: t("receipts.commodity"), children: r.commodity },
          { key: "grade", label: t("receipts.grade"), children: r.grade },
          { key: "quantity", label: t("receipts.quantity"), children: <span data-testid="receipt-quantity"><Quantity grams={r.quantity} /></span> },
          { key: "owner", label: t("receipts.owner"), children: name(r.owner) },
          { key: "warehouse", label: t("receipts.warehouse"), children: name(r.warehouse) },
          { key: "pledgee", label: t("receipts.pledgee"), children: name(r.pledgee) },
          { key: "status", label: t("common.status"), children: <ReceiptMarks receipt={r} /> },
          { key: "loan", label: t("receipts.loan"), children: r.loanId === null ? "—" : <Link to={`/pledges/${r.loanId}`}>#{r.loanId}</Link> },
          { key: "parent", label: t("receipts.parent"), children: r.parentId === null ? "—" : <Link to={`/receipts/${r.parentId}`}>#{r.parentId}</Link> },
        ]}
      />
      <Typography.Title level={3}>{t("receipts.commitments.title")}</Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: "reading", label: t("receipts.commitments.reading"), children: hash(r.commitments.reading) },
          { key: "inbound", label: t("receipts.commitments.inbound"), children: hash(r.commitments.inbound) },
          { key: "location", label: t("receipts.commitments.location"), children: hash(r.commitments.location) },
          { key: "document", label: t("receipts.commitments.document"), children: hash(r.commitments.document) },
        ]}
      />
      {mine && r.status === "pledged" && <Alert type="info" title={t("receipts.pledgedLocked")} />}
      {mine && r.status === "active" && access.can("POST /pledges") && (
        <Link to={`/pledges?pledge=${r.id}`}>
          <Button type="primary">{t("receipts.pledge")}</Button>
        </Link>
      )}
      {mine && r.status === "active" && <ReceiptActions receipt={r} />}
    </Space>
  );
}
