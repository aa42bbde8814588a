/**
 * Consented risk data: an organisation lets one bank query its computed risk profile for a period; each query is
 * recorded on the ledger and pays the data-service fee in settlement cash, drawn on the budget the bank's maker
 * and checker set. The real server and chain; the business registry is the sandbox, with an outage the test
 * switches on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes } from "ethers";
import { formatCstDay } from "../../../chain/cst-day";
import type { BusinessRegistry } from "../../../api/src/verification/business-registry";
import { EmbeddedBusinessRegistry, EmbeddedInvoiceVerifier } from "../../../api/src/verification/embedded-verifiers";
import { VerifierUnavailableError } from "../../../api/src/verification/verifier-unavailable";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;

/** The sandbox registry, except while the test has taken it down. */
class RegistryTheTestTakesDown implements BusinessRegistry {
  down = false;
  private readonly sandbox = new EmbeddedBusinessRegistry();
  lookUp(uscc: string) {
    if (this.down) return Promise.reject(new VerifierUnavailableError("business registry", "the test took it down"));
    return this.sandbox.lookUp(uscc);
  }
}

interface Consent {
  id: string;
  status: string;
  until: string;
  subject: { id: string };
  bank: { id: string };
}

describe("consented risk data", () => {
  let api: TestApi;
  const registry = new RegistryTheTestTakesDown();
  const http = () => api.http();
  const as = (who: Handle, role: "admin" | "maker" | "checker" = "maker") => api.as(who, role);
  const steps = apiSteps(() => api);
  const day = async (days: number) => formatCstDay(await cstMidnightIn(api.platform.ledger, days));
  const grant = async (who: Handle, bank: Handle, until: string) => http().post("/risk-data/consents").set(await as(who)).send({ bankOrgId: api.orgs[bank].id, until });
  const query = async (bank: Handle, subject: Handle) => http().post("/risk-data/queries").set(await as(bank)).send({ subjectOrgId: api.orgs[subject].id });
  const cash = (h: Handle) => api.platform.ledger.cash.balanceOf(api.orgs[h].account);
  const queries = () => api.platform.db.prisma.riskQuery.count();

  beforeAll(async () => {
    api = await testApi({ verifiers: { registry, invoices: new EmbeddedInvoiceVerifier() } });
    const l = api.platform.ledger;
    const line = await l.creditLines.grant(api.orgs.bank.account, api.orgs.core.account, 50_000_000_00n, new Date((await l.clock.now()).getTime() + 300 * DAY));
    await api.platform.indexer.waitFor(line.blockNumber);
    const minted = await l.cash.mint(api.orgs["settlement-bank"].account, api.orgs.bank.account, 10_000_00n, keccak256(toUtf8Bytes("risk data test deposit")));
    await api.platform.indexer.waitFor(minted.blockNumber);
    // Tier 2's record on the platform: a piece passed to it from a voucher issued to tier 1.
    const root = await steps.issueToTier1("60000.00", await day(90));
    const invoice = await steps.confirmedInvoice("tier2", "tier1", "25000.00");
    await http().post(`/vouchers/${root.voucher}/transfers`).set(await as("tier1")).send({ toOrgId: api.orgs.tier2.id, amount: "25000.00", invoiceIds: [invoice.id] }).then(status(201));
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  it("when tier 2 consents to a bank until a day, then the ledger holds it, both parties list it, and another bank does not see it", async () => {
    const until = await day(30);
    const c = (await grant("tier2", "bank", until).then(status(201))).body as Consent;
    expect(c).toMatchObject({ status: "active", until, subject: { id: api.orgs.tier2.id }, bank: { id: api.orgs.bank.id } });
    expect(await api.platform.ledger.dataServices.consentUntil(api.orgs.tier2.account, api.orgs.bank.account)).toEqual(new Date(`${until}T00:00:00+08:00`));
    for (const h of ["tier2", "bank", "regulator"] as const) expect(((await http().get("/risk-data/consents").set(await as(h)).then(status(200))).body.items as Consent[]).map((x) => x.id)).toContain(c.id);
    expect((await http().get("/risk-data/consents").set(await as("bank2")).then(status(200))).body.items).toEqual([]);
  });

  it("when the fee is set and the bank has no budget, then its query is refused with 409 before anything is charged", async () => {
    const proposed = await http().put("/risk-data/fee").set(await as("operator")).send({ fee: "50.00", recipientOrgId: api.orgs.operator.id }).then(status(202));
    expect(proposed.body).toMatchObject({ kind: "riskData.fee", payload: { fee: "50.00", previous: "0.00" } });
    expect((await api.platform.ledger.dataServices.queryFee()).fee).toBe(0n);
    await steps.approve(proposed.body.id as string, "operator").then(status(200));
    expect((await http().get("/risk-data/fee").set(await as("tier4")).then(status(200))).body).toMatchObject({ fee: "50.00", recipient: { id: api.orgs.operator.id } });
    const before = await cash("bank");
    expect((await query("bank", "tier2").then(status(409))).body.code).toBe("RISK_QUERY_BUDGET_EXHAUSTED");
    expect(await cash("bank")).toBe(before);
    expect(await queries()).toBe(0);
  });

  it("when the bank's maker proposes a budget and its checker approves, then a query returns the computed profile, pays 50.00 to the operator and is recorded on the ledger", async () => {
    const proposed = await http().put("/risk-data/budget").set(await as("bank")).send({ amount: "120.00" }).then(status(202));
    expect((await http().get("/risk-data/budget").set(await as("bank")).then(status(200))).body).toMatchObject({ remaining: "0.00", fee: "50.00" });
    await steps.approve(proposed.body.id as string, "bank").then(status(200));
    const [bankBefore, operatorBefore] = [await cash("bank"), await cash("operator")];
    const res = await query("bank", "tier2").then(status(201));
    expect(res.body).toMatchObject({
      fee: "50.00",
      subject: { id: api.orgs.tier2.id },
      bank: { id: api.orgs.bank.id },
      profile: {
        registry: { status: "active", establishedOn: expect.any(String), taxCreditGrade: "B" },
        vouchersReceived: { count: 1, amount: "25000.00" },
        vouchersRedeemed: { count: 0, amount: "0.00" },
        financing: { requested: 0, executed: 0, executedAmount: "0.00", declined: 0 },
        overdue: { asDebtor: 0, heldAtOverdueMaturity: 0 },
      },
    });
    // Figures only: no voucher id, account or invoice of tier 2's counterparties travels with the profile.
    const text = JSON.stringify(res.body.profile);
    for (const h of ["tier1", "core"] as const) expect(text).not.toContain(api.orgs[h].account);
    expect(await cash("bank")).toBe(bankBefore - 50_00n);
    expect(await cash("operator")).toBe(operatorBefore + 50_00n);
    expect((await http().get("/risk-data/budget").set(await as("bank", "checker")).then(status(200))).body.remaining).toBe("70.00");
    const events = await api.platform.db.prisma.ledgerEvent.findMany({ where: { name: "RiskQueried" } });
    expect(events.map((e) => e.args)).toEqual([{ bank: api.orgs.bank.account, subject: api.orgs.tier2.account, digest: res.body.digest, fee: "5000" }]);
    // The organisation sees who queried it, and what they were shown.
    const seen = (await http().get("/risk-data/queries").set(await as("tier2")).then(status(200))).body.items as { id: string; profile: unknown }[];
    expect(seen.map((q) => q.id)).toEqual([res.body.id]);
    expect((await http().get("/risk-data/queries").set(await as("bank2")).then(status(200))).body.items).toEqual([]);
  });

  it("when the budget left is below the fee, then 409; when there is no consent, or it is another bank's, then 403 CONSENT_NOT_IN_FORCE; nothing is charged", async () => {
    await query("bank", "tier2").then(status(201));
    const before = [await cash("bank"), await queries()];
    expect((await query("bank", "tier2").then(status(409))).body.code).toBe("RISK_QUERY_BUDGET_EXHAUSTED");
    expect((await query("bank", "tier3").then(status(403))).body.code).toBe("CONSENT_NOT_IN_FORCE");
    expect((await query("bank2", "tier2").then(status(403))).body.code).toBe("CONSENT_NOT_IN_FORCE");
    expect((await query("bank", "bank").then(status(404))).body.code).toBe("NOT_FOUND");
    expect([await cash("bank"), await queries()]).toEqual(before);
  });

  it("when the registry is down at the query, then 503 and nothing is charged or recorded", async () => {
    const budget = await http().put("/risk-data/budget").set(await as("bank")).send({ amount: "500.00" }).then(status(202));
    await steps.approve(budget.body.id as string, "bank").then(status(200));
    const before = [await cash("bank"), await queries()];
    registry.down = true;
    try {
      expect((await query("bank", "tier2").then(status(503))).body.code).toBe("VERIFIER_UNAVAILABLE");
    } finally {
      registry.down = false;
    }
    expect([await cash("bank"), await queries()]).toEqual(before);
  });

  it("when tier 2 withdraws, then the bank's next query is refused at once; a second withdrawal is 409; the bank cannot withdraw it and a stranger gets 404", async () => {
    const [active] = ((await http().get("/risk-data/consents").set(await as("tier2")).then(status(200))).body.items as Consent[]).filter((c) => c.status === "active");
    expect((await http().post(`/risk-data/consents/${active.id}/withdraw`).set(await as("tier3")).then(status(404))).body.code).toBe("NOT_FOUND");
    expect((await http().post(`/risk-data/consents/${active.id}/withdraw`).set(await as("bank")).then(status(403))).body.code).toBe("FORBIDDEN");
    const withdrawn = await http().post(`/risk-data/consents/${active.id}/withdraw`).set(await as("tier2", "checker")).then(status(200));
    expect(withdrawn.body).toMatchObject({ status: "withdrawn", withdrawnAt: expect.any(String), withdrawTxHash: expect.stringMatching(/^0x/) });
    expect(await api.platform.ledger.dataServices.consentUntil(api.orgs.tier2.account, api.orgs.bank.account)).toBeUndefined();
    expect((await query("bank", "tier2").then(status(403))).body.code).toBe("CONSENT_NOT_IN_FORCE");
    expect((await http().post(`/risk-data/consents/${active.id}/withdraw`).set(await as("tier2")).then(status(409))).body.code).toBe("CONSENT_ENDED");
  });

  it("when a consent is given again, then it replaces the one in force; when its day passes, then it is expired and queries stop", async () => {
    const first = (await grant("tier3", "bank", await day(10)).then(status(201))).body as Consent;
    const second = (await grant("tier3", "bank", await day(2)).then(status(201))).body as Consent;
    const mine = (await http().get("/risk-data/consents").set(await as("tier3")).then(status(200))).body.items as Consent[];
    expect(mine.map((c) => [c.id, c.status])).toEqual([
      [second.id, "active"],
      [first.id, "withdrawn"],
    ]);
    await query("bank", "tier3").then(status(201));
    await api.platform.indexer.waitFor((await api.platform.ledger.clock.advance(3 * 86_400)).number);
    expect((await query("bank", "tier3").then(status(403))).body.code).toBe("CONSENT_NOT_IN_FORCE");
    const after = (await http().get("/risk-data/consents").set(await as("tier3")).then(status(200))).body.items as Consent[];
    expect(after.map((c) => c.status)).toEqual(["expired", "withdrawn"]);
    expect((await http().post(`/risk-data/consents/${second.id}/withdraw`).set(await as("tier3")).then(status(409))).body.code).toBe("CONSENT_ENDED");
  });

  it("when the end is not after today or beyond a year and a day, the grantee is not a bank or unknown, then a clear refusal and nothing on the ledger", async () => {
    const before = await api.platform.db.prisma.riskConsent.count();
    for (const until of [await day(0), await day(-3), await day(367)]) {
      expect((await grant("tier4", "bank", until).then(status(400))).body.code).toBe("VALIDATION_FAILED");
    }
    expect((await grant("tier4", "tier3", await day(5)).then(status(422))).body.code).toBe("ORGANISATION_WRONG_KIND");
    const unknown = await http().post("/risk-data/consents").set(await as("tier4")).send({ bankOrgId: "00000000-0000-4000-8000-000000000000", until: await day(5) });
    expect([unknown.status, unknown.body.code]).toEqual([404, "NOT_FOUND"]);
    expect(await api.platform.db.prisma.riskConsent.count()).toBe(before);
    expect(await api.platform.ledger.dataServices.consentUntil(api.orgs.tier4.account, api.orgs.bank.account)).toBeUndefined();
  });

  it("when the fee is proposed to a recipient that is not the operator, or by anyone but the operator's maker, then it is refused", async () => {
    const bad = await http().put("/risk-data/fee").set(await as("operator")).send({ fee: "1.00", recipientOrgId: api.orgs.bank.id }).then(status(422));
    expect(bad.body.code).toBe("ORGANISATION_WRONG_KIND");
    for (const [h, r] of [["operator", "checker"], ["bank", "maker"]] as const) {
      expect((await http().put("/risk-data/fee").set(await as(h, r)).send({ fee: "1.00", recipientOrgId: api.orgs.operator.id }).then(status(403))).body.code).toBe("FORBIDDEN");
    }
    expect((await api.platform.ledger.dataServices.queryFee()).fee).toBe(50_00n);
  });
});
