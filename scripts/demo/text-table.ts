import { displayWidth } from "../../seeds/organisations";

/** A table for the terminal: the first column left-aligned, the rest right; padded by display width, not length, since a Chinese character takes two columns. */
export function textTable(title: string, head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const pad = (c: string, i: number) => " ".repeat(widths[i] - displayWidth(c));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c + pad(c, i) : pad(c, i) + c)).join("  ");
  return ["", title, fmt(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(fmt)];
}
