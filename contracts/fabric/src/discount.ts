/**
 * Bill-discount arithmetic, as contracts/libraries/Discount.sol does it, in bigint fen: interest =
 * amount × rateBps × days / (10000 × 360), rounded half up; days are whole China Standard Time calendar days.
 */
const CST_OFFSET = 8n * 3600n;
const DAY = 86_400n;
const YEAR_BASIS = 10_000n * 360n;

export const cstDay = (timestamp: bigint): bigint => (timestamp + CST_OFFSET) / DAY;

export const isCstMidnight = (timestamp: bigint): boolean => (timestamp + CST_OFFSET) % DAY === 0n;

export function daysBetween(start: bigint, maturity: bigint): bigint {
  const a = cstDay(start);
  const b = cstDay(maturity);
  return b > a ? b - a : 0n;
}

export const interest = (amount: bigint, rateBps: bigint, days: bigint): bigint =>
  (amount * rateBps * days + YEAR_BASIS / 2n) / YEAR_BASIS;

export const fee = (amount: bigint, feeBps: bigint): bigint => (amount * feeBps + 5_000n) / 10_000n;
