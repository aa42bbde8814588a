import { formatYuan } from "../format/money";

/** An amount from the API, as ¥1,234,567.89, in figures that line up in a column. */
export function Money({ value }: { value: string | null | undefined }) {
  if (value === null || value === undefined) return <span>—</span>;
  return <span style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>{formatYuan(value)}</span>;
}
