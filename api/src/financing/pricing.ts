/**
 * What a quote costs the holder, as a yearly rate. Interest follows the contract's 360-day discount convention;
 * the effective APR re-expresses everything the holder gives up (interest and fee) against what it receives
 * (net) over a 365-day year, so that quotes with different fees and days compare. Integers only: the result is
 * exact to the last decimal shown, rounded half up.
 */

/** Decimals of the percentage. */
export const APR_DECIMALS = 4;
const SCALE = 10n ** BigInt(APR_DECIMALS);

/** (interest + fee) / net × 365 / days, as a percentage string such as "4.3127"; null when undefined. */
export function effectiveApr(q: { interest: bigint; fee: bigint; net: bigint; days: number }): string | null {
  if (q.net <= 0n || q.days <= 0) return null;
  const num = (q.interest + q.fee) * 365n * 100n * SCALE;
  const den = q.net * BigInt(q.days);
  const scaled = (2n * num + den) / (2n * den);
  const whole = scaled / SCALE;
  const frac = (scaled % SCALE).toString().padStart(APR_DECIMALS, "0");
  return `${whole}.${frac}`;
}
