/**
 * Money crosses the HTTP boundary as a decimal string of yuan with at most two decimals ("1250000.50") and
 * lives everywhere else as an integer number of fen (bigint). Numbers never carry money: a JSON number, a
 * float, a third decimal, a sign or an exponent is refused, not rounded.
 */

export type Fen = bigint;

/** The ledger stores amounts as uint64 fen. */
export const MAX_FEN: Fen = 2n ** 64n - 1n;

const YUAN = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

export class MoneyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoneyFormatError";
  }
}

/** "1250000.50" → 125000050n fen. Zero is allowed here; whether it is acceptable is the caller's rule. */
export function parseYuan(value: unknown): Fen {
  if (typeof value !== "string") throw new MoneyFormatError("money must be a decimal string of yuan, such as \"1250.50\"");
  const m = YUAN.exec(value);
  if (!m) throw new MoneyFormatError(`"${value}" is not an amount of yuan with at most two decimals`);
  // The decimals are an optional group, undefined when absent: at() says so, where m[2]'s type does not.
  const fen = BigInt(m[1]) * 100n + BigInt((m.at(2) ?? "").padEnd(2, "0"));
  if (fen > MAX_FEN) throw new MoneyFormatError(`"${value}" is more than the ledger can hold`);
  return fen;
}

/** 125000050n fen → "1250000.50". */
export function formatYuan(fen: Fen): string {
  if (fen < 0n) return `-${formatYuan(-fen)}`;
  const s = fen.toString().padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
