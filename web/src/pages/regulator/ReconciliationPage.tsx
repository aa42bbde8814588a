/**
 * Reconciliation: the database's projection compared with the ledger, field by field. The regulator reads the
 * number of differences and each difference as the server found it; the console judges nothing itself.
 */
import { useQuery } from "@tanstack/react-query";
import { Button, Descriptions, Space, Table, Tag, Typography } from "antd";
import { api, unwrap } from "../../api/client";
import { Loading } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import type { paths } from "../../api/schema";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";

type Difference = paths["/audit/reconciliation"]["get"]["responses"][200]["content"]["application/json"]["differences"][number];

export function ReconciliationPage() {
  const t = useT();
  const report = useQuery({ queryKey: ["audit", "reconciliation"], queryFn: () => unwrap(api.GET("/audit/reconciliation")) });
  const r = report.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("regulator.reconciliation.title")}</Typography.Title>
      <Button onClick={() => void report.refetch()} loading={report.isFetching}>
        {t("regulator.reconciliation.run")}
      </Button>
      {report.isError && <ProblemAlert error={report.error} />}
      {report.isPending && <Loading />}
      {r && (
        <>
          <Descriptions bordered size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t("regulator.reconciliation.result")}>
              {r.consistent ? <Tag color="green">{t("regulator.reconciliation.consistent")}</Tag> : <Tag color="red">{t("regulator.reconciliation.inconsistent")}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t("regulator.reconciliation.differences")}>
              <span data-testid="reconciliation-differences">{r.differenceCount}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("regulator.reconciliation.checkedAt")}>
              {formatTime(r.checkedAt)} · {t("regulator.blockN", { n: r.checkedAtBlock })}
            </Descriptions.Item>
          </Descriptions>
          {r.chainMoving && <Typography.Text type="warning">{t("regulator.reconciliation.chainMoving")}</Typography.Text>}
          <Typography.Title level={3}>{t("regulator.reconciliation.listTitle")}</Typography.Title>
          <Table<Difference>
            rowKey={(d) => `${d.entity}:${d.key}:${d.field}`}
            dataSource={r.differences}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("regulator.reconciliation.none") }}
            columns={[
              { title: t("regulator.reconciliation.entity"), dataIndex: "entity", render: (e: Difference["entity"]) => t(`regulator.reconciliation.entity.${e}`) },
              { title: t("regulator.reconciliation.key"), dataIndex: "key" },
              { title: t("regulator.reconciliation.field"), dataIndex: "field" },
              { title: t("regulator.reconciliation.projection"), dataIndex: "projection" },
              { title: t("regulator.reconciliation.chain"), dataIndex: "chain" },
            ]}
          />
        </>
      )}
    </Space>
  );
}
