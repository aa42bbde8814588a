/**
 * The whole tree of a voucher's root, as its debtor, the operator and the regulator may see it: each piece with
 * its holder, value and financed mark, under the piece it came from. (The regulator's credit-flow graph is drawn
 * elsewhere; this is the list a treasurer reads.)
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Space, Tree, Typography } from "antd";
import type { ReactNode } from "react";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { Loading } from "../../components/Loading";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatYuan } from "../../format/money";
import { useT } from "../../i18n/language";
import { VoucherMarks } from "./VoucherMarks";

type Node = paths["/vouchers/{id}/tree"]["get"]["responses"][200]["content"]["application/json"]["nodes"][number];
interface TreeItem {
  key: string;
  title: ReactNode;
  children: TreeItem[];
}

const LIMIT = 500;

export function VoucherTree({ voucherId }: { voucherId: string }) {
  const t = useT();
  const tree = useQuery({
    queryKey: ["vouchers", voucherId, "tree"],
    queryFn: () => unwrap(api.GET("/vouchers/{id}/tree", { params: { path: { id: voucherId }, query: { limit: LIMIT } } })),
  });
  if (tree.isPending) return <Loading />;
  if (tree.isError) return <ProblemAlert error={tree.error} />;
  const { totals, nodes, nextCursor } = tree.data;
  const label = (n: Node) => (
    <Space size={6} wrap>
      <span>#{n.id}</span>
      <span>{n.holder.name ?? n.holder.account}</span>
      <Money value={n.value} />
      <span>{t("vouchers.depth.value", { depth: n.depth })}</span>
      {n.financed && <VoucherMarks financed redeemed={false} />}
      {n.id === voucherId && <Typography.Text strong>{t("vouchers.lineage.this")}</Typography.Text>}
    </Space>
  );
  // Nodes come parent before child, so each child finds its parent already placed.
  const byId = new Map<string, TreeItem>();
  const roots: TreeItem[] = [];
  for (const n of nodes) {
    const item: TreeItem = { key: n.id, title: label(n), children: [] };
    byId.set(n.id, item);
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    (parent ? parent.children : roots).push(item);
  }
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Text>
        {t("vouchers.tree.totals", { pieces: totals.pieces, holders: totals.holders, outstanding: formatYuan(totals.outstanding), redeemed: formatYuan(totals.redeemed) })}
      </Typography.Text>
      {nextCursor && <Alert type="info" title={t("vouchers.tree.more", { count: nodes.length })} />}
      <Tree aria-label={t("vouchers.tree.label")} treeData={roots} defaultExpandAll selectable={false} />
    </Space>
  );
}
