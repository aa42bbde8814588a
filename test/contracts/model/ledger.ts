/**
 * The model of the whole ledger: one model per contract over one shared state, wired as the contracts call
 * one another.
 */
import { CashModel } from "./cash";
import { ModelCore } from "./core";
import { CreditLinesModel } from "./credit-lines";
import { FinancingModel } from "./financing";
import { InvoicesModel } from "./invoices";
import { ParticipantsModel } from "./participants";
import { RulesModel } from "./rules";
import { SettlementModel } from "./settlement";
import { VouchersModel } from "./vouchers";

export class LedgerModel extends ModelCore {
  readonly participants = new ParticipantsModel(this);
  readonly rules = new RulesModel(this, this.participants);
  readonly creditLines = new CreditLinesModel(this, this.participants);
  readonly invoices = new InvoicesModel(this, this.participants);
  readonly cash = new CashModel(this, this.participants);
  readonly vouchers = new VouchersModel(this, this.participants, this.rules, this.invoices);
  readonly financing = new FinancingModel(this, this.participants, this.rules, this.creditLines, this.vouchers, this.cash);
  readonly settlement = new SettlementModel(this, this.participants, this.creditLines, this.vouchers, this.cash);
}
