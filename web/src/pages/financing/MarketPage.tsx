/**
 * 融资市场, the bank's side: the open requests my bank may quote on, those accepted on my quote and waiting for
 * the payout, and my financed portfolio by maturity (soonest first), each opening on the request.
 */
import { Segmented, Space, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { PendingActions } from "../../components/money/PendingActions";
import { formatDay, formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import { StatusTag } from "./StatusTag";
import type { FinancingRequest, RequestStatus } from "./types";

type Row = Omit<FinancingRequest, "quotes">;
type View = "open" | "accepted" | "executed";

const byMaturity = (a: Row, b: Row) => (a.voucher?.maturity ?? "").localeCompare(b.voucher?.maturity ?? "");

export function MarketPage() {
  const t = useT();
  const [view, setView] = useState<View>("open");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("financing.market.title")}</Typography.Title>
      <PendingActions kinds={["financing.approve"]} title="financing.payouts.pending" />
      <Segmented<View>
        aria-label={t("financing.market.view")}
        value={view}
        onChange={setView}
        options={(["open", "accepted", "executed"] as const).map((v) => ({ value: v, label: t(`financing.market.${v}`) }))}
      />
      <CursorTable<Row>
        rowKey="id"
        aria-label={t(`financing.market.${view}`)}
        queryKey={["financing", "market", view]}
        fetchPage={(cursor) => unwrap(api.GET("/financing/requests", { params: { query: { status: view, cursor, limit: 50 } } }))}
        locale={{ emptyText: t(`financing.market.${view}.empty`) }}
        columns={[
          {
            title: t("financing.maturity"),
            key: "maturity",
            sorter: byMaturity,
            defaultSortOrder: view === "executed" ? "ascend" : undefined,
            render: (_: unknown, r: Row) => (r.voucher ? formatDay(r.voucher.maturity) : "—"),
          },
          { title: t("financing.holder"), key: "holder", render: (_: unknown, r: Row) => r.holder.name },
          { title: t("financing.debtor"), key: "debtor", render: (_: unknown, r: Row) => r.voucher?.debtor.name ?? "—" },
          { title: t("financing.amount"), dataIndex: "amount", align: "right", render: (v: string) => <Money value={v} /> },
          ...(view === "executed"
            ? [
                { title: t("financing.interest"), key: "interest", align: "right" as const, render: (_: unknown, r: Row) => <Money value={r.execution?.interest} /> },
                { title: t("financing.net"), key: "net", align: "right" as const, render: (_: unknown, r: Row) => <Money value={r.execution?.net} /> },
              ]
            : [{ title: t("financing.expiresAt"), dataIndex: "expiresAt", render: formatTime }]),
          { title: t("common.status"), dataIndex: "status", render: (s: RequestStatus) => <StatusTag status={s} /> },
          {
            title: t("common.actions"),
            key: "open",
            render: (_: unknown, r: Row) => (
              <Link to={`/financing/requests/${r.id}`}>{t("financing.open", { holder: r.holder.name ?? "", amount: r.amount })}</Link>
            ),
          },
        ]}
      />
    </Space>
  );
}
