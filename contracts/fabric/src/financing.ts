/**
 * Financing (contracts/Financing.sol): a holder sells part of a voucher to a bank at a discount. The holder
 * requests and the amount is locked; the bank executes before the deadline, and in one transaction the piece
 * goes to the bank, the holder is paid `amount − interest − fee`, the fee goes to the operator and the bank's
 * line is used. Or the bank declines, the holder cancels, or after the deadline anyone releases the lock.
 * Request ids come from the transaction id: a counter would be one key every request writes.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { settle } from "./cash";
import { requireAvailable, useLine } from "./credit-lines";
import { daysBetween, fee as discountFee, interest as discountInterest } from "./discount";
import { refusal } from "./errors";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { isActiveAs, requireActive, requireCaller, requireOwnIdentity } from "./participants";
import { mayFinance } from "./rules";
import { canonicalJson } from "./state";
import { U32_MAX, U40_MAX, U64_MAX, ROLE, parseAccount, parseSmall, parseUint } from "./values";
import { deliverFinanced, lockVoucher, unlockVoucher } from "./voucher-hooks";
import { parseVoucherId } from "./voucher-store";

const MAX_FEE_BPS = 1_000;
const MAX_RATE_BPS = 10_000;
const REQUEST = "financingRequest";
const FEE = "fee";

interface RequestRecord {
  holder: string;
  voucherId: string;
  deadline: string;
  bank: string;
  amount: string;
  rateBps: number;
  feeBps: number;
}

export interface Quote {
  days: bigint;
  interest: bigint;
  fee: bigint;
  net: bigint;
}

export async function putFee(ctx: LedgerContext, feeBps: number, recipient: string): Promise<void> {
  await ctx.state.put(FEE, [], { feeBps, recipient });
  ctx.emit("FeeChanged", { feeBps, recipient });
}

const feeOf = async (ctx: LedgerContext) =>
  (await ctx.state.get<{ feeBps: number; recipient: string }>(FEE, [])) ?? { feeBps: 0, recipient: "" };

export function quote(amount: bigint, rateBps: number, feeBps: number, maturity: bigint, at: bigint): Quote {
  const days = daysBetween(at, maturity);
  const interest = discountInterest(amount, BigInt(rateBps), days);
  const fee = discountFee(amount, BigInt(feeBps));
  if (interest + fee >= amount) throw refusal("FinancingNoProceeds", amount, interest, fee);
  return { days, interest, fee, net: amount - interest - fee };
}

async function pending(ctx: LedgerContext, requestId: bigint): Promise<RequestRecord> {
  const r = await ctx.state.get<RequestRecord>(REQUEST, [requestId.toString()]);
  if (r === undefined) throw refusal("FinancingNotPending", requestId);
  return r;
}

async function close(ctx: LedgerContext, requestId: bigint, r: RequestRecord): Promise<void> {
  await ctx.state.delete(REQUEST, [requestId.toString()]);
  await unlockVoucher(ctx, BigInt(r.voucherId), BigInt(r.amount));
}

const parseRequestId = (raw: string) => parseUint(raw, "requestId", U64_MAX);

@Info({ title: "Financing", description: "Discounting a voucher piece to a bank, atomically" })
export class FinancingContract extends LedgerContract {
  constructor() {
    super("Financing");
  }

  @Transaction()
  @Returns("string")
  async request(ctx: LedgerContext, voucherId: string, amount: string, bank: string, rateBps: string, deadline: string): Promise<string> {
    await requireCaller(ctx, ROLE.supplier);
    const bankAccount = parseAccount(bank, "bank");
    await requireActive(ctx, bankAccount, ROLE.bank);
    const id = parseVoucherId(voucherId);
    const value = parseUint(amount, "amount", U64_MAX);
    const rate = parseSmall(rateBps, "rateBps", 0xffff);
    const due = parseUint(deadline, "deadline", U32_MAX);
    if (rate === 0 || rate > MAX_RATE_BPS) throw refusal("FinancingInvalidRate", rate);
    const holder = ctx.caller.account;
    const { debtor, maturity } = await lockVoucher(ctx, id, holder, value);
    if (due <= ctx.state.now || due >= maturity) throw refusal("FinancingInvalidDeadline", due);
    if (!(await mayFinance(ctx, debtor, bankAccount))) throw refusal("FinancingBankNotEligible", bankAccount, debtor);
    await requireAvailable(ctx, bankAccount, debtor, value);
    const { feeBps } = await feeOf(ctx);
    // Fail now rather than at execution: days only shrink, so a price that works now works then.
    quote(value, rate, feeBps, maturity, ctx.state.now);

    const requestId = ctx.state.newId("financing");
    if ((await ctx.state.get(REQUEST, [requestId.toString()])) !== undefined) throw refusal("LedgerIdCollision", "financing", requestId);
    const record: RequestRecord = { holder, voucherId: id.toString(), deadline: due.toString(), bank: bankAccount, amount: value.toString(), rateBps: rate, feeBps };
    await ctx.state.put(REQUEST, [requestId.toString()], record);
    ctx.emit("FinancingRequested", { requestId, voucherId: id, bank: bankAccount, holder, amount: value, rateBps: rate, feeBps, deadline: due });
    return requestId.toString();
  }

  /** The request's bank buys the piece: delivery, payment, fee and credit-line use in one step. */
  @Transaction()
  @Returns("string")
  async execute(ctx: LedgerContext, requestId: string): Promise<string> {
    const rid = parseRequestId(requestId);
    const r = await pending(ctx, rid);
    const bank = ctx.caller.account;
    if (bank !== r.bank) throw refusal("FinancingNotBank", rid, bank);
    const deadline = BigInt(r.deadline);
    if (ctx.state.now > deadline) throw refusal("FinancingExpired", rid, deadline);
    await requireCaller(ctx, ROLE.bank);
    await requireActive(ctx, r.holder, ROLE.supplier);
    await ctx.state.delete(REQUEST, [rid.toString()]);

    const amount = BigInt(r.amount);
    const { pieceId, debtor, maturity } = await deliverFinanced(ctx, BigInt(r.voucherId), amount, bank);
    // The program may have dropped this bank since the request.
    if (!(await mayFinance(ctx, debtor, bank))) throw refusal("FinancingBankNotEligible", bank, debtor);
    await useLine(ctx, bank, debtor, amount);
    const q = quote(amount, r.rateBps, r.feeBps, maturity, ctx.state.now);
    ctx.emit("FinancingExecuted", { requestId: rid, pieceId, days: q.days, interest: q.interest, fee: q.fee, net: q.net });

    await settle(ctx, bank, r.holder, q.net);
    if (q.fee !== 0n) await settle(ctx, bank, (await feeOf(ctx)).recipient, q.fee);
    return canonicalJson({ pieceId, ...q });
  }

  @Transaction()
  async decline(ctx: LedgerContext, requestId: string): Promise<void> {
    const rid = parseRequestId(requestId);
    const r = await pending(ctx, rid);
    if (ctx.caller.account !== r.bank) throw refusal("FinancingNotBank", rid, ctx.caller.account);
    await requireOwnIdentity(ctx);
    await close(ctx, rid, r);
    ctx.emit("FinancingDeclined", { requestId: rid });
  }

  @Transaction()
  async cancel(ctx: LedgerContext, requestId: string): Promise<void> {
    const rid = parseRequestId(requestId);
    const r = await pending(ctx, rid);
    if (ctx.caller.account !== r.holder) throw refusal("FinancingNotHolder", rid, ctx.caller.account);
    await requireOwnIdentity(ctx);
    await close(ctx, rid, r);
    ctx.emit("FinancingCancelled", { requestId: rid });
  }

  /** After the deadline, anyone lifts the lock of a request the bank let lapse. */
  @Transaction()
  async release(ctx: LedgerContext, requestId: string): Promise<void> {
    const rid = parseRequestId(requestId);
    const r = await pending(ctx, rid);
    const deadline = BigInt(r.deadline);
    if (ctx.state.now <= deadline) throw refusal("FinancingNotExpired", rid, deadline);
    // The event names who released it; that name must be the caller's own.
    await requireOwnIdentity(ctx);
    await close(ctx, rid, r);
    ctx.emit("FinancingReleased", { requestId: rid, releasedBy: ctx.caller.account });
  }

  @Transaction()
  async setFee(ctx: LedgerContext, feeBps: string, recipient: string): Promise<void> {
    await requireCaller(ctx, ROLE.operator);
    const bps = parseSmall(feeBps, "feeBps", 0xffff);
    const to = parseAccount(recipient, "recipient");
    if (bps > MAX_FEE_BPS || !(await isActiveAs(ctx, to, ROLE.operator))) throw refusal("FinancingInvalidFee", bps, to);
    await putFee(ctx, bps, to);
  }

  /** The pending request, or "null". */
  @Transaction(false)
  @Returns("string")
  async get(ctx: LedgerContext, requestId: string): Promise<string> {
    const rid = parseRequestId(requestId);
    const r = await ctx.state.get<RequestRecord>(REQUEST, [rid.toString()]);
    return canonicalJson(r === undefined ? null : { id: rid, ...r });
  }

  /** Exactly what `execute` would pay for `amount` at these rates, executed at `at`. */
  @Transaction(false)
  @Returns("string")
  quote(_ctx: LedgerContext, amount: string, rateBps: string, feeBps: string, maturity: string, at: string): Promise<string> {
    const q = quote(
      parseUint(amount, "amount", U64_MAX),
      parseSmall(rateBps, "rateBps", 0xffff),
      parseSmall(feeBps, "feeBps", 0xffff),
      parseUint(maturity, "maturity", U40_MAX),
      parseUint(at, "at", U64_MAX),
    );
    return Promise.resolve(canonicalJson(q));
  }

  @Transaction(false)
  @Returns("string")
  async fee(ctx: LedgerContext): Promise<string> {
    return canonicalJson(await feeOf(ctx));
  }
}
