/**
 * One voucher: its value, maturity, debtor and tier, the path it took from the core enterprise to its holder,
 * the whole tree for those who may see it (its debtor, the operator, the regulator), and, for its holder, passing
 * it on, splitting it and disclosing the invoices behind it to a bank.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Col, Descriptions, Row, Space, Table, Typography } from "antd";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { Loading } from "../../components/Loading";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatDay } from "../../format/date";
import { useT } from "../../i18n/language";
import { DiscloseForm } from "./DiscloseForm";
import { SplitForm } from "./SplitForm";
import { TransferForm } from "./TransferForm";
import { VoucherMarks } from "./VoucherMarks";
import { VoucherTree } from "./VoucherTree";

type Detail = paths["/vouchers/{id}"]["get"]["responses"][200]["content"]["application/json"];
type Ancestor = Detail["lineage"][number];

export function VoucherDetailPage() {
  const t = useT();
  const access = useAccess();
  const id = useParams().id ?? "";
  const voucher = useQuery({
    queryKey: ["vouchers", id, "detail"],
    queryFn: () => unwrap(api.GET("/vouchers/{id}", { params: { path: { id } } })),
  });
  if (voucher.isPending) return <Loading />;
  if (voucher.isError) return <ProblemAlert error={voucher.error} />;
  const v = voucher.data;
  const mine = v.holder.id === access.me.organisation.id;
  const seesTree = access.is("regulator") || access.is("operator") || v.debtor.id === access.me.organisation.id;
  const path: Ancestor[] = [...v.lineage, { id: v.id, parentId: v.parentId, depth: v.depth, holder: v.holder, value: v.value }];
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("vouchers.detail.title", { id: v.id })}</Typography.Title>
      <Link to="/vouchers">{t("vouchers.detail.back")}</Link>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
        items={[
          { key: "value", label: t("vouchers.value"), children: <span data-testid="voucher-value"><Money value={v.value} /></span> },
          { key: "available", label: t("vouchers.available"), children: <span data-testid="voucher-available"><Money value={v.available} /></span> },
          { key: "locked", label: t("vouchers.locked"), children: <Money value={v.locked} /> },
          { key: "maturity", label: t("vouchers.maturity"), children: formatDay(v.maturity) },
          { key: "debtor", label: t("vouchers.debtor"), children: v.debtor.name ?? v.debtor.account },
          { key: "holder", label: t("vouchers.holder"), children: v.holder.name ?? v.holder.account },
          { key: "depth", label: t("vouchers.depth"), children: t("vouchers.depth.value", { depth: v.depth }) },
          {
            key: "status",
            label: t("common.status"),
            children: v.financed || v.redeemed ? <VoucherMarks financed={v.financed} redeemed={v.redeemed} /> : "—",
          },
        ]}
      />
      <Typography.Title level={3}>{t("vouchers.lineage.title")}</Typography.Title>
      {v.lineage.length === 0 && <Typography.Text>{t("vouchers.lineage.empty")}</Typography.Text>}
      <Table<Ancestor>
        rowKey="id"
        aria-label={t("vouchers.lineage.title")}
        dataSource={path}
        pagination={false}
        size="small"
        scroll={{ x: "max-content" }}
        columns={[
          { title: t("vouchers.depth"), dataIndex: "depth", render: (d: number) => t("vouchers.depth.value", { depth: d }) },
          {
            title: t("vouchers.id"),
            dataIndex: "id",
            render: (a: string) => (a === v.id ? <Typography.Text strong>{t("vouchers.lineage.this")}</Typography.Text> : <Link to={`/vouchers/${a}`}>#{a}</Link>),
          },
          { title: t("vouchers.holder"), key: "holder", render: (_: unknown, a: Ancestor) => a.holder.name ?? a.holder.account },
          { title: t("vouchers.value"), dataIndex: "value", align: "right", render: (x: string) => <Money value={x} /> },
        ]}
      />
      {seesTree && (
        <>
          <Typography.Title level={3}>{t("vouchers.tree.title")}</Typography.Title>
          <VoucherTree voucherId={v.id} />
        </>
      )}
      {!mine && (access.can("POST /vouchers/{id}/transfers") || access.can("POST /vouchers/{id}/splits")) && (
        <Alert type="info" title={t("vouchers.notHolder")} />
      )}
      {mine && (
        <Row gutter={[16, 16]}>
          {access.can("POST /vouchers/{id}/transfers") && (
            <Col xs={24} lg={12}>
              <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("vouchers.transfer.title")}</Typography.Title>}>
                <TransferForm voucherId={v.id} />
              </Card>
            </Col>
          )}
          {access.can("POST /vouchers/{id}/splits") && (
            <Col xs={24} lg={12}>
              <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("vouchers.split.title")}</Typography.Title>}>
                <SplitForm voucherId={v.id} />
              </Card>
            </Col>
          )}
          {access.can("POST /vouchers/{id}/disclosures") && (
            <Col xs={24}>
              <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("privacy.disclose.title")}</Typography.Title>}>
                <DiscloseForm voucherId={v.id} />
              </Card>
            </Col>
          )}
        </Row>
      )}
    </Space>
  );
}
