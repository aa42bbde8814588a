/** Funding a maturity under dual control: the core enterprise's one payment that pays every holder. */
import { action, type ActionTable } from "../approvals/dual-control";
import { SETTLEMENT_FUND, type SettlementService } from "./settlement.service";

export const settlementActions = (settlement: SettlementService): ActionTable => ({
  [SETTLEMENT_FUND]: action<{ maturity: Date }>({
    propose: (maker, input) => settlement.proposeFunding(maker, input),
    execute: (checker, payload) => settlement.executeFunding(checker, payload),
  }),
});
