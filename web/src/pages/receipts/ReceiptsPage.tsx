/**
 * 仓单: the electronic warehouse receipts my organisation owns, keeps as warehouse, or holds in pledge as bank
 * (every one for the operator and the regulator). The warehouse's maker issues a new one against a weighed inbound;
 * a checker approves it in 待我审批.
 */
import { Button, Segmented, Space, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { Quantity } from "../../components/Quantity";
import { useT } from "../../i18n/language";
import { IssueReceiptModal } from "./IssueReceiptModal";
import { ReceiptMarks } from "./ReceiptMarks";
import { RECEIPT_STATUSES, type Receipt, type ReceiptStatus } from "./types";

type Filter = ReceiptStatus | "all";
const name = (p: { name: string | null; account: string } | null) => (p === null ? "—" : (p.name ?? p.account));

export function ReceiptsPage() {
  const t = useT();
  const access = useAccess();
  const [filter, setFilter] = useState<Filter>("all");
  const [issuing, setIssuing] = useState(false);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("receipts.title")}</Typography.Title>
      <Space wrap>
        <Segmented<Filter>
          aria-label={t("common.status")}
          value={filter}
          onChange={setFilter}
          options={[{ value: "all", label: t("receipts.filter.all") }, ...RECEIPT_STATUSES.map((s) => ({ value: s, label: t(`receipts.status.${s}`) }))]}
        />
        {access.can("POST /receipts") && (
          <Button type="primary" onClick={() => setIssuing(true)}>
            {t("receipts.issue.open")}
          </Button>
        )}
      </Space>
      <CursorTable<Receipt>
        rowKey="id"
        aria-label={t("receipts.table")}
        queryKey={["receipts", filter]}
        fetchPage={(cursor) => unwrap(api.GET("/receipts", { params: { query: { status: filter === "all" ? undefined : filter, cursor, limit: 20 } } }))}
        locale={{ emptyText: t("receipts.empty") }}
        columns={[
          { title: t("receipts.id"), dataIndex: "id", render: (id: string) => <Link to={`/receipts/${id}`}>#{id}</Link> },
          { title: t("receipts.commodity"), key: "commodity", render: (_: unknown, r: Receipt) => `${r.commodity} · ${r.grade}` },
          { title: t("receipts.quantity"), dataIndex: "quantity", align: "right", render: (g: string) => <Quantity grams={g} /> },
          { title: t("receipts.owner"), key: "owner", render: (_: unknown, r: Receipt) => name(r.owner) },
          { title: t("receipts.warehouse"), key: "warehouse", render: (_: unknown, r: Receipt) => name(r.warehouse) },
          { title: t("receipts.pledgee"), key: "pledgee", render: (_: unknown, r: Receipt) => name(r.pledgee) },
          { title: t("common.status"), key: "status", render: (_: unknown, r: Receipt) => <ReceiptMarks receipt={r} /> },
        ]}
      />
      {access.can("POST /receipts") && <IssueReceiptModal open={issuing} onClose={() => setIssuing(false)} />}
    </Space>
  );
}
