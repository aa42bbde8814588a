/**
 * Two more risk rules on real stories: one supplier receiving most of a core enterprise's issuance (the indexer
 * raises it), and one organisation refused again and again for using an invoice twice (the API raises it as it
 * refuses). Each fires on the story it watches for and stays quiet on a benign one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../chain/cst-day";
import type { Ledger } from "../../../chain/ledger";
import { DEFAULT_ALERT_THRESHOLDS } from "../../../api/src/alerts/alert-thresholds";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { alertSteps } from "../../helpers/alert-steps";
import { apiSteps, digitalNo, status } from "../../helpers/api-steps";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;
const Y = 100n;

describe("concentration and refused invoice reuse", () => {
  let api: TestApi;
  let l: Ledger;
  let maturity: Date;
  const alerting = alertSteps(() => api, "7");
  const { acct } = alerting;
  const steps = apiSteps(() => api);

  beforeAll(async () => {
    api = await testApi();
    l = api.platform.ledger;
    const expiry = new Date((await l.clock.now()).getTime() + 300 * DAY);
    for (const core of ["core", "core2"] as const) await l.creditLines.grant(acct("bank"), acct(core), 100_000_000n * Y, expiry);
    maturity = await cstMidnightIn(l, 60);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const issue = (core: Handle, supplier: Handle, amount: bigint, at = maturity) => alerting.issue(core, supplier, amount, at);
  const ofRule = (who: Handle, rule: string) => alerting.alerts(who, { rule });

  describe("concentration", () => {
    it("when a core enterprise spreads its issuance over three suppliers, then no one is warned however many it issues", async () => {
      for (const [supplier, amount] of [["core2-tier1", 400_000n], ["tier2", 350_000n], ["tier3", 250_000n], ["core2-tier1", 100_000n], ["tier2", 100_000n], ["tier3", 100_000n]] as const) {
        await issue("core2", supplier, amount * Y);
      }
      expect(await ofRule("regulator", "concentration")).toEqual([]);
    });

    it("when one supplier receives most of the issuance, then nothing fires under five issues, nor for a small supplier; the next issue to the large one warns the core enterprise", async () => {
      for (let i = 0; i < DEFAULT_ALERT_THRESHOLDS.concentrationMinIssues - 1; i += 1) await issue("core", "tier1", 1_000_000n * Y);
      expect(await ofRule("regulator", "concentration")).toEqual([]);
      await issue("core", "tier2", 500_000n * Y);
      expect(await ofRule("regulator", "concentration")).toEqual([]);
      await issue("core", "tier1", 1_000_000n * Y);
      const [alert, ...more] = await ofRule("regulator", "concentration");
      expect(more).toEqual([]);
      expect(alert).toMatchObject({ severity: "warning", subject: `${acct("core")}>${acct("tier1")}`, parties: [acct("core")] });
      expect(alert.facts).toMatchObject({ share: "90.90", received: "5000000.00", issued: "5500000.00", issues: "6", windowDays: "90" });
      expect(alert.explanation["zh-CN"]).toContain("90.90%");
      expect((await ofRule("core", "concentration")).length).toBe(1);
      for (const who of ["tier1", "bank", "core2"] as const) expect(await ofRule(who, "concentration")).toEqual([]);
    });

    it("when the issuance matures outside the window, then it does not count toward the share", async () => {
      const later = new Date(maturity.getTime() + (DEFAULT_ALERT_THRESHOLDS.concentrationWindowDays + 1) * DAY);
      for (const supplier of ["tier3", "tier3", "tier4", "tier4"] as const) await issue("core2", supplier, 100_000n * Y, later);
      await issue("core2", "tier3", 100_000n * Y, later);
      // In their own window core 2 issued five, three of them to tier 3: 60 %, at the line; the six issues maturing
      // earlier, which would dilute it to 30 %, are outside it.
      const all = await ofRule("regulator", "concentration");
      expect(all.map((a) => a.subject)).toEqual([`${acct("core2")}>${acct("tier3")}`, `${acct("core")}>${acct("tier1")}`]);
      expect(all[0].facts).toMatchObject({ share: "60.00", issues: "5" });
    });
  });

  describe("refused invoice reuse", () => {
    const submit = async (who: Handle, number: string) =>
      api.http().post("/invoices").set(await api.as(who)).send({ kind: "digital", number, buyerOrgId: api.orgs.tier1.id, amount: "100.00", tax: "0.00", issueDate: "2026-06-01" });

    it("when an organisation once resubmits an invoice another submitted, then it is refused and no one is warned", async () => {
      const number = digitalNo();
      await submit("tier2", number).then(status(201));
      expect((await submit("tier3", number).then(status(409))).body.code).toBe("INVOICE_NUMBER_TAKEN");
      expect(await ofRule("regulator", "invoice-reuse-refused")).toEqual([]);
    });

    it("when it tries again and then backs a pass with an invoice already used, then the third refusal within the week warns the regulator and that organisation", async () => {
      const number = digitalNo();
      await submit("tier2", number).then(status(201));
      expect((await submit("tier3", number).then(status(409))).body.code).toBe("INVOICE_NUMBER_TAKEN");
      expect(await ofRule("regulator", "invoice-reuse-refused")).toEqual([]);
      // Tier 3 holds a piece and backs a pass to tier 4 with tier 4's invoice that an earlier pass used up.
      const root = await steps.issueToTier1("3000.00", formatCstDay(maturity));
      const toTier3 = await steps.confirmedInvoice("tier3", "tier1", "2000.00");
      const piece = (await api.http().post(`/vouchers/${root.voucher}/transfers`).set(await api.as("tier1")).send({ toOrgId: api.orgs.tier3.id, amount: "2000.00", invoiceIds: [toTier3.id] }).then(status(201))).body.id as string;
      const used = await steps.confirmedInvoice("tier4", "tier3", "500.00");
      const pass = async () => api.http().post(`/vouchers/${piece}/transfers`).set(await api.as("tier3")).send({ toOrgId: api.orgs.tier4.id, amount: "500.00", invoiceIds: [used.id] });
      await pass().then(status(201));
      expect((await pass().then(status(409))).body.code).toBe("INVOICE_ALREADY_USED");
      const [alert, ...more] = await ofRule("regulator", "invoice-reuse-refused");
      expect(more).toEqual([]);
      expect(alert).toMatchObject({ severity: "warning", subject: acct("tier3"), parties: [acct("tier3")], facts: { attempts: "3", windowDays: "7" } });
      expect(alert.explanation["en-US"]).toBe("The organisation tried 3 times within 7 days to use an invoice already submitted or fully used; each was refused");
      expect((await ofRule("tier3", "invoice-reuse-refused")).length).toBe(1);
      for (const who of ["tier2", "tier4", "bank"] as const) expect(await ofRule(who, "invoice-reuse-refused")).toEqual([]);
    });

    it("when refusals are more than a week apart, then they do not add up", async () => {
      const number = digitalNo();
      await submit("tier2", number).then(status(201));
      expect((await submit("tier4", number).then(status(409))).body.code).toBe("INVOICE_NUMBER_TAKEN");
      expect((await submit("tier4", number).then(status(409))).body.code).toBe("INVOICE_NUMBER_TAKEN");
      await api.platform.indexer.waitFor((await l.clock.advance(8 * 86_400)).number);
      expect((await submit("tier4", number).then(status(409))).body.code).toBe("INVOICE_NUMBER_TAKEN");
      expect((await ofRule("regulator", "invoice-reuse-refused")).map((a) => a.subject)).not.toContain(acct("tier4"));
    });
  });
});
