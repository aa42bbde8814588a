/**
 * Guarantees (担保) through the API, against the real chain and indexer: the guarantor's maker and checker issue
 * one behind a bank's pledge loan; on default the bank calls it and the guarantor pays; the borrower repays the
 * guarantor, and once the loan is repaid the bank hands back the rest; a bank releases one it no longer needs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SigningDevice } from "../../../scripts/iot/signing-device";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { tamperingIsReported } from "../../helpers/reconciliation";
import { coverSteps } from "../../helpers/cover";
import { registeredDevice } from "../../helpers/iot";

let api: TestApi;
let scale: SigningDevice;
const steps = coverSteps(() => api);
const { as, proposeApprove } = steps;
const cash = (who: Handle) => steps.cash(who);
const inDays = (days: number) => steps.inDays(days);
const { party } = apiSteps(() => api);
const NOBODY = "00000000-0000-4000-8000-000000000000";

interface Guarantee {
  id: string;
  status: string;
  kind: string;
  subject: string;
  amount: string;
  paid: string;
  claim: string | null;
  recovered: string;
  obligor: unknown;
}

const propose = async (who: Handle, path: string, body?: object) => api.http().post(path).set(await as(who)).send(body);
const issueBody = async (loanId: string, amount = "80000.00", days = 60) => ({ kind: "pledgeLoan", subject: loanId, bankOrgId: api.orgs.bank.id, amount, expiry: await inDays(days) });
const get = async (id: string, who: Handle = "guarantor") => (await api.http().get(`/guarantees/${id}`).set(await as(who)).then(status(200))).body as Guarantee;

beforeAll(async () => {
  api = await testApi();
  scale = await registeredDevice(api, "weighing-platform", "G-01");
  await steps.fund("bank", 10_000_000_00n);
  await steps.fund("tier1", 1_000_000_00n);
  await steps.fund("guarantor", 1_000_000_00n);
  await steps.pledgeTerms();
}, 180_000);
afterAll(() => api.close());

describe("issuing a guarantee (the guarantor's maker proposes, its checker issues)", () => {
  let loanId: string;
  let id: string;

  it("when the terms are wrong, then the proposal is refused at once with the ledger's code", async () => {
    ({ loanId } = await steps.drawnLoan(scale, "100000.00", 5));
    const base = await issueBody(loanId);
    const cases: [object, Handle, number, string][] = [
      [{ ...base, bankOrgId: NOBODY }, "guarantor", 404, "NOT_FOUND"],
      [{ ...base, bankOrgId: api.orgs.core.id }, "guarantor", 422, "ORGANISATION_WRONG_KIND"],
      [{ ...base, expiry: await inDays(-1) }, "guarantor", 422, "GUARANTEE_INVALID_EXPIRY"],
      [{ ...base, subject: "999999" }, "guarantor", 422, "GUARANTEE_INVALID_SUBJECT"],
      [{ ...base, kind: "voucherFinancing" }, "guarantor", 422, "GUARANTEE_INVALID_SUBJECT"],
      [{ ...base, bankOrgId: api.orgs.bank2.id }, "guarantor", 422, "GUARANTEE_INVALID_SUBJECT"],
      [{ ...base, amount: "0.00" }, "guarantor", 400, "VALIDATION_FAILED"],
      [{ ...base, kind: "loan" }, "guarantor", 400, "VALIDATION_FAILED"],
      [base, "bank", 403, "FORBIDDEN"],
    ];
    for (const [body, who, code, problem] of cases) {
      const res = await propose(who, "/guarantees", body);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([code, problem]);
    }
  });

  it("when the guarantor's checker approves, then the guarantee is active, the guarantor's cash is committed to the module, and a second one on the loan is refused", async () => {
    const allowed = await api.platform.ledger.cash.allowance(api.orgs.guarantor.account, api.platform.ledger.guarantees.address);
    const g = (await proposeApprove("guarantor", "post", "/guarantees", await issueBody(loanId))) as unknown as Guarantee & { txHash: string; guarantor: unknown; bank: unknown };
    id = g.id;
    expect(g).toMatchObject({ status: "active", kind: "pledgeLoan", subject: loanId, amount: "80000.00", paid: "0.00", claim: null, obligor: null, guarantor: party("guarantor"), bank: party("bank") });
    expect(g.txHash).toMatch(/^0x/);
    expect(await api.platform.ledger.cash.allowance(api.orgs.guarantor.account, api.platform.ledger.guarantees.address)).toBe(allowed + 80_000_00n);
    const twice = await propose("guarantor", "/guarantees", await issueBody(loanId, "1.00"));
    expect([twice.status, twice.body.code]).toEqual([409, "GUARANTEE_ALREADY_EXISTS"]);
  });

  it("when anyone reads it, then its guarantor, its bank and the platform see it; the borrower (not yet its obligor) and others get 404", async () => {
    for (const who of ["guarantor", "bank", "regulator", "operator"] as Handle[]) expect((await get(id, who)).id).toBe(id);
    for (const who of ["tier1", "bank2", "insurer"] as Handle[]) expect((await api.http().get(`/guarantees/${id}`).set(await as(who))).status, who).toBe(404);
    const mine = await api.http().get("/guarantees?status=active").set(await as("bank")).then(status(200));
    expect((mine.body as { items: { id: string }[] }).items.map((g) => g.id)).toContain(id);
    const theirs = await api.http().get("/guarantees").set(await as("bank2")).then(status(200));
    expect((theirs.body as { items: unknown[] }).items).toEqual([]);
  });

  it("when the bank demands before default, or someone else does, then it is refused; past maturity and grace, the guarantor pays the bank", async () => {
    const early = await propose("bank", `/guarantees/${id}/demand`);
    expect([early.status, early.body.code]).toEqual([409, "GUARANTEE_NO_DEFAULT"]);
    expect((await propose("bank2", `/guarantees/${id}/demand`)).status).toBe(404);
    expect((await propose("guarantor", `/guarantees/${id}/demand`)).status).toBe(403);
    const recoverEarly = await propose("bank", `/guarantees/${id}/recover`, { amount: "1.00" });
    expect([recoverEarly.status, recoverEarly.body.code]).toEqual([409, "GUARANTEE_INVALID_STATUS"]);

    await steps.advance(16); // five days to maturity, ten of grace
    const [bank, guarantor] = [await cash("bank"), await cash("guarantor")];
    const called = (await proposeApprove("bank", "post", `/guarantees/${id}/demand`)) as unknown as Guarantee;
    expect(called).toMatchObject({ status: "called", paid: "80000.00", obligor: party("tier1") });
    expect(BigInt(called.claim!.replace(".", ""))).toBeGreaterThan(100_000_00n);
    expect([(await cash("bank")) - bank, guarantor - (await cash("guarantor"))]).toEqual([80_000_00n, 80_000_00n]);
    const again = await propose("bank", `/guarantees/${id}/demand`);
    expect([again.status, again.body.code]).toEqual([409, "GUARANTEE_INVALID_STATUS"]);
    expect((await get(id, "tier1")).status).toBe("called"); // the borrower now owes the guarantor
  });

  it("when the borrower repays the guarantor, then only up to what it paid; the bank reclaims the rest once the loan is repaid", async () => {
    const tooMuch = await propose("tier1", `/guarantees/${id}/recover`, { amount: "80000.01" });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([422, "GUARANTEE_INVALID_AMOUNT"]);
    expect((await propose("tier2", `/guarantees/${id}/recover`, { amount: "1.00" })).status).toBe(404);
    expect((await propose("guarantor", `/guarantees/${id}/recover`, { amount: "1.00" })).status).toBe(403);
    const before = await cash("guarantor");
    expect(await proposeApprove("tier1", "post", `/guarantees/${id}/recover`, { amount: "30000.00" })).toMatchObject({ recovered: "30000.00" });
    expect((await cash("guarantor")) - before).toBe(30_000_00n);

    const outstanding = await propose("bank", `/guarantees/${id}/reclaim`);
    expect([outstanding.status, outstanding.body.code]).toEqual([409, "GUARANTEE_CLAIM_OUTSTANDING"]);
    expect((await propose("tier1", `/guarantees/${id}/reclaim`)).status).toBe(403);
    const due = (await api.http().get(`/pledges/${loanId}`).set(await as("tier1")).then(status(200))).body as { due: { principal: string; interest: string } };
    const owed = (BigInt(due.due.principal.replace(".", "")) + BigInt(due.due.interest.replace(".", ""))).toString();
    await proposeApprove("tier1", "post", `/pledges/${loanId}/repay`, { amount: `${owed.slice(0, -2)}.${owed.slice(-2)}` });
    const reclaimed = (await proposeApprove("bank", "post", `/guarantees/${id}/reclaim`)) as unknown as Guarantee & { amount: string };
    expect(reclaimed).toMatchObject({ recovered: "80000.00", amount: "50000.00" });
    const nothing = await propose("bank", `/guarantees/${id}/reclaim`);
    expect([nothing.status, nothing.body.code]).toEqual([422, "GUARANTEE_INVALID_AMOUNT"]);
  });
});

describe("releasing and letting a guarantee lapse", () => {
  it("when the bank releases one, then it is released; the guarantor may not; a lapsed one cannot be called", async () => {
    const { loanId } = await steps.drawnLoan(scale, "1000.00", 30, 1n);
    const g = (await proposeApprove("guarantor", "post", "/guarantees", await issueBody(loanId, "1000.00", 2))) as unknown as Guarantee;
    const byGuarantor = await propose("guarantor", `/guarantees/${g.id}/release`);
    expect([byGuarantor.status, byGuarantor.body.code]).toEqual([403, "GUARANTEE_NOT_RELEASABLE"]);
    expect((await propose("tier2", `/guarantees/${g.id}/release`)).status).toBe(404);

    await steps.advance(3);
    const lapsed = await propose("bank", `/guarantees/${g.id}/demand`);
    expect([lapsed.status, lapsed.body.code]).toEqual([409, "GUARANTEE_EXPIRED"]);
    const released = await propose("bank", `/guarantees/${g.id}/release`).then(status(200));
    expect(released.body).toMatchObject({ status: "released" });
    const twice = await propose("bank", `/guarantees/${g.id}/release`);
    expect([twice.status, twice.body.code]).toEqual([409, "GUARANTEE_INVALID_STATUS"]);
    const reclaim = await propose("bank", `/guarantees/${g.id}/reclaim`);
    expect([reclaim.status, reclaim.body.code]).toEqual([409, "GUARANTEE_INVALID_STATUS"]);
  });

  it("when a guarantee's expiry has passed, then a party lapses it; before, or once released, it is refused", async () => {
    const { loanId } = await steps.drawnLoan(scale, "1000.00", 30, 1n);
    const g = (await proposeApprove("guarantor", "post", "/guarantees", await issueBody(loanId, "1000.00", 2))) as unknown as Guarantee;
    const early = await propose("guarantor", `/guarantees/${g.id}/expire`);
    expect([early.status, early.body.code]).toEqual([409, "GUARANTEE_NOT_EXPIRED"]);
    expect((await propose("tier2", `/guarantees/${g.id}/expire`)).status).toBe(404);
    await steps.advance(3);
    const lapsed = await propose("guarantor", `/guarantees/${g.id}/expire`).then(status(200));
    expect(lapsed.body).toMatchObject({ status: "expired" });
    const twice = await propose("bank", `/guarantees/${g.id}/expire`);
    expect([twice.status, twice.body.code]).toEqual([409, "GUARANTEE_INVALID_STATUS"]);
    // The loan is free to be guaranteed again.
    expect(await proposeApprove("guarantor", "post", "/guarantees", await issueBody(loanId, "1.00", 30))).toMatchObject({ status: "active", subject: loanId });
  });
});

describe("the regulator's reconciliation, after every guarantee above", () => {
  it("when the projection is left alone, then every guarantee agrees with the ledger; a changed or missing one is reported", async () => {
    const prisma = api.platform.db.prisma;
    const [first, last] = await Promise.all([prisma.guaranteeState.findFirstOrThrow({ orderBy: { id: "asc" } }), prisma.guaranteeState.findFirstOrThrow({ orderBy: { id: "desc" } })]);
    expect(last.id).not.toBe(first.id);
    await tamperingIsReported(
      api,
      async () => {
        await prisma.guaranteeState.update({ where: { id: first.id }, data: { amount: { increment: 1n }, status: "expired" } });
        await prisma.guaranteeState.delete({ where: { id: last.id } });
      },
      async () => {
        await prisma.guaranteeState.update({ where: { id: first.id }, data: { amount: first.amount, status: first.status } });
        await prisma.guaranteeState.create({ data: last });
      },
      [`guarantee:${first.id}:amount`, `guarantee:${first.id}:status`, `guarantee:${last.id}:exists`],
    );
  });
});
