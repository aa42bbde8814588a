/**
 * The model of Financing (a holder's request, the bank's execution at a quoted discount); the random calls to it
 * are in calls/financing.ts.
 */
import { ROLE } from "../../helpers/ledger";
import type { CashModel } from "./cash";
import { ContractModel, type ModelCore } from "./core";
import type { CreditLinesModel } from "./credit-lines";
import type { ParticipantsModel } from "./participants";
import type { RulesModel } from "./rules";
import { daysBetween, pairKey, revert, type Request } from "./state";
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
