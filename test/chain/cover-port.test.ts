/**
 * Guarantees, cargo policies, warehouse fees and the late-funding penalty through the ledger port on the embedded
 * chain, deployed by connectLedger with the rest of the suite: typed results, events in domain types (a guarantee's
 * kind as text, periods as dates, CST days as numbers), and reverts as stable codes with HTTP statuses.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectLedger } from "../../chain/connect";
import { cstDayNumber } from "../../chain/cst-day";
import type { Ledger } from "../../chain/ledger";
import { StaticKeyRing } from "../../chain/static-key-ring";
import { eventLog, refusal } from "../helpers/port-log";
import { ifOpened } from "../helpers/teardown";

const DAY = 86_400;
const TONNE = 1_000_000n;
const dir = mkdtempSync(path.join(tmpdir(), "scf-cover-port-"));
const h = (s: string) => keccak256(toUtf8Bytes(s));
const keys = new StaticKeyRing();
const acc = { deployer: keys.create(), operator: keys.create(), regulator: keys.create() };
const [warehouse, owner, bank, guarantor, insurer, core] = Array.from({ length: 6 }, () => keys.create());
const { operator } = acc;
let l: Ledger;
const log = eventLog(() => l);
const { refresh, events } = log;

let n = 0;
const issue = async (quantity: bigint) => {
  n += 1;
  const terms = { depositor: owner, commodity: "LI2CO3", grade: "battery-99.5", quantity, weighed: quantity };
  return (await l.receipts.issue(warehouse, { ...terms, inbound: h(`in-${n}`), reading: h(`rd-${n}`), location: h(`bay-${n}`), document: h(`doc-${n}`) })).result;
};
const inDays = async (days: number) => new Date((await l.clock.now()).getTime() + days * DAY * 1000);
const pledge = async (receiptId: bigint, amount: bigint, maturityDays: number) => {
  // Today's price, unless the clock has not left the day it was posted on.
  await l.prices.post(operator, "LI2CO3", 7_500_000n).catch(() => undefined);
  const loanId = (await l.pledges.request(owner, { receiptIds: [receiptId], bank, amount, rateBps: 500, maturity: await inDays(maturityDays) })).result;
  await l.pledges.drawdown(bank, loanId);
  return loanId;
};

beforeAll(async () => {
  ({ ledger: l } = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc));
  const roles = { warehouse: ["warehouse"], owner: ["supplier"], bank: ["bank"], guarantor: ["guarantor"], insurer: ["insurer"], core: ["core"] } as const;
  const who = { warehouse, owner, bank, guarantor, insurer, core };
  for (const [name, r] of Object.entries(roles)) {
    await l.participants.register(operator, { account: who[name as keyof typeof who], roles: [...r], usccHash: h(name), kycHash: h(`kyc-${name}`) });
  }
  await l.cash.designateSettlementBank(acc.regulator, bank);
  for (const a of [bank, owner, guarantor, insurer]) {
    await l.cash.mint(bank, a, 10_000_000_00n, h(`deposit-${a}`));
    for (const spender of [l.pledges.address, l.guarantees.address, l.policies.address, l.fees.address]) await l.cash.approve(a, spender, 2n ** 200n);
  }
  await l.prices.appointPublisher(operator, operator);
  await l.pledges.setPledgeRate(bank, "LI2CO3", 7000);
});
afterAll(async () => {
  await ifOpened(l)?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("guarantees through the port", () => {
  it("when a guarantor backs a pledge loan that falls due unpaid, then the bank demands it, the guarantor pays and recovers from the borrower", async () => {
    const loanId = await pledge(await issue(10n * TONNE), 100_000_00n, 5);
    const expiry = await inDays(60);
    expect((await refusal(l.guarantees.issue(guarantor, { kind: "pledgeLoan", subject: loanId + 99n, bank, amount: 1n, expiry })))[0]).toBe("GUARANTEE_INVALID_SUBJECT");
    expect((await refusal(l.guarantees.issue(owner, { kind: "pledgeLoan", subject: loanId, bank, amount: 1n, expiry })))[0]).toBe("PARTICIPANT_MISSING_ROLE");
    const id = (await l.guarantees.issue(guarantor, { kind: "pledgeLoan", subject: loanId, bank, amount: 80_000_00n, expiry })).result;
    expect(await l.guarantees.get(id)).toMatchObject({ id, guarantor, bank, kind: "pledgeLoan", subject: loanId, amount: 80_000_00n, status: "active", paid: 0n, obligor: undefined });
    expect(await l.guarantees.guaranteeOf("pledgeLoan", loanId)).toBe(id);
    expect(await l.guarantees.lastId()).toBe(id);
    expect(await l.guarantees.get(id + 1n)).toBeUndefined();
    expect((await refusal(l.guarantees.issue(guarantor, { kind: "pledgeLoan", subject: loanId, bank, amount: 1n, expiry }))).slice(0, 2)).toEqual(["GUARANTEE_ALREADY_EXISTS", 409]);
    expect((await refusal(l.guarantees.demand(bank, id))).slice(0, 2)).toEqual(["GUARANTEE_NO_DEFAULT", 409]);
    expect((await refusal(l.guarantees.demand(owner, id))).slice(0, 2)).toEqual(["GUARANTEE_NOT_BANK", 403]);

    await l.clock.advance(16 * DAY); // past maturity and the ten days' grace
    const bankBefore = await l.cash.balanceOf(bank);
    expect((await l.guarantees.demand(bank, id)).result).toBe(80_000_00n);
    expect((await l.cash.balanceOf(bank)) - bankBefore).toBe(80_000_00n);
    expect(await l.guarantees.get(id)).toMatchObject({ status: "called", paid: 80_000_00n, obligor: owner });
    expect(await refusal(l.guarantees.release(bank, id))).toEqual(["GUARANTEE_INVALID_STATUS", 409, { id, status: "called" }]);
    expect((await refusal(l.guarantees.recover(owner, id, 80_000_01n))).slice(0, 2)).toEqual(["GUARANTEE_INVALID_AMOUNT", 422]);
    expect((await refusal(l.guarantees.reclaim(owner, id))).slice(0, 2)).toEqual(["GUARANTEE_CLAIM_OUTSTANDING", 409]);
    await l.guarantees.recover(owner, id, 30_000_00n);
    expect((await l.guarantees.get(id))?.recovered).toBe(30_000_00n);

    await refresh();
    expect(events("GuaranteeIssued").at(-1)).toEqual({ id, guarantor, bank, kind: "pledgeLoan", subject: loanId, amount: 80_000_00n, expiry: new Date(Math.floor(expiry.getTime() / 1000) * 1000) });
    expect(events("GuaranteeCalled").at(-1)).toMatchObject({ id, bank, guarantor, paid: 80_000_00n });
    expect(events("RecourseRecorded").at(-1)).toEqual({ id, guarantor, obligor: owner, amount: 80_000_00n });
    expect(events("RecourseRecovered").at(-1)).toEqual({ id, payer: owner, amount: 30_000_00n, left: 50_000_00n });
  });

  it("when a guarantee is released by its bank, or lapses at expiry, then it is no longer in force", async () => {
    const loanA = await pledge(await issue(TONNE), 1_000_00n, 30);
    const loanB = await pledge(await issue(TONNE), 1_000_00n, 30);
    const a = (await l.guarantees.issue(guarantor, { kind: "pledgeLoan", subject: loanA, bank, amount: 1_000_00n, expiry: await inDays(20) })).result;
    const b = (await l.guarantees.issue(guarantor, { kind: "pledgeLoan", subject: loanB, bank, amount: 1_000_00n, expiry: await inDays(2) })).result;
    expect((await refusal(l.guarantees.release(owner, a))).slice(0, 2)).toEqual(["GUARANTEE_NOT_RELEASABLE", 403]);
    await l.guarantees.release(bank, a);
    expect((await l.guarantees.get(a))?.status).toBe("released");
    expect(await l.guarantees.guaranteeOf("pledgeLoan", loanA)).toBe(0n);
    expect((await refusal(l.guarantees.expire(owner, b))).slice(0, 2)).toEqual(["GUARANTEE_NOT_EXPIRED", 409]);
    await l.clock.advance(3 * DAY);
    await l.guarantees.expire(owner, b);
    expect((await l.guarantees.get(b))?.status).toBe("expired");
    await refresh();
    expect(events("GuaranteeReleased").at(-1)).toEqual({ id: a, by: bank });
    expect(events("GuaranteeExpired").at(-1)).toEqual({ id: b });
  });
});

describe("cargo policies through the port", () => {
  it("when an insurer covers a pledged receipt and the bank claims a loss, then the insurer pays the bank; a second claim is rejected", async () => {
    const r = await issue(5n * TONNE);
    const loanId = await pledge(r, 100_000_00n, 90);
    const start = await l.clock.now();
    const end = await inDays(365);
    expect((await refusal(l.policies.underwrite(insurer, { receiptId: r, insured: 0n, start, end, terms: h("t") })))[0]).toBe("POLICY_INVALID_AMOUNT");
    const policyId = (await l.policies.underwrite(insurer, { receiptId: r, insured: 300_000_00n, start, end, terms: h("terms") })).result;
    expect(await l.policies.policy(policyId)).toMatchObject({ id: policyId, receiptId: r, insurer, insured: 300_000_00n, paid: 0n, terms: h("terms") });
    expect(await l.policies.policyOf(r)).toBe(policyId);
    expect(await l.policies.policy(policyId + 1n)).toBeUndefined();
    expect((await refusal(l.policies.underwrite(insurer, { receiptId: r, insured: 1n, start, end, terms: h("t") }))).slice(0, 2)).toEqual(["POLICY_ALREADY_INSURED", 409]);
    expect(await l.policies.beneficiaryOf(policyId, loanId)).toBe(bank);

    await l.clock.advance(DAY);
    expect((await refusal(l.policies.fileClaim(guarantor, { policyId, loss: 1n, evidence: h("e"), loanId })))[0]).toBe("POLICY_NOT_INSURED");
    expect((await refusal(l.policies.fileClaim(bank, { policyId: 999n, loss: 1n, evidence: h("e"), loanId }))).slice(0, 2)).toEqual(["POLICY_NOT_FOUND", 404]);
    const claimId = (await l.policies.fileClaim(bank, { policyId, loss: 50_000_00n, evidence: h("loss"), loanId })).result;
    expect(await l.policies.claim(claimId)).toMatchObject({ id: claimId, policyId, claimant: bank, status: "filed", loss: 50_000_00n, beneficiary: undefined });
    expect((await refusal(l.policies.fileClaim(bank, { policyId, loss: 1n, evidence: h("e2"), loanId }))).slice(0, 2)).toEqual(["POLICY_CLAIM_PENDING", 409]);
    expect((await refusal(l.policies.acceptClaim(bank, claimId, 1n, loanId))).slice(0, 2)).toEqual(["POLICY_NOT_INSURER", 403]);
    const before = await l.cash.balanceOf(bank);
    expect((await l.policies.acceptClaim(insurer, claimId, 40_000_00n, loanId)).result).toBe(bank);
    expect((await l.cash.balanceOf(bank)) - before).toBe(40_000_00n);
    expect(await l.policies.claim(claimId)).toMatchObject({ status: "paid", paid: 40_000_00n, beneficiary: bank });
    expect((await refusal(l.policies.rejectClaim(insurer, claimId, h("no")))).slice(0, 2)).toEqual(["POLICY_CLAIM_NOT_FILED", 409]);
    const second = (await l.policies.fileClaim(owner, { policyId, loss: 1_00n, evidence: h("loss-2"), loanId })).result;
    await l.policies.rejectClaim(insurer, second, h("letter"));
    expect((await l.policies.claim(second))?.status).toBe("rejected");
    expect(await l.policies.lastIds()).toEqual({ policyId, claimId: second });

    await refresh();
    expect(events("PolicyUnderwritten").at(-1)).toEqual({ policyId, receiptId: r, insurer, insured: 300_000_00n, start: new Date(Math.floor(start.getTime() / 1000) * 1000), end: new Date(Math.floor(end.getTime() / 1000) * 1000), terms: h("terms") });
    expect(events("ClaimFiled").at(-2)).toEqual({ claimId, policyId, claimant: bank, loss: 50_000_00n, evidence: h("loss") });
    expect(events("ClaimPaid").at(-1)).toEqual({ claimId, policyId, beneficiary: bank, amount: 40_000_00n });
    expect(events("ClaimRejected").at(-1)).toEqual({ claimId: second, policyId, reason: h("letter") });
  });
});

describe("warehouse fees through the port", () => {
  it("when a warehouse sets a tariff, opens an account and supervises a pledge, then paying moves storage and supervision fees to it", async () => {
    expect(await l.fees.tariff(warehouse, "LI2CO3")).toEqual({ storageFenPerTonneDay: 0n, supervisionFenPerTonneDay: 0n });
    const r = await issue(10n * TONNE);
    expect((await refusal(l.fees.open(warehouse, r))).slice(0, 2)).toEqual(["FEE_NO_TARIFF", 409]);
    await l.fees.setTariff(warehouse, "LI2CO3", { storageFenPerTonneDay: 1_00n, supervisionFenPerTonneDay: 50n });
    expect(await l.fees.tariff(warehouse, "LI2CO3")).toEqual({ storageFenPerTonneDay: 1_00n, supervisionFenPerTonneDay: 50n });
    expect((await refusal(l.fees.open(owner, r))).slice(0, 2)).toEqual(["FEE_NOT_WAREHOUSE", 403]);
    expect(await l.fees.account(r)).toBeUndefined();
    await l.fees.open(warehouse, r);
    expect((await refusal(l.fees.open(warehouse, r))).slice(0, 2)).toEqual(["FEE_ACCOUNT_ALREADY_OPEN", 409]);
    expect((await refusal(l.fees.startSupervision(warehouse, r))).slice(0, 2)).toEqual(["FEE_CANNOT_SUPERVISE", 409]);
    expect((await refusal(l.fees.pay(owner, r))).slice(0, 2)).toEqual(["FEE_NOTHING_DUE", 409]);
    const day = cstDayNumber(await l.clock.now());
    expect(await l.fees.account(r)).toMatchObject({ receiptId: r, warehouse, storageFrom: day, supervising: false, closed: false, storageFenPerTonneDay: 1_00n });

    await pledge(r, 1_000_00n, 90);
    await l.fees.startSupervision(warehouse, r);
    await l.clock.advance(2 * DAY);
    expect(await l.fees.due(r)).toEqual({ storageFee: 20_00n, supervisionFee: 10_00n });
    const before = await l.cash.balanceOf(warehouse);
    expect((await l.fees.pay(owner, r)).result).toEqual({ storageFee: 20_00n, supervisionFee: 10_00n, closed: false });
    expect((await l.cash.balanceOf(warehouse)) - before).toBe(30_00n);
    expect((await refusal(l.fees.endSupervision(owner, r))).slice(0, 2)).toEqual(["FEE_CANNOT_END_SUPERVISION", 409]);
    await l.fees.endSupervision(warehouse, r);
    expect((await refusal(l.fees.pay(owner, 999n))).slice(0, 2)).toEqual(["FEE_ACCOUNT_NOT_OPEN", 409]);

    await refresh();
    expect(events("TariffSet").at(-1)).toEqual({ warehouse, commodity: "LI2CO3", storageFenPerTonneDay: 1_00n, supervisionFenPerTonneDay: 50n });
    expect(events("FeeAccountOpened").at(-1)).toEqual({ receiptId: r, warehouse, day, storageFenPerTonneDay: 1_00n, supervisionFenPerTonneDay: 50n });
    expect(events("SupervisionStarted").at(-1)).toEqual({ receiptId: r, day });
    expect(events("FeesPaid").at(-1)).toEqual({ receiptId: r, payer: owner, warehouse, storageFee: 20_00n, supervisionFee: 10_00n, day: day + 2, closed: false });
    expect(events("SupervisionEnded").at(-1)).toEqual({ receiptId: r, by: warehouse, days: 0, fee: 0n });
  });
});

describe("the late-funding penalty through the port", () => {
  it("when a core enterprise sets its penalty rate, then the ledger reads it and a rate above the cap is refused", async () => {
    const maturity = await inDays(30);
    expect(await l.settlement.penaltyRateFor(core, maturity)).toBe(0);
    await l.settlement.setPenaltyRate(core, 1800);
    expect(await l.settlement.penaltyRateFor(core, maturity)).toBe(1800);
    expect(await l.settlement.penaltyDue(core, maturity, await inDays(40))).toBe(0n); // nothing outstanding on the slot
    expect((await refusal(l.settlement.setPenaltyRate(core, 60_000)))[0]).toBe("SETTLEMENT_INVALID_PENALTY_RATE");
    expect((await refusal(l.settlement.setPenaltyRate(owner, 100)))[0]).toBe("PARTICIPANT_MISSING_ROLE");
    expect(await l.settlement.penaltyPaid(1n)).toBe(false);
    await refresh();
    expect(events("PenaltyRateChanged").at(-1)).toEqual({ core, rateBps: 1800 });
  });
});
