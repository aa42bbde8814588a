/** The fee report's sums: each fee goes to whoever received that kind of fee when it was charged. */
import { describe, expect, it } from "vitest";
import { earnings } from "../../../api/src/fees/fee-report";

const [warehouse, operator, newOperator, other] = ["0xW", "0xO", "0xN", "0xX"];

describe("fees earned per party", () => {
  it("when fees are charged before and after a change of recipient, then each goes to the recipient of its time, per line", () => {
    const e = earnings([
      { name: "LoanDrawn", args: { loanId: "1", fee: "100" } }, // no recipient yet: the ledger charged none
      { name: "PledgeFeeChanged", args: { feeBps: 50, recipient: operator } },
      { name: "LoanDrawn", args: { loanId: "2", fee: "250" } },
      { name: "FeeChanged", args: { feeBps: 10, recipient: operator } },
      { name: "FinancingExecuted", args: { requestId: "1", fee: "40" } },
      { name: "PledgeFeeChanged", args: { feeBps: 50, recipient: newOperator } },
      { name: "LoanDrawn", args: { loanId: "3", fee: "300" } },
      { name: "QueryFeeChanged", args: { fee: "5000", recipient: operator } },
      { name: "RiskQueried", args: { fee: "5000" } },
      { name: "FeesPaid", args: { warehouse, storageFee: "2000", supervisionFee: "1000" } },
      { name: "FeesPaid", args: { warehouse, storageFee: "500", supervisionFee: "0" } },
      { name: "ReceiptIssued", args: { warehouse: other } },
    ]);
    expect(e.get(operator)).toEqual({ storage: 0n, supervision: 0n, pledgeLoan: 250n, financing: 40n, dataService: 5000n });
    expect(e.get(newOperator)).toEqual({ storage: 0n, supervision: 0n, pledgeLoan: 300n, financing: 0n, dataService: 0n });
    expect(e.get(warehouse)).toEqual({ storage: 2500n, supervision: 1000n, pledgeLoan: 0n, financing: 0n, dataService: 0n });
    expect(e.has(other)).toBe(false);
  });

  it("when no fee was charged, then no party is listed, not even with zeros", () => {
    expect(earnings([{ name: "FeesPaid", args: { warehouse, storageFee: "0", supervisionFee: "0" } }]).size).toBe(0);
  });
});
