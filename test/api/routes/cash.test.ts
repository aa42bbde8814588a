import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { txId } from "../../helpers/either-ledger";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { apiSteps } from "../../helpers/api-steps";
import { ifOpened } from "../../helpers/teardown";

describe("settlement cash through the API", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const as = (h: Handle, r: Role = "maker") => api.as(h, r);
  const onLedger = (h: Handle) => api.platform.ledger.cash.balanceOf(api.orgs[h].account);
  const sha = (s: string) => `0x${createHash("sha256").update(s).digest("hex")}`;
  const events = async (name: "CashMinted" | "CashBurned", reference: string) =>
    (await api.platform.db.prisma.ledgerEvent.findMany({ where: { name } })).filter((e) => (e.args as { ref: string }).ref === sha(reference));
  const { party, pendingCount, ...steps } = apiSteps(() => api);

  async function propose(kind: "deposits" | "withdrawals", to: Handle, amount: string, reference: string, bank: Handle = "settlement-bank") {
    const res = await api.http().post(`/cash/${kind}`).set(await as(bank)).send({ organisationId: api.orgs[to].id, amount, reference });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body as { id: string; kind: string; status: string; payload: Record<string, unknown> };
  }
  const approve = (actionId: string, bank: Handle = "settlement-bank") => steps.approve(actionId, bank);

  it("when a bank's maker records a deposit and its checker approves, then the cash is minted once, with the reference's hash, and both see the order", async () => {
    const proposed = await propose("deposits", "core", "1000000.00", "DEP-2026-0001");
    expect(proposed).toMatchObject({
      kind: "cash.deposit",
      status: "pending",
      payload: { bank: party("settlement-bank"), organisation: party("core"), amount: "1000000.00", reference: "DEP-2026-0001" },
    });
    expect(await onLedger("core")).toBe(0n);

    const approved = await approve(proposed.id);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", txHash: txId(api) });
    expect(approved.body.result.order).toMatchObject({ kind: "deposit", amount: "1000000.00", reference: "DEP-2026-0001", txHash: approved.body.txHash });
    expect(await onLedger("core")).toBe(100_000_000n);
    const minted = await events("CashMinted", "DEP-2026-0001");
    expect(minted).toHaveLength(1);
    expect(minted[0].args).toMatchObject({ bank: api.orgs["settlement-bank"].account, to: api.orgs.core.account, amount: "100000000" });

    const balance = await api.http().get("/cash/balance").set(await as("core", "admin")).expect(200);
    expect(balance.body).toEqual({ organisation: party("core"), account: api.orgs.core.account, balance: "1000000.00" });
    const expected = {
      id: proposed.payload.orderId,
      kind: "deposit",
      bank: party("settlement-bank"),
      organisation: party("core"),
      amount: "1000000.00",
      reference: "DEP-2026-0001",
      txHash: approved.body.txHash,
      createdAt: expect.any(String),
    };
    for (const who of ["core", "settlement-bank", "regulator"] as const) {
      expect((await api.http().get("/cash/orders").set(await as(who)).expect(200)).body.items).toEqual([expected]);
    }
    for (const who of ["bank", "bank2", "tier1"] as const) {
      expect((await api.http().get("/cash/orders").set(await as(who)).expect(200)).body.items).toEqual([]);
    }
  });

  it("when 20 approvals of one deposit race, then exactly one mints and the rest get 409 ALREADY_DECIDED", async () => {
    const proposed = await propose("deposits", "tier1", "500.00", "DEP-2026-0002");
    const results = await Promise.all(Array.from({ length: 20 }, () => approve(proposed.id)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(19).fill("ALREADY_DECIDED"));
    expect(await onLedger("tier1")).toBe(50_000n);
    expect(await events("CashMinted", "DEP-2026-0002")).toHaveLength(1);
  });

  it("when a reference is used again, then 409 CASH_REFERENCE_USED at once, and of two racing proposals with one reference only one mints", async () => {
    const before = await pendingCount("settlement-bank");
    const again = await api.http().post("/cash/deposits").set(await as("settlement-bank")).send({ organisationId: api.orgs.tier2.id, amount: "1.00", reference: "DEP-2026-0001" }).expect(409);
    expect(again.body.code).toBe("CASH_REFERENCE_USED");
    expect(await pendingCount("settlement-bank")).toBe(before);

    const a = await propose("deposits", "tier2", "700.00", "DEP-2026-0003");
    const b = await propose("deposits", "tier2", "700.00", "DEP-2026-0003");
    const [ra, rb] = await Promise.all([approve(a.id), approve(b.id)]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    expect([ra, rb].find((r) => r.status === 409)!.body.code).toBe("CASH_REFERENCE_USED");
    expect(await onLedger("tier2")).toBe(70_000n);
    expect(await events("CashMinted", "DEP-2026-0003")).toHaveLength(1);
    const statuses = await Promise.all([a.id, b.id].map(async (id) => (await api.http().get(`/approvals/${id}`).set(await as("settlement-bank")).expect(200)).body.status));
    expect(statuses.sort()).toEqual(["approved", "failed"]);

    // The ledger records the reference's hash: the deposit cannot be replayed on the ledger under it either.
    const onChain = await api.platform.ledger.cash.mint(api.orgs["settlement-bank"].account, api.orgs.tier2.account, 1n, sha("DEP-2026-0003")).catch((e: unknown) => e);
    expect(onChain).toMatchObject({ code: "CASH_LEDGER_REFERENCE_USED" });
    expect(await onLedger("tier2")).toBe(70_000n);
  });

  it("when any other bank's maker records a deposit or a withdrawal, even to itself, then 403 CASH_NOT_SETTLEMENT_BANK and nothing is proposed", async () => {
    for (const bank of ["bank", "bank2"] as const) {
      const before = await pendingCount(bank);
      for (const [path, to] of [["/cash/deposits", bank], ["/cash/deposits", "tier3"], ["/cash/withdrawals", bank]] as const) {
        const res = await api.http().post(path).set(await as(bank)).send({ organisationId: api.orgs[to].id, amount: "1000000.00", reference: `SELF-${bank}-${path}` });
        expect([bank, path, to, res.status, res.body.code]).toEqual([bank, path, to, 403, "CASH_NOT_SETTLEMENT_BANK"]);
      }
      expect(await pendingCount(bank)).toBe(before);
      expect(await onLedger(bank)).toBe(0n);
    }
    // And the ledger itself refuses them, whatever the API does.
    const direct = await api.platform.ledger.cash.mint(api.orgs.bank.account, api.orgs.bank.account, 1n, sha("SELF-DIRECT")).catch((e: unknown) => e);
    expect(direct).toMatchObject({ code: "CASH_NOT_SETTLEMENT_BANK" });
  });

  it("when anyone reads the settlement bank, then it is the seeded one; only the regulator designates, and only a bank", async () => {
    for (const who of ["tier1", "bank", "operator"] as const) {
      expect((await api.http().get("/cash/settlement-bank").set(await as(who)).expect(200)).body).toEqual({ bank: party("settlement-bank") });
    }
    const to = (id: string) => ({ organisationId: id });
    for (const [who, role] of [["operator", "admin"], ["bank", "admin"], ["settlement-bank", "admin"], ["regulator", "maker"]] as const) {
      const res = await api.http().put("/cash/settlement-bank").set(await as(who, role)).send(to(api.orgs.bank.id));
      expect([who, role, res.status, res.body.code]).toEqual([who, role, 403, "FORBIDDEN"]);
    }
    const regulator = await as("regulator", "admin");
    expect((await api.http().put("/cash/settlement-bank").set(regulator).send(to(api.orgs.tier1.id)).expect(422)).body.code).toBe("ORGANISATION_WRONG_KIND");
    expect((await api.http().put("/cash/settlement-bank").set(regulator).send(to(randomUUID())).expect(404)).body.code).toBe("NOT_FOUND");
    expect((await api.http().put("/cash/settlement-bank").set(regulator).send(to(api.orgs["settlement-bank"].id)).expect(409)).body.code).toBe(
      "CASH_SETTLEMENT_BANK_UNCHANGED",
    );
    expect((await api.http().put("/cash/settlement-bank").set(regulator).send({ organisationId: "bank" }).expect(400)).body.code).toBe("VALIDATION_FAILED");
    expect((await api.http().put("/cash/settlement-bank").send(to(api.orgs.bank.id)).expect(401)).body.code).toBe("UNAUTHENTICATED");
    expect((await api.http().get("/cash/settlement-bank").expect(401)).body.code).toBe("UNAUTHENTICATED");
    expect(await api.platform.ledger.cash.settlementBank()).toBe(api.orgs["settlement-bank"].account);
  });

  it("when a deposit is malformed, then 400 and nothing is proposed", async () => {
    const good = { organisationId: api.orgs.tier3.id, amount: "10.00", reference: "DEP-X" };
    const bad: [string, object][] = [
      ["amount as a number", { ...good, amount: 10 }],
      ["three decimals", { ...good, amount: "10.001" }],
      ["zero", { ...good, amount: "0.00" }],
      ["negative", { ...good, amount: "-10.00" }],
      ["exponent", { ...good, amount: "1e3" }],
      ["more than the ledger holds", { ...good, amount: "184467440737095516.16" }],
      ["unknown field", { ...good, to: api.orgs.tier3.account }],
      ["empty reference", { ...good, reference: "  " }],
      ["reference too long", { ...good, reference: "R".repeat(65) }],
      ["no reference", { organisationId: good.organisationId, amount: good.amount }],
      ["organisation not a uuid", { ...good, organisationId: "tier3" }],
    ];
    const before = await pendingCount("settlement-bank");
    for (const [why, body] of bad) {
      for (const path of ["/cash/deposits", "/cash/withdrawals"]) {
        const res = await api.http().post(path).set(await as("settlement-bank")).send(body);
        expect([why, path, res.status, res.body.code]).toEqual([why, path, 400, "VALIDATION_FAILED"]);
      }
    }
    expect(await pendingCount("settlement-bank")).toBe(before);
    expect(await onLedger("tier3")).toBe(0n);
  });

  it("when anyone but a bank's maker records a deposit or withdrawal, then 403; without a token 401", async () => {
    const body = { organisationId: api.orgs.tier3.id, amount: "10.00", reference: "DEP-FORBIDDEN" };
    for (const path of ["/cash/deposits", "/cash/withdrawals"]) {
      for (const [who, role] of [["tier3", "maker"], ["core", "maker"], ["operator", "admin"], ["regulator", "maker"], ["bank", "checker"], ["bank", "admin"]] as const) {
        const res = await api.http().post(path).set(await as(who, role)).send(body);
        expect([path, who, role, res.status, res.body.code]).toEqual([path, who, role, 403, "FORBIDDEN"]);
      }
      expect((await api.http().post(path).send(body).expect(401)).body.code).toBe("UNAUTHENTICATED");
    }
    expect(await onLedger("tier3")).toBe(0n);
  });

  it("when the organisation is unknown or suspended, then 404 / 403 PARTICIPANT_NOT_ACTIVE at once", async () => {
    const before = await pendingCount("settlement-bank");
    const unknown = await api.http().post("/cash/deposits").set(await as("settlement-bank")).send({ organisationId: randomUUID(), amount: "1.00", reference: "DEP-NOBODY" }).expect(404);
    expect(unknown.body.code).toBe("NOT_FOUND");
    await api.http().post(`/orgs/${api.orgs.tier4.id}/suspend`).set(await as("operator", "admin")).expect(200);
    try {
      const res = await api.http().post("/cash/deposits").set(await as("settlement-bank")).send({ organisationId: api.orgs.tier4.id, amount: "1.00", reference: "DEP-SUSPENDED" }).expect(403);
      expect(res.body.code).toBe("PARTICIPANT_NOT_ACTIVE");
    } finally {
      await api.http().post(`/orgs/${api.orgs.tier4.id}/reinstate`).set(await as("operator", "admin")).expect(200);
    }
    expect(await pendingCount("settlement-bank")).toBe(before);
  });

  it("when a withdrawal is approved without the organisation's allowance, then the ledger's 422 CASH_INSUFFICIENT_ALLOWANCE, the action fails and the reference stays free", async () => {
    const proposed = await propose("withdrawals", "core", "250000.00", "WD-2026-0001");
    expect(proposed).toMatchObject({ kind: "cash.withdrawal", payload: { amount: "250000.00" } });
    const refused = await approve(proposed.id);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("CASH_INSUFFICIENT_ALLOWANCE");
    expect((await api.http().get(`/approvals/${proposed.id}`).set(await as("settlement-bank")).expect(200)).body).toMatchObject({ status: "failed", result: { error: "CASH_INSUFFICIENT_ALLOWANCE" } });
    expect(await onLedger("core")).toBe(100_000_000n);
    expect((await api.http().get("/cash/orders").set(await as("core")).expect(200)).body.items.map((o: { kind: string }) => o.kind)).toEqual(["deposit"]);
  });

  it("when the organisation allows its bank and the bank's checker approves a withdrawal, then the cash is burned and the order listed", async () => {
    const allowing = await api.http().put(`/cash/allowances/${api.orgs["settlement-bank"].id}`).set(await as("core", "maker")).send({ amount: "300000.00" }).expect(202);
    expect(allowing.body).toMatchObject({ kind: "cash.allow", status: "pending", payload: { bank: party("settlement-bank"), amount: "300000.00" } });
    const allowed = await api.http().post(`/approvals/${allowing.body.id}/approve`).set(await as("core", "checker")).expect(200);
    expect(allowed.body.result).toEqual({ id: api.orgs["settlement-bank"].id, bank: party("settlement-bank"), amount: "300000.00", txHash: txId(api) });
    const proposed = await propose("withdrawals", "core", "250000.00", "WD-2026-0001");
    const approved = await approve(proposed.id);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.result.order).toMatchObject({ kind: "withdrawal", amount: "250000.00", organisation: { id: api.orgs.core.id } });
    expect(await onLedger("core")).toBe(75_000_000n);
    expect(await events("CashBurned", "WD-2026-0001")).toHaveLength(1);
    expect((await api.http().get("/cash/balance").set(await as("core")).expect(200)).body.balance).toBe("750000.00");
    const orders = (await api.http().get("/cash/orders").set(await as("core")).expect(200)).body.items;
    expect(orders.map((o: { kind: string; amount: string }) => [o.kind, o.amount])).toEqual([
      ["withdrawal", "250000.00"],
      ["deposit", "1000000.00"],
    ]);

    // 50,000 of the allowance is left: more is the ledger's refusal at approval.
    const over = await propose("withdrawals", "core", "50000.01", "WD-2026-0002");
    expect((await approve(over.id)).body.code).toBe("CASH_INSUFFICIENT_ALLOWANCE");
    expect(await onLedger("core")).toBe(75_000_000n);
  });

  it("when a withdrawal exceeds the balance, then 422 CASH_INSUFFICIENT_BALANCE at once; a bank withdraws its own cash without an allowance", async () => {
    const over = await api.http().post("/cash/withdrawals").set(await as("settlement-bank")).send({ organisationId: api.orgs.core.id, amount: "750000.01", reference: "WD-TOO-MUCH" }).expect(422);
    expect(over.body.code).toBe("CASH_INSUFFICIENT_BALANCE");
    const own = await propose("deposits", "settlement-bank", "100.00", "DEP-OWN");
    expect((await approve(own.id)).status).toBe(200);
    const out = await propose("withdrawals", "settlement-bank", "40.00", "WD-OWN");
    expect((await approve(out.id)).status).toBe(200);
    expect(await onLedger("settlement-bank")).toBe(6_000n);
    expect((await api.http().get("/cash/balance").set(await as("settlement-bank", "checker")).expect(200)).body.balance).toBe("60.00");
  });

  it("when an allowance names no bank, is malformed or comes from anyone but a maker (a checker or admin alone), then 404 / 422 / 400 / 403", async () => {
    const cases: [Handle, Role, string, object, number, string][] = [
      ["core", "maker", randomUUID(), { amount: "1.00" }, 404, "NOT_FOUND"],
      ["core", "maker", api.orgs.tier1.id, { amount: "1.00" }, 422, "ORGANISATION_WRONG_KIND"],
      ["core", "maker", api.orgs.bank2.id, { amount: 1 }, 400, "VALIDATION_FAILED"],
      ["core", "maker", api.orgs.bank2.id, { amount: "1.001" }, 400, "VALIDATION_FAILED"],
      ["core", "maker", api.orgs.bank2.id, { amount: "-1.00" }, 400, "VALIDATION_FAILED"],
      ["core", "maker", api.orgs.bank2.id, { amount: "1.00", spender: "x" }, 400, "VALIDATION_FAILED"],
      ["core", "maker", "bank2", { amount: "1.00" }, 400, "VALIDATION_FAILED"],
      ["core", "admin", api.orgs.bank2.id, { amount: "1.00" }, 403, "FORBIDDEN"],
      ["core", "checker", api.orgs.bank2.id, { amount: "1.00" }, 403, "FORBIDDEN"],
    ];
    for (const [who, role, bank, body, status, code] of cases) {
      const res = await api.http().put(`/cash/allowances/${bank}`).set(await as(who, role)).send(body);
      expect([who, role, JSON.stringify(body), res.status, res.body.code]).toEqual([who, role, JSON.stringify(body), status, code]);
    }
    expect((await api.http().put(`/cash/allowances/${api.orgs.bank2.id}`).send({ amount: "1.00" }).expect(401)).body.code).toBe("UNAUTHENTICATED");
    // bank2 got no allowance, and is not the settlement bank anyway: its withdrawal of core's cash is refused.
    const wd = await api.http().post("/cash/withdrawals").set(await as("bank2")).send({ organisationId: api.orgs.core.id, amount: "1.00", reference: "WD-BANK2" });
    expect([wd.status, wd.body.code]).toEqual([403, "CASH_NOT_SETTLEMENT_BANK"]);
  });

  it("when orders are paged, then every order appears once, newest first; balances need a token and start at zero", async () => {
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string; createdAt: string }[]; nextCursor: string | null } } = await api
        .http()
        .get(`/cash/orders?limit=2${cursor ? `&cursor=${cursor}` : ""}`)
        .set(await as("settlement-bank"))
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const all = (await api.http().get("/cash/orders?limit=100").set(await as("settlement-bank")).expect(200)).body.items as { id: string }[];
    expect(seen.map((o) => o.id)).toEqual(all.map((o) => o.id));
    // The settlement bank: DEP-0001, 0002, 0003 (one of two), DEP-OWN, WD-0001, WD-OWN.
    expect(all).toHaveLength(6);
    expect(new Set(all.map((o) => o.id)).size).toBe(6);
    const times = seen.map((o) => Date.parse(o.createdAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    expect((await api.http().get("/cash/orders?limit=101").set(await as("settlement-bank")).expect(400)).body.code).toBe("VALIDATION_FAILED");
    expect((await api.http().get("/cash/balance").set(await as("tier3")).expect(200)).body.balance).toBe("0.00");
    expect((await api.http().get("/cash/balance").expect(401)).body.code).toBe("UNAUTHENTICATED");
    expect((await api.http().get("/cash/orders").expect(401)).body.code).toBe("UNAUTHENTICATED");
  });

  it("when the audit log is verified after all this, then its hash chain is intact and no unexpected error was logged", async () => {
    expect((await api.server.services.audit.verify()).valid).toBe(true);
    expect(api.errors).toEqual([]);
  });
});
