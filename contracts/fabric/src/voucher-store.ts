/**
 * The voucher records and what every way of cutting one shares: lookup, the minimum piece, the live check and
 * minting a piece with its lineage. Ids come from the transaction id, not a counter (see state.ts).
 */
import { refusal } from "./errors";
import type { LedgerContext } from "./ledger-contract";
import { U64_MAX, ZERO_ACCOUNT, parseUint, slotId } from "./values";

export interface VoucherRecord {
  owner: string;
  /** Kept after redemption as the redeemed value, for audit. */
  value: string;
  locked: string;
  depth: number;
  financed: boolean;
  redeemed: boolean;
  root: string;
  parent: string;
  debtor: string;
  maturity: string;
}

export const VOUCHER = "voucher";

export async function existingVoucher(ctx: LedgerContext, id: bigint): Promise<VoucherRecord> {
  const v = await ctx.state.get<VoucherRecord>(VOUCHER, [id.toString()]);
  if (v === undefined) throw refusal("VouchersNotFound", id);
  return v;
}

export const putVoucher = (ctx: LedgerContext, id: bigint, v: VoucherRecord) => ctx.state.put(VOUCHER, [id.toString()], v);

export const parseVoucherId = (raw: unknown): bigint => parseUint(raw, "id", U64_MAX);

export function requirePiece(amount: bigint, minSplit: bigint): void {
  if (amount === 0n || amount < minSplit) throw refusal("VouchersInvalidAmount", amount, minSplit);
}

export function requireLive(ctx: LedgerContext, id: bigint, v: VoucherRecord): void {
  if (ctx.state.now >= BigInt(v.maturity)) throw refusal("VouchersMatured", id);
}

export function emitMint(ctx: LedgerContext, fromId: bigint, id: bigint, owner: string, v: VoucherRecord, amount: bigint): void {
  ctx.emit("Transfer", { from: ZERO_ACCOUNT, to: owner, tokenId: id });
  ctx.emit("SlotChanged", { tokenId: id, oldSlot: 0n, newSlot: slotId(v.debtor, BigInt(v.maturity)) });
  ctx.emit("TransferValue", { fromTokenId: fromId, toTokenId: id, value: amount });
}

/** Cuts `amount` off `parent` into a new voucher of `owner`. Callers have checked the cut. */
export async function mintPiece(
  ctx: LedgerContext,
  parentId: bigint,
  parent: VoucherRecord,
  piece: { owner: string; amount: bigint; depth: number; financed: boolean },
): Promise<bigint> {
  parent.value = (BigInt(parent.value) - piece.amount).toString();
  await putVoucher(ctx, parentId, parent);
  const id = ctx.state.newId("voucher");
  if ((await ctx.state.get(VOUCHER, [id.toString()])) !== undefined) throw refusal("LedgerIdCollision", "voucher", id);
  await putVoucher(ctx, id, {
    ...parent,
    owner: piece.owner,
    value: piece.amount.toString(),
    locked: "0",
    depth: piece.depth,
    financed: piece.financed,
    redeemed: false,
    parent: parentId.toString(),
  });
  emitMint(ctx, parentId, id, piece.owner, parent, piece.amount);
  return id;
}

