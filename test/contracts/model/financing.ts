/** The model of Financing (a holder's request, the bank's execution at a quoted discount), and the calls to it. */
import { DAY, ROLE } from "../../helpers/ledger";
import type { CashModel } from "./cash";
import { ContractModel, type ModelCore } from "./core";
import type { CreditLinesModel } from "./credit-lines";
import type { Call } from "./interpreter";
import { div } from "./operations";
import type { ParticipantsModel } from "./participants";
import type { RulesModel } from "./rules";
import { cstMidnightAfter, daysBetween, pairKey, revert, type Request } from "./state";
import type { VouchersModel } from "./vouchers";

const MAX_RATE_BPS = 10_000;
const MAX_FEE_BPS = 1_000;

export class FinancingModel extends ContractModel {
  constructor(
    ledger: ModelCore,
    private readonly participants: ParticipantsModel,
    private readonly rules: RulesModel,
    private readonly creditLines: CreditLinesModel,
    private readonly vouchers: VouchersModel,
    private readonly cash: CashModel,
  ) {
    super(ledger);
  }

  private quote(amount: bigint, rateBps: number, feeBps: number, maturity: number, at: number) {
    const days = BigInt(daysBetween(at, maturity));
    const interest = (amount * BigInt(rateBps) * days + 1_800_000n) / 3_600_000n;
    const fee = (amount * BigInt(feeBps) + 5_000n) / 10_000n;
    if (interest + fee >= amount) revert("FinancingNoProceeds");
    return { days, interest, fee, net: amount - interest - fee };
  }

  request(sender: string, voucherId: number, amount: bigint, bank: string, rateBps: number, deadline: number): number {
    this.participants.requireActive(sender, ROLE.SUPPLIER);
    this.participants.requireActive(bank, ROLE.BANK);
    if (rateBps === 0 || rateBps > MAX_RATE_BPS) revert("FinancingInvalidRate");
    const v = this.vouchers.lock(sender, voucherId, amount);
    if (deadline <= this.s.now || deadline >= v.maturity) revert("FinancingInvalidDeadline");
    if (!this.rules.mayFinance(v.debtor, bank)) revert("FinancingBankNotEligible");
    this.creditLines.usableLine(bank, v.debtor, amount);
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
    this.participants.requireActive(sender, ROLE.BANK);
    this.participants.requireActive(r.holder, ROLE.SUPPLIER);
    this.touched.requests.add(requestId);
    this.s.requests.delete(requestId);
    const { v, pieceId } = this.vouchers.deliverFinanced(r.voucherId, sender, r.amount);
    // The program may have dropped this bank since the request.
    if (!this.rules.mayFinance(v.debtor, sender)) revert("FinancingBankNotEligible");
    // CreditLines.use
    this.creditLines.usableLine(sender, v.debtor, r.amount).used += r.amount;
    this.touched.lines.add(pairKey(sender, v.debtor));
    const q = this.quote(r.amount, r.rateBps, r.feeBps, v.maturity, this.s.now);
    this.cash.settle(sender, r.holder, q.net);
    if (q.fee !== 0n) this.cash.settle(sender, this.s.feeRecipient, q.fee);
    return pieceId;
  }

  private closeRequest(requestId: number, r: Request): void {
    this.touched.requests.add(requestId);
    this.touched.vouchers.add(r.voucherId);
    this.s.requests.delete(requestId);
    this.vouchers.existing(r.voucherId).locked -= r.amount;
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
    this.participants.requireActive(sender, ROLE.OPERATOR);
    if (feeBps > MAX_FEE_BPS || !this.participants.isActiveAs(recipient, ROLE.OPERATOR)) revert("FinancingInvalidFee");
    this.touched.fee = true;
    this.s.feeBps = feeBps;
    this.s.feeRecipient = recipient;
  }
}

/** A holder asks a bank (mostly one with a line) to finance part of a voucher. */
const request: Call = async (i, [n0, n1, n2, n3, n4, n5]) => {
  const { m, s } = i;
  const id = i.pickVoucher(n0, (v) => i.live(v) && !v.financed);
  const v = s.vouchers.get(id);
  const sender = i.rightOr(n1, v?.owner ?? i.a("s1"));
  const amount = i.amountOf(n2, v ? v.value - v.locked : 1000n, v?.value ?? 1000n);
  const bank = n3 % 10 < 5 ? i.a("bank") : n3 % 10 < 9 ? i.a("bank2") : i.anyActor(div(n3, 10));
  const rate = n4 % 10 < 8 ? 100 + (div(n4, 10) % 1900) : n4 % 10 === 8 ? i.oneOf([0, 10_001], div(n4, 10)) : 10_000;
  const maturity = v?.maturity ?? s.now + 30 * DAY;
  const deadline = Math.max(
    0,
    i.oneOf(
      [s.now + 3600, s.now + DAY, s.now + 3 * DAY, maturity - 1, s.now + 1, cstMidnightAfter(s.now, 1), s.now + 3600, s.now + DAY, s.now + 10 * DAY, maturity, s.now],
      n5,
    ),
  );
  await i.x.tx(
    `${i.n(sender)} Financing.request(#${id}, ${i.n(amount)}, ${i.n(bank)}, ${rate}bps, deadline ${i.when(deadline)})`,
    sender,
    "Financing",
    "request",
    [id, amount, bank, rate, deadline],
    () => m.financing.request(sender, id, amount, bank, rate, deadline),
  );
};

/** The bank executes or declines a request, or the holder cancels it. */
const answer: Call = async (i, [n0, n1], k) => {
  const { m, s } = i;
  const rid = i.pickRequest(n0);
  const q = s.requests.get(rid);
  const right = k === "cancel" ? q?.holder : q?.bank;
  const sender = i.rightOr(n1, right ?? i.a("bank"));
  const fn = k;
  await i.x.tx(`${i.n(sender)} Financing.${fn}(req ${rid})`, sender, "Financing", fn, [rid], () => {
    if (fn === "execute") return m.financing.execute(sender, rid);
    if (fn === "decline") return m.financing.decline(sender, rid);
    return m.financing.cancel(sender, rid);
  });
};

/** Anyone releases a request whose deadline has passed. */
const release: Call = async (i, [n0, n1]) => {
  const { m, s } = i;
  const rid = i.pickRequest(n0, (q) => q.deadline < s.now);
  const sender = i.anyActor(n1);
  await i.x.tx(`${i.n(sender)} Financing.release(req ${rid})`, sender, "Financing", "release", [rid], () =>
    m.financing.release(rid),
  );
};

/** The operator sets the platform fee. */
const setFee: Call = async (i, [n0, n1, n2]) => {
  const { m } = i;
  const sender = n0 % 10 < 8 ? i.a("operator") : i.anyActor(div(n0, 10));
  const feeBps = i.oneOf([0, 30, 100, 1000, 1001], n1);
  const recipient = n2 % 10 < 8 ? i.a("operator") : i.anyActor(div(n2, 10));
  await i.x.tx(
    `${i.n(sender)} Financing.setFee(${feeBps}bps, ${i.n(recipient)})`,
    sender,
    "Financing",
    "setFee",
    [feeBps, recipient],
    () => m.financing.setFee(sender, feeBps, recipient),
  );
};

export const financingCalls = { request, execute: answer, decline: answer, cancel: answer, release, setFee };
