/**
 * Vouchers (contracts/Vouchers.sol): semi-fungible payables. A core enterprise issues one to a supplier; the
 * holder splits it or passes pieces down the chain; financing sells pieces to banks; settlement redeems them.
 * Every piece keeps its root, its parent and its tier. Conservation: for every root, the live values plus the
 * redeemed values of its pieces equal its face value.
 *
 * Changed design: ids come from the transaction id (no counter), and a slot's account is three sums of delta
 * keys, issued, funded and redeemed, from which outstanding = issued − redeemed and escrowed = funded −
 * redeemed. Splits and transfers touch neither, so two transfers of different vouchers write disjoint keys.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { consumeInvoices, parseInvoiceKey } from "./invoices";
import { daysBetween, isCstMidnight } from "./discount";
import { refusal } from "./errors";
import { openLimitOf } from "./credit-lines";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { requireActive, requireCaller } from "./participants";
import { mayReceive, rulesOf, type Rules } from "./rules";
import { issuedOf, redeemedOf, slotTotals, SLOT_ISSUED } from "./slots";
import { canonicalJson } from "./state";
import { ROLE, U40_MAX, U64_MAX, parseAccount, parseList, parseUint, slotId } from "./values";
import {
  VOUCHER,
  emitMint,
  existingVoucher,
  mintPiece,
  parseVoucherId,
  putVoucher,
  requireLive,
  requirePiece,
  type VoucherRecord,
} from "./voucher-store";

export const MAX_INVOICES = 16;
export const MAX_PIECES = 16;

async function held(ctx: LedgerContext, id: bigint): Promise<VoucherRecord> {
  const v = await existingVoucher(ctx, id);
  if (v.owner !== ctx.caller.account) throw refusal("VouchersNotHolder", id, ctx.caller.account);
  return v;
}

/** A cut must fit the unlocked value and leave either nothing (unless `keepSome`) or at least `minSplit`. */
function requireCut(id: bigint, v: VoucherRecord, amount: bigint, minSplit: bigint, keepSome: boolean): void {
  const free = BigInt(v.value) - BigInt(v.locked);
  if (amount > free) throw refusal("VouchersInsufficientValue", id, free, amount);
  const rest = BigInt(v.value) - amount;
  if ((rest === 0n && keepSome) || (rest !== 0n && rest < minSplit)) throw refusal("VouchersInvalidAmount", rest, minSplit);
}

async function requireRecipient(ctx: LedgerContext, debtor: string, to: string, from: string, r: Rules): Promise<void> {
  if (to === from) throw refusal("VouchersRecipientNotAllowed", to);
  if (r.whitelistOnly && !(await mayReceive(ctx, debtor, to))) throw refusal("VouchersRecipientNotAllowed", to);
}

function requireMaturity(ctx: LedgerContext, maturity: bigint, maxTermDays: number): void {
  const now = ctx.state.now;
  if (!isCstMidnight(maturity) || maturity <= now) throw refusal("VouchersInvalidMaturity", maturity, maxTermDays);
  if (daysBetween(now, maturity) > BigInt(maxTermDays)) throw refusal("VouchersInvalidMaturity", maturity, maxTermDays);
}

function parseInvoiceKeys(raw: string, required: boolean): string[] {
  const list = parseList(raw, "invoiceKeys");
  if (list.length > MAX_INVOICES) throw refusal("VouchersTooMany", list.length, MAX_INVOICES);
  if (required && list.length === 0) throw refusal("VouchersInvoicesRequired");
  return list.map(parseInvoiceKey);
}

function view(id: bigint, v: VoucherRecord): object {
  return {
    id,
    owner: v.owner,
    value: v.redeemed ? "0" : v.value,
    redeemedValue: v.redeemed ? v.value : "0",
    locked: v.locked,
    depth: v.depth,
    financed: v.financed,
    root: v.root,
    parent: v.parent,
    debtor: v.debtor,
    maturity: v.maturity,
  };
}

@Info({ title: "Vouchers", description: "Payable vouchers with lineage, in slots of one debtor and maturity" })
export class VouchersContract extends LedgerContract {
  constructor() {
    super("Vouchers");
  }

  /** The caller, an active core enterprise, issues a voucher to `supplier`, backed by confirmed invoices. */
  @Transaction()
  @Returns("string")
  async issue(ctx: LedgerContext, supplier: string, amount: string, maturity: string, invoiceKeys: string): Promise<string> {
    await requireCaller(ctx, ROLE.core);
    const holder = parseAccount(supplier, "supplier");
    await requireActive(ctx, holder, ROLE.supplier);
    const value = parseUint(amount, "amount", U64_MAX);
    const due = parseUint(maturity, "maturity", U40_MAX);
    const debtor = ctx.caller.account;
    const r = await rulesOf(ctx, debtor);
    await requireRecipient(ctx, debtor, holder, debtor, r);
    requirePiece(value, r.minSplit);
    requireMaturity(ctx, due, r.maxTermDays);
    const keys = parseInvoiceKeys(invoiceKeys, r.invoicesRequired);
    const before = (await issuedOf(ctx, debtor)) - (await redeemedOf(ctx, debtor));
    if (r.issuanceCoveredByCredit) {
      const cover = await openLimitOf(ctx, debtor);
      if (before + value > cover) throw refusal("VouchersIssuanceNotCovered", before, cover, value);
    }
    const slotOutstanding = (await issuedOf(ctx, debtor, due)) - (await slotTotals.redeemed(ctx, debtor, due));
    if (slotOutstanding + value > U64_MAX) {
      throw refusal("VouchersSlotOverflow", slotId(debtor, due), slotOutstanding, value);
    }

    const id = ctx.state.newId("voucher");
    if ((await ctx.state.get(VOUCHER, [id.toString()])) !== undefined) throw refusal("LedgerIdCollision", "voucher", id);
    const v: VoucherRecord = {
      owner: holder,
      value: value.toString(),
      locked: "0",
      depth: 1,
      financed: false,
      redeemed: false,
      root: id.toString(),
      parent: "0",
      debtor,
      maturity: due.toString(),
    };
    await putVoucher(ctx, id, v);
    await ctx.state.addDelta(SLOT_ISSUED, [debtor, due.toString()], value);
    emitMint(ctx, 0n, id, holder, v, value);
    ctx.emit("VoucherIssued", { id, debtor, holder, amount: value, maturity: due });
    if (keys.length !== 0) await consumeInvoices(ctx, keys, { seller: holder, buyer: debtor }, value, id);
    return id.toString();
  }

  /** The holder passes `amount` of voucher `id` to its supplier `to`, one tier deeper, backed by invoices. */
  @Transaction()
  @Returns("string")
  async splitTransfer(ctx: LedgerContext, id: string, to: string, amount: string, invoiceKeys: string): Promise<string> {
    const voucherId = parseVoucherId(id);
    const v = await held(ctx, voucherId);
    const from = ctx.caller.account;
    const recipient = parseAccount(to, "to");
    await requireCaller(ctx, ROLE.supplier);
    await requireActive(ctx, recipient, ROLE.supplier);
    if (v.financed) throw refusal("VouchersFinanced", voucherId);
    requireLive(ctx, voucherId, v);
    const r = await rulesOf(ctx, v.debtor);
    await requireRecipient(ctx, v.debtor, recipient, from, r);
    const depth = v.depth + 1;
    if (depth > r.maxDepth) throw refusal("VouchersDepthExceeded", depth, r.maxDepth);
    const value = parseUint(amount, "amount", U64_MAX);
    requirePiece(value, r.minSplit);
    requireCut(voucherId, v, value, r.minSplit, false);
    const keys = parseInvoiceKeys(invoiceKeys, r.invoicesRequired);

    const newId = await mintPiece(ctx, voucherId, v, { owner: recipient, amount: value, depth, financed: false });
    ctx.emit("VoucherTransferred", { parentId: voucherId, id: newId, to: recipient, from, amount: value, depth });
    if (keys.length !== 0) await consumeInvoices(ctx, keys, { seller: recipient, buyer: from }, value, newId);
    return newId.toString();
  }

  /** The holder splits pieces of `amounts` (a JSON list of decimal strings) off voucher `id` and keeps them. */
  @Transaction()
  @Returns("string")
  async split(ctx: LedgerContext, id: string, amounts: string): Promise<string> {
    const voucherId = parseVoucherId(id);
    const v = await held(ctx, voucherId);
    await requireCaller(ctx, 0);
    const list = parseList(amounts, "amounts");
    if (list.length === 0 || list.length > MAX_PIECES) throw refusal("VouchersTooMany", list.length, MAX_PIECES);
    requireLive(ctx, voucherId, v);
    const { minSplit } = await rulesOf(ctx, v.debtor);
    const pieces = list.map((a) => parseUint(a, "amounts", U64_MAX));
    let total = 0n;
    for (const piece of pieces) {
      requirePiece(piece, minSplit);
      total += piece;
    }
    // The holder keeps the original as one of its pieces, so something must remain in it.
    requireCut(voucherId, v, total, minSplit, true);
    const ids: string[] = [];
    for (const piece of pieces) {
      const newId = await mintPiece(ctx, voucherId, v, { owner: v.owner, amount: piece, depth: v.depth, financed: v.financed });
      ctx.emit("VoucherSplit", { parentId: voucherId, id: newId, holder: v.owner, amount: piece });
      ids.push(newId.toString());
    }
    return canonicalJson(ids);
  }

  /** The voucher, or "null" for an id never minted. */
  @Transaction(false)
  @Returns("string")
  async get(ctx: LedgerContext, id: string): Promise<string> {
    const voucherId = parseVoucherId(id);
    const v = await ctx.state.get<VoucherRecord>(VOUCHER, [voucherId.toString()]);
    return canonicalJson(v === undefined ? null : view(voucherId, v));
  }

  @Transaction(false)
  @Returns("string")
  async slotAccount(ctx: LedgerContext, debtor: string, maturity: string): Promise<string> {
    const account = parseAccount(debtor, "debtor");
    const due = parseUint(maturity, "maturity", U40_MAX);
    const issued = await issuedOf(ctx, account, due);
    const funded = await slotTotals.funded(ctx, account, due);
    const redeemed = await slotTotals.redeemed(ctx, account, due);
    return canonicalJson({
      slot: slotId(account, due),
      debtor: account,
      maturity: due,
      outstanding: issued - redeemed,
      escrowed: funded - redeemed,
    });
  }

  /** Face value `debtor` has issued and not yet redeemed. */
  @Transaction(false)
  @Returns("string")
  async outstandingOf(ctx: LedgerContext, debtor: string): Promise<string> {
    const account = parseAccount(debtor, "debtor");
    return String((await issuedOf(ctx, account)) - (await redeemedOf(ctx, account)));
  }

  /**
   * Every voucher id ever minted, ascending, as a JSON list of decimal strings. Ids are not sequential here, so
   * a reconciliation cannot walk 1..lastId as on the EVM; it compares this list instead.
   */
  @Transaction(false)
  @Returns("string")
  async ids(ctx: LedgerContext): Promise<string> {
    const ids = (await ctx.state.scan(VOUCHER, [])).map(({ attributes }) => BigInt(attributes[0] ?? "0"));
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return canonicalJson(ids);
  }

  /** How many vouchers were ever minted: ids are not sequential here, so this replaces the EVM's `lastId`. */
  @Transaction(false)
  @Returns("string")
  async count(ctx: LedgerContext): Promise<string> {
    return String((await ctx.state.scan(VOUCHER, [])).length);
  }
}
