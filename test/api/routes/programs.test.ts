import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { txId } from "../../helpers/either-ledger";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { apiSteps } from "../../helpers/api-steps";
import { ifOpened } from "../../helpers/teardown";

describe("credit-passing programs through the API", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const as = (h: Handle, r: Role = "admin") => api.as(h, r);
  const { party } = apiSteps(() => api);
  const rulesOnLedger = (core: Handle = "core") => api.platform.ledger.rules.rulesOf(api.orgs[core].account);
  const DEFAULT_BOUNDS = { maxDepth: 32, maxTermDays: 365, minSplitFloor: "0.01", invoicesMandatory: false, coverageMandatory: false };
  /** A program change takes two people: the core's maker proposes (202), its checker approves; the approval. */
  async function change(method: "put" | "delete", url: string, body?: object, core: Handle = "core") {
    const proposed = await api.http()[method](url).set(await as(core, "maker")).send(body);
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);
    return api.http().post(`/approvals/${proposed.body.id}/approve`).set(await as(core, "checker"));
  }
  const RULES = { maxDepth: 3, maxTermDays: 90, minSplit: "100.00", invoicesRequired: true, whitelistOnly: true, banksRestricted: true, issuanceCoveredByCredit: false };

  it("when anyone signed in reads the bounds and a program nobody configured, then they see the ledger's defaults", async () => {
    for (const who of ["tier3", "bank2", "regulator"] as const) {
      expect((await api.http().get("/programs/bounds").set(await as(who, "maker")).expect(200)).body).toEqual(DEFAULT_BOUNDS);
      const rules = await api.http().get(`/programs/${api.orgs.core.id}/rules`).set(await as(who, "maker")).expect(200);
      expect(rules.body).toEqual({
        maxDepth: 5,
        maxTermDays: 180,
        minSplit: "0.01",
        invoicesRequired: true,
        whitelistOnly: false,
        banksRestricted: false,
        issuanceCoveredByCredit: true,
        program: party("core"),
        configured: false,
      });
    }
    expect((await api.http().get("/programs/bounds").expect(401)).body.code).toBe("UNAUTHENTICATED");
    expect((await api.http().get(`/programs/${api.orgs.core.id}/rules`).expect(401)).body.code).toBe("UNAUTHENTICATED");
  });

  it("when the program is not a core enterprise's, then 404; when the id is not a uuid, then 400", async () => {
    for (const id of [api.orgs.tier1.id, api.orgs.bank.id, randomUUID()]) {
      expect((await api.http().get(`/programs/${id}/rules`).set(await as("core")).expect(404)).body.code).toBe("NOT_FOUND");
    }
    expect((await api.http().get("/programs/core/rules").set(await as("core")).expect(400)).body.code).toBe("VALIDATION_FAILED");
  });

  it("when the core enterprise's maker proposes its rules, then nothing changes until its checker approves; then the ledger applies them and everyone reads them", async () => {
    const proposed = await api.http().put(`/programs/${api.orgs.core.id}/rules`).set(await as("core", "maker")).send(RULES).expect(202);
    expect(proposed.body).toMatchObject({ kind: "program.setRules", status: "pending", payload: { program: party("core"), rules: RULES } });
    expect((await rulesOnLedger()).maxDepth).toBe(5);
    const res = await api.http().post(`/approvals/${proposed.body.id}/approve`).set(await as("core", "checker")).expect(200);
    expect(res.body.result).toMatchObject({ id: api.orgs.core.id, rules: { ...RULES, configured: true }, txHash: txId(api) });
    expect(await rulesOnLedger()).toEqual({ ...RULES, minSplit: 10_000n });
    const read = await api.http().get(`/programs/${api.orgs.core.id}/rules`).set(await as("tier2", "maker")).expect(200);
    expect(read.body).toMatchObject({ ...RULES, configured: true });
    // The other program is untouched.
    expect((await rulesOnLedger("core2")).maxDepth).toBe(5);
  });

  it("when rules are malformed, then 400 and the ledger's rules are unchanged", async () => {
    const url = `/programs/${api.orgs.core.id}/rules`;
    const bad: [string, object][] = [
      ["minSplit as a number", { ...RULES, minSplit: 100 }],
      ["minSplit zero", { ...RULES, minSplit: "0.00" }],
      ["minSplit three decimals", { ...RULES, minSplit: "1.001" }],
      ["minSplit negative", { ...RULES, minSplit: "-1.00" }],
      ["depth zero", { ...RULES, maxDepth: 0 }],
      ["depth fractional", { ...RULES, maxDepth: 2.5 }],
      ["depth as a string", { ...RULES, maxDepth: "3" }],
      ["depth past uint8", { ...RULES, maxDepth: 256 }],
      ["term past uint16", { ...RULES, maxTermDays: 65_536 }],
      ["flag as a string", { ...RULES, whitelistOnly: "true" }],
      ["unknown field", { ...RULES, core: api.orgs.core2.account }],
      ["missing field", { maxDepth: 3 }],
    ];
    for (const [why, body] of bad) {
      const res = await api.http().put(url).set(await as("core", "maker")).send(body);
      expect([why, res.status]).toEqual([why, 400]);
    }
    expect(await rulesOnLedger()).toEqual({ ...RULES, minSplit: 10_000n });
  });

  it("when rules fall outside the platform bounds, then the ledger's 422 RULES_OUT_OF_BOUNDS at approval and nothing changes", async () => {
    const url = `/programs/${api.orgs.core.id}/rules`;
    for (const body of [{ ...RULES, maxDepth: 33 }, { ...RULES, maxTermDays: 366 }]) {
      const res = await change("put", url, body);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: "RULES_OUT_OF_BOUNDS", ledger: { error: "CreditPassingRulesOutOfBounds" } });
    }
    expect(await rulesOnLedger()).toEqual({ ...RULES, minSplit: 10_000n });
  });

  it("when someone other than the core enterprise's maker proposes its rules (its admin or checker alone included), then 403", async () => {
    const url = `/programs/${api.orgs.core.id}/rules`;
    for (const [who, role] of [["core", "admin"], ["core", "checker"], ["tier1", "maker"], ["bank", "maker"], ["operator", "admin"], ["regulator", "checker"]] as const) {
      const res = await api.http().put(url).set(await as(who, role)).send({ ...RULES, maxDepth: 1 });
      expect([who, role, res.status, res.body.code]).toEqual([who, role, 403, "FORBIDDEN"]);
    }
    // The rules are public: another core enterprise is told it may not, not that the program does not exist.
    expect((await api.http().put(url).set(await as("core2", "maker")).send({ ...RULES, maxDepth: 1 }).expect(403)).body.code).toBe("FORBIDDEN");
    expect((await api.http().put(url).send(RULES).expect(401)).body.code).toBe("UNAUTHENTICATED");
    expect((await rulesOnLedger()).maxDepth).toBe(3);
    expect((await rulesOnLedger("core2")).maxDepth).toBe(5);
  });

  it("when the operator tightens the bounds, then every program reads clamped rules and new rules must respect them", async () => {
    const tight = { maxDepth: 4, maxTermDays: 120, minSplitFloor: "500.00", invoicesMandatory: true, coverageMandatory: true };
    const res = await api.http().put("/programs/bounds").set(await as("operator", "admin")).send(tight).expect(200);
    expect(res.body).toEqual({ id: "bounds", ...tight, txHash: txId(api) });
    expect(await api.platform.ledger.rules.bounds()).toEqual({ ...tight, minSplitFloor: 50_000n });
    expect((await api.http().get("/programs/bounds").set(await as("tier4", "maker")).expect(200)).body).toEqual(tight);

    const core = await api.http().get(`/programs/${api.orgs.core.id}/rules`).set(await as("tier1")).expect(200);
    expect(core.body).toMatchObject({ maxDepth: 3, maxTermDays: 90, minSplit: "500.00", issuanceCoveredByCredit: true });
    const core2 = await api.http().get(`/programs/${api.orgs.core2.id}/rules`).set(await as("tier1")).expect(200);
    expect(core2.body).toMatchObject({ maxDepth: 4, maxTermDays: 120, configured: false });

    const url = `/programs/${api.orgs.core2.id}/rules`;
    for (const body of [
      { ...RULES, maxDepth: 5, issuanceCoveredByCredit: true, minSplit: "500.00" },
      { ...RULES, minSplit: "499.99", issuanceCoveredByCredit: true },
      { ...RULES, minSplit: "500.00", invoicesRequired: false, issuanceCoveredByCredit: true },
      { ...RULES, minSplit: "500.00", issuanceCoveredByCredit: false },
    ]) {
      expect((await change("put", url, body, "core2")).body.code).toBe("RULES_OUT_OF_BOUNDS");
    }
    expect((await rulesOnLedger("core2")).maxDepth).toBe(4);
    expect((await change("put", url, { ...RULES, minSplit: "500.00", issuanceCoveredByCredit: true }, "core2")).status).toBe(200);

    await api.http().put("/programs/bounds").set(await as("operator", "checker")).send(DEFAULT_BOUNDS).expect(200);
    expect((await api.http().get("/programs/bounds").set(await as("core")).expect(200)).body).toEqual(DEFAULT_BOUNDS);
  });

  it("when bounds are invalid, malformed or set by anyone but the operator's admin or checker, then 422 / 400 / 403 and they stay", async () => {
    const cases: [Handle, Role, object, number, string][] = [
      ["operator", "admin", { ...DEFAULT_BOUNDS, maxDepth: 33 }, 422, "RULES_INVALID_BOUNDS"],
      ["operator", "admin", { ...DEFAULT_BOUNDS, maxTermDays: 366 }, 422, "RULES_INVALID_BOUNDS"],
      ["operator", "admin", { ...DEFAULT_BOUNDS, minSplitFloor: "0" }, 400, "VALIDATION_FAILED"],
      ["operator", "admin", { ...DEFAULT_BOUNDS, minSplitFloor: 1 }, 400, "VALIDATION_FAILED"],
      ["operator", "admin", { ...DEFAULT_BOUNDS, maxDepth: 0 }, 400, "VALIDATION_FAILED"],
      ["operator", "admin", { ...DEFAULT_BOUNDS, extra: true }, 400, "VALIDATION_FAILED"],
      ["operator", "maker", DEFAULT_BOUNDS, 403, "FORBIDDEN"],
      ["regulator", "admin", DEFAULT_BOUNDS, 403, "FORBIDDEN"],
      ["core", "admin", DEFAULT_BOUNDS, 403, "FORBIDDEN"],
    ];
    for (const [who, role, body, status, code] of cases) {
      const res = await api.http().put("/programs/bounds").set(await as(who, role)).send(body);
      expect([who, role, JSON.stringify(body), res.status, res.body.code]).toEqual([who, role, JSON.stringify(body), status, code]);
    }
    expect((await api.platform.ledger.rules.bounds()).maxDepth).toBe(32);
  });

  it("when the core enterprise whitelists suppliers, then the ledger lets only them receive, and only it, the operator and the regulator see the list", async () => {
    const l = api.platform.ledger;
    const { core } = api.orgs;
    const url = (h: Handle) => `/programs/${core.id}/suppliers/${api.orgs[h].id}`;
    expect(await l.rules.mayReceive(core.account, api.orgs.tier1.account)).toBe(false);
    const added = await change("put", url("tier1"));
    expect(added.body.result).toEqual({
      id: api.orgs.tier1.id,
      program: party("core"),
      organisation: party("tier1"),
      listed: true,
      txHash: txId(api),
    });
    expect((await change("put", url("tier2"))).status).toBe(200);
    expect((await change("put", url("tier3"))).status).toBe(200);
    expect(await l.rules.mayReceive(core.account, api.orgs.tier1.account)).toBe(true);
    expect(await l.rules.mayReceive(core.account, api.orgs.tier4.account)).toBe(false);

    const names = async (who: Handle, query = "") =>
      ((await api.http().get(`/programs/${core.id}/suppliers${query}`).set(await as(who, "maker")).expect(200)).body.items as { organisation: { id: string } }[]).map(
        (m) => m.organisation.id,
      );
    const expected = [api.orgs.tier1.id, api.orgs.tier2.id, api.orgs.tier3.id].sort();
    expect((await names("core")).sort()).toEqual(expected);
    expect((await names("regulator")).sort()).toEqual(expected);
    expect((await names("operator")).sort()).toEqual(expected);
    const first = await api.http().get(`/programs/${core.id}/suppliers?limit=2`).set(await as("core")).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await api.http().get(`/programs/${core.id}/suppliers?limit=2&cursor=${first.body.nextCursor}`).set(await as("core")).expect(200);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((m: { organisation: { id: string } }) => m.organisation.id).sort()).toEqual(expected);
    for (const who of ["tier1", "core2", "bank"] as const) {
      expect((await api.http().get(`/programs/${core.id}/suppliers`).set(await as(who)).expect(404)).body.code).toBe("NOT_FOUND");
    }

    const removed = await change("delete", url("tier2"));
    expect(removed.body.result).toMatchObject({ id: api.orgs.tier2.id, listed: false });
    expect(await l.rules.mayReceive(core.account, api.orgs.tier2.account)).toBe(false);
    expect((await names("core")).sort()).toEqual([api.orgs.tier1.id, api.orgs.tier3.id].sort());
    // A cursor past the last member (the highest address) gives an empty page, not another program's list.
    expect(await names("core", `?cursor=${Buffer.from(`0x${"f".repeat(40)}`).toString("base64url")}`)).toEqual([]);
    expect((await api.http().get(`/programs/${core.id}/suppliers?cursor=enp6`).set(await as("core")).expect(400)).body.code).toBe("VALIDATION_FAILED");
    expect((await api.http().get(`/programs/${core.id}/suppliers?cursor=%%%`).set(await as("core")).expect(400)).body.code).toBe("VALIDATION_FAILED");
  });

  it("when a whitelist change names the wrong kind, an unknown organisation or another program, or comes from the wrong role, then 422 / 404 / 403 at once and nothing changes", async () => {
    const { core } = api.orgs;
    const cases: [Handle, Role, string, "put" | "delete", number, string][] = [
      ["core", "maker", `/programs/${core.id}/suppliers/${api.orgs.bank.id}`, "put", 422, "ORGANISATION_WRONG_KIND"],
      ["core", "maker", `/programs/${core.id}/suppliers/${api.orgs.core2.id}`, "put", 422, "ORGANISATION_WRONG_KIND"],
      ["core", "maker", `/programs/${core.id}/suppliers/${randomUUID()}`, "put", 404, "NOT_FOUND"],
      ["core", "maker", `/programs/${core.id}/suppliers/tier4`, "put", 400, "VALIDATION_FAILED"],
      ["core2", "maker", `/programs/${core.id}/suppliers/${api.orgs.tier4.id}`, "put", 404, "NOT_FOUND"],
      ["core2", "maker", `/programs/${core.id}/suppliers/${api.orgs.tier1.id}`, "delete", 404, "NOT_FOUND"],
      ["core", "admin", `/programs/${core.id}/suppliers/${api.orgs.tier4.id}`, "put", 403, "FORBIDDEN"],
      ["core", "checker", `/programs/${core.id}/suppliers/${api.orgs.tier4.id}`, "put", 403, "FORBIDDEN"],
      ["tier4", "maker", `/programs/${core.id}/suppliers/${api.orgs.tier4.id}`, "put", 403, "FORBIDDEN"],
      ["operator", "admin", `/programs/${core.id}/suppliers/${api.orgs.tier4.id}`, "put", 403, "FORBIDDEN"],
    ];
    for (const [who, role, url, method, status, code] of cases) {
      const res = await api.http()[method](url).set(await as(who, role));
      expect([who, role, url, res.status, res.body.code]).toEqual([who, role, url, status, code]);
    }
    expect((await api.http().put(`/programs/${core.id}/suppliers/${api.orgs.tier4.id}`).expect(401)).body.code).toBe("UNAUTHENTICATED");
    expect(await api.platform.ledger.rules.mayReceive(core.account, api.orgs.tier4.account)).toBe(false);
    expect(await api.platform.ledger.rules.mayReceive(core.account, api.orgs.tier1.account)).toBe(true);
  });

  it("when the core enterprise makes banks eligible, then the ledger lets only them finance, and the list shows them", async () => {
    const l = api.platform.ledger;
    const { core } = api.orgs;
    const url = (h: Handle) => `/programs/${core.id}/banks/${api.orgs[h].id}`;
    expect(await l.rules.mayFinance(core.account, api.orgs.bank.account)).toBe(false);
    const added = await change("put", url("bank"));
    expect(added.body.result).toMatchObject({ id: api.orgs.bank.id, organisation: party("bank"), listed: true });
    expect((await change("put", url("bank2"))).status).toBe(200);
    expect(await l.rules.mayFinance(core.account, api.orgs.bank.account)).toBe(true);
    expect(await l.rules.mayFinance(core.account, api.orgs["settlement-bank"].account)).toBe(false);

    const list = async (who: Handle) =>
      ((await api.http().get(`/programs/${core.id}/banks`).set(await as(who)).expect(200)).body.items as { organisation: { id: string } }[]).map((m) => m.organisation.id).sort();
    expect(await list("core")).toEqual([api.orgs.bank.id, api.orgs.bank2.id].sort());
    expect(await list("regulator")).toEqual([api.orgs.bank.id, api.orgs.bank2.id].sort());
    expect((await api.http().get(`/programs/${core.id}/banks`).set(await as("bank")).expect(404)).body.code).toBe("NOT_FOUND");

    expect((await change("delete", url("bank2"))).status).toBe(200);
    expect(await l.rules.mayFinance(core.account, api.orgs.bank2.account)).toBe(false);
    expect(await list("core")).toEqual([api.orgs.bank.id]);

    const wrong = await api.http().put(`/programs/${core.id}/banks/${api.orgs.tier1.id}`).set(await as("core", "maker")).expect(422);
    expect(wrong.body.code).toBe("ORGANISATION_WRONG_KIND");
    expect((await api.http().put(`/programs/${core.id}/banks/${api.orgs.bank2.id}`).set(await as("bank2", "maker")).expect(403)).body.code).toBe("FORBIDDEN");
    expect((await api.http().put(`/programs/${core.id}/banks/${api.orgs.bank2.id}`).set(await as("core2", "maker")).expect(404)).body.code).toBe("NOT_FOUND");
    expect(await list("core")).toEqual([api.orgs.bank.id]);
    // The other program's list is its own.
    expect((await api.http().get(`/programs/${api.orgs.core2.id}/banks`).set(await as("core2")).expect(200)).body.items).toEqual([]);
  });

  it("when the audit log is verified after all this, then its hash chain is intact and no unexpected error was logged", async () => {
    expect((await api.server.services.audit.verify()).valid).toBe(true);
    expect(api.errors).toEqual([]);
  });
});
