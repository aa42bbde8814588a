/**
 * A commodity's price history as a line. Heights are whole yuan per tonne (exact as a JS number); the tooltip reads
 * the exact strings the API gave.
 */
import type { LineSeriesOption } from "echarts/charts";
import type { GridComponentOption, TooltipComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import { fenOf, formatYuan } from "../../format/money";

type LineOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface PricePoint {
  day: string;
  yuanPerTonne: string;
}

export function priceOption(points: readonly PricePoint[], seriesName: string): LineOption {
  const oldestFirst = [...points].sort((a, b) => a.day.localeCompare(b.day));
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params];
        const p = oldestFirst[list[0]?.dataIndex ?? 0];
        return p ? `${p.day}<br/>${seriesName}: ${formatYuan(p.yuanPerTonne)}` : "";
      },
    },
    xAxis: { type: "category", data: oldestFirst.map((p) => p.day) },
    yAxis: { type: "value", scale: true, axisLabel: { formatter: (v: number) => v.toLocaleString("zh-CN") } },
    series: [{ type: "line", name: seriesName, data: oldestFirst.map((p) => Number((fenOf(p.yuanPerTonne) ?? 0n) / 100n)), showSymbol: true, itemStyle: { color: "#1677ff" } }],
  };
}
