import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../api/src/http/cst-day";
import { txId } from "../../helpers/either-ledger";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { apiSteps } from "../../helpers/api-steps";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;

describe("credit lines through the API", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const as = (h: Handle, r: Role = "maker") => api.as(h, r);
  const lineId = (bank: Handle, core: Handle) => `${api.orgs[bank].id}.${api.orgs[core].id}`;
  /** A CST day `n` days after the ledger's now. */
  const day = async (n: number) => formatCstDay(new Date((await api.platform.ledger.clock.now()).getTime() + n * DAY));
  const onLedger = (bank: Handle, core: Handle) => api.platform.ledger.creditLines.get(api.orgs[bank].account, api.orgs[core].account);
  const { party, pendingCount, ...steps } = apiSteps(() => api);
  const grantEvents = (bank: Handle, core: Handle) =>
    api.platform.db.prisma.ledgerEvent
      .findMany({ where: { name: "CreditLineGranted" } })
      .then((es) => es.filter((e) => (e.args as { bank: string; core: string }).bank === api.orgs[bank].account && (e.args as { core: string }).core === api.orgs[core].account));

  async function propose(body: object, who: Handle = "bank") {
    const res = await api.http().post("/credit-lines").set(await as(who)).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body as { id: string; status: string; kind: string; payload: Record<string, unknown> };
  }
  const approve = (actionId: string, who: Handle = "bank") => steps.approve(actionId, who);

  it("when a bank's maker proposes a line and its checker approves, then the ledger holds it and its parties see it", async () => {
    const expiry = await day(200);
    const proposed = await propose({ coreOrgId: api.orgs.core.id, limit: "5000000.00", expiry });
    expect(proposed).toMatchObject({
      status: "pending",
      kind: "creditLine.grant",
      payload: { creditLineId: lineId("bank", "core"), core: party("core"), bank: party("bank"), limit: "5000000.00" },
    });
    expect((await onLedger("bank", "core")).open).toBe(false);

    const approved = await approve(proposed.id);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", txHash: txId(api) });
    expect(approved.body.result.creditLine).toMatchObject({ id: lineId("bank", "core"), limit: "5000000.00", used: "0.00", available: "5000000.00", open: true });

    const line = await onLedger("bank", "core");
    expect(line).toMatchObject({ limit: 500_000_000n, used: 0n, open: true });
    expect(line.expiry.toISOString()).toBe(new Date(`${expiry}T00:00:00+08:00`).toISOString());

    for (const [who, role] of [["bank", "maker"], ["core", "admin"], ["regulator", "admin"], ["operator", "checker"]] as const) {
      const res = await api.http().get(`/credit-lines/${lineId("bank", "core")}`).set(await as(who, role)).expect(200);
      expect(res.body).toEqual({
        id: lineId("bank", "core"),
        bank: party("bank"),
        core: party("core"),
        limit: "5000000.00",
        used: "0.00",
        available: "5000000.00",
        expiry,
        expiryAt: line.expiry.toISOString(),
        open: true,
        expired: false,
      });
    }
    const audited = await api.platform.db.prisma.auditEntry.findFirst({ where: { txHash: approved.body.txHash } });
    expect(audited?.action).toBe("POST /approvals/:id/approve");
  });

  it("when 20 checkers' approvals of one proposal race, then exactly one grants and the rest get 409 ALREADY_DECIDED", async () => {
    const proposed = await propose({ coreOrgId: api.orgs.core2.id, limit: "1000000.00", expiry: await day(100) });
    const results = await Promise.all(Array.from({ length: 20 }, () => approve(proposed.id)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === "ALREADY_DECIDED")).toBe(true);
    expect(await onLedger("bank", "core2")).toMatchObject({ limit: 100_000_000n, open: true });
    expect(await grantEvents("bank", "core2")).toHaveLength(1);
  });

  it("when the line is already open, then a new grant is 409 CREDIT_LINE_ALREADY_OPEN at once and nothing is proposed", async () => {
    const before = await pendingCount("bank");
    const res = await api.http().post("/credit-lines").set(await as("bank")).send({ coreOrgId: api.orgs.core.id, limit: "1.00", expiry: await day(30) }).expect(409);
    expect(res.body.code).toBe("CREDIT_LINE_ALREADY_OPEN");
    expect(await pendingCount("bank")).toBe(before);
    expect((await onLedger("bank", "core")).limit).toBe(500_000_000n);
  });

  it("when two grants for the same pair were proposed before either ran, then the second approval is the ledger's 409 and the action is failed", async () => {
    const body = { coreOrgId: api.orgs.core.id, limit: "300000.00", expiry: await day(90) };
    const first = await propose(body, "bank2");
    const second = await propose(body, "bank2");
    expect((await approve(first.id, "bank2")).status).toBe(200);
    const refused = await approve(second.id, "bank2");
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "CREDIT_LINE_ALREADY_OPEN", ledger: { error: "CreditLinesAlreadyOpen" } });
    const action = await api.http().get(`/approvals/${second.id}`).set(await as("bank2")).expect(200);
    expect(action.body).toMatchObject({ status: "failed", result: { error: "CREDIT_LINE_ALREADY_OPEN" } });
    expect(await grantEvents("bank2", "core")).toHaveLength(1);
  });

  it("when a maker tries to approve, then 403; when the checker approving is the user who made it, then 403 SAME_USER; the line is untouched", async () => {
    const proposed = await propose({ coreOrgId: api.orgs.core2.id, limit: "1.00", expiry: await day(30) }, "bank2");
    const byMaker = await api.http().post(`/approvals/${proposed.id}/approve`).set(await as("bank2", "maker")).expect(403);
    expect(byMaker.body.code).toBe("FORBIDDEN");
    // Roles keep one user from being both, unless a user's role changed between proposing and approving; this
    // stands for that: the action made by the user who is now the checker.
    const prisma = api.platform.db.prisma;
    const checker = await prisma.user.findUniqueOrThrow({ where: { email: api.orgs.bank2.users.find((u) => u.role === "checker")!.email } });
    const makerId = (await prisma.pendingAction.findUniqueOrThrow({ where: { id: proposed.id } })).makerUserId;
    await prisma.pendingAction.update({ where: { id: proposed.id }, data: { makerUserId: checker.id } });
    const same = await approve(proposed.id, "bank2");
    expect([same.status, same.body.code]).toEqual([403, "SAME_USER"]);
    await prisma.pendingAction.update({ where: { id: proposed.id }, data: { makerUserId: makerId } });
    const action = await api.http().get(`/approvals/${proposed.id}`).set(await as("bank2")).expect(200);
    expect(action.body).toMatchObject({ status: "pending", checkerId: null });
    expect((await onLedger("bank2", "core2")).open).toBe(false);
    // Another bank's checker cannot see it, let alone approve it.
    expect((await approve(proposed.id, "bank")).status).toBe(404);
    await api.http().post(`/approvals/${proposed.id}/reject`).set(await as("bank2", "checker")).send({ note: "test over" }).expect(200);
  });

  it("when anyone but a bank's maker proposes, then 403 FORBIDDEN and nothing is proposed", async () => {
    const body = { coreOrgId: api.orgs.core2.id, limit: "1.00", expiry: await day(30) };
    const before = await api.platform.db.prisma.pendingAction.count();
    for (const [who, role] of [["tier1", "maker"], ["core", "maker"], ["operator", "admin"], ["regulator", "maker"], ["bank", "checker"], ["bank", "admin"]] as const) {
      const res = await api.http().post("/credit-lines").set(await as(who, role)).send(body);
      expect([who, role, res.status, res.body.code]).toEqual([who, role, 403, "FORBIDDEN"]);
    }
    expect((await api.http().post("/credit-lines").send(body).expect(401)).body.code).toBe("UNAUTHENTICATED");
    expect(await api.platform.db.prisma.pendingAction.count()).toBe(before);
  });

  it("when the proposal is malformed, then 400 and nothing is proposed", async () => {
    const expiry = await day(30);
    const good = { coreOrgId: api.orgs.core2.id, limit: "100.00", expiry };
    const before = await pendingCount("bank2");
    const bad: [string, object][] = [
      ["limit as a number", { ...good, limit: 100 }],
      ["three decimals", { ...good, limit: "100.001" }],
      ["zero", { ...good, limit: "0.00" }],
      ["negative", { ...good, limit: "-5.00" }],
      ["huge", { ...good, limit: "184467440737095516.16" }],
      ["unknown field", { ...good, used: "0.00" }],
      ["no expiry", { coreOrgId: good.coreOrgId, limit: good.limit }],
      ["expiry with a time", { ...good, expiry: `${expiry}T00:00:00Z` }],
      ["a day that does not exist", { ...good, expiry: "2030-02-30" }],
      ["core not a uuid", { ...good, coreOrgId: "core" }],
    ];
    for (const [why, body] of bad) {
      const res = await api.http().post("/credit-lines").set(await as("bank2")).send(body);
      expect([why, res.status]).toEqual([why, 400]);
      expect(["VALIDATION_FAILED", "MONEY_FORMAT"]).toContain(res.body.code);
    }
    expect(await pendingCount("bank2")).toBe(before);
  });

  it("when the core enterprise is unknown, not a core enterprise, or the expiry is not in the future, then 404 / 422 at once", async () => {
    const expiry = await day(30);
    const cases: [object, number, string][] = [
      [{ coreOrgId: randomUUID(), limit: "1.00", expiry }, 404, "NOT_FOUND"],
      [{ coreOrgId: api.orgs.tier1.id, limit: "1.00", expiry }, 422, "ORGANISATION_WRONG_KIND"],
      [{ coreOrgId: api.orgs.bank2.id, limit: "1.00", expiry }, 422, "ORGANISATION_WRONG_KIND"],
      [{ coreOrgId: api.orgs.core2.id, limit: "1.00", expiry: await day(0) }, 422, "CREDIT_LINE_EXPIRY_IN_PAST"],
      [{ coreOrgId: api.orgs.core2.id, limit: "1.00", expiry: "2020-01-01" }, 422, "CREDIT_LINE_EXPIRY_IN_PAST"],
    ];
    const before = await pendingCount("bank2");
    for (const [body, status, code] of cases) {
      const res = await api.http().post("/credit-lines").set(await as("bank2")).send(body);
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    expect(await pendingCount("bank2")).toBe(before);
  });

  it("when other organisations look for a bank's line, then 404 for another bank or core enterprise, 403 for a supplier", async () => {
    const id = lineId("bank", "core");
    expect((await api.http().get(`/credit-lines/${id}`).set(await as("bank2")).expect(404)).body.code).toBe("NOT_FOUND");
    expect((await api.http().get(`/credit-lines/${id}`).set(await as("core2")).expect(404)).body.code).toBe("NOT_FOUND");
    expect((await api.http().get(`/credit-lines/${id}`).set(await as("tier1")).expect(403)).body.code).toBe("FORBIDDEN");
    expect((await api.http().get(`/credit-lines/${lineId("bank2", "core2")}`).set(await as("bank2")).expect(404)).body.code).toBe("NOT_FOUND");
    expect((await api.http().get(`/credit-lines/${randomUUID()}.${randomUUID()}`).set(await as("regulator")).expect(404)).body.code).toBe("NOT_FOUND");
    expect((await api.http().get("/credit-lines/not-an-id").set(await as("bank")).expect(400)).body.code).toBe("VALIDATION_FAILED");
    expect((await api.http().get(`/credit-lines/${id}`).expect(401)).body.code).toBe("UNAUTHENTICATED");
    // Nor may another bank propose changes to it.
    const amend = await api.http().put(`/credit-lines/${id}`).set(await as("bank2")).send({ limit: "1.00" }).expect(404);
    expect(amend.body.code).toBe("NOT_FOUND");
    expect((await api.http().post(`/credit-lines/${id}/close`).set(await as("bank2")).expect(404)).body.code).toBe("NOT_FOUND");
    expect((await onLedger("bank", "core")).limit).toBe(500_000_000n);
  });

  it("when lines are listed, then a bank sees its own, a core enterprise those granted to it, the regulator all, a supplier nothing", async () => {
    const ids = async (who: Handle, query = "") =>
      ((await api.http().get(`/credit-lines${query}`).set(await as(who)).expect(200)).body.items as { id: string }[]).map((l) => l.id).sort();
    expect(await ids("bank")).toEqual([lineId("bank", "core"), lineId("bank", "core2")].sort());
    expect(await ids("bank2")).toEqual([lineId("bank2", "core")]);
    expect(await ids("core")).toEqual([lineId("bank", "core"), lineId("bank2", "core")].sort());
    expect(await ids("core2")).toEqual([lineId("bank", "core2")]);
    expect(await ids("regulator")).toEqual([lineId("bank", "core"), lineId("bank", "core2"), lineId("bank2", "core")].sort());
    expect(await ids("regulator", `?coreOrgId=${api.orgs.core.id}`)).toEqual([lineId("bank", "core"), lineId("bank2", "core")].sort());
    expect(await ids("bank2", `?bankOrgId=${api.orgs.bank.id}`)).toEqual([]);
    expect(await ids("settlement-bank")).toEqual([]);
    expect((await api.http().get("/credit-lines").set(await as("tier1")).expect(403)).body.code).toBe("FORBIDDEN");
    expect((await api.http().get("/credit-lines?limit=0").set(await as("bank")).expect(400)).body.code).toBe("VALIDATION_FAILED");
    expect((await api.http().get("/credit-lines?open=maybe").set(await as("bank")).expect(400)).body.code).toBe("VALIDATION_FAILED");

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await api
        .http()
        .get(`/credit-lines?limit=1${cursor ? `&cursor=${cursor}` : ""}`)
        .set(await as("operator", "admin"))
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.items.map((l) => l.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(await ids("regulator"));
  });

  it("when the projection holds lines between accounts the API does not know, then paging still returns every known line exactly once", async () => {
    // Such rows have no view; they sort first (0x000…), so a page cut after the views would end the list there.
    const prisma = api.platform.db.prisma;
    const strangers = [1, 2, 3].map((n) => `0x${n.toString(16).padStart(40, "0")}`);
    await prisma.creditLineState.createMany({ data: strangers.map((bank) => ({ bank, core: strangers[0], limit: 1n, used: 0n, expiry: new Date(), open: true })) });
    try {
      const seen: string[] = [];
      for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await api
          .http()
          .get(`/credit-lines?limit=1${cursor ? `&cursor=${cursor}` : ""}`)
          .set(await as("regulator", "admin"))
          .expect(200);
        seen.push(...(res.body.items as { id: string }[]).map((l) => l.id));
        cursor = res.body.nextCursor;
      }
      const all = [lineId("bank", "core"), lineId("bank", "core2"), lineId("bank2", "core")];
      expect(seen.sort()).toEqual(all.sort());
    } finally {
      await prisma.creditLineState.deleteMany({ where: { bank: { in: strangers } } });
    }
  });

  it("when the limit is raised through maker and checker, then the ledger and the line show the new limit and expiry", async () => {
    const id = lineId("bank", "core");
    const expiry = await day(250);
    const res = await api.http().put(`/credit-lines/${id}`).set(await as("bank")).send({ limit: "8000000.50", expiry }).expect(202);
    expect(res.body).toMatchObject({ kind: "creditLine.amend", payload: { limit: "8000000.50", previous: { limit: "5000000.00" } } });
    expect((await onLedger("bank", "core")).limit).toBe(500_000_000n);
    const approved = await approve(res.body.id);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const line = await api.http().get(`/credit-lines/${id}`).set(await as("core")).expect(200);
    expect(line.body).toMatchObject({ limit: "8000000.50", available: "8000000.50", expiry, expiryAt: new Date(`${expiry}T00:00:00+08:00`).toISOString() });
    expect(await onLedger("bank", "core")).toMatchObject({ limit: 800_000_050n });

    // Only the expiry: the limit stays.
    const later = await day(260);
    const moved = await api.http().put(`/credit-lines/${id}`).set(await as("bank")).send({ expiry: later }).expect(202);
    expect(moved.body.payload).toMatchObject({ limit: "8000000.50", expiry: later, previous: { limit: "8000000.50", expiry } });
    expect((await approve(moved.body.id)).status).toBe(200);
    expect((await onLedger("bank", "core")).expiry.toISOString()).toBe(new Date(`${later}T00:00:00+08:00`).toISOString());
  });

  it("when an amendment is malformed or the expiry is past, then 400 / 422 and nothing is proposed", async () => {
    const id = lineId("bank", "core");
    const before = await pendingCount("bank");
    const cases: [object, number, string][] = [
      [{}, 400, "VALIDATION_FAILED"],
      [{ limit: "0" }, 400, "VALIDATION_FAILED"],
      [{ limit: 5 }, 400, "VALIDATION_FAILED"],
      [{ limit: "1.234" }, 400, "VALIDATION_FAILED"],
      [{ limit: "10.00", core: "x" }, 400, "VALIDATION_FAILED"],
      [{ expiry: "2020-06-01" }, 422, "CREDIT_LINE_EXPIRY_IN_PAST"],
    ];
    for (const [body, status, code] of cases) {
      const res = await api.http().put(`/credit-lines/${id}`).set(await as("bank")).send(body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), status, code]);
    }
    expect((await api.http().put(`/credit-lines/${id}`).set(await as("bank", "checker")).send({ limit: "1.00" }).expect(403)).body.code).toBe("FORBIDDEN");
    expect((await api.http().put(`/credit-lines/${id}`).set(await as("core")).send({ limit: "1.00" }).expect(403)).body.code).toBe("FORBIDDEN");
    expect(await pendingCount("bank")).toBe(before);
  });

  it("when part of the line is used by a financing, then the line shows it and the limit cannot go below it (422 CREDIT_LINE_LIMIT_BELOW_USED)", async () => {
    const l = api.platform.ledger;
    const { core, tier1, bank, "settlement-bank": settlementBank } = api.orgs;
    const key = `0x${randomBytes(32).toString("hex")}`;
    await l.invoices.register(tier1.account, { key, buyer: core.account, amount: 200_000_00n, commitment: `0x${randomBytes(32).toString("hex")}` });
    await l.invoices.confirm(core.account, key);
    const maturity = await cstMidnightIn(l, 60);
    const voucher = (await l.vouchers.issue(core.account, { supplier: tier1.account, amount: 200_000_00n, maturity, invoiceKeys: [key] })).result;
    await l.cash.mint(settlementBank.account, bank.account, 1_000_000_00n, `0x${randomBytes(32).toString("hex")}`);
    const request = (await l.financing.request(tier1.account, { voucherId: voucher, amount: 150_000_00n, bank: bank.account, rateBps: 400, deadline: new Date(maturity.getTime() - 10 * DAY) })).result;
    const executed = await l.financing.execute(bank.account, request);
    await api.platform.indexer.waitFor(executed.blockNumber);

    const id = lineId("bank", "core");
    const line = await api.http().get(`/credit-lines/${id}`).set(await as("bank")).expect(200);
    expect(line.body).toMatchObject({ limit: "8000000.50", used: "150000.00", available: "7850000.50" });
    const below = await api.http().put(`/credit-lines/${id}`).set(await as("bank")).send({ limit: "149999.99" }).expect(422);
    expect(below.body.code).toBe("CREDIT_LINE_LIMIT_BELOW_USED");
    const atUsed = await api.http().put(`/credit-lines/${id}`).set(await as("bank")).send({ limit: "150000.00" }).expect(202);
    expect((await approve(atUsed.body.id)).status).toBe(200);
    expect(await onLedger("bank", "core")).toMatchObject({ limit: 150_000_00n, used: 150_000_00n });
    expect((await api.http().get(`/credit-lines/${id}`).set(await as("bank")).expect(200)).body.available).toBe("0.00");
  });

  it("when a retried proposal carries the same Idempotency-Key, then one action exists and the first response is replayed", async () => {
    const body = { coreOrgId: api.orgs.core2.id, limit: "20.00", expiry: await day(20) };
    const key = `cl-${randomUUID()}`;
    const before = await pendingCount("settlement-bank");
    const first = await api.http().post("/credit-lines").set(await as("settlement-bank")).set("Idempotency-Key", key).send(body).expect(202);
    const again = await api.http().post("/credit-lines").set(await as("settlement-bank")).set("Idempotency-Key", key).send(body).expect(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    const other = await api.http().post("/credit-lines").set(await as("settlement-bank")).set("Idempotency-Key", key).send({ ...body, limit: "21.00" }).expect(409);
    expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await pendingCount("settlement-bank")).toBe(before + 1);
  });

  it("when the line is closed through maker and checker, then it shows closed with nothing available, and cannot be amended or closed again", async () => {
    const id = lineId("bank", "core2");
    const res = await api.http().post(`/credit-lines/${id}/close`).set(await as("bank")).expect(202);
    expect(res.body).toMatchObject({ kind: "creditLine.close", payload: { creditLineId: id, used: "0.00" } });
    expect((await onLedger("bank", "core2")).open).toBe(true);
    const approved = await approve(res.body.id);
    expect(approved.status).toBe(200);
    expect(approved.body.result.creditLine).toMatchObject({ id, open: false, available: "0.00" });
    expect((await onLedger("bank", "core2")).open).toBe(false);
    expect(await api.platform.ledger.creditLines.available(api.orgs.bank.account, api.orgs.core2.account)).toBe(0n);

    expect((await api.http().get(`/credit-lines?open=true`).set(await as("core2")).expect(200)).body.items).toEqual([]);
    expect((await api.http().get(`/credit-lines?open=false`).set(await as("core2")).expect(200)).body.items.map((l: { id: string }) => l.id)).toEqual([id]);
    expect((await api.http().put(`/credit-lines/${id}`).set(await as("bank")).send({ limit: "5.00" }).expect(404)).body.code).toBe("CREDIT_LINE_NOT_FOUND");
    expect((await api.http().post(`/credit-lines/${id}/close`).set(await as("bank")).expect(404)).body.code).toBe("CREDIT_LINE_NOT_FOUND");

    // A closed line may be granted afresh.
    const regrant = await propose({ coreOrgId: api.orgs.core2.id, limit: "50.00", expiry: await day(10) });
    expect((await approve(regrant.id)).status).toBe(200);
    expect(await onLedger("bank", "core2")).toMatchObject({ open: true, limit: 5_000n });
  });

  it("when the audit log is verified after all this, then its hash chain is intact and no unexpected error was logged", async () => {
    expect((await api.server.services.audit.verify()).valid).toBe(true);
    expect(api.errors).toEqual([]);
  });
});
