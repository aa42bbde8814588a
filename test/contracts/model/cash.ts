/** The model of SettlementCash (the tokenised cash the modules move); the random calls to it are in calls/cash.ts. */
import { ROLE } from "../../helpers/ledger";
import { ContractModel, type ModelCore } from "./core";
import type { ParticipantsModel } from "./participants";
import { pairKey, revert } from "./state";

export class CashModel extends ContractModel {
  constructor(
    ledger: ModelCore,
    private readonly participants: ParticipantsModel,
  ) {
    super(ledger);
  }

  balanceOf(a: string): bigint {
    this.seen.balances.add(a);
    return this.s.balances.get(a) ?? 0n;
  }
  private setBalance(a: string, amount: bigint): void {
    this.touched.balances.add(a);
    this.s.balances.set(a, amount);
  }
  private allowance(owner: string, spender: string): bigint {
    this.seen.allowances.add(pairKey(owner, spender));
    return this.s.allowances.get(pairKey(owner, spender)) ?? 0n;
  }

  /** ERC20._update as the modules call it through `settle`: no participant checks. */
  settle(from: string, to: string, amount: bigint): void {
    const bal = this.balanceOf(from);
    if (bal < amount) revert("ERC20InsufficientBalance");
    this.setBalance(from, bal - amount);
    this.setBalance(to, this.balanceOf(to) + amount);
  }

  /**
   * SettlementCash._update, then ERC20._update: both sides must be active participants, so nothing reaches the
   * modules' addresses outside `settle`.
   */
  private cashUpdate(from: string | null, to: string | null, amount: bigint): void {
    if (from !== null) this.participants.requireActive(from, 0);
    if (to !== null) this.participants.requireActive(to, 0);
    if (from === null) {
      this.touched.supply = true;
      this.s.totalSupply += amount;
    } else {
      const bal = this.balanceOf(from);
      if (bal < amount) revert("ERC20InsufficientBalance");
      this.setBalance(from, bal - amount);
    }
    if (to === null) {
      this.touched.supply = true;
      this.s.totalSupply -= amount;
    } else this.setBalance(to, this.balanceOf(to) + amount);
  }

  private requireSettlementBank(sender: string): void {
    this.participants.requireActive(sender, ROLE.BANK);
    if (sender !== this.s.settlementBank) revert("SettlementCashNotSettlementBank");
  }

  mint(sender: string, to: string, amount: bigint, ref: string): void {
    this.requireSettlementBank(sender);
    if (amount === 0n) revert("SettlementCashZeroAmount");
    if (this.s.depositRefs.has(ref)) revert("SettlementCashReferenceUsed");
    this.s.depositRefs.add(ref);
    this.cashUpdate(null, to, amount);
  }

  burn(sender: string, from: string, amount: bigint, ref: string): void {
    this.requireSettlementBank(sender);
    if (amount === 0n) revert("SettlementCashZeroAmount");
    if (this.s.withdrawalRefs.has(ref)) revert("SettlementCashReferenceUsed");
    this.s.withdrawalRefs.add(ref);
    if (from !== sender) {
      const allowed = this.allowance(from, sender);
      if (allowed < amount) revert("ERC20InsufficientAllowance");
      this.touched.allowances.add(pairKey(from, sender));
      this.s.allowances.set(pairKey(from, sender), allowed - amount);
    }
    this.cashUpdate(from, null, amount);
  }

  transfer(sender: string, to: string, amount: bigint): void {
    this.cashUpdate(sender, to, amount);
  }

  approve(sender: string, spender: string, amount: bigint): void {
    this.touched.allowances.add(pairKey(sender, spender));
    this.s.allowances.set(pairKey(sender, spender), amount);
  }
}
