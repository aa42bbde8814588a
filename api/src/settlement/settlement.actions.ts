/** Funding a maturity under dual control: the core enterprise's one payment that pays every holder. */
import { action, type ActionTable } from "../approvals/dual-control";
import { z } from "zod";
import type { PenaltyService } from "./penalty.service";
import { SETTLEMENT_FUND, type SettlementService } from "./settlement.service";

/** The dual-control kind of a program's penalty rate: it prices what the core enterprise pays when late. */
export const SETTLEMENT_PENALTY_RATE = "settlement.setPenaltyRate";

export const settlementActions = (settlement: SettlementService, penalties: PenaltyService): ActionTable => ({
  [SETTLEMENT_PENALTY_RATE]: action<{ rateBps: number }>({
    propose: (_maker, { rateBps }) => Promise.resolve({ rateBps: penalties.checkRate(rateBps) }),
    execute: (checker, payload) => penalties.setRate(checker, z.object({ rateBps: z.number() }).parse(payload).rateBps),
  }),
  [SETTLEMENT_FUND]: action<{ maturity: Date }>({
    propose: (maker, input) => settlement.proposeFunding(maker, input),
    execute: (checker, payload) => settlement.executeFunding(checker, payload),
  }),
});
