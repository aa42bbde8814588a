/**
 * The model of Settlement (funding a maturity, redeeming at it, flagging the overdue); the random calls to it are in
 * calls/settlement.ts.
 */
import { LEDGER_LIMITS } from "../../../chain/limits";
import { ROLE } from "../../helpers/ledger";
import type { CashModel } from "./cash";
import { ContractModel, type ModelCore } from "./core";
import type { CreditLinesModel } from "./credit-lines";
import type { ParticipantsModel } from "./participants";
import { pairKey, revert, slotKey } from "./state";
import type { VouchersModel } from "./vouchers";

const MAX_BATCH = LEDGER_LIMITS.maxRedeemBatch;

export class SettlementModel extends ContractModel {
  constructor(
    ledger: ModelCore,
    private readonly participants: ParticipantsModel,
    private readonly creditLines: CreditLinesModel,
    private readonly vouchers: VouchersModel,
    private readonly cash: CashModel,
  ) {
    super(ledger);
  }

  fund(sender: string, maturity: number): bigint {
    this.participants.requireActive(sender, ROLE.CORE);
    const acct = this.vouchers.slot(sender, maturity);
    if (acct.escrowed >= acct.outstanding) revert("SettlementNothingToFund");
    const shortfall = acct.outstanding - acct.escrowed;
    this.touched.slots.add(slotKey(sender, maturity));
    this.cash.settle(sender, this.ledger.addr.settlement, shortfall);
    acct.escrowed += shortfall;
    return shortfall;
  }

  redeem(id: number): void {
    const v = this.vouchers.redeem(id);
    // back in Settlement
    this.cash.settle(this.ledger.addr.settlement, v.owner, v.value);
    if (v.financed) {
      const l = this.creditLines.line(v.owner, v.debtor);
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
    const acct = this.vouchers.slot(debtor, maturity);
    return acct.escrowed < acct.outstanding;
  }

  flagOverdue(debtor: string, maturity: number): void {
    const k = slotKey(debtor, maturity);
    this.seen.slots.add(k);
    if (this.s.flagged.has(k) || !this.isOverdue(debtor, maturity)) revert("SettlementNotOverdue");
    this.s.flagged.add(k);
  }
}
