/** Issuing a voucher under dual control: the core enterprise's confirmation (确权) creates a debt. */
import { action, type ActionTable } from "../approvals/dual-control";
import type { IssueInput, VoucherService } from "./voucher.service";

export const VOUCHER_ISSUE = "voucher.issue";

export const voucherActions = (vouchers: VoucherService): ActionTable => ({
  [VOUCHER_ISSUE]: action<IssueInput>({
    propose: (maker, input) => vouchers.proposeIssue(maker, input),
    execute: (checker, payload) => vouchers.executeIssue(checker, payload),
  }),
});
