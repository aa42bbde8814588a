/**
 * Settlement cash (contracts/SettlementCash.sol): a CNY deposit token, 1 unit = 1 fen. The settlement bank,
 * which the regulator designates, mints against deposits and burns against withdrawals, each reference once.
 *
 * Changed design: a balance is not one key but the sum of its account's delta keys, one per movement. A credit
 * is a blind write of a new key, so paying the fee recipient or a holder never conflicts with another payment
 * to them; a debit reads the account's deltas to check the balance, as it must. The supply is summed on read.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { refusal } from "./errors";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { requireActive, requireCaller, requireOwnIdentity } from "./participants";
import { canonicalJson } from "./state";
import { ESCROW_ACCOUNT, ROLE, U64_MAX, ZERO_ACCOUNT, parseAccount, parseBytes32, parseUint } from "./values";

const CASH = "cash";
const ALLOWANCE = "allowance";
const SETTLEMENT_BANK = "settlementBank";
const REFERENCE = "cashReference";

export const balanceOf = (ctx: LedgerContext, account: string): Promise<bigint> => ctx.state.sumDeltas(CASH, [account]);

/**
 * Moves cash as part of a ledger operation whose parties the caller has checked, as `settle` does for the EVM
 * modules. Paying out of escrow skips the balance read: a funded slot's escrow always covers what it owes.
 */
export async function settle(ctx: LedgerContext, from: string, to: string, amount: bigint): Promise<void> {
  if (from !== ESCROW_ACCOUNT) {
    const balance = await balanceOf(ctx, from);
    if (balance < amount) throw refusal("ERC20InsufficientBalance", from, balance, amount);
  }
  await ctx.state.addDelta(CASH, [from], -amount);
  await ctx.state.addDelta(CASH, [to], amount);
  ctx.emit("CashTransfer", { from, to, value: amount });
}

/**
 * Spends `amount` of `owner`'s allowance to `spender`, as ERC-20 transferFrom does before it moves the cash (and,
 * as OpenZeppelin 5 does, without an Approval event).
 */
export async function spendAllowance(ctx: LedgerContext, owner: string, spender: string, amount: bigint): Promise<void> {
  const allowance = BigInt((await ctx.state.get<{ value: string }>(ALLOWANCE, [owner, spender]))?.value ?? "0");
  if (allowance < amount) throw refusal("ERC20InsufficientAllowance", spender, allowance, amount);
  await ctx.state.put(ALLOWANCE, [owner, spender], { value: (allowance - amount).toString() });
}

async function requireSettlementBank(ctx: LedgerContext): Promise<string> {
  await requireCaller(ctx, ROLE.bank);
  const designated = await ctx.state.get<{ bank: string }>(SETTLEMENT_BANK, []);
  if (designated?.bank !== ctx.caller.account) throw refusal("SettlementCashNotSettlementBank", ctx.caller.account);
  return ctx.caller.account;
}

async function takeReference(ctx: LedgerContext, kind: "deposit" | "withdrawal", ref: string): Promise<void> {
  if ((await ctx.state.get(REFERENCE, [kind, ref])) !== undefined) throw refusal("SettlementCashReferenceUsed", ref);
  await ctx.state.put(REFERENCE, [kind, ref], { used: true });
}

@Info({ title: "Cash", description: "Settlement cash: a CNY deposit token in fen" })
export class CashContract extends LedgerContract {
  constructor() {
    super("Cash");
  }

  @Transaction()
  async designateSettlementBank(ctx: LedgerContext, bank: string): Promise<void> {
    await requireCaller(ctx, ROLE.regulator);
    const bankAccount = parseAccount(bank, "bank");
    await requireActive(ctx, bankAccount, ROLE.bank);
    const current = await ctx.state.get<{ bank: string }>(SETTLEMENT_BANK, []);
    if (current?.bank === bankAccount) throw refusal("SettlementCashBankUnchanged", bankAccount);
    await ctx.state.put(SETTLEMENT_BANK, [], { bank: bankAccount });
    ctx.emit("SettlementBankDesignated", { bank: bankAccount });
  }

  @Transaction()
  async mint(ctx: LedgerContext, to: string, amount: string, ref: string): Promise<void> {
    const bank = await requireSettlementBank(ctx);
    const toAccount = parseAccount(to, "to");
    const value = parseUint(amount, "amount", U64_MAX);
    const reference = parseBytes32(ref, "ref");
    if (value === 0n) throw refusal("SettlementCashZeroAmount");
    await takeReference(ctx, "deposit", reference);
    if (toAccount === ZERO_ACCOUNT) throw refusal("ERC20InvalidReceiver", toAccount);
    await requireActive(ctx, toAccount, 0);
    await ctx.state.addDelta(CASH, [toAccount], value);
    ctx.emit("CashTransfer", { from: ZERO_ACCOUNT, to: toAccount, value });
    ctx.emit("CashMinted", { bank, to: toAccount, amount: value, ref: reference });
  }

  /** Spends `from`'s allowance to the bank, unless the bank burns its own. */
  @Transaction()
  async burn(ctx: LedgerContext, from: string, amount: string, ref: string): Promise<void> {
    const bank = await requireSettlementBank(ctx);
    const fromAccount = parseAccount(from, "from");
    const value = parseUint(amount, "amount", U64_MAX);
    const reference = parseBytes32(ref, "ref");
    if (value === 0n) throw refusal("SettlementCashZeroAmount");
    await takeReference(ctx, "withdrawal", reference);
    if (fromAccount !== bank) {
      const allowance = BigInt((await ctx.state.get<{ value: string }>(ALLOWANCE, [fromAccount, bank]))?.value ?? "0");
      if (allowance < value) throw refusal("ERC20InsufficientAllowance", bank, allowance, value);
      await ctx.state.put(ALLOWANCE, [fromAccount, bank], { value: (allowance - value).toString() });
    }
    if (fromAccount === ZERO_ACCOUNT) throw refusal("ERC20InvalidSender", fromAccount);
    await requireActive(ctx, fromAccount, 0);
    const balance = await balanceOf(ctx, fromAccount);
    if (balance < value) throw refusal("ERC20InsufficientBalance", fromAccount, balance, value);
    await ctx.state.addDelta(CASH, [fromAccount], -value);
    ctx.emit("CashTransfer", { from: fromAccount, to: ZERO_ACCOUNT, value });
    ctx.emit("CashBurned", { bank, from: fromAccount, amount: value, ref: reference });
  }

  @Transaction()
  async approve(ctx: LedgerContext, spender: string, amount: string): Promise<void> {
    const spenderAccount = parseAccount(spender, "spender");
    const value = parseUint(amount, "amount", U64_MAX);
    if (spenderAccount === ZERO_ACCOUNT) throw refusal("ERC20InvalidSpender", spenderAccount);
    await requireOwnIdentity(ctx);
    const owner = ctx.caller.account;
    await ctx.state.put(ALLOWANCE, [owner, spenderAccount], { value: value.toString() });
    ctx.emit("CashApproval", { owner, spender: spenderAccount, value });
  }

  @Transaction(false)
  @Returns("string")
  async balanceOf(ctx: LedgerContext, account: string): Promise<string> {
    return String(await balanceOf(ctx, parseAccount(account, "account")));
  }

  @Transaction(false)
  @Returns("string")
  async allowance(ctx: LedgerContext, owner: string, spender: string): Promise<string> {
    const record = await ctx.state.get<{ value: string }>(ALLOWANCE, [parseAccount(owner, "owner"), parseAccount(spender, "spender")]);
    return record?.value ?? "0";
  }

  @Transaction(false)
  @Returns("string")
  async totalSupply(ctx: LedgerContext): Promise<string> {
    return String(await ctx.state.sumDeltas(CASH, []));
  }

  /** The designated settlement bank, or "" before the regulator designates one. */
  @Transaction(false)
  @Returns("string")
  async settlementBank(ctx: LedgerContext): Promise<string> {
    return (await ctx.state.get<{ bank: string }>(SETTLEMENT_BANK, []))?.bank ?? "";
  }

  @Transaction(false)
  @Returns("string")
  async referenceUsed(ctx: LedgerContext, ref: string): Promise<string> {
    const reference = parseBytes32(ref, "ref");
    return canonicalJson({
      deposit: (await ctx.state.get(REFERENCE, ["deposit", reference])) !== undefined,
      withdrawal: (await ctx.state.get(REFERENCE, ["withdrawal", reference])) !== undefined,
    });
  }
}
