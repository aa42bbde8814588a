/** Paying out a financing under dual control: the bank's checker runs the atomic exchange on the ledger. */
import { action, type ActionTable } from "../approvals/dual-control";
import { FINANCING_APPROVE, type ApproveProposal, type FinancingApproval } from "./financing-approval";

export const financingActions = (approval: FinancingApproval): ActionTable => ({
  [FINANCING_APPROVE]: action<ApproveProposal>({
    propose: (_maker, input) => approval.payload(input),
    execute: (checker, payload) => approval.execute(checker, payload),
    onReject: (_checker, payload) => approval.handBack(payload),
  }),
});
