/**
 * The credit-flow graph (穿透式) of one voucher as an ECharts tree: the root the core enterprise issued, every piece
 * split or passed from it, each with its holder, tier and value, the financed ones and the frozen holders marked.
 * Pure (no DOM, no ECharts runtime), so that a 1,000-piece tree is tested and benchmarked without a browser.
 */
import type { TreeSeriesOption } from "echarts/charts";
import type { TooltipComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import type { paths } from "../../api/schema";
import { formatYuan } from "../../format/money";

export type Tree = paths["/vouchers/{id}/tree"]["get"]["responses"][200]["content"]["application/json"];
export type TreeNode = Tree["nodes"][number];
export type GraphOption = ComposeOption<TreeSeriesOption | TooltipComponentOption>;

/** One piece as the graph and its table fallback show it. */
export interface Piece {
  id: string;
  parentId: string | null;
  tier: number;
  holder: string;
  account: string;
  value: string;
  financed: boolean;
  frozen: boolean;
}

export interface GraphLabels {
  tier(n: number): string;
  financed: string;
  frozen: string;
}

/** The pieces of a voucher's tree (every page of GET /vouchers/{id}/tree), in its order, frozen holders marked. */
export function piecesOf(nodes: readonly TreeNode[], frozenAccounts: ReadonlySet<string>): Piece[] {
  return nodes.map((l) => ({
    id: l.id,
    parentId: l.parentId,
    tier: l.depth,
    holder: l.holder.name ?? l.holder.account,
    account: l.holder.account,
    value: l.value,
    financed: l.financed,
    frozen: frozenAccounts.has(l.holder.account.toLowerCase()),
  }));
}

/** Past this many pieces labels would overlap and animation would lag: names show in the tooltip only. */
const QUIET_ABOVE = 150;

interface Node {
  name: string;
  id: string;
  value: string;
  children: Node[];
  /** Only on marked pieces: a plain one takes the series' style, so ECharts reads fewer options per node. */
  itemStyle?: { color: string; borderColor: string; borderWidth: number };
  symbol?: string;
}

const PLAIN_STYLE = { color: "#1677ff", borderColor: "#ffffff", borderWidth: 1 } as const;

export const COLOURS = { plain: PLAIN_STYLE.color, financed: "#fa8c16", frozen: "#f5222d" } as const;

/** The ECharts option drawing `pieces` as a left-to-right tree with zoom and pan (roam). */
export function graphOption(pieces: readonly Piece[], labels: GraphLabels): GraphOption {
  const byId = new Map<string, { piece: Piece; node: Node }>();
  for (const p of pieces) {
    const marks = [p.financed ? labels.financed : "", p.frozen ? labels.frozen : ""].filter(Boolean).join(" ");
    byId.set(p.id, {
      piece: p,
      node: {
        id: p.id,
        name: `${p.holder} ${formatYuan(p.value)}${marks ? ` ${marks}` : ""}`,
        value: p.value,
        children: [],
        ...(p.financed || p.frozen
          ? {
              itemStyle: {
                color: p.financed ? COLOURS.financed : COLOURS.plain,
                borderColor: p.frozen ? COLOURS.frozen : PLAIN_STYLE.borderColor,
                borderWidth: p.frozen ? 3 : PLAIN_STYLE.borderWidth,
              },
            }
          : {}),
        ...(p.frozen ? { symbol: "diamond" } : {}),
      },
    });
  }
  // Linked without recursion: a chain of 1,000 passes is 1,000 deep.
  const roots: Node[] = [];
  for (const { piece, node } of byId.values()) {
    const parent = piece.parentId === null ? undefined : byId.get(piece.parentId);
    if (parent) parent.node.children.push(node);
    else roots.push(node);
  }
  const quiet = pieces.length > QUIET_ABOVE;
  const tip = (id: string): string => {
    const found = byId.get(id);
    if (!found) return "";
    const p = found.piece;
    return [p.holder, labels.tier(p.tier), formatYuan(p.value), p.financed ? labels.financed : "", p.frozen ? labels.frozen : ""]
      .filter(Boolean)
      .join(" · ");
  };
  return {
    animation: !quiet,
    tooltip: {
      trigger: "item",
      formatter: (params) => {
        const data = (Array.isArray(params) ? params[0] : params)?.data as { id?: string } | undefined;
        return data?.id ? tip(data.id) : "";
      },
    },
    series: [
      {
        type: "tree",
        // ECharts draws one tree: a voucher has one root, but a piece whose parent is missing must still be shown.
        data: roots.length === 1 ? roots : [{ id: "", name: "", value: "", children: roots, itemStyle: { color: "#bfbfbf", borderColor: "#ffffff", borderWidth: 1 }, symbol: "emptyCircle" }],
        layout: "orthogonal",
        orient: "LR",
        roam: true,
        initialTreeDepth: -1,
        expandAndCollapse: !quiet,
        symbol: "circle",
        symbolSize: quiet ? 6 : 12,
        itemStyle: PLAIN_STYLE,
        top: 24,
        bottom: 24,
        left: 24,
        right: quiet ? 24 : 360,
        label: { show: !quiet, position: "right", fontSize: 12 },
        // Hovering shows a piece's path to the root; a big tree names the piece in the tooltip only, because a
        // hover label per node (and curved edges) cost ECharts about half of its drawing time at 1,000 pieces.
        emphasis: quiet ? { focus: "ancestor" } : { focus: "ancestor", label: { show: true } },
        edgeShape: quiet ? "polyline" : "curve",
        lineStyle: { width: 1 },
      },
    ],
  };
}
