import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { auditHistory } from "../../helpers/audit-story";
import { expectNewestFirst, expectPagesJoinUp, walkPages } from "../../helpers/pages";
import { ifOpened } from "../../helpers/teardown";

type Item = Record<string, unknown>;
const id = (i: Item) => String(i.id);

describe("every list, page by page", () => {
  let api: TestApi;
  const as = (h: Handle, r: Role = "admin") => api.as(h, r);
  beforeAll(async () => {
    api = await testApi();
    await auditHistory(api);
    // More than a page of a few lists: API keys (and so audit entries), and pending credit-line grants.
    // Each key acts for a user: the bank's seeded maker.
    const maker = await api.platform.db.prisma.user.findUniqueOrThrow({ where: { email: api.orgs.bank.users.find((u) => u.role === "maker")!.email } });
    for (const name of ["erp", "treasury", "reports", "backup"]) {
      await api.http().post(`/orgs/${api.orgs.bank.id}/api-keys`).set(await as("bank")).send({ name, role: "maker", userId: maker.id }).expect(201);
    }
    for (const core of ["core", "core2"] as const) {
      await api.http().post("/credit-lines").set(await as("settlement-bank", "maker")).send({ coreOrgId: api.orgs[core].id, limit: "1.00", expiry: "2099-01-01" }).expect(202);
    }
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  it.each([
    ["/orgs", "operator"],
    ["/applications", "operator"],
    ["/approvals", "settlement-bank"],
    ["/invoices", "regulator"],
    ["/financing/requests", "regulator"],
    ["/cash/orders", "regulator"],
  ] as const)("when %s is walked two at a time, then every item comes once, newest first", async (path, who) => {
    const items = await expectPagesJoinUp(api, path, await as(who), id);
    expectNewestFirst(items);
  });

  it("when an organisation's users and API keys are walked, then every one comes once, newest first", async () => {
    const keys = await expectPagesJoinUp(api, `/orgs/${api.orgs.bank.id}/api-keys`, await as("bank"), id);
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expectNewestFirst(keys);
    // A user shows no creation time: the order is checked against the store.
    const users = await expectPagesJoinUp(api, `/orgs/${api.orgs.bank.id}/users`, await as("bank"), id);
    const stored = await api.platform.db.prisma.user.findMany({ where: { organisationId: api.orgs.bank.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(users.map(id)).toEqual(stored.map((u) => u.id));
    expect(users.length).toBeGreaterThanOrEqual(3);
  });

  it("when the vouchers are walked, then every one comes once, the newest (highest ledger id) first", async () => {
    const items = await expectPagesJoinUp(api, "/vouchers?includeEmpty=true", await as("regulator"), id);
    expect(items.length).toBeGreaterThan(4);
    const ids = items.map((v) => BigInt(id(v)));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
  });

  it("when the ledger events, the audit log and the anchors are walked, then every one comes once, newest first", async () => {
    const position = (e: Item) => `${String(e.blockNumber)}:${String(e.logIndex)}`;
    const events = await expectPagesJoinUp(api, "/audit/events", await as("regulator"), position);
    const at = events.map((e) => Number(e.blockNumber) * 1e6 + Number(e.logIndex));
    expect(at).toEqual([...at].sort((a, b) => b - a));
    const log = await expectPagesJoinUp(api, "/audit/log", await as("regulator"), (e) => String(e.seq));
    expect(log.length).toBeGreaterThanOrEqual(4);
    const seqs = log.map((e) => BigInt(String(e.seq)));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a > b ? -1 : 1)));
    await expectPagesJoinUp(api, "/audit/anchors", await as("regulator"), position);
  });

  it("when the tier reach is walked one core enterprise at a time, then each comes once, with all its tiers", async () => {
    const whole = await walkPages(api, "/reports/tier-reach", await as("regulator"), 100);
    const walked = await walkPages(api, "/reports/tier-reach", await as("regulator"), 1);
    expect(walked).toEqual(whole);
    expect(walked.map((r) => (r.core as { id: string }).id)).toEqual(expect.arrayContaining([api.orgs.core.id, api.orgs.core2.id]));
    expect(new Set(walked.map((r) => (r.core as { id: string }).id)).size).toBe(walked.length);
  });

  it("when the key-ordered lists are walked (credit lines, settlement slots, program members), then every item comes once", async () => {
    const lines = await expectPagesJoinUp(api, "/credit-lines", await as("regulator"), id);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const slots = await expectPagesJoinUp(api, "/settlements", await as("regulator"), (s) => `${(s.debtor as { id: string }).id}/${String(s.maturity)}`);
    const days = slots.map((s) => String(s.maturity));
    expect(days).toEqual([...days].sort());
    await expectPagesJoinUp(api, `/programs/${api.orgs.core.id}/suppliers`, await as("core"), (m) => (m.organisation as { id: string }).id);
  });

  it("when a cursor is forged, altered or from another list, then 400 VALIDATION_FAILED", async () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    const fromOrgs = (await api.http().get("/orgs?limit=1").set(await as("operator")).expect(200)).body.nextCursor as string;
    const fromVouchers = (await api.http().get("/vouchers?limit=1&includeEmpty=true").set(await as("regulator")).expect(200)).body.nextCursor as string;
    for (const [path, cursor] of [
      ["/orgs", b64("2026-01-01T00:00:00.000Z|not-a-uuid")],
      ["/orgs", b64("yesterday|00000000-0000-0000-0000-000000000000")],
      ["/orgs", `${fromOrgs}=`],
      ["/orgs", fromVouchers],
      ["/vouchers", fromOrgs],
      ["/vouchers", b64("-1")],
      ["/audit/log", b64("0")],
      ["/credit-lines", b64("0x12|0x34")],
      ["/reports/tier-reach", b64("x")],
    ] as const) {
      const res = await api.http().get(`${path}?cursor=${cursor}`).set(await as("regulator"));
      expect([path, cursor, res.status, res.body.code]).toEqual([path, cursor, 400, "VALIDATION_FAILED"]);
    }
  });
});
