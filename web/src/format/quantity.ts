/**
 * Goods as the ledger counts them: whole grams in a decimal string. People read tonnes and type kilograms; like
 * money, every conversion here works on the digits, never through a float.
 */

const GRAMS = /^\d+$/;
const KG_TYPED = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,3})?$/;

function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "25000000" → "25", "12345678" → "12.345678": tonnes, trailing zeros dropped. Text that is not grams as it came. */
export function tonnesOf(grams: string): string {
  if (!GRAMS.test(grams)) return grams;
  const g = BigInt(grams);
  const whole = grouped((g / 1_000_000n).toString());
  const rest = (g % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return rest === "" ? whole : `${whole}.${rest}`;
}

/** What a clerk typed in kilograms ("25,000.5", full-width too) as grams, or undefined unless positive with ≤ 3 decimals. */
export function gramsOfKg(typed: string): string | undefined {
  const text = typed.normalize("NFKC").trim();
  if (!KG_TYPED.test(text)) return undefined;
  const [whole = "0", frac = ""] = text.replace(/,/g, "").split(".");
  const grams = BigInt(whole) * 1000n + BigInt(frac.padEnd(3, "0"));
  return grams > 0n ? grams.toString() : undefined;
}
