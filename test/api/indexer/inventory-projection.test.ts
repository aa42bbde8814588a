/**
 * The projection of warehouse receipts, prices and pledge loans, applied event by event as the indexer does. The
 * same events run through the real chain and indexer in the route tests (test/api/routes/pledges.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../../../chain/events";
import { apply, PLEDGE_FEE, ProjectionError, ProjectionState, touchedKeys } from "../../../api/src/indexer/projection";

const [warehouse, owner, bank, buyer] = ["0x" + "01".repeat(20), "0x" + "02".repeat(20), "0x" + "03".repeat(20), "0x" + "04".repeat(20)];
const h = (b: string) => "0x" + b.repeat(32);
const at = { contract: "Pledges", txHash: h("ef"), blockNumber: 7, blockHash: h("ab") };

function run(state: ProjectionState, events: { name: string; args: Record<string, unknown> }[]): void {
  events.forEach((e, logIndex) => { apply(state, { ...at, ...e, logIndex } as unknown as LedgerEvent); });
}

const issued = (id: bigint, quantity: bigint) => ({
  name: "ReceiptIssued",
  args: { id, warehouse, depositor: owner, commodity: "LI2CO3", grade: "99.5", quantity, weighed: quantity, inbound: h("11"), reading: h("22"), location: h("33"), document: h("44") },
});

describe("the inventory projection", () => {
  it("when a receipt is issued, split, transferred, delivered and cancelled, then each row follows and the quantity is conserved", () => {
    const s = new ProjectionState();
    run(s, [
      issued(1n, 10n),
      { name: "ReceiptSplit", args: { parent: 1n, id: 2n, quantity: 4n, document: h("55") } },
      { name: "ReceiptSplit", args: { parent: 1n, id: 3n, quantity: 6n, document: h("66") } },
      { name: "ReceiptTransferred", args: { id: 2n, from: owner, to: buyer } },
      { name: "ReceiptDelivered", args: { id: 2n, owner: buyer, quantity: 4n } },
      { name: "ReceiptCancelled", args: { id: 3n, owner, quantity: 6n } },
    ]);
    expect(s.receipts.must(1n, "r")).toMatchObject({ status: "split", quantity: 10n, createdBlock: 7 });
    expect(s.receipts.must(2n, "r")).toMatchObject({ status: "delivered", owner: buyer, parent: 1n, quantity: 4n, document: h("55"), inbound: h("11"), warehouse });
    expect(s.receipts.must(3n, "r")).toMatchObject({ status: "cancelled", owner, parent: 1n, quantity: 6n });
    expect([2n, 3n].map((id) => s.receipts.must(id, "r").quantity).reduce((a, b) => a + b)).toBe(10n);
  });

  it("when a loan is requested, drawn, called, topped up, cured and repaid, then the loan and its receipts follow", () => {
    const s = new ProjectionState();
    s.settings.rows.set(PLEDGE_FEE, { feeBps: 50, recipient: warehouse });
    const maturity = new Date("2027-03-01T00:00:00Z");
    const deadline = new Date("2027-01-10T00:00:00Z");
    run(s, [
      issued(1n, 10n),
      issued(2n, 5n),
      { name: "PricePosted", args: { commodity: "LI2CO3", day: 20_800, fenPerTonne: 7_500_000n, publisher: warehouse } },
      { name: "ReceiptPledgeChanged", args: { id: 1n, pledged: true } },
      { name: "PledgeRequested", args: { loanId: 1n, borrower: owner, bank, commodity: "LI2CO3", receiptIds: [1n], amount: 500n, rateBps: 500, maturity } },
      { name: "LoanDrawn", args: { loanId: 1n, amount: 500n, value: 750n, limit: 525n, fenPerTonne: 7_500_000n, fee: 2n } },
      { name: "MarginCalled", args: { loanId: 1n, ratioBps: 9091n, deadline } },
      { name: "ReceiptPledgeChanged", args: { id: 2n, pledged: true } },
      { name: "CollateralAdded", args: { loanId: 1n, receiptIds: [2n], quantity: 5n } },
      { name: "MarginCallCured", args: { loanId: 1n, ratioBps: 7576n } },
    ]);
    expect(s.loans.must(1n, "l")).toMatchObject({ status: "active", feeBps: 50, quantity: 15n, receiptIds: [1n, 2n], margin: "none", ratioBps: "7576", callDeadline: null, drawnValue: 750n, drawnFee: 2n });
    expect(s.receipts.must(2n, "r")).toMatchObject({ status: "pledged", loanId: 1n });
    expect(s.prices.get("LI2CO3@20800")).toMatchObject({ fenPerTonne: 7_500_000n });
    run(s, [
      { name: "LoanRepaid", args: { loanId: 1n, payer: owner, interestPaid: 3n, principalPaid: 100n, principalLeft: 400n } },
      { name: "LoanRepaid", args: { loanId: 1n, payer: owner, interestPaid: 1n, principalPaid: 400n, principalLeft: 0n } },
      { name: "PledgeReleased", args: { loanId: 1n } },
      { name: "ReceiptPledgeChanged", args: { id: 1n, pledged: false } },
      { name: "ReceiptPledgeChanged", args: { id: 2n, pledged: false } },
    ]);
    expect(s.loans.must(1n, "l")).toMatchObject({ status: "repaid", principal: 0n, interestPaid: 4n });
    expect([s.receipts.must(1n, "r"), s.receipts.must(2n, "r")].map((r) => [r.status, r.loanId])).toEqual([["active", null], ["active", null]]);
  });

  it("when the bank seizes, then the loan is seized and the receipts are the bank's, still naming the loan", () => {
    const s = new ProjectionState();
    run(s, [
      issued(1n, 10n),
      { name: "ReceiptPledgeChanged", args: { id: 1n, pledged: true } },
      { name: "PledgeRequested", args: { loanId: 1n, borrower: owner, bank, commodity: "LI2CO3", receiptIds: [1n], amount: 500n, rateBps: 500, maturity: new Date(0) } },
      { name: "LoanDrawn", args: { loanId: 1n, amount: 500n, value: 750n, limit: 525n, fenPerTonne: 7_500_000n, fee: 0n } },
      { name: "LoanDefaulted", args: { loanId: 1n, ratioBps: 9000n } },
      { name: "CollateralSeized", args: { loanId: 1n, bank, principal: 500n, interest: 9n } },
      { name: "ReceiptPledgeChanged", args: { id: 1n, pledged: false } },
      { name: "ReceiptTransferred", args: { id: 1n, from: owner, to: bank } },
    ]);
    expect(s.loans.must(1n, "l")).toMatchObject({ status: "seized", feeBps: 0 });
    expect(s.receipts.must(1n, "r")).toMatchObject({ owner: bank, status: "active", loanId: 1n });
  });

  it("when a loan's event names a loan the projection does not hold, then ProjectionError", () => {
    expect(() => { run(new ProjectionState(), [{ name: "LoanDrawn", args: { loanId: 9n, amount: 1n, value: 1n, limit: 1n, fenPerTonne: 1n, fee: 0n } }]); }).toThrow(ProjectionError);
  });

  it("when a batch requests a pledge, then the keys name its receipts, its loan and the fee setting it reads", () => {
    const k = touchedKeys([{ ...at, logIndex: 0, name: "PledgeRequested", args: { loanId: 4n, borrower: owner, bank, commodity: "CU", receiptIds: [5n, 6n], amount: 1n, rateBps: 1, maturity: new Date(0) } }]);
    expect([[...k.loans], [...k.receipts], [...k.settings]]).toEqual([[4n], [5n, 6n], [PLEDGE_FEE]]);
  });
});
