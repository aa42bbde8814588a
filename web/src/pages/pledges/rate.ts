/** An annual rate typed as a percentage ("5.2", "5.20%") as whole basis points, or undefined unless 0 < rate ≤ 99.99 %. */
export function bpsOfPercent(typed: string): number | undefined {
  const m = /^(\d{1,2})(?:\.(\d{1,2}))?\s*%?$/.exec(typed.normalize("NFKC").trim());
  if (!m) return undefined;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps > 0 ? bps : undefined;
}
