/**
 * The operation descriptors that fast-check generates (a kind plus a few random naturals), and what the
 * interpreter needs from the chain side to run them.
 */
import fc from "fast-check";
import { MAX64, type Outcome } from "./state";

export const KINDS = [
  "noop",
  "issue",
  "transfer",
  "split",
  "request",
  "execute",
  "decline",
  "cancel",
  "release",
  "fund",
  "time",
  "redeem",
  "redeemBatch",
  "freeze",
  "unfreeze",
  "suspend",
  "reinstate",
  "mint",
  "burn",
  "cashTransfer",
  "approve",
  "creditLine",
  "rules",
  "flagOverdue",
  "setFee",
] as const;
export type Kind = (typeof KINDS)[number];

const WEIGHTS: Record<Kind, number> = {
  noop: 1,
  issue: 10,
  transfer: 12,
  split: 5,
  request: 9,
  execute: 8,
  decline: 2,
  cancel: 2,
  release: 2,
  fund: 6,
  time: 9,
  redeem: 6,
  redeemBatch: 3,
  freeze: 2,
  unfreeze: 3,
  suspend: 1,
  reinstate: 2,
  mint: 1,
  burn: 1,
  cashTransfer: 1,
  approve: 1,
  creditLine: 3,
  rules: 3,
  flagOverdue: 1,
  setFee: 1,
};

/** One step: what to do, and the random naturals that pick who does it, to what, and how much. */
export interface Op {
  k: Kind;
  n: number[];
}

/**
 * Kinds shrink towards `noop` (the first), naturals towards 0, which every interpreter reads as its most
 * ordinary choice (the right actor, the first live voucher, a small share of its value).
 */
export function opArbitrary(kinds: readonly Kind[] = KINDS): fc.Arbitrary<Op> {
  const kind = fc.oneof(
    { withCrossShrink: true },
    ...kinds.map((k) => ({ arbitrary: fc.constant(k), weight: WEIGHTS[k] })),
  );
  return fc.record({ k: kind, n: fc.array(fc.nat({ max: 0x7fffffff }), { minLength: 6, maxLength: 6 }) });
}

/** What the interpreter needs from the chain side: send one call, predicted by `predict`, and check it. */
export interface Executor {
  tx<T>(label: string, from: string, contract: string, fn: string, args: unknown[], predict: () => T): Promise<Outcome<T>>;
  note(text: string): void;
}

export const fen = (x: bigint): string => {
  if (x === MAX64) return "MAX64";
  const s = x.toString();
  return s.length > 2 ? `${s.slice(0, -2)}.${s.slice(-2)}` : `0.${s.padStart(2, "0")}`;
};
export { fen as formatFen };

export const big = (n: number): bigint => BigInt(n >>> 0);
export const div = (n: number, by: number): number => Math.floor(n / by);
