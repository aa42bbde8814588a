/**
 * What financing and settlement do to a voucher (the EVM's module-only hooks): lock part of it for a request,
 * lift the lock, deliver the locked part to the bank, and redeem it from its funded slot.
 */
import { refusal } from "./errors";
import type { LedgerContext } from "./ledger-contract";
import { requireActive } from "./participants";
import { rulesOf } from "./rules";
import { issuedOf, slotTotals } from "./slots";
import { slotId } from "./values";
import { existingVoucher, mintPiece, putVoucher, requireLive, requirePiece } from "./voucher-store";

/** Reserves `amount` of voucher `id`, held by `holder`, for a financing request. */
export async function lockVoucher(
  ctx: LedgerContext,
  id: bigint,
  holder: string,
  amount: bigint,
): Promise<{ debtor: string; maturity: bigint }> {
  const v = await existingVoucher(ctx, id);
  if (v.owner !== holder) throw refusal("VouchersNotHolder", id, holder);
  if (v.financed) throw refusal("VouchersFinanced", id);
  requireLive(ctx, id, v);
  // A financing sale creates a piece like any split: the program's minimum applies to it and to the rest.
  const { minSplit } = await rulesOf(ctx, v.debtor);
  requirePiece(amount, minSplit);
  const free = BigInt(v.value) - BigInt(v.locked);
  if (amount > free) throw refusal("VouchersInsufficientValue", id, free, amount);
  const rest = BigInt(v.value) - amount;
  if (rest !== 0n && rest < minSplit) throw refusal("VouchersInvalidAmount", rest, minSplit);
  const locked = BigInt(v.locked) + amount;
  await putVoucher(ctx, id, { ...v, locked: locked.toString() });
  ctx.emit("VoucherLocked", { id, amount, locked });
  return { debtor: v.debtor, maturity: BigInt(v.maturity) };
}

export async function unlockVoucher(ctx: LedgerContext, id: bigint, amount: bigint): Promise<void> {
  const v = await existingVoucher(ctx, id);
  const locked = BigInt(v.locked) - amount;
  await putVoucher(ctx, id, { ...v, locked: locked.toString() });
  ctx.emit("VoucherUnlocked", { id, amount, locked });
}

/** Delivers the locked `amount` of voucher `id` to `bank` as a financed piece, or the whole voucher. */
export async function deliverFinanced(
  ctx: LedgerContext,
  id: bigint,
  amount: bigint,
  bank: string,
): Promise<{ pieceId: bigint; debtor: string; maturity: bigint }> {
  const v = await existingVoucher(ctx, id);
  // VoucherFinanced says that the locked amount left: no VoucherUnlocked besides it.
  v.locked = (BigInt(v.locked) - amount).toString();
  let pieceId: bigint;
  if (amount === BigInt(v.value)) {
    const holder = v.owner;
    await putVoucher(ctx, id, { ...v, owner: bank, financed: true });
    pieceId = id;
    ctx.emit("Transfer", { from: holder, to: bank, tokenId: id });
  } else {
    pieceId = await mintPiece(ctx, id, v, { owner: bank, amount, depth: v.depth, financed: true });
  }
  ctx.emit("VoucherFinanced", { parentId: id, id: pieceId, bank, amount });
  return { pieceId, debtor: v.debtor, maturity: BigInt(v.maturity) };
}

/** Redeems voucher `id` from its funded slot after maturity; the caller pays the holder. */
export async function redeemVoucher(
  ctx: LedgerContext,
  id: bigint,
): Promise<{ holder: string; value: bigint; debtor: string; financed: boolean }> {
  const v = await existingVoucher(ctx, id);
  const value = BigInt(v.value);
  if (value === 0n || v.redeemed) throw refusal("VouchersNothingToRedeem", id);
  if (BigInt(v.locked) !== 0n) throw refusal("VouchersLocked", id, BigInt(v.locked));
  const maturity = BigInt(v.maturity);
  if (ctx.state.now < maturity) throw refusal("VouchersNotMatured", id, maturity);
  // escrowed < outstanding  ⟺  funded < issued: redemptions lower both sides alike, so this reads neither
  // the slot's redemptions nor writes anything another redemption of the slot reads.
  const issued = await issuedOf(ctx, v.debtor, maturity);
  const funded = await slotTotals.funded(ctx, v.debtor, maturity);
  if (funded < issued) {
    const redeemed = await slotTotals.redeemed(ctx, v.debtor, maturity);
    throw refusal("VouchersSlotUnfunded", slotId(v.debtor, maturity), issued - redeemed, funded - redeemed);
  }
  await requireActive(ctx, v.owner, 0);
  await putVoucher(ctx, id, { ...v, redeemed: true });
  await slotTotals.addRedeemed(ctx, v.debtor, maturity, value);
  ctx.emit("TransferValue", { fromTokenId: id, toTokenId: 0n, value });
  ctx.emit("VoucherRedeemed", { id, holder: v.owner, value });
  return { holder: v.owner, value, debtor: v.debtor, financed: v.financed };
}

