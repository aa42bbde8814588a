/** Which ledger events become which webhook events, and for whom: each kind from the events alone and the projection. */
import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../../../chain/events";
import { apply, ProjectionState } from "../../../api/src/indexer/projection";
import { webhookEventsOf } from "../../../api/src/webhooks/webhook-events";

const acct = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const [CORE, T1, T2, BANK] = [acct(1), acct(2), acct(3), acct(4)];
const KEY = `0x${"ab".repeat(32)}`;
const MATURITY = new Date("2027-03-01T16:00:00Z");

let log = 0;
const ev = (name: string, args: Record<string, unknown>) =>
  ({ name, args, blockNumber: 7, logIndex: log++, blockHash: `0x${"11".repeat(32)}`, txHash: `0x${"22".repeat(32)}`, contract: "x" }) as unknown as LedgerEvent;

/** Applies each event to the state first, as the indexer does before its listeners run. */
function whoHears(state: ProjectionState, e: LedgerEvent) {
  apply(state, e);
  return webhookEventsOf(e, state).map((w) => [w.type, w.account]);
}

describe("webhook events from ledger events", () => {
  it("when the ledger reports what happened to an organisation, then that organisation hears of it, and nobody hears of the rest", () => {
    const s = new ProjectionState();
    expect(whoHears(s, ev("InvoiceRegistered", { key: KEY, seller: T1, buyer: CORE, amount: 100n, commitment: KEY }))).toEqual([]);
    expect(whoHears(s, ev("InvoiceConfirmed", { key: KEY, buyer: CORE }))).toEqual([["invoice.confirmed", T1]]);
    expect(whoHears(s, ev("VoucherIssued", { id: 1n, debtor: CORE, holder: T1, amount: 100n, maturity: MATURITY }))).toEqual([["voucher.received", T1]]);
    expect(whoHears(s, ev("VoucherTransferred", { parentId: 1n, id: 2n, to: T2, from: T1, amount: 60n, depth: 2 }))).toEqual([["voucher.received", T2]]);
    expect(
      whoHears(s, ev("FinancingRequested", { requestId: 9n, voucherId: 2n, bank: BANK, holder: T2, amount: 30n, rateBps: 400, feeBps: 10, deadline: MATURITY })),
    ).toEqual([]);
    expect(whoHears(s, ev("VoucherFinanced", { parentId: 2n, id: 3n, bank: BANK, amount: 30n }))).toEqual([]);
    expect(whoHears(s, ev("FinancingExecuted", { requestId: 9n, pieceId: 3n, days: 90, interest: 1n, fee: 0n, net: 29n }))).toEqual([
      ["financing.paid", T2],
      ["financing.paid", BANK],
    ]);
    expect(whoHears(s, ev("SlotFunded", { slot: 1n, debtor: CORE, maturity: MATURITY, amount: 100n, escrowed: 100n }))).toEqual([["slot.funded", CORE]]);
    expect(whoHears(s, ev("VoucherRedeemed", { id: 2n, holder: T2, value: 30n }))).toEqual([["voucher.redeemed", T2]]);
  });

  it("when a webhook reports money, then it is yuan as a decimal string, with the transaction and the event's position", () => {
    const s = new ProjectionState();
    apply(s, ev("VoucherIssued", { id: 5n, debtor: CORE, holder: T1, amount: 1_000_050n, maturity: MATURITY }));
    const [w] = webhookEventsOf(ev("VoucherIssued", { id: 5n, debtor: CORE, holder: T1, amount: 1_000_050n, maturity: MATURITY }), s);
    expect(w.data).toEqual({ voucherId: "5", amount: "10000.50", maturity: MATURITY.toISOString(), txHash: `0x${"22".repeat(32)}` });
    expect(w.blockNumber).toBe(7);
  });
});
