/**
 * The dashboard's bar charts from the server's reports. Sums are in bigint fen; a bar's height is drawn from whole
 * yuan (exact as a JS number up to 9 × 10^15 yuan), while every figure a user reads comes from the exact strings.
 */
import type { BarSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import { fenOf, formatYuan, yuanOf } from "../../format/money";
import type { CoreReach, Outstanding } from "../reports/tables";

type BarOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

const fen = (yuan: string) => fenOf(yuan) ?? 0n;
const height = (f: bigint) => Number(f / 100n);

function bars(categories: string[], series: { name: string; fen: bigint[]; colour: string; stack?: string }[]): BarOption {
  return {
    animation: false,
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params];
        const i = list[0]?.dataIndex ?? 0;
        return [categories[i] ?? "", ...series.map((s) => `${s.name}: ${formatYuan(yuanOf(s.fen[i] ?? 0n))}`)].join("<br/>");
      },
    },
    xAxis: { type: "category", data: categories },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => `${(v / 10000).toLocaleString("zh-CN")}万` } },
    series: series.map((s) => ({ type: "bar", name: s.name, stack: s.stack, itemStyle: { color: s.colour }, barMaxWidth: 48, data: s.fen.map(height) })),
  };
}

/** Value that reached each tier of one core's chain, and how much of it holders there sold to banks. */
export function tierOption(reach: CoreReach, l: { tier(n: number): string; reached: string; financed: string }): BarOption {
  return bars(
    reach.tiers.map((x) => l.tier(x.tier)),
    [
      { name: l.reached, fen: reach.tiers.map((x) => fen(x.reached)), colour: "#1677ff" },
      { name: l.financed, fen: reach.tiers.map((x) => fen(x.financed)), colour: "#fa8c16" },
    ],
  );
}

/** Outstanding value per maturity day, every debtor together, the overdue part stacked in red. */
export function maturityOption(report: Outstanding, l: { current: string; overdue: string }): BarOption {
  const days = new Map<string, { current: bigint; overdue: bigint }>();
  for (const m of report.byMaturity) {
    const day = days.get(m.maturity) ?? { current: 0n, overdue: 0n };
    if (m.overdue) day.overdue += fen(m.outstanding);
    else day.current += fen(m.outstanding);
    days.set(m.maturity, day);
  }
  const sorted = [...days.keys()].sort();
  return bars(sorted, [
    { name: l.current, fen: sorted.map((d) => days.get(d)?.current ?? 0n), colour: "#1677ff", stack: "due" },
    { name: l.overdue, fen: sorted.map((d) => days.get(d)?.overdue ?? 0n), colour: "#f5222d", stack: "due" },
  ]);
}

/** The overdue value of every debtor together, as the API's decimal string. */
export function overdueTotal(report: Outstanding): string {
  return yuanOf(report.byDebtor.reduce((sum, d) => sum + fen(d.overdue), 0n));
}
