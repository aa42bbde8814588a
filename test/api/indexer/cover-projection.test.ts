/**
 * The projection of guarantees, cargo policies and their claims, warehouse fee accounts and late-funding penalties,
 * applied event by event as the indexer does; the route tests run the same events through the real chain.
 */
import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../../../chain/events";
import { apply, ProjectionError, ProjectionState, slotKey, touchedKeys } from "../../../api/src/indexer/projection";

const [guarantor, bank, owner, insurer, warehouse, core] = ["01", "02", "03", "04", "05", "06"].map((b) => "0x" + b.repeat(20));
const h = (b: string) => "0x" + b.repeat(32);
const at = { contract: "Guarantees", txHash: h("ef"), blockNumber: 9, blockHash: h("ab") };
const expiry = new Date("2027-06-01T00:00:00Z");

function run(state: ProjectionState, events: { name: string; args: Record<string, unknown> }[]): void {
  events.forEach((e, logIndex) => { apply(state, { ...at, ...e, logIndex } as unknown as LedgerEvent); });
}

describe("the cover projection", () => {
  it("when a guarantee is issued, called and recovered, then its row follows: paid once, recovered up to what was paid", () => {
    const s = new ProjectionState();
    run(s, [
      { name: "GuaranteeIssued", args: { id: 1n, guarantor, bank, kind: "pledgeLoan", subject: 4n, amount: 800n, expiry } },
      { name: "GuaranteeIssued", args: { id: 2n, guarantor, bank, kind: "voucherFinancing", subject: 7n, amount: 50n, expiry } },
      { name: "GuaranteeCalled", args: { id: 1n, bank, guarantor, claim: 1_000n, paid: 800n } },
      { name: "RecourseRecorded", args: { id: 1n, guarantor, obligor: owner, amount: 800n } },
      { name: "RecourseRecovered", args: { id: 1n, payer: owner, amount: 300n, left: 500n } },
      { name: "GuaranteeReleased", args: { id: 2n, by: bank } },
    ]);
    expect(s.guarantees.must(1n, "g")).toMatchObject({ status: "called", claim: 1_000n, paid: 800n, obligor: owner, recovered: 300n, kind: "pledgeLoan", subject: 4n, createdBlock: 9 });
    expect(s.guarantees.must(2n, "g")).toMatchObject({ status: "released", paid: 0n, obligor: null });
    run(s, [{ name: "RecourseRecovered", args: { id: 1n, payer: bank, amount: 500n, left: 0n } }]);
    expect(s.guarantees.must(1n, "g").recovered).toBe(800n);
    run(s, [{ name: "GuaranteeIssued", args: { id: 3n, guarantor, bank, kind: "pledgeLoan", subject: 5n, amount: 1n, expiry } }, { name: "GuaranteeExpired", args: { id: 3n } }]);
    expect(s.guarantees.must(3n, "g").status).toBe("expired");
  });

  it("when a policy is underwritten and claims are paid or rejected, then the cover used grows only by what was paid", () => {
    const s = new ProjectionState();
    run(s, [
      { name: "PolicyUnderwritten", args: { policyId: 1n, receiptId: 3n, insurer, insured: 1_000n, start: expiry, end: expiry, terms: h("11") } },
      { name: "ClaimFiled", args: { claimId: 1n, policyId: 1n, claimant: bank, loss: 400n, evidence: h("22") } },
      { name: "ClaimPaid", args: { claimId: 1n, policyId: 1n, beneficiary: bank, amount: 300n } },
      { name: "ClaimFiled", args: { claimId: 2n, policyId: 1n, claimant: owner, loss: 10n, evidence: h("33") } },
      { name: "ClaimRejected", args: { claimId: 2n, policyId: 1n, reason: h("44") } },
    ]);
    expect(s.policies.must(1n, "p")).toMatchObject({ paid: 300n, insured: 1_000n, receiptId: 3n });
    expect(s.claims.must(1n, "c")).toMatchObject({ status: "paid", paid: 300n, beneficiary: bank });
    expect(s.claims.must(2n, "c")).toMatchObject({ status: "rejected", paid: 0n, reason: h("44"), beneficiary: null });
  });

  it("when a fee account is opened, supervised and paid, then the totals paid add up and the last payment closes it", () => {
    const s = new ProjectionState();
    run(s, [
      { name: "TariffSet", args: { warehouse, commodity: "LI2CO3", storageFenPerTonneDay: 100n, supervisionFenPerTonneDay: 50n } },
      { name: "FeeAccountOpened", args: { receiptId: 3n, warehouse, day: 20_000, storageFenPerTonneDay: 100n, supervisionFenPerTonneDay: 50n } },
      { name: "SupervisionStarted", args: { receiptId: 3n, day: 20_000 } },
      { name: "FeesPaid", args: { receiptId: 3n, payer: owner, warehouse, storageFee: 2_000n, supervisionFee: 1_000n, day: 20_002, closed: false } },
    ]);
    expect(s.feeAccounts.must(3n, "f")).toMatchObject({ supervising: true, storagePaid: 2_000n, supervisionPaid: 1_000n, paidTo: 20_002, closed: false, openedDay: 20_000 });
    expect(s.settings.get(`tariff:${warehouse}:LI2CO3`)).toEqual({ storageFenPerTonneDay: "100", supervisionFenPerTonneDay: "50" });
    run(s, [
      { name: "SupervisionEnded", args: { receiptId: 3n, by: warehouse, days: 3, fee: 1_500n } },
      { name: "FeesPaid", args: { receiptId: 3n, payer: owner, warehouse, storageFee: 1_000n, supervisionFee: 1_500n, day: 20_003, closed: true } },
    ]);
    expect(s.feeAccounts.must(3n, "f")).toMatchObject({ supervising: false, storagePaid: 3_000n, supervisionPaid: 2_500n, closed: true });
  });

  it("when a slot is funded late and a holder is paid its share, then the penalty row counts what was paid out", () => {
    const s = new ProjectionState();
    const maturity = new Date("2027-01-01T00:00:00Z");
    s.vouchers.rows.set(5n, { id: 5n, owner: bank, value: 100n, redeemedValue: 100n, locked: 0n, depth: 0, financed: false, root: 5n, parent: 0n, debtor: core, maturity, createdBlock: 1 });
    run(s, [
      { name: "PenaltyRateChanged", args: { core, rateBps: 1800 } },
      { name: "PenaltyCharged", args: { debtor: core, maturity, days: 3, rateBps: 1800, base: 100n, penalty: 15n } },
      { name: "PenaltyPaid", args: { id: 5n, holder: bank, amount: 15n } },
    ]);
    expect(s.settings.get(`penaltyRate:${core}`)).toBe(1800);
    expect(s.penalties.must(slotKey(core, maturity), "p")).toMatchObject({ penalty: 15n, paidOut: 15n, days: 3 });
  });

  it("when a claim or a fee names a row the projection lacks, then applying it stops with a ProjectionError", () => {
    const s = new ProjectionState();
    expect(() => { run(s, [{ name: "ClaimPaid", args: { claimId: 9n, policyId: 9n, beneficiary: bank, amount: 1n } }]); }).toThrow(ProjectionError);
    expect(() => { run(s, [{ name: "FeesPaid", args: { receiptId: 9n, payer: owner, warehouse, storageFee: 1n, supervisionFee: 0n, day: 1, closed: false } }]); }).toThrow(ProjectionError);
  });

  it("when events name guarantees, claims, fee accounts and penalties, then touchedKeys asks for their rows", () => {
    const maturity = new Date("2027-01-01T00:00:00Z");
    const k = touchedKeys([
      { ...at, logIndex: 0, name: "GuaranteeCalled", args: { id: 1n, bank, guarantor, claim: 1n, paid: 1n } },
      { ...at, logIndex: 1, name: "ClaimFiled", args: { claimId: 2n, policyId: 3n, claimant: bank, loss: 1n, evidence: h("11") } },
      { ...at, logIndex: 2, name: "FeesPaid", args: { receiptId: 4n, payer: owner, warehouse, storageFee: 1n, supervisionFee: 0n, day: 1, closed: false } },
      { ...at, logIndex: 3, name: "PenaltyCharged", args: { debtor: core, maturity, days: 1, rateBps: 1, base: 1n, penalty: 1n } },
      { ...at, logIndex: 4, name: "PenaltyPaid", args: { id: 5n, holder: bank, amount: 1n } },
    ] as LedgerEvent[]);
    expect([...k.guarantees]).toEqual([1n]);
    expect([[...k.claims], [...k.policies]]).toEqual([[2n], [3n]]);
    expect([...k.feeAccounts]).toEqual([4n]);
    expect([...k.penalties]).toEqual([slotKey(core, maturity)]);
    expect([...k.vouchers]).toEqual([5n]);
  });
});
