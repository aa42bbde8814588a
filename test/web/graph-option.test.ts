/**
 * The credit-flow graph's option, built without a browser from a generated 1,000-piece trace: every piece is a
 * node of one tree under the root, in its parent's place, with the financed and frozen pieces marked, labels kept
 * quiet at that size, and the hover text naming holder, tier and value.
 */
import { describe, expect, it } from "vitest";
import { COLOURS, graphOption, piecesOf, type GraphLabels, type TreeNode } from "../../web/src/pages/regulator/graph-option";

const LABELS: GraphLabels = { tier: (n) => `第 ${n} 级`, financed: "已融资", frozen: "已冻结" };

const account = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;

/** A root and `count - 1` pieces, each cut from a random earlier piece (seeded, so the test is the same each run). */
function syntheticTree(count: number): TreeNode[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const nodes: TreeNode[] = [];
  for (let i = 0; i < count; i += 1) {
    const parent = i === 0 ? undefined : nodes[next() % i];
    const holder = i % 97;
    nodes.push({
      id: String(1000 + i),
      parentId: parent ? parent.id : null,
      depth: parent ? parent.depth + 1 : 1,
      holder: { account: account(holder), id: null, name: `供应商${holder}` },
      value: `${(i % 50) + 1}00.00`,
      financed: i % 10 === 3,
      locked: "0.00",
      redeemedValue: "0.00",
    });
  }
  return nodes;
}

interface Drawn {
  id: string;
  name: string;
  children: Drawn[];
  itemStyle?: { color: string; borderColor: string };
  symbol?: string;
}

function walk(root: Drawn, visit: (n: Drawn, parent: Drawn | undefined) => void) {
  const stack: [Drawn, Drawn | undefined][] = [[root, undefined]];
  while (stack.length) {
    const [n, p] = stack.pop()!;
    visit(n, p);
    for (const c of n.children) stack.push([c, n]);
  }
}

function treeOf(option: ReturnType<typeof graphOption>) {
  const series = (Array.isArray(option.series) ? option.series : [option.series])[0] as { data: Drawn[]; label: { show: boolean }; roam: boolean };
  return series;
}

describe("the credit-flow graph's option", () => {
  it("when a voucher has 1,000 pieces, then every piece is a node under its parent, in one tree, with zoom and pan and quiet labels", () => {
    const tree = syntheticTree(1000);
    const frozen = new Set([account(5)]);
    const pieces = piecesOf(tree, frozen);
    const option = graphOption(pieces, LABELS);
    const series = treeOf(option);
    expect(series.data).toHaveLength(1);
    expect(series.roam).toBe(true);
    expect(series.label.show).toBe(false);
    // A plain piece is drawn in the series' own style: only marked pieces carry a style of their own.
    expect(series).toMatchObject({ itemStyle: { color: COLOURS.plain }, symbol: "circle" });
    const root = series.data[0];
    expect(root.id).toBe("1000");
    const seen = new Map<string, string | undefined>();
    walk(root, (n, p) => seen.set(n.id, p?.id));
    expect(seen.size).toBe(1000);
    for (const l of tree) expect(seen.get(l.id) ?? null).toBe(l.parentId);
  });

  it("when pieces are financed or held by a frozen organisation, then their nodes are marked and the hover text says so", () => {
    const tree = syntheticTree(1000);
    const pieces = piecesOf(tree, new Set([account(5)]));
    const option = graphOption(pieces, LABELS);
    const root = treeOf(option).data[0];
    let financed = 0;
    let frozen = 0;
    walk(root, (n) => {
      if (n.itemStyle?.color === COLOURS.financed) financed += 1;
      if (n.itemStyle?.borderColor === COLOURS.frozen) {
        frozen += 1;
        expect(n.symbol).toBe("diamond");
        expect(n.name).toContain("已冻结");
      }
    });
    let styled = 0;
    walk(root, (n) => (styled += n.itemStyle ? 1 : 0));
    expect(styled).toBe(pieces.filter((p) => p.financed || p.frozen).length);
    expect(financed).toBe(tree.filter((l) => l.financed).length);
    expect(frozen).toBe(tree.filter((l) => l.holder.account === account(5)).length);
    expect(frozen).toBeGreaterThan(0);
    const tooltip = option.tooltip as { formatter: (p: { data: { id: string } }) => string };
    const third = pieces.find((p) => p.id === "1003");
    expect(tooltip.formatter({ data: { id: "1003" } })).toBe(`供应商3 · 第 ${String(third?.tier)} 级 · ¥400.00 · 已融资`);
  });

  it("when a small voucher is drawn, then names and values are shown beside the nodes", () => {
    const pieces = piecesOf(syntheticTree(5), new Set());
    const option = graphOption(pieces, LABELS);
    const series = treeOf(option);
    expect(series.label.show).toBe(true);
    expect(series.data[0].name).toBe("供应商0 ¥100.00");
  });

  it("when the tree has two roots (a piece whose parent is missing), then both are drawn under one unnamed node", () => {
    const tree = syntheticTree(3);
    tree[2].parentId = "9999";
    const series = treeOf(graphOption(piecesOf(tree, new Set()), LABELS));
    const top = series.data[0];
    expect(top.id).toBe("");
    expect(top.children.map((c) => c.id).sort()).toEqual(["1000", "1002"]);
  });
});
