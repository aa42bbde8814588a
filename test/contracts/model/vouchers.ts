/**
 * The model of Vouchers (ERC-3525 pieces of a core enterprise's payable, their slots and each debtor's
 * outstanding), with the hooks Financing and Settlement call. The random calls to it are in calls/vouchers.ts.
 */
import { LEDGER_LIMITS } from "../../../chain/limits";
import { ROLE } from "../../helpers/ledger";
import { ContractModel, type ModelCore } from "./core";
import type { InvoicesModel } from "./invoices";
import type { ParticipantsModel } from "./participants";
import type { RulesModel } from "./rules";
import { daysBetween, isCstMidnight, MAX64, revert, slotKey, type Rules, type SlotAccount, type Voucher } from "./state";

const MAX_INVOICES = LEDGER_LIMITS.maxInvoicesPerVoucher;
const MAX_PIECES = LEDGER_LIMITS.maxPiecesPerSplit;

export class VouchersModel extends ContractModel {
  constructor(
    ledger: ModelCore,
    private readonly participants: ParticipantsModel,
    private readonly rules: RulesModel,
    private readonly invoices: InvoicesModel,
  ) {
    super(ledger);
  }

  existing(id: number): Voucher {
    this.seen.vouchers.add(id);
    const v = this.s.vouchers.get(id);
    if (!v) return revert("VouchersNotFound");
    return v;
  }
  slot(debtor: string, maturity: number): SlotAccount {
    const k = slotKey(debtor, maturity);
    this.seen.slots.add(k);
    let acct = this.s.slots.get(k);
    if (!acct) {
      acct = { outstanding: 0n, escrowed: 0n };
      this.s.slots.set(k, acct);
    }
    return acct;
  }

  addOutstanding(debtor: string, delta: bigint): void {
    this.touched.outstanding.add(debtor);
    this.s.outstanding.set(debtor, (this.s.outstanding.get(debtor) ?? 0n) + delta);
  }

  requirePiece(amount: bigint, minSplit: bigint): void {
    if (amount === 0n || amount < minSplit) revert("VouchersInvalidAmount");
  }
  private requireCut(v: Voucher, amount: bigint, minSplit: bigint, keepSome: boolean): void {
    const free = v.value - v.locked;
    if (amount > free) revert("VouchersInsufficientValue");
    const rest = v.value - amount;
    if ((rest === 0n && keepSome) || (rest !== 0n && rest < minSplit)) revert("VouchersInvalidAmount");
  }
  private requireRecipient(debtor: string, to: string, from: string, r: Rules): void {
    if (to === from) revert("VouchersRecipientNotAllowed");
    if (r.whitelistOnly && !this.rules.mayReceive(debtor, to)) revert("VouchersRecipientNotAllowed");
  }
  private requireMaturity(maturity: number, maxTermDays: number): void {
    if (!isCstMidnight(maturity) || maturity <= this.s.now) revert("VouchersInvalidMaturity");
    if (daysBetween(this.s.now, maturity) > maxTermDays) revert("VouchersInvalidMaturity");
  }
  private requireInvoiceCount(count: number, required: boolean): void {
    if (count > MAX_INVOICES) revert("VouchersTooMany");
    if (required && count === 0) revert("VouchersInvoicesRequired");
  }
  liveSlot(v: Voucher): void {
    if (this.s.now >= v.maturity) revert("VouchersMatured");
  }
  private held(id: number, sender: string): Voucher {
    const v = this.existing(id);
    if (v.owner !== sender) revert("VouchersNotHolder");
    return v;
  }
  private addSlotOutstanding(acct: SlotAccount, delta: bigint): void {
    acct.outstanding += delta;
    // uint64 checked arithmetic in the contract.
    if (acct.outstanding > MAX64) revert("Panic");
  }
  mintPiece(parentId: number, parent: Voucher, owner: string, amount: bigint, depth: number, financed: boolean): number {
    this.touched.vouchers.add(parentId);
    parent.value -= amount;
    const id = ++this.s.lastId;
    this.touched.vouchers.add(id);
    this.s.vouchers.set(id, {
      owner,
      value: amount,
      redeemed: false,
      locked: 0n,
      depth,
      financed,
      root: parent.root,
      parent: parentId,
      debtor: parent.debtor,
      maturity: parent.maturity,
    });
    return id;
  }

  issue(sender: string, supplier: string, amount: bigint, maturity: number, keys: string[]): number {
    this.participants.requireActive(sender, ROLE.CORE);
    this.participants.requireActive(supplier, ROLE.SUPPLIER);
    const r = this.rules.rulesOf(sender);
    this.requireRecipient(sender, supplier, sender, r);
    this.requirePiece(amount, r.minSplit);
    this.requireMaturity(maturity, r.maxTermDays);
    this.requireInvoiceCount(keys.length, r.invoicesRequired);
    this.touched.outstanding.add(sender);
    this.seen.openLimit.add(sender);
    const outstanding = (this.s.outstanding.get(sender) ?? 0n) + amount;
    if (r.issuanceCoveredByCredit) {
      if (outstanding > (this.s.openLimit.get(sender) ?? 0n)) revert("VouchersIssuanceNotCovered");
    }
    this.touched.slots.add(slotKey(sender, maturity));
    if (this.slot(sender, maturity).outstanding + amount > 2n ** 64n - 1n) revert("VouchersSlotOverflow");
    const id = ++this.s.lastId;
    this.touched.vouchers.add(id);
    this.s.vouchers.set(id, {
      owner: supplier,
      value: amount,
      redeemed: false,
      locked: 0n,
      depth: 1,
      financed: false,
      root: id,
      parent: 0,
      debtor: sender,
      maturity,
    });
    this.touched.slots.add(slotKey(sender, maturity));
    this.addSlotOutstanding(this.slot(sender, maturity), amount);
    this.s.outstanding.set(sender, outstanding);
    if (keys.length !== 0) this.invoices.consume(keys, supplier, sender, amount);
    return id;
  }

  splitTransfer(sender: string, id: number, to: string, amount: bigint, keys: string[]): number {
    const v = this.held(id, sender);
    this.participants.requireActive(sender, ROLE.SUPPLIER);
    this.participants.requireActive(to, ROLE.SUPPLIER);
    if (v.financed) revert("VouchersFinanced");
    this.liveSlot(v);
    const r = this.rules.rulesOf(v.debtor);
    this.requireRecipient(v.debtor, to, sender, r);
    const depth = v.depth + 1;
    if (depth > r.maxDepth) revert("VouchersDepthExceeded");
    this.requirePiece(amount, r.minSplit);
    this.requireCut(v, amount, r.minSplit, false);
    this.requireInvoiceCount(keys.length, r.invoicesRequired);
    const newId = this.mintPiece(id, v, to, amount, depth, false);
    if (keys.length !== 0) this.invoices.consume(keys, to, sender, amount);
    return newId;
  }

  split(sender: string, id: number, amounts: bigint[]): number[] {
    const v = this.held(id, sender);
    this.participants.requireActive(sender, 0);
    const n = amounts.length;
    if (n === 0 || n > MAX_PIECES) revert("VouchersTooMany");
    this.liveSlot(v);
    const minSplit = this.rules.rulesOf(v.debtor).minSplit;
    // Summed in uint256: pieces adding up past 2^64 are "more than the value", not an overflow.
    let total = 0n;
    for (const a of amounts) {
      this.requirePiece(a, minSplit);
      total += a;
    }
    this.requireCut(v, total, minSplit, true);
    return amounts.map((a) => this.mintPiece(id, v, sender, a, v.depth, v.financed));
  }

  /** Vouchers.lock, as Financing.request calls it. */
  lock(sender: string, voucherId: number, amount: bigint): Voucher {
    const v = this.existing(voucherId);
    if (v.owner !== sender) revert("VouchersNotHolder");
    if (v.financed) revert("VouchersFinanced");
    this.liveSlot(v);
    // A financing sale creates a piece like any split: the program's minimum applies to it and to the rest.
    const minSplit = this.rules.rulesOf(v.debtor).minSplit;
    this.requirePiece(amount, minSplit);
    const free = v.value - v.locked;
    if (amount > free) revert("VouchersInsufficientValue");
    const rest = v.value - amount;
    if (rest !== 0n && rest < minSplit) revert("VouchersInvalidAmount");
    this.touched.vouchers.add(voucherId);
    v.locked += amount;
    return v;
  }

  /** Vouchers.deliverFinanced, as Financing.execute calls it: the financed value goes to the bank. */
  deliverFinanced(voucherId: number, bank: string, amount: bigint): { v: Voucher; pieceId: number } {
    const v = this.existing(voucherId);
    this.touched.vouchers.add(voucherId);
    v.locked -= amount;
    let pieceId: number;
    if (amount === v.value) {
      v.owner = bank;
      v.financed = true;
      pieceId = voucherId;
    } else {
      pieceId = this.mintPiece(voucherId, v, bank, amount, v.depth, true);
    }
    return { v, pieceId };
  }

  /** Vouchers.redeem, as Settlement.redeem calls it. */
  redeem(id: number): Voucher {
    const v = this.existing(id);
    if (v.value === 0n || v.redeemed) revert("VouchersNothingToRedeem");
    if (v.locked !== 0n) revert("VouchersLocked");
    if (this.s.now < v.maturity) revert("VouchersNotMatured");
    const acct = this.slot(v.debtor, v.maturity);
    if (acct.escrowed < acct.outstanding) revert("VouchersSlotUnfunded");
    this.participants.requireActive(v.owner, 0);
    this.touched.vouchers.add(id);
    this.touched.slots.add(slotKey(v.debtor, v.maturity));
    v.redeemed = true;
    acct.outstanding -= v.value;
    acct.escrowed -= v.value;
    this.addOutstanding(v.debtor, -v.value);
    return v;
  }
}
