/** The model of SettlementCash (the tokenised cash the modules move), and the calls to it. */
import { keccak256, toUtf8Bytes } from "ethers";
import { ROLE } from "../../helpers/ledger";
import { ContractModel, type ModelCore } from "./core";
import type { Call } from "./interpreter";
import { big, div } from "./operations";
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

  mint(sender: string, to: string, amount: bigint): void {
    this.participants.requireActive(sender, ROLE.BANK);
    if (amount === 0n) revert("SettlementCashZeroAmount");
    this.cashUpdate(null, to, amount);
  }

  burn(sender: string, from: string, amount: bigint): void {
    this.participants.requireActive(sender, ROLE.BANK);
    if (amount === 0n) revert("SettlementCashZeroAmount");
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

/** A bank mints or burns cash, mostly for itself; anyone else is refused. */
const mintOrBurn: Call = async (i, [n0, n1, n2, n3], k) => {
  const { m, s } = i;
  const sender = n0 % 10 < 7 ? i.a(i.oneOf(["bank", "bank2"] as const, div(n0, 10))) : i.anyActor(div(n0, 10));
  const other = k === "burn" && n1 % 10 < 6 ? sender : i.cashParty(n1);
  const bal = s.balances.get(other) ?? 0n;
  const amount = n2 % 10 === 0 ? 0n : n2 % 10 === 1 ? bal + 1n : n2 % 10 === 2 ? bal : 1n + (big(div(n2, 10)) % 1_000_000_000n);
  const fn = k === "mint" ? "mint" : "burn";
  await i.x.tx(
    `${i.n(sender)} SettlementCash.${fn}(${i.n(other)}, ${i.n(amount)})`,
    sender,
    "SettlementCash",
    fn,
    [other, amount, keccak256(toUtf8Bytes(`ref-${n3}`))],
    () => (fn === "mint" ? m.cash.mint(sender, other, amount) : m.cash.burn(sender, other, amount)),
  );
};

/** Anyone transfers or approves cash, now and then to a module's address. */
const move: Call = async (i, [n0, n1, n2], k) => {
  const { m, s } = i;
  const sender = i.anyActor(n0);
  const to = i.cashParty(n1);
  const bal = s.balances.get(sender) ?? 0n;
  const amount = n2 % 10 === 0 ? 0n : n2 % 10 === 1 ? bal + 1n : n2 % 10 === 2 ? bal : 1n + (big(div(n2, 10)) % 1_000_000_000n);
  const fn = k === "approve" ? "approve" : "transfer";
  await i.x.tx(
    `${i.n(sender)} SettlementCash.${fn}(${i.n(to)}, ${i.n(amount)})`,
    sender,
    "SettlementCash",
    fn,
    [to, amount],
    () => (fn === "approve" ? m.cash.approve(sender, to, amount) : m.cash.transfer(sender, to, amount)),
  );
};

export const cashCalls = { mint: mintOrBurn, burn: mintOrBurn, cashTransfer: move, approve: move };
