/**
 * Money as a Chinese finance user reads and types it. The API carries yuan as a decimal string with at most two
 * decimals; the console never turns one into a float: every conversion here works on the digits.
 */

const AMOUNT = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** Fen in a decimal string of yuan ("1234.5" → 123450n); undefined when the text is not one. */
export function fenOf(yuan: string): bigint | undefined {
  const m = AMOUNT.exec(yuan);
  if (!m) return undefined;
  const [, minus, whole = "0", cents = ""] = m;
  const fen = BigInt(whole) * 100n + BigInt(cents.padEnd(2, "0"));
  return minus ? -fen : fen;
}

/** The API's decimal string for an amount of fen: always two decimals. */
export function yuanOf(fen: bigint): string {
  const sign = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, "0")}`;
}

function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1234567.8" → "¥1,234,567.80". Text that is not an amount is shown as it came, never as a wrong number. */
export function formatYuan(yuan: string): string {
  const fen = fenOf(yuan);
  if (fen === undefined) return yuan;
  const text = yuanOf(fen < 0n ? -fen : fen);
  const [whole = "", cents = ""] = text.split(".");
  return `${fen < 0n ? "-" : ""}¥${grouped(whole)}.${cents}`;
}

/**
 * What a clerk may type: "1234567.8", "1,234,567.80", "¥ 1,234,567.80", with full-width digits or commas too. A space
 * inside the figures is refused rather than guessed at ("1 00" could be 100 or a typo for 1,000).
 */
const TYPED = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$/;

/**
 * The API's decimal string for what a clerk typed, or undefined when it is not a positive-or-zero amount with at
 * most two decimals and correctly placed thousands separators.
 */
export function parseYuanInput(typed: string): string | undefined {
  const text = typed
    .normalize("NFKC") // full-width digits, commas, stops and the full-width yen sign become ASCII
    .trim()
    .replace(/^[¥￥]\s*/, "");
  if (!TYPED.test(text)) return undefined;
  const fen = fenOf(text.replace(/,/g, ""));
  return fen === undefined ? undefined : yuanOf(fen);
}
