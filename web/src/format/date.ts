/**
 * Dates and rates as the platform's users read them. Business days are China Standard Time (UTC+8, no daylight
 * saving), as the ledger's maturities are; a timestamp is shown in that zone whatever the browser's is.
 */

const CST_MS = 8 * 3600 * 1000;

/** "2027-03-02" for a calendar date, or for the CST day of an ISO timestamp. */
export function formatDay(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t + CST_MS).toISOString().slice(0, 10);
}

/** "2027-03-02 14:05" in CST. */
export function formatTime(value: string): string {
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t + CST_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** Basis points as a percentage with two decimals: 385 → "3.85%". Integer arithmetic: no float rounding. */
export function formatRate(bps: number): string {
  const sign = bps < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(bps));
  return `${sign}${Math.floor(abs / 100).toString()}.${(abs % 100).toString().padStart(2, "0")}%`;
}
