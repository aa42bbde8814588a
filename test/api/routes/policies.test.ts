/**
 * Cargo policies (货物保险) through the API, against the real chain and indexer: an insurer covers a pledged receipt,
 * the pledgee bank claims a loss and the insurer's maker and checker pay it to the bank; the owner's later claim is
 * rejected; who sees what, and every refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SigningDevice } from "../../../scripts/iot/signing-device";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { tamperingIsReported } from "../../helpers/reconciliation";
import { commitmentOf, coverSteps } from "../../helpers/cover";
import { registeredDevice } from "../../helpers/iot";

let api: TestApi;
let scale: SigningDevice;
const steps = coverSteps(() => api);
const { as, proposeApprove } = steps;
const cash = (who: Handle) => steps.cash(who);
const inDays = (days: number) => steps.inDays(days);
const { party } = apiSteps(() => api);

interface Policy {
  id: string;
  receiptId: string;
  insured: string;
  paid: string;
  claims: { id: string; status: string; loss: string; paid: string; beneficiary: unknown; claimant: unknown }[];
}

const post = async (who: Handle, path: string, body?: object) => api.http().post(path).set(await as(who)).send(body);
const policyOf = async (id: string, who: Handle = "insurer") => (await api.http().get(`/policies/${id}`).set(await as(who)).then(status(200))).body as Policy;

beforeAll(async () => {
  api = await testApi();
  scale = await registeredDevice(api, "weighing-platform", "P-01");
  await steps.fund("bank", 10_000_000_00n);
  await steps.fund("insurer", 1_000_000_00n);
  await steps.pledgeTerms();
}, 180_000);
afterAll(() => api.close());

describe("a cargo policy on a pledged receipt", () => {
  let receiptId: string;
  let id: string;
  let claimId: string;

  it("when the insurer's terms are wrong, then 4xx: unknown receipt, goods gone, empty period; other kinds 403", async () => {
    ({ receiptId } = await steps.drawnLoan(scale, "100000.00", 90));
    const base = { receiptId, insured: "300000.00", start: await inDays(0), end: await inDays(365), terms: commitmentOf("terms") };
    const gone = await steps.receipt(scale, "tier1", 1_000_000n);
    await proposeApprove("tier1", "post", `/receipts/${gone}/deliver`);
    const cases: [object, Handle, number, string][] = [
      [{ ...base, receiptId: "999999" }, "insurer", 404, "NOT_FOUND"],
      [{ ...base, receiptId: gone }, "insurer", 409, "POLICY_RECEIPT_NOT_INSURABLE"],
      [{ ...base, end: base.start }, "insurer", 422, "POLICY_INVALID_PERIOD"],
      [{ ...base, insured: "0.00" }, "insurer", 400, "VALIDATION_FAILED"],
      [{ ...base, terms: "0x12" }, "insurer", 400, "VALIDATION_FAILED"],
      [base, "bank", 403, "FORBIDDEN"],
    ];
    for (const [body, who, code, problem] of cases) {
      const res = await post(who, "/policies", body);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([code, problem]);
    }
  });

  it("when the insurer underwrites, then the insurer, the owner, the pledgee bank and the platform see it, others 404; a second policy is refused", async () => {
    const body = { receiptId, insured: "300000.00", start: await inDays(0), end: await inDays(365), terms: commitmentOf("terms") };
    const res = await post("insurer", "/policies", body).then(status(201));
    id = (res.body as Policy).id;
    expect(res.body).toMatchObject({ receiptId, insured: "300000.00", paid: "0.00", insurer: party("insurer"), claims: [] });
    for (const who of ["insurer", "tier1", "bank", "regulator"] as Handle[]) expect((await policyOf(id, who)).id).toBe(id);
    for (const who of ["tier2", "bank2", "guarantor"] as Handle[]) expect((await api.http().get(`/policies/${id}`).set(await as(who))).status, who).toBe(404);
    const mine = await api.http().get("/policies").set(await as("bank")).then(status(200));
    expect((mine.body as { items: Policy[] }).items.map((p) => p.id)).toContain(id);
    expect(((await api.http().get("/policies").set(await as("tier2")).then(status(200))).body as { items: unknown[] }).items).toEqual([]);
    const twice = await post("insurer", "/policies", body);
    expect([twice.status, twice.body.code]).toEqual([409, "POLICY_ALREADY_INSURED"]);
  });

  it("when the pledgee bank claims a loss, then the claim is filed; the insurer may not claim, and a second claim waits", async () => {
    const byInsurer = await post("insurer", `/policies/${id}/claims`, { loss: "1.00", evidence: commitmentOf("e") });
    expect([byInsurer.status, byInsurer.body.code]).toEqual([403, "POLICY_NOT_INSURED"]);
    expect((await post("tier2", `/policies/${id}/claims`, { loss: "1.00", evidence: commitmentOf("e") })).status).toBe(404);
    const filed = await post("bank", `/policies/${id}/claims`, { loss: "50000.00", evidence: commitmentOf("loss") }).then(status(201));
    claimId = (filed.body as { claimId: string }).claimId;
    expect((filed.body as Policy).claims).toEqual([expect.objectContaining({ id: claimId, status: "filed", loss: "50000.00", claimant: party("bank"), beneficiary: null })]);
    const second = await post("tier1", `/policies/${id}/claims`, { loss: "1.00", evidence: commitmentOf("e2") });
    expect([second.status, second.body.code]).toEqual([409, "POLICY_CLAIM_PENDING"]);
  });

  it("when the insurer's checker approves paying it, then the bank (the receipt secures its drawn loan) is paid, at most the loss", async () => {
    const above = await post("insurer", `/policies/claims/${claimId}/accept`, { amount: "50000.01" });
    expect([above.status, above.body.code]).toEqual([422, "POLICY_INVALID_AMOUNT"]);
    const byBank = await post("bank", `/policies/claims/${claimId}/accept`, { amount: "1.00" });
    expect(byBank.status).toBe(403);
    expect((await post("insurer", "/policies/claims/999999/accept", { amount: "1.00" })).status).toBe(404);
    const before = await cash("bank");
    const paid = await proposeApprove("insurer", "post", `/policies/claims/${claimId}/accept`, { amount: "40000.00" });
    expect(paid).toMatchObject({ paid: "40000.00", beneficiary: party("bank") });
    expect((await cash("bank")) - before).toBe(40_000_00n);
    const again = await post("insurer", `/policies/claims/${claimId}/accept`, { amount: "1.00" });
    expect([again.status, again.body.code]).toEqual([409, "POLICY_CLAIM_NOT_FILED"]);
  });

  it("when the owner claims again and the insurer rejects it, then it is rejected and pays nothing; a decided claim cannot be rejected", async () => {
    const filed = await post("tier1", `/policies/${id}/claims`, { loss: "100.00", evidence: commitmentOf("loss-2") }).then(status(201));
    const second = (filed.body as { claimId: string }).claimId;
    expect((await post("tier1", `/policies/claims/${second}/reject`, { reason: commitmentOf("r") })).status).toBe(403);
    const rejected = await post("insurer", `/policies/claims/${second}/reject`, { reason: commitmentOf("letter") }).then(status(200));
    expect((rejected.body as Policy).claims.find((c) => c.id === second)).toMatchObject({ status: "rejected", paid: "0.00" });
    expect((await policyOf(id)).paid).toBe("40000.00");
    const decided = await post("insurer", `/policies/claims/${claimId}/reject`, { reason: commitmentOf("late") });
    expect([decided.status, decided.body.code]).toEqual([409, "POLICY_CLAIM_NOT_FILED"]);
  });

  it("when the policy's period is over, then a claim is refused as not in force", async () => {
    const other = await steps.receipt(scale, "tier1", 1_000_000n);
    const short = await post("insurer", "/policies", { receiptId: other, insured: "100.00", start: await inDays(0), end: await inDays(1), terms: commitmentOf("short") }).then(status(201));
    await steps.advance(2);
    const late = await post("tier1", `/policies/${(short.body as Policy).id}/claims`, { loss: "1.00", evidence: commitmentOf("late") });
    expect([late.status, late.body.code]).toEqual([409, "POLICY_NOT_IN_FORCE"]);
  });
});

describe("the regulator's reconciliation, after every policy and claim above", () => {
  it("when the projection is left alone, then policies and claims agree with the ledger; changed, each is reported", async () => {
    const prisma = api.platform.db.prisma;
    const [policy, claim] = await Promise.all([prisma.cargoPolicyState.findFirstOrThrow({ orderBy: { id: "asc" } }), prisma.policyClaimState.findFirstOrThrow({ orderBy: { id: "asc" } })]);
    await tamperingIsReported(
      api,
      () => Promise.all([prisma.cargoPolicyState.update({ where: { id: policy.id }, data: { insured: { increment: 1n } } }), prisma.policyClaimState.update({ where: { id: claim.id }, data: { status: "rejected", paid: { increment: 1n } } })]),
      () => Promise.all([prisma.cargoPolicyState.update({ where: { id: policy.id }, data: { insured: policy.insured } }), prisma.policyClaimState.update({ where: { id: claim.id }, data: { status: claim.status, paid: claim.paid } })]),
      [`policy:${policy.id}:insured`, `claim:${claim.id}:status`, `claim:${claim.id}:paid`],
    );
  });
});
