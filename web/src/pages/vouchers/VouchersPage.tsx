/**
 * 持有凭证: the vouchers my organisation holds, with their value, maturity, debtor and tier; a core enterprise
 * also sees the vouchers it owes, and its maker issues new ones (a checker approves them in 待我审批).
 */
import { Button, Segmented, Space, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { formatDay } from "../../format/date";
import { useT } from "../../i18n/language";
import { IssueVoucherModal } from "./IssueVoucherModal";
import { VoucherMarks } from "./VoucherMarks";

export type Voucher = paths["/vouchers"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type View = "holder" | "debtor";

export function VouchersPage() {
  const t = useT();
  const access = useAccess();
  const owes = access.is("core");
  const [view, setView] = useState<View>("holder");
  const [issuing, setIssuing] = useState(false);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("vouchers.title")}</Typography.Title>
      {(owes || access.can("POST /vouchers")) && (
        <Space wrap>
          {owes && (
            <Segmented<View>
              aria-label={t("vouchers.view.label")}
              value={view}
              onChange={setView}
              options={(["holder", "debtor"] as const).map((v) => ({ value: v, label: t(`vouchers.view.${v}`) }))}
            />
          )}
          {access.can("POST /vouchers") && (
            <Button type="primary" onClick={() => setIssuing(true)}>
              {t("vouchers.issue.open")}
            </Button>
          )}
        </Space>
      )}
      <CursorTable<Voucher>
        rowKey="id"
        aria-label={t("vouchers.table")}
        queryKey={["vouchers", view]}
        fetchPage={(cursor) => unwrap(api.GET("/vouchers", { params: { query: { as: view, cursor, limit: 20 } } }))}
        locale={{ emptyText: t(`vouchers.empty.${view}`) }}
        columns={[
          { title: t("vouchers.id"), dataIndex: "id", render: (id: string) => <Link to={`/vouchers/${id}`}>#{id}</Link> },
          { title: t("vouchers.value"), dataIndex: "value", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("vouchers.available"), dataIndex: "available", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("vouchers.maturity"), dataIndex: "maturity", render: formatDay },
          view === "holder"
            ? { title: t("vouchers.debtor"), key: "debtor", render: (_: unknown, v: Voucher) => v.debtor.name ?? v.debtor.account }
            : { title: t("vouchers.holder"), key: "holder", render: (_: unknown, v: Voucher) => v.holder.name ?? v.holder.account },
          { title: t("vouchers.depth"), dataIndex: "depth", render: (d: number) => t("vouchers.depth.value", { depth: d }) },
          {
            title: t("common.status"),
            key: "status",
            render: (_: unknown, v: Voucher) => <VoucherMarks financed={v.financed} redeemed={v.redeemed} />,
          },
        ]}
      />
      {access.can("POST /vouchers") && <IssueVoucherModal open={issuing} onClose={() => setIssuing(false)} />}
    </Space>
  );
}
