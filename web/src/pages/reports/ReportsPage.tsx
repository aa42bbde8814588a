/**
 * A core enterprise's reports: how much of its credit is outstanding, by maturity and by who holds it, and how far
 * down its supply chain the value reached and was financed, tier by tier. The operator and the regulator see every
 * core's; the server decides which rows a user may see.
 */
import { useQuery } from "@tanstack/react-query";
import { Descriptions, Space, Typography } from "antd";
import { api, unwrap } from "../../api/client";
import { CursorTable } from "../../components/CursorTable";
import { Loading } from "../../components/Loading";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { DebtorTable, MaturityTable, TierTable, type CoreReach } from "./tables";

export function ReportsPage() {
  const t = useT();
  const outstanding = useQuery({ queryKey: ["reports", "outstanding"], queryFn: () => unwrap(api.GET("/reports/outstanding")) });
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("reports.title")}</Typography.Title>
      {outstanding.isError && <ProblemAlert error={outstanding.error} />}
      {outstanding.isPending && <Loading />}
      {outstanding.data && (
        <>
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t("reports.total")}>
              <Money value={outstanding.data.total} />
            </Descriptions.Item>
          </Descriptions>
          <MaturityTable report={outstanding.data} />
          <DebtorTable report={outstanding.data} />
        </>
      )}
      <Typography.Title level={3}>{t("reports.tierReach")}</Typography.Title>
      <CursorTable<CoreReach>
        rowKey={(r) => r.core.account}
        queryKey={["reports", "tier-reach"]}
        fetchPage={(cursor) => unwrap(api.GET("/reports/tier-reach", { params: { query: { cursor, limit: 20 } } }))}
        locale={{ emptyText: t("reports.empty") }}
        columns={[
          { title: t("reports.core"), dataIndex: "core", render: (c: CoreReach["core"]) => c.name ?? c.account },
          { title: t("reports.suppliersReached"), dataIndex: "suppliersReached" },
          { title: t("reports.tiers"), key: "tiers", render: (_: unknown, r: CoreReach) => <TierTable reach={r} /> },
        ]}
      />
    </Space>
  );
}
