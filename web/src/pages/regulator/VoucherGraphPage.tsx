/**
 * 穿透式 credit flow of any voucher: the regulator types a voucher's number and sees the tree of every piece cut
 * from it (holder, tier, value, financed or not, frozen holders marked), drawn on a canvas with zoom and pan, and
 * the same pieces as a table for keyboard and screen-reader users.
 */
import { useQuery } from "@tanstack/react-query";
import { Button, Descriptions, Form, Input, Space, Table, Tabs, Tag, Typography } from "antd";
import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { Loading } from "../../components/Loading";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { EChart } from "./EChart";
import { useFrozenAccounts } from "./frozen";
import { graphOption, piecesOf, type Piece } from "./graph-option";

const TREE_PAGE = 10_000;

export function VoucherGraphPage() {
  const t = useT();
  const [search, setSearch] = useSearchParams();
  const voucherId = search.get("voucher") ?? "";
  // Every page of the tree: a drawing of part of a voucher would hide where the rest went. The API's largest page
  // keeps a tree of up to 10,000 pieces to one round trip.
  const tree = useQuery({
    queryKey: ["vouchers", "tree", voucherId],
    queryFn: async () => {
      const first = await unwrap(api.GET("/vouchers/{id}/tree", { params: { path: { id: voucherId }, query: { limit: TREE_PAGE } } }));
      const nodes = [...first.nodes];
      for (let cursor = first.nextCursor; cursor; ) {
        const page = await unwrap(api.GET("/vouchers/{id}/tree", { params: { path: { id: voucherId }, query: { cursor, limit: TREE_PAGE } } }));
        nodes.push(...page.nodes);
        cursor = page.nextCursor;
      }
      return { ...first, nodes };
    },
    enabled: voucherId !== "",
  });
  const frozen = useFrozenAccounts();
  const pieces = useMemo(() => (tree.data && frozen.data ? piecesOf(tree.data.nodes, frozen.data) : undefined), [tree.data, frozen.data]);
  const option = useMemo(
    () =>
      pieces &&
      graphOption(pieces, {
        tier: (n) => t("regulator.graph.tierN", { n }),
        financed: t("regulator.graph.financedMark"),
        frozen: t("regulator.graph.frozenMark"),
      }),
    [pieces, t],
  );
  const height = useMemo(() => {
    if (!pieces) return 420;
    const parents = new Set(pieces.map((p) => p.parentId));
    const leaves = pieces.filter((p) => !parents.has(p.id)).length;
    return Math.min(900, Math.max(420, leaves * 14));
  }, [pieces]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("regulator.graph.title")}</Typography.Title>
      <Form
        layout="inline"
        initialValues={{ voucher: voucherId }}
        onFinish={(v: { voucher: string }) => setSearch({ voucher: v.voucher.trim() })}
      >
        <Form.Item name="voucher" label={t("regulator.graph.voucher")} rules={[{ required: true, pattern: /^\s*\d+\s*$/, message: t("regulator.graph.voucherInvalid") }]}>
          <Input style={{ width: 240 }} inputMode="numeric" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t("regulator.graph.open")}
          </Button>
        </Form.Item>
      </Form>
      {tree.isError && <ProblemAlert error={tree.error} />}
      {frozen.isError && <ProblemAlert error={frozen.error} />}
      {voucherId !== "" && !tree.isError && !pieces && <Loading />}
      {pieces && tree.data && option && (
        <>
          <Descriptions bordered size="small" column={{ xs: 1, sm: 2, lg: 3 }} title={t("regulator.graph.summary")}>
            <Descriptions.Item label={t("regulator.graph.debtor")}>{tree.data.root.debtor.name ?? tree.data.root.debtor.account}</Descriptions.Item>
            <Descriptions.Item label={t("regulator.graph.maturity")}>{tree.data.root.maturity}</Descriptions.Item>
            <Descriptions.Item label={t("regulator.graph.faceValue")}>
              <Money value={tree.data.totals.faceValue} />
            </Descriptions.Item>
            <Descriptions.Item label={t("regulator.graph.outstanding")}>
              <Money value={tree.data.totals.outstanding} />
            </Descriptions.Item>
            <Descriptions.Item label={t("regulator.graph.pieces")}>
              <span data-testid="graph-pieces">{pieces.length}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("regulator.graph.financedCount")}>
              <span data-testid="graph-financed">{pieces.filter((p) => p.financed).length}</span>
            </Descriptions.Item>
          </Descriptions>
          <Tabs
            items={[
              {
                key: "graph",
                label: t("regulator.graph.tabGraph"),
                children: (
                  <Space orientation="vertical" style={{ width: "100%" }}>
                    <Space wrap>
                      <Tag color="blue">{t("regulator.graph.legendPlain")}</Tag>
                      <Tag color="orange">{t("regulator.graph.financedMark")}</Tag>
                      <Tag color="red">{t("regulator.graph.frozenMark")}</Tag>
                      <Typography.Text type="secondary">{t("regulator.graph.hint")}</Typography.Text>
                    </Space>
                    <EChart option={option} height={height} label={t("regulator.graph.canvasLabel", { n: pieces.length })} />
                  </Space>
                ),
              },
              { key: "table", label: t("regulator.graph.tabTable"), children: <PiecesTable pieces={pieces} /> },
            ]}
          />
        </>
      )}
    </Space>
  );
}

function PiecesTable({ pieces }: { pieces: Piece[] }) {
  const t = useT();
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("regulator.graph.tableTitle")}</Typography.Title>
      <Table<Piece>
        rowKey="id"
        dataSource={pieces}
        scroll={{ x: "max-content" }}
        pagination={{ pageSize: 100, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t("common.empty") }}
        columns={[
          { title: t("regulator.graph.piece"), dataIndex: "id" },
          { title: t("regulator.graph.parent"), dataIndex: "parentId", render: (v: string | null) => v ?? "—" },
          { title: t("regulator.graph.tier"), dataIndex: "tier" },
          {
            title: t("regulator.graph.holder"),
            dataIndex: "holder",
            render: (h: string, p) => (
              <Space>
                {h}
                {p.frozen && <Tag color="red">{t("regulator.graph.frozenMark")}</Tag>}
              </Space>
            ),
          },
          { title: t("regulator.graph.value"), dataIndex: "value", render: (v: string) => <Money value={v} /> },
          {
            title: t("regulator.graph.financed"),
            dataIndex: "financed",
            render: (f: boolean) => (f ? <Tag color="orange">{t("regulator.graph.financedMark")}</Tag> : t("common.no")),
          },
        ]}
      />
    </Space>
  );
}
