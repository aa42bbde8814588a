/**
 * Notifications of what changed for my organisation: written by the indexer beside the webhook outbox, read and
 * marked read over HTTP. A real chain and database; the event used is a voucher passed from tier 1 to tier 2.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../api/src/http/cst-day";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;

interface Notification {
  id: string;
  type: string;
  data: Record<string, string>;
  blockNumber: number;
  logIndex: number;
  readAt: string | null;
}

describe("notifications through the API", () => {
  let api: TestApi;
  let maturity: string;

  beforeAll(async () => {
    api = await testApi();
    const l = api.platform.ledger;
    const r = await l.creditLines.grant(api.orgs.bank.account, api.orgs.core.account, 50_000_000_00n, new Date((await l.clock.now()).getTime() + 300 * DAY));
    await api.platform.indexer.waitFor(r.blockNumber);
    maturity = formatCstDay(await cstMidnightIn(l, 90));
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const http = () => api.http();
  const as = (who: Handle, role: Role = "maker") => api.as(who, role);
  const steps = apiSteps(() => api);
  const invoice = async (seller: Handle, buyer: Handle, amount: string) => (await steps.confirmedInvoice(seller, buyer, amount)).id;
  const issueToTier1 = async (amount: string) => (await steps.issueToTier1(amount, maturity)).voucher;

  const list = async (who: Handle, query = "") => (await http().get(`/notifications${query}`).set(await as(who)).then(status(200))).body as { items: Notification[]; nextCursor: string | null };
  const unread = async (who: Handle) => ((await http().get("/notifications/unread-count").set(await as(who)).then(status(200))).body as { unread: number }).unread;
  const markRead = async (who: Handle, body: Record<string, unknown>) => http().post("/notifications/read").set(await as(who, "checker")).send(body);

  let received: Notification;

  it("when tier 1 passes part of a voucher to tier 2, then tier 2 is told it received that amount of that voucher, and tier 3 hears nothing of it", async () => {
    const root = await issueToTier1("50000.00");
    const tier3Before = (await list("tier3")).items.length;
    const inv = await invoice("tier2", "tier1", "20000.00");
    const transferred = await http().post(`/vouchers/${root}/transfers`).set(await as("tier1")).send({ toOrgId: api.orgs.tier2.id, amount: "12345.67", invoiceIds: [inv] }).then(status(201));
    const piece = transferred.body.id as string;

    const mine = await list("tier2", "?unread=true");
    [received] = mine.items;
    expect(received).toMatchObject({ type: "voucher.received", readAt: null, data: { voucherId: piece, amount: "12345.67", fromAccount: api.orgs.tier1.account } });
    expect(received.data.txHash).toBe(transferred.body.txHash);
    // Its own invoice that tier 1 confirmed came just before: the seller is the one told.
    expect(mine.items[1]).toMatchObject({ type: "invoice.confirmed", data: { buyerAccount: api.orgs.tier1.account } });
    // Tier 1 was told of the root it received from the core, not of the piece it passed on.
    const tier1 = await list("tier1");
    expect(tier1.items.some((n) => n.data.voucherId === root && n.type === "voucher.received")).toBe(true);
    expect(tier1.items.some((n) => n.data.voucherId === piece)).toBe(false);
    expect((await list("tier3")).items).toHaveLength(tier3Before);
    // The core enterprise issued the voucher and confirmed tier 1's invoice: the receiver and the seller are told, not it.
    expect((await list("core")).items).toEqual([]);
  });

  it("when the list is paged, then it comes newest first on the ledger, with a cursor that walks it without repeats", async () => {
    const all = (await list("tier1", "?limit=100")).items;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const positions = all.map((n) => n.blockNumber * 1e6 + n.logIndex);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    const first = await list("tier1", "?limit=1");
    expect(first.items[0].id).toBe(all[0].id);
    const second = await list("tier1", `?limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0].id).toBe(all[1].id);
  });

  it("when another organisation tries to mark tier 2's notification read, then it is a 404 and the notification stays unread", async () => {
    const res = await markRead("tier3", { throughId: received.id }).then(status(404));
    expect(res.body.code).toBe("NOT_FOUND");
    expect((await list("tier2")).items.find((n) => n.id === received.id)?.readAt).toBeNull();
  });

  it("when tier 2 marks up to the one it saw, then those are read for everyone of tier 2, the unread filter drops them, and newer ones stay unread until all are marked", async () => {
    const before = await unread("tier2");
    expect(before).toBeGreaterThanOrEqual(1);
    // Newer ones arrive after the clerk looked: tier 1 confirms tier 2's invoice and passes it a voucher.
    const root = await issueToTier1("8000.00");
    const inv = await invoice("tier2", "tier1", "5000.00");
    await http().post(`/vouchers/${root}/transfers`).set(await as("tier1")).send({ toOrgId: api.orgs.tier2.id, amount: "5000.00", invoiceIds: [inv] }).then(status(201));
    expect(await unread("tier2")).toBe(before + 2);

    const res = await markRead("tier2", { throughId: received.id }).then(status(200));
    expect(res.body).toEqual({ marked: before });
    expect(await unread("tier2")).toBe(2);
    const seen = (await http().get("/notifications").set(await as("tier2", "admin")).then(status(200))).body.items as Notification[];
    expect(seen.find((n) => n.id === received.id)?.readAt).toEqual(expect.any(String));
    expect((await list("tier2", "?unread=true")).items.map((n) => [n.type, n.data.amount])).toEqual([
      ["voucher.received", "5000.00"],
      ["invoice.confirmed", undefined],
    ]);

    expect((await markRead("tier2", {}).then(status(200))).body).toEqual({ marked: 2 });
    expect(await unread("tier2")).toBe(0);
    expect((await list("tier2", "?unread=true")).items).toEqual([]);
  });

  it("when the input is bad or there is no token, then 400 or 401, and nothing is marked", async () => {
    for (const q of ["?unread=yes", "?limit=0", "?cursor=nonsense", "?other=1"]) await http().get(`/notifications${q}`).set(await as("tier2")).then(status(400));
    for (const body of [{ throughId: "not-a-uuid" }, { throughId: received.id, extra: true }, { throughId: 7 }]) await markRead("tier2", body).then(status(400));
    await markRead("tier2", { throughId: "00000000-0000-4000-8000-000000000000" }).then(status(404));
    await http().get("/notifications").then(status(401));
    await http().post("/notifications/read").send({}).then(status(401));
  });
});
