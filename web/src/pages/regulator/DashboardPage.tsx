/**
 * The regulator's dashboard: outstanding and overdue value, how far each core enterprise's credit reached down its
 * supply chain and how much was financed at each tier, and what falls due when. Charts are drawn from the server's
 * reports; the tables under them carry the same figures for reading.
 */
import { useQuery } from "@tanstack/react-query";
import { Card, Col, Row, Select, Space, Statistic, Typography } from "antd";
import { useMemo, useState } from "react";
import { api, unwrap } from "../../api/client";
import { Loading } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatYuan } from "../../format/money";
import { useT } from "../../i18n/language";
import { DebtorTable, MaturityTable, TierTable } from "../reports/tables";
import { maturityOption, overdueTotal, tierOption } from "./dashboard-charts";
import { EChart } from "./EChart";

export function DashboardPage() {
  const t = useT();
  const outstanding = useQuery({ queryKey: ["reports", "outstanding"], queryFn: () => unwrap(api.GET("/reports/outstanding")) });
  // The chart picks one core enterprise at a time; a hundred cores is more than the platform onboards.
  const reach = useQuery({ queryKey: ["reports", "tier-reach", "first"], queryFn: () => unwrap(api.GET("/reports/tier-reach", { params: { query: { limit: 100 } } })) });
  const [coreAccount, setCoreAccount] = useState<string>();
  // Until the regulator picks one, the first core whose credit reached anyone: an empty chart tells nothing.
  const core =
    reach.data?.items.find((c) => c.core.account === coreAccount) ?? reach.data?.items.find((c) => c.tiers.length > 0) ?? reach.data?.items[0];
  const tierChart = useMemo(
    () => core && tierOption(core, { tier: (n) => t("reports.tierN", { n }), reached: t("reports.reached"), financed: t("reports.financed") }),
    [core, t],
  );
  const maturityChart = useMemo(
    () => outstanding.data && maturityOption(outstanding.data, { current: t("regulator.dashboard.current"), overdue: t("reports.overdueTag") }),
    [outstanding.data, t],
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("regulator.dashboard.title")}</Typography.Title>
      {outstanding.isError && <ProblemAlert error={outstanding.error} />}
      {reach.isError && <ProblemAlert error={reach.error} />}
      {(outstanding.isPending || reach.isPending) && <Loading />}
      {outstanding.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Card>
              <Statistic title={t("reports.total")} value={formatYuan(outstanding.data.total)} />
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card>
              <Statistic title={t("regulator.dashboard.overdue")} value={formatYuan(overdueTotal(outstanding.data))} />
            </Card>
          </Col>
        </Row>
      )}
      {reach.data && (
        <Card title={t("regulator.dashboard.tierChart")}>
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Select
              aria-label={t("reports.core")}
              style={{ minWidth: 280, maxWidth: "100%" }}
              value={core?.core.account}
              onChange={setCoreAccount}
              options={reach.data.items.map((c) => ({ value: c.core.account, label: c.core.name ?? c.core.account }))}
              notFoundContent={t("reports.empty")}
            />
            {core && tierChart ? (
              <>
                <EChart option={tierChart} height={300} label={t("regulator.dashboard.tierChart")} />
                <TierTable reach={core} />
              </>
            ) : (
              <Typography.Text type="secondary">{t("reports.empty")}</Typography.Text>
            )}
          </Space>
        </Card>
      )}
      {outstanding.data && maturityChart && (
        <Card title={t("regulator.dashboard.maturityChart")}>
          <EChart option={maturityChart} height={300} label={t("regulator.dashboard.maturityChart")} />
          <MaturityTable report={outstanding.data} />
          <DebtorTable report={outstanding.data} />
        </Card>
      )}
    </Space>
  );
}
