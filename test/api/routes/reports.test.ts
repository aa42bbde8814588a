import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../chain/cst-day";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps, yuan } from "../../helpers/api-steps";
import { auditHistory, getAs, type AuditHistory } from "../../helpers/audit-story";
import { ifOpened } from "../../helpers/teardown";

describe("the regulator's reports", () => {
  let api: TestApi;
  let s: AuditHistory;
  const get = getAs(() => api);
  const acct = (k: Handle) => api.orgs[k].account;
  const { party } = apiSteps(() => api);

  beforeAll(async () => {
    api = await testApi();
    s = await auditHistory(api);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  describe("GET /reports/tier-reach", () => {
    interface Tier { tier: number; reached: string; pieces: number; suppliers: number; financed: string; financedNet: string; financings: number }

    it("when the regulator asks, then each core enterprise's value, suppliers and financing per tier", async () => {
      const items = (await get("/reports/tier-reach").expect(200)).body.items;
      const core = items.find((i: { core: { id: string } }) => i.core.id === api.orgs.core.id);
      expect(core.core).toEqual(party("core"));
      expect(core.suppliersReached).toBe(4);
      expect(core.tiers).toEqual([
        { tier: 1, reached: "1200000.00", pieces: 2, suppliers: 1, financed: "0.00", financedNet: "0.00", financings: 0 },
        { tier: 2, reached: "500000.00", pieces: 2, suppliers: 2, financed: "100000.00", financedNet: yuan(s.netB), financings: 1 },
        { tier: 3, reached: "150000.00", pieces: 1, suppliers: 1, financed: "100000.00", financedNet: yuan(s.netD), financings: 1 },
        { tier: 4, reached: "50000.00", pieces: 1, suppliers: 1, financed: "0.00", financedNet: "0.00", financings: 0 },
      ] satisfies Tier[]);
      expect(s.netB).toBeLessThan(100_000_00n);
      const core2 = items.find((i: { core: { id: string } }) => i.core.id === api.orgs.core2.id);
      expect(core2.tiers).toEqual([{ tier: 1, reached: "300000.00", pieces: 1, suppliers: 1, financed: "0.00", financedNet: "0.00", financings: 0 }]);
      expect(items.map((i: { core: { id: string } }) => i.core.id).sort()).toEqual([api.orgs.core.id, api.orgs.core2.id].sort());
    });

    it("when a core enterprise asks, then only its own; another's id is 404; suppliers and banks get 403", async () => {
      const own = (await get("/reports/tier-reach", "core").expect(200)).body.items;
      expect(own.map((i: { core: { id: string } }) => i.core.id)).toEqual([api.orgs.core.id]);
      expect(own[0].tiers.map((t: Tier) => t.reached)).toEqual(["1200000.00", "500000.00", "150000.00", "50000.00"]);
      expect((await get(`/reports/tier-reach?coreOrgId=${api.orgs.core.id}`, "core", "checker").expect(200)).body.items).toHaveLength(1);
      expect((await get(`/reports/tier-reach?coreOrgId=${api.orgs.core2.id}`, "core").expect(404)).body.code).toBe("NOT_FOUND");
      const one = (await get(`/reports/tier-reach?coreOrgId=${api.orgs.core2.id}`, "operator").expect(200)).body.items;
      expect(one.map((i: { core: { id: string } }) => i.core.id)).toEqual([api.orgs.core2.id]);
      expect((await get(`/reports/tier-reach?coreOrgId=${api.orgs.bank.id}`).expect(404)).body.code).toBe("NOT_FOUND");
      for (const q of ["coreOrgId=nope", "core=x", "tier=1"]) expect((await get(`/reports/tier-reach?${q}`).expect(400)).body.code).toBe("VALIDATION_FAILED");
      for (const who of ["tier1", "bank", "tier4"] as const) expect((await get("/reports/tier-reach", who, "admin").expect(403)).body.code).toBe("FORBIDDEN");
    });
  });

  describe("GET /reports/outstanding", () => {
    it("when the regulator asks, then unredeemed value by debtor, by bank and by maturity", async () => {
      const r = (await get("/reports/outstanding").expect(200)).body;
      expect(r.total).toBe("1300000.00");
      expect(r.byDebtor).toEqual(
        [
          { debtor: party("core"), outstanding: "1000000.00", heldByBanks: "200000.00", heldBySuppliers: "800000.00", escrowed: "0.00", overdue: "0.00" },
          { debtor: party("core2"), outstanding: "300000.00", heldByBanks: "0.00", heldBySuppliers: "300000.00", escrowed: "300000.00", overdue: "0.00" },
        ].sort((a, b) => (a.debtor.account < b.debtor.account ? -1 : 1)),
      );
      expect(r.byBank).toEqual(
        [
          { bank: party("bank"), held: "100000.00", byDebtor: [{ debtor: party("core"), held: "100000.00" }] },
          { bank: party("bank2"), held: "100000.00", byDebtor: [{ debtor: party("core"), held: "100000.00" }] },
        ].sort((a, b) => (a.bank.account < b.bank.account ? -1 : 1)),
      );
      const day = formatCstDay(s.M1);
      expect(r.byMaturity).toEqual(
        [
          { maturity: day, maturityAt: s.M1.toISOString(), debtor: party("core"), outstanding: "1000000.00", escrowed: "0.00", heldByBanks: "200000.00", overdue: false },
          { maturity: day, maturityAt: s.M1.toISOString(), debtor: party("core2"), outstanding: "300000.00", escrowed: "300000.00", heldByBanks: "0.00", overdue: false },
        ].sort((a, b) => (a.debtor.account < b.debtor.account ? -1 : 1)),
      );
      // The ledger agrees.
      expect(await api.platform.ledger.vouchers.outstandingOf(acct("core"))).toBe(1_000_000_00n);
    });

    it("when a core enterprise asks, then only its own debts; suppliers and banks get 403; unknown query fields 400", async () => {
      const r = (await get("/reports/outstanding", "core2").expect(200)).body;
      expect(r.total).toBe("300000.00");
      expect(r.byDebtor.map((d: { debtor: { account: string } }) => d.debtor.account)).toEqual([acct("core2")]);
      expect(r.byBank).toEqual([]);
      expect(r.byMaturity).toHaveLength(1);
      for (const who of ["tier2", "bank2"] as const) expect((await get("/reports/outstanding", who).expect(403)).body.code).toBe("FORBIDDEN");
      expect((await get("/reports/outstanding?debtor=x").expect(400)).body.code).toBe("VALIDATION_FAILED");
    });
  });

  it("when everything ran, then the app logged no unexpected error", () => {
    expect(api.errors).toEqual([]);
  });
});
