/**
 * The oversight reports as tables: outstanding value by maturity and by debtor (GET /reports/outstanding) and the
 * value that reached and was financed at each tier (GET /reports/tier-reach). The regulator's dashboard draws the
 * same figures; these tables are what a screen reader and a printout read.
 */
import { Space, Table, Tag, Typography } from "antd";
import type { paths } from "../../api/schema";
import { Money } from "../../components/Money";
import { useT } from "../../i18n/language";

export type Outstanding = paths["/reports/outstanding"]["get"]["responses"][200]["content"]["application/json"];
export type CoreReach = paths["/reports/tier-reach"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Maturity = Outstanding["byMaturity"][number];
type Debtor = Outstanding["byDebtor"][number];
type Tier = CoreReach["tiers"][number];

const nameOf = (o: { name: string | null; account: string }) => o.name ?? o.account;

export function MaturityTable({ report }: { report: Outstanding }) {
  const t = useT();
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("reports.byMaturity")}</Typography.Title>
      <Table<Maturity>
        rowKey={(m) => `${m.debtor.account}:${m.maturity}`}
        dataSource={report.byMaturity}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("reports.empty") }}
        columns={[
          { title: t("reports.maturity"), dataIndex: "maturity" },
          { title: t("reports.debtor"), dataIndex: "debtor", render: nameOf },
          { title: t("reports.outstanding"), dataIndex: "outstanding", render: (v: string) => <Money value={v} /> },
          { title: t("reports.heldByBanks"), dataIndex: "heldByBanks", render: (v: string) => <Money value={v} /> },
          { title: t("reports.escrowed"), dataIndex: "escrowed", render: (v: string) => <Money value={v} /> },
          { title: t("reports.overdue"), dataIndex: "overdue", render: (o: boolean) => (o ? <Tag color="red">{t("reports.overdueTag")}</Tag> : t("common.no")) },
        ]}
      />
    </Space>
  );
}

export function DebtorTable({ report }: { report: Outstanding }) {
  const t = useT();
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("reports.byDebtor")}</Typography.Title>
      <Table<Debtor>
        rowKey={(d) => d.debtor.account}
        dataSource={report.byDebtor}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("reports.empty") }}
        columns={[
          { title: t("reports.debtor"), dataIndex: "debtor", render: nameOf },
          { title: t("reports.outstanding"), dataIndex: "outstanding", render: (v: string) => <Money value={v} /> },
          { title: t("reports.heldBySuppliers"), dataIndex: "heldBySuppliers", render: (v: string) => <Money value={v} /> },
          { title: t("reports.heldByBanks"), dataIndex: "heldByBanks", render: (v: string) => <Money value={v} /> },
          { title: t("reports.escrowed"), dataIndex: "escrowed", render: (v: string) => <Money value={v} /> },
          { title: t("reports.overdueValue"), dataIndex: "overdue", render: (v: string) => <Money value={v} /> },
        ]}
      />
    </Space>
  );
}

export function TierTable({ reach }: { reach: CoreReach }) {
  const t = useT();
  return (
    <Table<Tier>
      rowKey="tier"
      size="small"
      dataSource={reach.tiers}
      pagination={false}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: t("reports.empty") }}
      columns={[
        { title: t("reports.tier"), dataIndex: "tier", render: (n: number) => t("reports.tierN", { n }) },
        { title: t("reports.reached"), dataIndex: "reached", render: (v: string) => <Money value={v} /> },
        { title: t("reports.financed"), dataIndex: "financed", render: (v: string) => <Money value={v} /> },
        { title: t("reports.financedNet"), dataIndex: "financedNet", render: (v: string) => <Money value={v} /> },
        { title: t("reports.pieces"), dataIndex: "pieces" },
        { title: t("reports.suppliers"), dataIndex: "suppliers" },
        { title: t("reports.financings"), dataIndex: "financings" },
      ]}
    />
  );
}
