/**
 * A plain TypeScript model of the scf-ledger contracts for the model-based property test
 * (ledger.property.test.ts): the state each contract keeps, and every business function re-stated in the
 * order the contract checks things, so that the model predicts for each call whether it succeeds and, if
 * not, which custom error it reverts with. Each model function mutates freely; `LedgerModel.run` rolls the
 * state back when it throws `Revert`, just as the EVM does. It follows the contracts as of commit 41aca9c
 * (split sums wide, financing honours the minimum split, execution re-checks bank eligibility, cash never
 * reaches a module's address outside `settle`): a later change to what a function checks, or in which order,
 * shows up as a disagreement between model and chain, and the model must follow it.
 *
 * Where the contract would hit checked arithmetic (a uint64 slot account past 2^64 − 1 fen, a credit line
 * released below zero), the model predicts "Panic"; the test still fails on it, since every revert must be a
 * custom error of the suite.
 *
 * Also here: the operation descriptors that fast-check generates (a kind plus a few random naturals), and
 * the interpreter that turns a descriptor into concrete calls against the current model state — a random
 * actor, holder, voucher, amount, invoice, maturity, deadline... — and hands them to the chain executor.
 */
import fc from "fast-check";
import { keccak256, toUtf8Bytes } from "ethers";
import { invoiceKey } from "../../chain/invoice-key";
import { DAY, ROLE } from "../helpers/ledger";

// ------------------------------------------------------------------------------------------ constants

export const MAX64 = (1n << 64n) - 1n;
const CST = 8 * 3600;
const MAX_RATE_BPS = 10_000;
const MAX_FEE_BPS = 1_000;
const MAX_INVOICES = 16;
const MAX_PIECES = 16;
const MAX_BATCH = 50;
const HARD_MAX_DEPTH = 32;
const HARD_MAX_TERM_DAYS = 365;

export const ACTORS = [
  "operator",
  "regulator",
  "core",
  "core2",
  "bank",
  "bank2",
  "s1",
  "s2",
  "s3",
  "s4",
  "s5",
  "outsider",
] as const;
export type ActorName = (typeof ACTORS)[number];
/** Who may receive vouchers: the suppliers and core2, which is also a supplier of another chain. */
const RECIPIENTS: readonly ActorName[] = ["s1", "s2", "s3", "s4", "s5", "core2"];
/** Who the regulator and the operator act on, most of the time. */
const MEMBERS: readonly ActorName[] = ["core", "core2", "bank", "bank2", "s1", "s2", "s3", "s4", "s5"];

export enum Status {
  None = 0,
  Active = 1,
  Suspended = 2,
  Frozen = 3,
}

export const cstDay = (t: number): number => Math.floor((t + CST) / DAY);
export const isCstMidnight = (t: number): boolean => (t + CST) % DAY === 0;
export const daysBetween = (start: number, maturity: number): number => Math.max(0, cstDay(maturity) - cstDay(start));
/** 00:00 CST, `days` calendar days after the CST date of `now`. */
export const cstMidnightAfter = (now: number, days: number): number => (cstDay(now) + days) * DAY - CST;

export const slotKey = (debtor: string, maturity: number): string => `${debtor}|${maturity}`;
export const pairKey = (a: string, b: string): string => `${a}|${b}`;
export const splitKey = (k: string): [string, string] => k.split("|") as [string, string];

// ------------------------------------------------------------------------------------------ state

export interface Rules {
  maxDepth: number;
  maxTermDays: number;
  minSplit: bigint;
  invoicesRequired: boolean;
  whitelistOnly: boolean;
  banksRestricted: boolean;
  issuanceCoveredByCredit: boolean;
}
export const DEFAULT_RULES: Rules = {
  maxDepth: 5,
  maxTermDays: 180,
  minSplit: 1n,
  invoicesRequired: true,
  whitelistOnly: false,
  banksRestricted: false,
  issuanceCoveredByCredit: true,
};

export interface Participant {
  roles: number;
  registered: boolean;
  suspended: boolean;
  frozen: boolean;
}
/** As stored: `value` stays after redemption (the view then reads it as `redeemedValue`). */
export interface Voucher {
  owner: string;
  value: bigint;
  redeemed: boolean;
  locked: bigint;
  depth: number;
  financed: boolean;
  root: number;
  parent: number;
  debtor: string;
  maturity: number;
}
export interface Line {
  limit: bigint;
  used: bigint;
  expiry: number;
  open: boolean;
}
export interface Invoice {
  seller: string;
  buyer: string;
  amount: bigint;
  used: bigint;
  confirmed: boolean;
}
export interface SlotAccount {
  outstanding: bigint;
  escrowed: bigint;
}
export interface Request {
  holder: string;
  voucherId: number;
  deadline: number;
  bank: string;
  amount: bigint;
  rateBps: number;
  feeBps: number;
}

export interface State {
  now: number;
  participants: Map<string, Participant>;
  rules: Map<string, Rules>;
  whitelist: Set<string>;
  eligibleBanks: Set<string>;
  vouchers: Map<number, Voucher>;
  lastId: number;
  slots: Map<string, SlotAccount>;
  outstanding: Map<string, bigint>;
  lines: Map<string, Line>;
  openLimit: Map<string, bigint>;
  invoices: Map<string, Invoice>;
  requests: Map<number, Request>;
  lastRequestId: number;
  balances: Map<string, bigint>;
  allowances: Map<string, bigint>;
  totalSupply: bigint;
  feeBps: number;
  feeRecipient: string;
  grace: number;
  flagged: Set<string>;
}

/**
 * What a call wrote, or would have written before it reverted: the post-step check reads exactly these back
 * from the chain (the end-of-sequence check reads everything).
 */
export interface Touched {
  participants: Set<string>;
  rules: Set<string>;
  whitelist: Set<string>;
  eligibleBanks: Set<string>;
  vouchers: Set<number>;
  slots: Set<string>;
  outstanding: Set<string>;
  lines: Set<string>;
  openLimit: Set<string>;
  invoices: Set<string>;
  requests: Set<number>;
  balances: Set<string>;
  allowances: Set<string>;
  fee: boolean;
  supply: boolean;
}
export function noneTouched(): Touched {
  return {
    participants: new Set(),
    rules: new Set(),
    whitelist: new Set(),
    eligibleBanks: new Set(),
    vouchers: new Set(),
    slots: new Set(),
    outstanding: new Set(),
    lines: new Set(),
    openLimit: new Set(),
    invoices: new Set(),
    requests: new Set(),
    balances: new Set(),
    allowances: new Set(),
    fee: false,
    supply: false,
  };
}

/** Adds everything in `from` to `into`. */
export function mergeTouched(into: Touched, from: Touched): void {
  for (const key of Object.keys(from) as (keyof Touched)[]) {
    const src = from[key];
    if (typeof src === "boolean") (into[key] as boolean) ||= src;
    else for (const x of src as Set<string | number>) (into[key] as Set<string | number>).add(x);
  }
}

export class Revert extends Error {
  constructor(readonly errorName: string) {
    super(errorName);
  }
}
const revert = (name: string): never => {
  throw new Revert(name);
};

export interface Addresses {
  actors: Record<ActorName, string>;
  settlement: string;
  financing: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

// ------------------------------------------------------------------------------------------ the model

export class LedgerModel {
  /** What calls wrote (or would have, up to their revert) since the executor last reset it. */
  touched: Touched = noneTouched();
  /** What calls read since the executor last reset it: read back after a revert, to show it changed nothing. */
  seen: Touched = noneTouched();
  readonly names = new Map<string, string>();

  constructor(
    public s: State,
    readonly addr: Addresses,
  ) {
    for (const n of ACTORS) this.names.set(addr.actors[n], n);
    this.names.set(addr.settlement, "Settlement");
    this.names.set(addr.financing, "Financing");
  }

  /** Runs one contract call against the model: all or nothing, like a transaction. */
  run<T>(call: () => T): Outcome<T> {
    const saved = structuredClone(this.s);
    try {
      return { ok: true, value: call() };
    } catch (e) {
      if (!(e instanceof Revert)) throw e;
      this.s = saved;
      return { ok: false, error: e.errorName };
    }
  }

  name(a: string): string {
    return this.names.get(a) ?? a;
  }

  // ---------------------------------------------------------------- state accessors (reads are recorded in `seen`)

  private participant(a: string): Participant {
    this.seen.participants.add(a);
    return this.s.participants.get(a) ?? { roles: 0, registered: false, suspended: false, frozen: false };
  }
  statusOf(a: string): Status {
    const p = this.s.participants.get(a);
    if (!p?.registered) return Status.None;
    if (p.frozen) return Status.Frozen;
    if (p.suspended) return Status.Suspended;
    return Status.Active;
  }
  private requireActive(a: string, role: number): void {
    const p = this.participant(a);
    if (this.statusOf(a) !== Status.Active) revert("ParticipantsNotActive");
    if ((p.roles & role) !== role) revert("ParticipantsMissingRole");
  }
  private isActiveAs(a: string, role: number): boolean {
    const p = this.participant(a);
    return this.statusOf(a) === Status.Active && (p.roles & role) === role;
  }

  rulesOf(core: string): Rules {
    this.seen.rules.add(core);
    // The platform bounds are the contract's defaults (hard limits) and never change here, so clamping is moot.
    return this.s.rules.get(core) ?? DEFAULT_RULES;
  }
  mayReceive(core: string, supplier: string): boolean {
    return !this.rulesOf(core).whitelistOnly || this.s.whitelist.has(pairKey(core, supplier));
  }
  mayFinance(core: string, bank: string): boolean {
    return !this.rulesOf(core).banksRestricted || this.s.eligibleBanks.has(pairKey(core, bank));
  }

  private existing(id: number): Voucher {
    this.seen.vouchers.add(id);
    const v = this.s.vouchers.get(id);
    if (!v) return revert("VouchersNotFound");
    return v;
  }
  private slot(debtor: string, maturity: number): SlotAccount {
    const k = slotKey(debtor, maturity);
    this.seen.slots.add(k);
    let acct = this.s.slots.get(k);
    if (!acct) {
      acct = { outstanding: 0n, escrowed: 0n };
      this.s.slots.set(k, acct);
    }
    return acct;
  }
  private line(bank: string, core: string): Line {
    const k = pairKey(bank, core);
    this.seen.lines.add(k);
    let l = this.s.lines.get(k);
    if (!l) {
      l = { limit: 0n, used: 0n, expiry: 0, open: false };
      this.s.lines.set(k, l);
    }
    return l;
  }
  private addOpenLimit(core: string, delta: bigint): void {
    this.touched.openLimit.add(core);
    this.s.openLimit.set(core, (this.s.openLimit.get(core) ?? 0n) + delta);
  }
  private addOutstanding(debtor: string, delta: bigint): void {
    this.touched.outstanding.add(debtor);
    this.s.outstanding.set(debtor, (this.s.outstanding.get(debtor) ?? 0n) + delta);
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

  // ---------------------------------------------------------------- Participants

  freeze(sender: string, account: string, frozen: boolean): void {
    this.requireActive(sender, ROLE.REGULATOR);
    const p = this.participant(account);
    if (!p.registered) revert("ParticipantsNotRegistered");
    if (p.frozen === frozen) revert("ParticipantsStatusUnchanged");
    if (account === sender) revert("ParticipantsSelfLockout");
    this.touched.participants.add(account);
    this.s.participants.set(account, { ...p, frozen });
  }

  suspend(sender: string, account: string, suspended: boolean): void {
    this.requireActive(sender, ROLE.OPERATOR);
    const p = this.participant(account);
    if (!p.registered) revert("ParticipantsNotRegistered");
    if (p.suspended === suspended) revert("ParticipantsStatusUnchanged");
    if (account === sender) revert("ParticipantsSelfLockout");
    this.touched.participants.add(account);
    this.s.participants.set(account, { ...p, suspended });
  }

  // ---------------------------------------------------------------- CreditPassingRules

  setRules(sender: string, r: Rules): void {
    this.requireActive(sender, ROLE.CORE);
    if (r.maxDepth === 0 || r.maxDepth > HARD_MAX_DEPTH) revert("CreditPassingRulesOutOfBounds");
    if (r.maxTermDays === 0 || r.maxTermDays > HARD_MAX_TERM_DAYS) revert("CreditPassingRulesOutOfBounds");
    if (r.minSplit < 1n) revert("CreditPassingRulesOutOfBounds");
    this.touched.rules.add(sender);
    this.s.rules.set(sender, { ...r });
  }

  setWhitelisted(sender: string, suppliers: string[], listed: boolean): void {
    this.requireActive(sender, ROLE.CORE);
    for (const s of suppliers) {
      const k = pairKey(sender, s);
      this.touched.whitelist.add(k);
      if (listed) this.s.whitelist.add(k);
      else this.s.whitelist.delete(k);
    }
  }

  setEligibleBanks(sender: string, banks: string[], eligible: boolean): void {
    this.requireActive(sender, ROLE.CORE);
    for (const b of banks) {
      const k = pairKey(sender, b);
      this.touched.eligibleBanks.add(k);
      if (eligible) this.s.eligibleBanks.add(k);
      else this.s.eligibleBanks.delete(k);
    }
  }

  // ---------------------------------------------------------------- CreditLines

  private requireTerms(limit: bigint, expiry: number, used: bigint): void {
    if (limit === 0n || limit < used) revert("CreditLinesLimitBelowUsed");
    if (expiry <= this.s.now) revert("CreditLinesExpiryInPast");
  }
  private openLine(bank: string, core: string): Line {
    const l = this.line(bank, core);
    if (!l.open) revert("CreditLinesNotFound");
    return l;
  }
  private usableLine(bank: string, core: string, amount: bigint): Line {
    const l = this.openLine(bank, core);
    if (this.s.now >= l.expiry) revert("CreditLinesExpired");
    if (amount > l.limit - l.used) revert("CreditLinesExceeded");
    return l;
  }

  grant(sender: string, core: string, limit: bigint, expiry: number): void {
    this.requireActive(sender, ROLE.BANK);
    this.requireActive(core, ROLE.CORE);
    const l = this.line(sender, core);
    if (l.open) revert("CreditLinesAlreadyOpen");
    this.requireTerms(limit, expiry, l.used);
    this.touched.lines.add(pairKey(sender, core));
    Object.assign(l, { limit, expiry, open: true });
    this.addOpenLimit(core, limit);
  }

  amend(sender: string, core: string, limit: bigint, expiry: number): void {
    this.requireActive(sender, ROLE.BANK);
    const l = this.openLine(sender, core);
    this.requireTerms(limit, expiry, l.used);
    this.touched.lines.add(pairKey(sender, core));
    this.addOpenLimit(core, limit - l.limit);
    Object.assign(l, { limit, expiry });
  }

  close(sender: string, core: string): void {
    this.requireActive(sender, ROLE.BANK);
    this.closeLine(sender, core);
  }

  closeExpired(bank: string, core: string): void {
    const l = this.openLine(bank, core);
    if (this.s.now < l.expiry) revert("CreditLinesNotExpired");
    this.closeLine(bank, core);
  }

  private closeLine(bank: string, core: string): void {
    const l = this.openLine(bank, core);
    this.touched.lines.add(pairKey(bank, core));
    l.open = false;
    this.addOpenLimit(core, -l.limit);
  }

  // ---------------------------------------------------------------- Invoices

  registerInvoice(sender: string, key: string, buyer: string, amount: bigint): void {
    this.requireActive(sender, ROLE.SUPPLIER);
    this.requireActive(buyer, 0);
    if (amount === 0n || buyer === sender) revert("InvoicesInvalid");
    this.seen.invoices.add(key);
    if (this.s.invoices.has(key)) revert("InvoicesAlreadyRegistered");
    this.touched.invoices.add(key);
    this.s.invoices.set(key, { seller: sender, buyer, amount, used: 0n, confirmed: false });
  }

  private existingInvoice(key: string): Invoice {
    this.seen.invoices.add(key);
    const inv = this.s.invoices.get(key);
    if (!inv) return revert("InvoicesNotFound");
    return inv;
  }

  confirmInvoice(sender: string, key: string): void {
    const inv = this.existingInvoice(key);
    if (inv.buyer !== sender) revert("InvoicesNotBuyer");
    this.requireActive(sender, 0);
    if (inv.confirmed) revert("InvoicesAlreadyConfirmed");
    this.touched.invoices.add(key);
    inv.confirmed = true;
  }

  private consume(keys: string[], seller: string, buyer: string, amount: bigint): void {
    let remaining = amount;
    for (const key of keys) {
      const inv = this.existingInvoice(key);
      if (!inv.confirmed) revert("InvoicesNotConfirmed");
      if (inv.seller !== seller || inv.buyer !== buyer) revert("InvoicesPartyMismatch");
      const free = inv.amount - inv.used;
      const take = free < remaining ? free : remaining;
      if (take === 0n) revert("InvoicesExhausted");
      this.touched.invoices.add(key);
      inv.used += take;
      remaining -= take;
    }
    if (remaining !== 0n) revert("InvoicesInsufficient");
  }

  // ---------------------------------------------------------------- Vouchers

  private requirePiece(amount: bigint, minSplit: bigint): void {
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
    if (r.whitelistOnly && !this.mayReceive(debtor, to)) revert("VouchersRecipientNotAllowed");
  }
  private requireMaturity(maturity: number, maxTermDays: number): void {
    if (!isCstMidnight(maturity) || maturity <= this.s.now) revert("VouchersInvalidMaturity");
    if (daysBetween(this.s.now, maturity) > maxTermDays) revert("VouchersInvalidMaturity");
  }
  private requireInvoiceCount(count: number, required: boolean): void {
    if (count > MAX_INVOICES) revert("VouchersTooMany");
    if (required && count === 0) revert("VouchersInvoicesRequired");
  }
  private liveSlot(v: Voucher): void {
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
  private mintPiece(parentId: number, parent: Voucher, owner: string, amount: bigint, depth: number, financed: boolean): number {
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
    this.requireActive(sender, ROLE.CORE);
    this.requireActive(supplier, ROLE.SUPPLIER);
    const r = this.rulesOf(sender);
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
    if (keys.length !== 0) this.consume(keys, supplier, sender, amount);
    return id;
  }

  splitTransfer(sender: string, id: number, to: string, amount: bigint, keys: string[]): number {
    const v = this.held(id, sender);
    this.requireActive(sender, ROLE.SUPPLIER);
    this.requireActive(to, ROLE.SUPPLIER);
    if (v.financed) revert("VouchersFinanced");
    this.liveSlot(v);
    const r = this.rulesOf(v.debtor);
    this.requireRecipient(v.debtor, to, sender, r);
    const depth = v.depth + 1;
    if (depth > r.maxDepth) revert("VouchersDepthExceeded");
    this.requirePiece(amount, r.minSplit);
    this.requireCut(v, amount, r.minSplit, false);
    this.requireInvoiceCount(keys.length, r.invoicesRequired);
    const newId = this.mintPiece(id, v, to, amount, depth, false);
    if (keys.length !== 0) this.consume(keys, to, sender, amount);
    return newId;
  }

  split(sender: string, id: number, amounts: bigint[]): number[] {
    const v = this.held(id, sender);
    this.requireActive(sender, 0);
    const n = amounts.length;
    if (n === 0 || n > MAX_PIECES) revert("VouchersTooMany");
    this.liveSlot(v);
    const minSplit = this.rulesOf(v.debtor).minSplit;
    // Summed in uint256: pieces adding up past 2^64 are "more than the value", not an overflow.
    let total = 0n;
    for (const a of amounts) {
      this.requirePiece(a, minSplit);
      total += a;
    }
    this.requireCut(v, total, minSplit, true);
    return amounts.map((a) => this.mintPiece(id, v, sender, a, v.depth, v.financed));
  }

  // ---------------------------------------------------------------- Financing

  private quote(amount: bigint, rateBps: number, feeBps: number, maturity: number, at: number) {
    const days = BigInt(daysBetween(at, maturity));
    const interest = (amount * BigInt(rateBps) * days + 1_800_000n) / 3_600_000n;
    const fee = (amount * BigInt(feeBps) + 5_000n) / 10_000n;
    if (interest + fee >= amount) revert("FinancingNoProceeds");
    return { days, interest, fee, net: amount - interest - fee };
  }

  /** ERC20._update as the modules call it through `settle`: no participant checks. */
  private settle(from: string, to: string, amount: bigint): void {
    const bal = this.balanceOf(from);
    if (bal < amount) revert("ERC20InsufficientBalance");
    this.setBalance(from, bal - amount);
    this.setBalance(to, this.balanceOf(to) + amount);
  }

  request(sender: string, voucherId: number, amount: bigint, bank: string, rateBps: number, deadline: number): number {
    this.requireActive(sender, ROLE.SUPPLIER);
    this.requireActive(bank, ROLE.BANK);
    if (rateBps === 0 || rateBps > MAX_RATE_BPS) revert("FinancingInvalidRate");
    // Vouchers.lock
    const v = this.existing(voucherId);
    if (v.owner !== sender) revert("VouchersNotHolder");
    if (v.financed) revert("VouchersFinanced");
    this.liveSlot(v);
    // A financing sale creates a piece like any split: the program's minimum applies to it and to the rest.
    const minSplit = this.rulesOf(v.debtor).minSplit;
    this.requirePiece(amount, minSplit);
    const free = v.value - v.locked;
    if (amount > free) revert("VouchersInsufficientValue");
    const rest = v.value - amount;
    if (rest !== 0n && rest < minSplit) revert("VouchersInvalidAmount");
    this.touched.vouchers.add(voucherId);
    v.locked += amount;
    // back in Financing
    if (deadline <= this.s.now || deadline >= v.maturity) revert("FinancingInvalidDeadline");
    if (!this.mayFinance(v.debtor, bank)) revert("FinancingBankNotEligible");
    this.usableLine(bank, v.debtor, amount);
    const feeBps = this.s.feeBps;
    this.quote(amount, rateBps, feeBps, v.maturity, this.s.now);
    const id = ++this.s.lastRequestId;
    this.touched.requests.add(id);
    this.s.requests.set(id, { holder: sender, voucherId, deadline, bank, amount, rateBps, feeBps });
    return id;
  }

  private pending(requestId: number): Request {
    this.seen.requests.add(requestId);
    const r = this.s.requests.get(requestId);
    if (!r) return revert("FinancingNotPending");
    return r;
  }

  execute(sender: string, requestId: number): number {
    const r = this.pending(requestId);
    if (sender !== r.bank) revert("FinancingNotBank");
    if (this.s.now > r.deadline) revert("FinancingExpired");
    this.requireActive(sender, ROLE.BANK);
    this.requireActive(r.holder, ROLE.SUPPLIER);
    this.touched.requests.add(requestId);
    this.s.requests.delete(requestId);
    // Vouchers.deliverFinanced
    const v = this.existing(r.voucherId);
    this.touched.vouchers.add(r.voucherId);
    v.locked -= r.amount;
    let pieceId: number;
    if (r.amount === v.value) {
      v.owner = sender;
      v.financed = true;
      pieceId = r.voucherId;
    } else {
      pieceId = this.mintPiece(r.voucherId, v, sender, r.amount, v.depth, true);
    }
    // The program may have dropped this bank since the request.
    if (!this.mayFinance(v.debtor, sender)) revert("FinancingBankNotEligible");
    // CreditLines.use
    this.usableLine(sender, v.debtor, r.amount).used += r.amount;
    this.touched.lines.add(pairKey(sender, v.debtor));
    const q = this.quote(r.amount, r.rateBps, r.feeBps, v.maturity, this.s.now);
    this.settle(sender, r.holder, q.net);
    if (q.fee !== 0n) this.settle(sender, this.s.feeRecipient, q.fee);
    return pieceId;
  }

  private closeRequest(requestId: number, r: Request): void {
    this.touched.requests.add(requestId);
    this.touched.vouchers.add(r.voucherId);
    this.s.requests.delete(requestId);
    this.existing(r.voucherId).locked -= r.amount;
  }

  decline(sender: string, requestId: number): void {
    const r = this.pending(requestId);
    if (sender !== r.bank) revert("FinancingNotBank");
    this.closeRequest(requestId, r);
  }

  cancel(sender: string, requestId: number): void {
    const r = this.pending(requestId);
    if (sender !== r.holder) revert("FinancingNotHolder");
    this.closeRequest(requestId, r);
  }

  release(requestId: number): void {
    const r = this.pending(requestId);
    if (this.s.now <= r.deadline) revert("FinancingNotExpired");
    this.closeRequest(requestId, r);
  }

  setFee(sender: string, feeBps: number, recipient: string): void {
    this.requireActive(sender, ROLE.OPERATOR);
    if (feeBps > MAX_FEE_BPS || !this.isActiveAs(recipient, ROLE.OPERATOR)) revert("FinancingInvalidFee");
    this.touched.fee = true;
    this.s.feeBps = feeBps;
    this.s.feeRecipient = recipient;
  }

  // ---------------------------------------------------------------- Settlement

  fund(sender: string, maturity: number): bigint {
    this.requireActive(sender, ROLE.CORE);
    const acct = this.slot(sender, maturity);
    if (acct.escrowed >= acct.outstanding) revert("SettlementNothingToFund");
    const shortfall = acct.outstanding - acct.escrowed;
    this.touched.slots.add(slotKey(sender, maturity));
    this.settle(sender, this.addr.settlement, shortfall);
    acct.escrowed += shortfall;
    return shortfall;
  }

  redeem(id: number): void {
    // Vouchers.redeem
    const v = this.existing(id);
    if (v.value === 0n || v.redeemed) revert("VouchersNothingToRedeem");
    if (v.locked !== 0n) revert("VouchersLocked");
    if (this.s.now < v.maturity) revert("VouchersNotMatured");
    const acct = this.slot(v.debtor, v.maturity);
    if (acct.escrowed < acct.outstanding) revert("VouchersSlotUnfunded");
    this.requireActive(v.owner, 0);
    this.touched.vouchers.add(id);
    this.touched.slots.add(slotKey(v.debtor, v.maturity));
    v.redeemed = true;
    acct.outstanding -= v.value;
    acct.escrowed -= v.value;
    this.addOutstanding(v.debtor, -v.value);
    // back in Settlement
    this.settle(this.addr.settlement, v.owner, v.value);
    if (v.financed) {
      const l = this.line(v.owner, v.debtor);
      this.touched.lines.add(pairKey(v.owner, v.debtor));
      l.used -= v.value;
      if (l.used < 0n) revert("Panic");
    }
  }

  redeemBatch(ids: number[]): void {
    if (ids.length === 0 || ids.length > MAX_BATCH) revert("SettlementBatchSize");
    for (const id of ids) this.redeem(id);
  }

  isOverdue(debtor: string, maturity: number): boolean {
    if (this.s.now < maturity + this.s.grace) return false;
    const acct = this.slot(debtor, maturity);
    return acct.escrowed < acct.outstanding;
  }

  flagOverdue(debtor: string, maturity: number): void {
    const k = slotKey(debtor, maturity);
    this.seen.slots.add(k);
    if (this.s.flagged.has(k) || !this.isOverdue(debtor, maturity)) revert("SettlementNotOverdue");
    this.s.flagged.add(k);
  }

  // ---------------------------------------------------------------- SettlementCash

  /**
   * SettlementCash._update, then ERC20._update: both sides must be active participants, so nothing reaches the
   * modules' addresses outside `settle`.
   */
  private cashUpdate(from: string | null, to: string | null, amount: bigint): void {
    if (from !== null) this.requireActive(from, 0);
    if (to !== null) this.requireActive(to, 0);
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
    this.requireActive(sender, ROLE.BANK);
    if (amount === 0n) revert("SettlementCashZeroAmount");
    this.cashUpdate(null, to, amount);
  }

  burn(sender: string, from: string, amount: bigint): void {
    this.requireActive(sender, ROLE.BANK);
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

// ------------------------------------------------------------------------------------------ operations

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

let invoiceSerial = 0;
function freshKey(): string {
  invoiceSerial += 1;
  return invoiceKey({ kind: "digital", number: `9${String(invoiceSerial).padStart(19, "0")}` });
}

const fen = (x: bigint): string => {
  if (x === MAX64) return "MAX64";
  const s = x.toString();
  return s.length > 2 ? `${s.slice(0, -2)}.${s.slice(-2)}` : `0.${s.padStart(2, "0")}`;
};
export { fen as formatFen };

const big = (n: number): bigint => BigInt(n >>> 0);
const div = (n: number, by: number): number => Math.floor(n / by);

/** Interprets descriptors against a model and an executor. */
export class Interpreter {
  constructor(
    private readonly m: LedgerModel,
    private readonly x: Executor,
  ) {}

  private get s(): State {
    return this.m.s;
  }
  private a(name: ActorName): string {
    return this.m.addr.actors[name];
  }
  private anyActor(n: number): string {
    return this.a(ACTORS[n % ACTORS.length]!);
  }
  /** Mostly `right`, sometimes anyone. */
  private rightOr(n: number, right: string): string {
    return n % 10 < 8 ? right : this.anyActor(div(n, 10));
  }
  /** Anyone, and now and then a module's address, which only `settle` may pay. */
  private cashParty(n: number): string {
    if (n % 25 === 24) return this.m.addr.settlement;
    if (n % 25 === 23) return this.m.addr.financing;
    return this.anyActor(div(n, 25));
  }
  private oneOf<T>(xs: readonly T[], n: number): T {
    return xs[n % xs.length]!;
  }
  private n(x: string | number | bigint): string {
    if (typeof x === "string") return this.m.name(x);
    if (typeof x === "bigint") return fen(x);
    return String(x);
  }
  /** A time as the CST calendar day counted from the sequence's first day, and the CST clock time. */
  private when(t: number): string {
    const day = cstDay(t) - cstDay(this.start);
    const secs = (((t + CST) % DAY) + DAY) % DAY;
    const hh = String(Math.floor(secs / 3600)).padStart(2, "0");
    const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, "0");
    const ss = secs % 60 ? `:${String(secs % 60).padStart(2, "0")}` : "";
    return `day ${day} ${hh}:${mm}${ss}`;
  }
  start = 0;

  private vouchers(pred: (v: Voucher) => boolean): number[] {
    return [...this.s.vouchers.entries()].filter(([, v]) => pred(v)).map(([id]) => id);
  }
  /** Mostly a voucher that fits `pred`; sometimes any voucher; sometimes one that does not exist. */
  private pickVoucher(n: number, pred: (v: Voucher) => boolean): number {
    const mode = n % 10;
    const r = div(n, 10);
    if (mode < 8) {
      const good = this.vouchers(pred);
      if (good.length) return this.oneOf(good, r);
    }
    const all = [...this.s.vouchers.keys()];
    if (mode < 9 && all.length) return this.oneOf(all, r);
    return r % 2 === 0 ? this.s.lastId + 1 : 0;
  }
  private live = (v: Voucher): boolean => !v.redeemed && v.value > v.locked && this.s.now < v.maturity;

  /** An amount against a voucher: mostly a share of its free value, sometimes all of it, too much or nothing. */
  private amountOf(n: number, free: bigint, value: bigint): bigint {
    const mode = n % 20;
    const r = div(n, 20);
    if (mode < 10) {
      const share = (free * big(1 + (r % 100))) / 100n;
      return share > 0n ? share : 1n;
    }
    if (mode < 13) return free;
    if (mode === 13) return free / 2n;
    if (mode === 14) return free + 1n;
    if (mode === 15) return 0n;
    if (mode === 16) return 1n;
    if (mode === 17) return value;
    if (mode === 18) return free - 1n > 0n ? free - 1n : 1n;
    return MAX64;
  }

  private maturities(debtor?: string): number[] {
    const out = new Set<number>();
    for (const k of this.s.slots.keys()) {
      const [d, m] = splitKey(k);
      if (!debtor || d === debtor) out.add(Number(m));
    }
    return [...out].sort((x, y) => x - y);
  }
  /** Mostly a maturity already in use (so that slots fill up) or a fresh valid one; now and then an invalid one. */
  private pickMaturity(n: number, debtor?: string): number {
    const mode = n % 20;
    const r = div(n, 20);
    const all = this.maturities(debtor);
    const ahead = all.filter((t) => t > this.s.now);
    if (mode < 8 && ahead.length) return this.oneOf(ahead, r);
    if (mode < 9 && all.length) return this.oneOf(all, r);
    if (mode < 18) return cstMidnightAfter(this.s.now, this.oneOf([1, 7, 30, 90, 180], r));
    if (mode === 18) return cstMidnightAfter(this.s.now, this.oneOf([181, 0, 366, -1], r));
    return cstMidnightAfter(this.s.now, 30) + 3600;
  }

  private pickRequest(n: number, pred: (r: Request) => boolean = () => true): number {
    const mode = n % 10;
    const r = div(n, 10);
    const pending = [...this.s.requests.entries()].filter(([, q]) => pred(q)).map(([id]) => id);
    if (mode < 8 && pending.length) return this.oneOf(pending, r);
    const any = [...this.s.requests.keys()];
    if (mode < 9 && any.length) return this.oneOf(any, r);
    return r % 2 === 0 || this.s.lastRequestId === 0 ? this.s.lastRequestId + 1 : 1 + (r % this.s.lastRequestId);
  }

  // ---------------------------------------------------------------- invoices

  private async invoice(seller: string, buyer: string, amount: bigint, confirm: boolean): Promise<string> {
    const key = freshKey();
    const amt = amount > MAX64 ? MAX64 : amount < 0n ? 0n : amount;
    const commitment = keccak256(toUtf8Bytes(key));
    await this.x.tx(
      `${this.n(seller)} Invoices.register(inv…${key.slice(-4)}, buyer ${this.n(buyer)}, ${this.n(amt)})`,
      seller,
      "Invoices",
      "register",
      [key, buyer, amt, commitment],
      () => this.m.registerInvoice(seller, key, buyer, amt),
    );
    if (confirm) {
      await this.x.tx(`${this.n(buyer)} Invoices.confirm(inv…${key.slice(-4)})`, buyer, "Invoices", "confirm", [key], () =>
        this.m.confirmInvoice(buyer, key),
      );
    }
    return key;
  }

  /** The invoices offered with an issue or transfer from `seller` (the recipient) to `buyer` (the payer). */
  private async invoicesFor(n: number, seller: string, buyer: string, amount: bigint): Promise<string[]> {
    const mode = n % 12;
    const r = div(n, 12);
    const known = [...this.s.invoices.keys()];
    switch (mode) {
      case 5:
        return [await this.invoice(seller, buyer, amount * 2n, true)];
      case 6: {
        const half = amount / 2n;
        if (half === 0n) return [await this.invoice(seller, buyer, amount, true)];
        return [await this.invoice(seller, buyer, amount - half, true), await this.invoice(seller, buyer, half, true)];
      }
      case 7:
        if (known.length) return [this.oneOf(known, r)];
        return [await this.invoice(seller, buyer, amount, true)];
      case 8:
        return [await this.invoice(seller, buyer, amount, false)];
      case 9:
        return [await this.invoice(seller, buyer, amount - 1n, true)];
      case 10:
        return [];
      case 11: {
        const k = await this.invoice(seller, buyer, amount, true);
        return [k, k];
      }
      default:
        return [await this.invoice(seller, buyer, amount, true)];
    }
  }
  private keys(keys: string[]): string {
    return `[${keys.map((k) => `inv…${k.slice(-4)}`).join(", ")}]`;
  }

  // ---------------------------------------------------------------- one step

  /**
   * Early in a sequence there is nothing to pass on or finance: rather than spend most steps failing on
   * missing vouchers (which the bogus-id choices still cover), issue one, or request financing.
   */
  private redirect(k: Kind): Kind {
    const anyLive = [...this.s.vouchers.values()].some((v) => this.live(v));
    if ((k === "transfer" || k === "split" || k === "request") && !anyLive) return "issue";
    if ((k === "execute" || k === "decline" || k === "cancel") && this.s.requests.size === 0 && anyLive) return "request";
    if ((k === "redeem" || k === "redeemBatch") && this.s.vouchers.size > 0) {
      const matured = [...this.s.vouchers.values()].some((v) => v.maturity <= this.s.now);
      if (!matured && this.s.vouchers.size % 2 === 0) return "time";
    }
    return k;
  }

  async step(op: Op): Promise<void> {
    const [n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0] = op.n;
    const m = this.m;
    const s = this.s;
    const k = this.redirect(op.k);
    switch (k) {
      case "noop":
        return;

      case "issue": {
        const sender = n0 % 20 < 17 ? this.a("core") : n0 % 20 < 18 ? this.a("core2") : this.anyActor(div(n0, 20));
        const supplier = n1 % 10 < 9 ? this.a(this.oneOf(RECIPIENTS, div(n1, 10))) : this.anyActor(div(n1, 10));
        const amount = this.issueAmount(n2, sender);
        const maturity = this.pickMaturity(n3);
        const keys = await this.invoicesFor(n4, supplier, sender, amount);
        await this.x.tx(
          `${this.n(sender)} Vouchers.issue(${this.n(supplier)}, ${this.n(amount)}, ${this.when(maturity)}, ${this.keys(keys)})`,
          sender,
          "Vouchers",
          "issue",
          [supplier, amount, maturity, keys],
          () => m.issue(sender, supplier, amount, maturity, keys),
        );
        return;
      }

      case "transfer": {
        // A quarter of the time, the deepest voucher that can move: chains reach the program's maximum depth.
        const movable = this.vouchers((v) => this.live(v) && !v.financed);
        const deepest = movable.sort((x, y) => s.vouchers.get(y)!.depth - s.vouchers.get(x)!.depth)[0];
        const id = div(n0, 10) % 4 === 1 && deepest !== undefined ? deepest : this.pickVoucher(n0, (v) => this.live(v) && !v.financed);
        const v = s.vouchers.get(id);
        const sender = this.rightOr(n1, v?.owner ?? this.a("s1"));
        const to = n2 % 10 < 8 ? this.a(this.oneOf(RECIPIENTS, div(n2, 10))) : this.anyActor(div(n2, 10));
        const amount = this.amountOf(n3, v ? v.value - v.locked : 1000n, v?.value ?? 1000n);
        const keys = await this.invoicesFor(n4, to, sender, amount);
        await this.x.tx(
          `${this.n(sender)} Vouchers.splitTransfer(#${id}, ${this.n(to)}, ${this.n(amount)}, ${this.keys(keys)})`,
          sender,
          "Vouchers",
          "splitTransfer",
          [id, to, amount, keys],
          () => m.splitTransfer(sender, id, to, amount, keys),
        );
        return;
      }

      case "split": {
        const id = this.pickVoucher(n0, this.live);
        const v = s.vouchers.get(id);
        const sender = this.rightOr(n1, v?.owner ?? this.a("s1"));
        const free = v ? v.value - v.locked : 1000n;
        const mode = n3 % 10;
        let amounts: bigint[];
        if (mode < 7) {
          const count = 1 + (n2 % 3);
          const each = (free * big(1 + (div(n3, 10) % 100))) / 100n / big(count + 1);
          amounts = Array.from({ length: count }, () => (each > 0n ? each : 1n));
        } else if (mode === 7) amounts = [free];
        else if (mode === 8) amounts = n2 % 2 === 0 ? [] : Array.from({ length: 17 }, () => 1n);
        else amounts = n2 % 2 === 0 ? [MAX64, 1n] : [1n, 0n];
        await this.x.tx(
          `${this.n(sender)} Vouchers.split(#${id}, [${amounts.map(fen).join(", ")}])`,
          sender,
          "Vouchers",
          "split",
          [id, amounts],
          () => m.split(sender, id, amounts),
        );
        return;
      }

      case "request": {
        const id = this.pickVoucher(n0, (v) => this.live(v) && !v.financed);
        const v = s.vouchers.get(id);
        const sender = this.rightOr(n1, v?.owner ?? this.a("s1"));
        const amount = this.amountOf(n2, v ? v.value - v.locked : 1000n, v?.value ?? 1000n);
        const bank = n3 % 10 < 5 ? this.a("bank") : n3 % 10 < 9 ? this.a("bank2") : this.anyActor(div(n3, 10));
        const rate = n4 % 10 < 8 ? 100 + (div(n4, 10) % 1900) : n4 % 10 === 8 ? this.oneOf([0, 10_001], div(n4, 10)) : 10_000;
        const maturity = v?.maturity ?? s.now + 30 * DAY;
        const deadline = Math.max(
          0,
          this.oneOf(
            [s.now + 3600, s.now + DAY, s.now + 3 * DAY, maturity - 1, s.now + 1, cstMidnightAfter(s.now, 1), s.now + 3600, s.now + DAY, s.now + 10 * DAY, maturity, s.now],
            n5,
          ),
        );
        await this.x.tx(
          `${this.n(sender)} Financing.request(#${id}, ${this.n(amount)}, ${this.n(bank)}, ${rate}bps, deadline ${this.when(deadline)})`,
          sender,
          "Financing",
          "request",
          [id, amount, bank, rate, deadline],
          () => m.request(sender, id, amount, bank, rate, deadline),
        );
        return;
      }

      case "execute":
      case "decline":
      case "cancel": {
        const rid = this.pickRequest(n0);
        const q = s.requests.get(rid);
        const right = k === "cancel" ? q?.holder : q?.bank;
        const sender = this.rightOr(n1, right ?? this.a("bank"));
        const fn = k;
        await this.x.tx(`${this.n(sender)} Financing.${fn}(req ${rid})`, sender, "Financing", fn, [rid], () => {
          if (fn === "execute") return m.execute(sender, rid);
          if (fn === "decline") return m.decline(sender, rid);
          return m.cancel(sender, rid);
        });
        return;
      }

      case "release": {
        const rid = this.pickRequest(n0, (q) => q.deadline < s.now);
        const sender = this.anyActor(n1);
        await this.x.tx(`${this.n(sender)} Financing.release(req ${rid})`, sender, "Financing", "release", [rid], () =>
          m.release(rid),
        );
        return;
      }

      case "fund": {
        const sender = n0 % 10 < 8 ? this.a("core") : n0 % 10 === 8 ? this.a("core2") : this.anyActor(div(n0, 10));
        const short = [...s.slots.entries()]
          .filter(([k, a]) => splitKey(k)[0] === sender && a.escrowed < a.outstanding)
          .map(([k]) => Number(splitKey(k)[1]));
        const maturity = n1 % 10 < 7 && short.length ? this.oneOf(short, div(n1, 10)) : this.pickMaturity(div(n1, 10), sender);
        await this.x.tx(`${this.n(sender)} Settlement.fund(${this.when(maturity)})`, sender, "Settlement", "fund", [maturity], () =>
          m.fund(sender, maturity),
        );
        return;
      }

      case "time": {
        const mode = n0 % 10;
        const r = div(n0, 10);
        const future = this.maturities().filter((t) => t > s.now);
        const deadlines = [...s.requests.values()].map((q) => q.deadline).filter((t) => t >= s.now);
        let target: number;
        if (mode === 0) target = s.now + 1 + (r % 7200);
        else if (mode === 1) target = s.now + DAY;
        else if (mode === 2) target = s.now + (1 + (r % 30)) * DAY;
        else if (mode <= 5) target = future.length ? this.oneOf(future, r) : s.now + DAY;
        else if (mode === 6) target = future.length ? this.oneOf(future, r) + s.grace + 1 : s.now + 7 * DAY;
        else if (mode === 7) target = deadlines.length ? this.oneOf(deadlines, r) : s.now + 3600;
        else if (mode === 8) target = deadlines.length ? this.oneOf(deadlines, r) + 1 : s.now + 3600;
        else target = future.length ? this.oneOf(future, r) - 1 : s.now + 60;
        if (target < s.now) target = s.now + 1;
        s.now = target;
        this.x.note(`time → ${this.when(target)}`);
        return;
      }

      case "redeem": {
        const id = this.pickVoucher(n0, (v) => !v.redeemed && v.value > 0n && v.maturity <= s.now);
        const sender = this.anyActor(n1);
        await this.x.tx(`${this.n(sender)} Settlement.redeem(#${id})`, sender, "Settlement", "redeem", [id], () => m.redeem(id));
        return;
      }

      case "redeemBatch": {
        const mode = n0 % 10;
        const r = div(n0, 10);
        let ids: number[];
        if (mode < 7) {
          const slots = this.maturities().filter((t) => t <= s.now);
          const t = slots.length ? this.oneOf(slots, r) : this.oneOf(this.maturities().concat([0]), r);
          ids = this.vouchers((v) => v.maturity === t && !v.redeemed && v.value > 0n);
          if (ids.length === 0) ids = [this.pickVoucher(r, () => true)];
        } else if (mode === 7) ids = [];
        else if (mode === 8) ids = Array.from({ length: 2 + (r % 3) }, (_, i) => this.pickVoucher(div(r, 3 + i), () => true));
        else ids = Array.from({ length: 51 }, () => 1);
        const sender = this.anyActor(n1);
        await this.x.tx(
          `${this.n(sender)} Settlement.redeemBatch([${ids.map((i) => `#${i}`).join(", ")}])`,
          sender,
          "Settlement",
          "redeemBatch",
          [ids],
          () => m.redeemBatch(ids),
        );
        return;
      }

      case "freeze":
      case "unfreeze":
      case "suspend":
      case "reinstate": {
        const byRegulator = k === "freeze" || k === "unfreeze";
        const lifting = k === "unfreeze" || k === "reinstate";
        const sender = n0 % 10 < 8 ? this.a(byRegulator ? "regulator" : "operator") : this.anyActor(div(n0, 10));
        const flagged = ACTORS.filter((n) => {
          const p = s.participants.get(this.a(n));
          return p && (byRegulator ? p.frozen : p.suspended);
        });
        let target: string;
        if (lifting && n1 % 10 < 8 && flagged.length) target = this.a(this.oneOf(flagged, div(n1, 10)));
        else if (n1 % 10 < 8) target = this.a(this.oneOf(MEMBERS, div(n1, 10)));
        else target = this.anyActor(div(n1, 10));
        const fn = k;
        await this.x.tx(`${this.n(sender)} Participants.${fn}(${this.n(target)})`, sender, "Participants", fn, [target], () =>
          byRegulator ? m.freeze(sender, target, !lifting) : m.suspend(sender, target, !lifting),
        );
        return;
      }

      case "mint":
      case "burn": {
        const sender = n0 % 10 < 7 ? this.a(this.oneOf(["bank", "bank2"] as const, div(n0, 10))) : this.anyActor(div(n0, 10));
        const other = k === "burn" && n1 % 10 < 6 ? sender : this.cashParty(n1);
        const bal = s.balances.get(other) ?? 0n;
        const amount = n2 % 10 === 0 ? 0n : n2 % 10 === 1 ? bal + 1n : n2 % 10 === 2 ? bal : 1n + (big(div(n2, 10)) % 1_000_000_000n);
        const fn = k === "mint" ? "mint" : "burn";
        await this.x.tx(
          `${this.n(sender)} SettlementCash.${fn}(${this.n(other)}, ${this.n(amount)})`,
          sender,
          "SettlementCash",
          fn,
          [other, amount, keccak256(toUtf8Bytes(`ref-${n3}`))],
          () => (fn === "mint" ? m.mint(sender, other, amount) : m.burn(sender, other, amount)),
        );
        return;
      }

      case "cashTransfer":
      case "approve": {
        const sender = this.anyActor(n0);
        const to = this.cashParty(n1);
        const bal = s.balances.get(sender) ?? 0n;
        const amount = n2 % 10 === 0 ? 0n : n2 % 10 === 1 ? bal + 1n : n2 % 10 === 2 ? bal : 1n + (big(div(n2, 10)) % 1_000_000_000n);
        const fn = k === "approve" ? "approve" : "transfer";
        await this.x.tx(
          `${this.n(sender)} SettlementCash.${fn}(${this.n(to)}, ${this.n(amount)})`,
          sender,
          "SettlementCash",
          fn,
          [to, amount],
          () => (fn === "approve" ? m.approve(sender, to, amount) : m.transfer(sender, to, amount)),
        );
        return;
      }

      case "creditLine": {
        const fn = this.oneOf(["grant", "amend", "close", "closeExpired"] as const, n0);
        const sender = n1 % 10 < 8 ? this.a(this.oneOf(["bank", "bank2"] as const, div(n1, 10))) : this.anyActor(div(n1, 10));
        const core = n2 % 10 < 7 ? this.a("core") : n2 % 10 < 9 ? this.a("core2") : this.anyActor(div(n2, 10));
        const used = s.lines.get(pairKey(sender, core))?.used ?? 0n;
        const lm = n3 % 10;
        const limit =
          lm < 6
            ? used + 1n + (big(div(n3, 10)) % 5_000_000_000n)
            : lm === 6
              ? used
              : lm === 7
                ? (used > 0n ? used - 1n : 0n)
                : lm === 8
                  ? 0n
                  : MAX64;
        const expiry = this.oneOf([s.now + 400 * DAY, s.now + 400 * DAY, s.now + 10 * DAY, s.now, s.now + 60 * DAY, s.now + DAY, s.now + 3600], n4);
        if (fn === "grant" || fn === "amend") {
          await this.x.tx(
            `${this.n(sender)} CreditLines.${fn}(${this.n(core)}, ${this.n(limit)}, ${this.when(expiry)})`,
            sender,
            "CreditLines",
            fn,
            [core, limit, expiry],
            () => (fn === "grant" ? m.grant(sender, core, limit, expiry) : m.amend(sender, core, limit, expiry)),
          );
        } else if (fn === "close") {
          await this.x.tx(`${this.n(sender)} CreditLines.close(${this.n(core)})`, sender, "CreditLines", "close", [core], () =>
            m.close(sender, core),
          );
        } else {
          // Mostly a line whose expiry has passed, if there is one.
          const expired = [...s.lines.entries()].filter(([, l]) => l.open && l.expiry <= s.now).map(([key]) => splitKey(key));
          const pick = n5 % 10 < 7 && expired.length ? this.oneOf(expired, div(n5, 10)) : undefined;
          const bank = pick ? pick[0] : this.a(this.oneOf(["bank", "bank2"] as const, n5));
          const lineCore = pick ? pick[1] : core;
          const caller = this.anyActor(div(n5, 2));
          await this.x.tx(
            `${this.n(caller)} CreditLines.closeExpired(${this.n(bank)}, ${this.n(lineCore)})`,
            caller,
            "CreditLines",
            "closeExpired",
            [bank, lineCore],
            () => m.closeExpired(bank, lineCore),
          );
        }
        return;
      }

      case "rules": {
        const sender = n1 % 10 < 8 ? this.a(this.oneOf(["core", "core2"] as const, div(n1, 10))) : this.anyActor(div(n1, 10));
        const which = n0 % 3;
        if (which === 0) {
          const r: Rules = {
            maxDepth: this.oneOf([5, 1, 2, 3, 6, 2, 3, 4, 32, 0, 33], n2),
            maxTermDays: this.oneOf([180, 90, 365, 30, 180, 120, 60, 0, 366], n3),
            minSplit: this.oneOf([1n, 100_00n, 1_000_000_00n, 1n, 100_00n, 50_000_00n, 0n], n4),
            invoicesRequired: n5 % 4 !== 3,
            whitelistOnly: div(n5, 4) % 4 === 3,
            banksRestricted: div(n5, 16) % 4 === 3,
            issuanceCoveredByCredit: div(n5, 64) % 4 !== 3,
          };
          await this.x.tx(
            `${this.n(sender)} CreditPassingRules.setRules(${JSON.stringify(r, (_, v) => (typeof v === "bigint" ? fen(v) : v))})`,
            sender,
            "CreditPassingRules",
            "setRules",
            [r],
            () => m.setRules(sender, r),
          );
        } else {
          const pool: readonly ActorName[] = which === 1 ? RECIPIENTS : ["bank", "bank2", "outsider"];
          const chosen = pool.filter((_, i) => (n2 >> i) & 1).map((x) => this.a(x));
          const flag = n3 % 3 !== 0;
          const fn = which === 1 ? "setWhitelisted" : "setEligibleBanks";
          await this.x.tx(
            `${this.n(sender)} CreditPassingRules.${fn}([${chosen.map((c) => this.n(c)).join(", ")}], ${flag})`,
            sender,
            "CreditPassingRules",
            fn,
            [chosen, flag],
            () => (which === 1 ? m.setWhitelisted(sender, chosen, flag) : m.setEligibleBanks(sender, chosen, flag)),
          );
        }
        return;
      }

      case "flagOverdue": {
        const sender = this.anyActor(n0);
        const debtor = n1 % 10 < 8 ? this.a("core") : this.a("core2");
        const maturity = this.pickMaturity(n2, debtor);
        await this.x.tx(
          `${this.n(sender)} Settlement.flagOverdue(${this.n(debtor)}, ${this.when(maturity)})`,
          sender,
          "Settlement",
          "flagOverdue",
          [debtor, maturity],
          () => m.flagOverdue(debtor, maturity),
        );
        return;
      }

      case "setFee": {
        const sender = n0 % 10 < 8 ? this.a("operator") : this.anyActor(div(n0, 10));
        const feeBps = this.oneOf([0, 30, 100, 1000, 1001], n1);
        const recipient = n2 % 10 < 8 ? this.a("operator") : this.anyActor(div(n2, 10));
        await this.x.tx(
          `${this.n(sender)} Financing.setFee(${feeBps}bps, ${this.n(recipient)})`,
          sender,
          "Financing",
          "setFee",
          [feeBps, recipient],
          () => m.setFee(sender, feeBps, recipient),
        );
        return;
      }
    }
  }

  /** An issue amount: mostly up to ¥20M, sometimes zero, the exact cover left, one fen over it, or absurd. */
  private issueAmount(n: number, debtor: string): bigint {
    const mode = n % 20;
    const r = big(div(n, 20));
    const cover = (this.s.openLimit.get(debtor) ?? 0n) - (this.s.outstanding.get(debtor) ?? 0n);
    if (mode < 14) return 1n + ((r * 7919n) % 2_000_000_000n);
    if (mode === 14) return 0n;
    if (mode === 15) return cover + 1n > 0n && cover + 1n <= MAX64 ? cover + 1n : 1n;
    if (mode === 16) return cover > 0n && cover <= MAX64 ? cover : 1n;
    if (mode === 17) return MAX64;
    return 1n + (r % 100n);
  }
}
