import { keccak256, toUtf8Bytes } from "ethers";
import { randomUUID } from "node:crypto";
import type { Response } from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoiceKey } from "../../../chain/invoice-key";
import type { Account, Ledger } from "../../../chain/ledger";
import type { FinancingModule } from "../../../api/src/financing";
import { cstDaysBetween, formatCstDay } from "../../../api/src/http/cst-day";
import { travel, txId } from "../../helpers/either-ledger";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { apiSteps, yuan } from "../../helpers/api-steps";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FEE_BPS = 10;
const h = (s: string) => keccak256(toUtf8Bytes(s));

/** A route's answer. Its body is the JSON the route sent, typed `any` by supertest's own declaration. */
type Res = Pick<Response, "status" | "body">;
type Body = Res["body"];

describe("the financing marketplace through the API", () => {
  let api: TestApi;
  let l: Ledger;
  let maturity: Date;
  let shortMaturity: Date;
  const acct = (who: Handle): Account => api.orgs[who].account;
  const as = (who: Handle, role: Role = "maker") => api.as(who, role);
  const { party } = apiSteps(() => api);
  let invoiceNo = 0;

  async function issue(supplier: Handle, amount: bigint, at: Date = maturity, core: Handle = "core"): Promise<string> {
    invoiceNo += 1;
    const key = invoiceKey({ kind: "digital", number: String(invoiceNo).padStart(20, "0") });
    await l.invoices.register(acct(supplier), { key, buyer: acct(core), amount, commitment: h(`invoice ${invoiceNo}`) });
    await l.invoices.confirm(acct(core), key);
    const r = await l.vouchers.issue(acct(core), { supplier: acct(supplier), amount, maturity: at, invoiceKeys: [key] });
    await api.platform.indexer.waitFor(r.blockNumber);
    return r.result.toString();
  }

  const post = async (path: string, who: Handle, body?: object, role: Role = "maker"): Promise<Res> => {
    const req = api.http().post(path).set(await as(who, role));
    return body === undefined ? req : req.send(body);
  };
  const get = async (path: string, who: Handle, role: Role = "maker"): Promise<Res> => api.http().get(path).set(await as(who, role));

  async function open(voucherId: string, amount: string, extra: object = {}, who: Handle = "tier1"): Promise<Body> {
    const res = await post("/financing/requests", who, { voucherId, amount, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }
  async function quote(id: string, bank: Handle, rateBps: number, extra: object = {}): Promise<Body> {
    const res = await post(`/financing/requests/${id}/quotes`, bank, { rateBps, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }
  async function accept(id: string, quoteId: string, who: Handle = "tier1"): Promise<Body> {
    const res = await post(`/financing/requests/${id}/accept`, who, { quoteId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }
  /** An accepted request on `voucherId`, quoted by `bank`. */
  async function accepted(voucherId: string, amount: string, bank: Handle = "bank", rateBps = 400): Promise<Body> {
    const r = await open(voucherId, amount);
    const q = await quote(r.id, bank, rateBps);
    return accept(r.id, q.id);
  }
  const voucher = async (id: string) => (await l.vouchers.get(BigInt(id)))!;
  const cash = (who: Handle) => l.cash.balanceOf(acct(who));
  const used = async (bank: Handle, core: Handle = "core") => (await l.creditLines.get(acct(bank), acct(core))).used;
  const statusOf = async (id: string) => (await api.platform.db.prisma.financingApplication.findUnique({ where: { id } }))?.status;
  const module = () => api.server.services.modules.find((m) => m.name === "financing") as FinancingModule;

  beforeAll(async () => {
    api = await testApi();
    l = api.platform.ledger;
    const expiry = new Date((await l.clock.now()).getTime() + 300 * DAY);
    // The core enterprise's program restricts financing to two banks; the settlement bank has a line but is not one of them.
    await l.rules.setRules(acct("core"), {
      maxDepth: 5,
      maxTermDays: 180,
      minSplit: 1n,
      invoicesRequired: true,
      whitelistOnly: false,
      banksRestricted: true,
      issuanceCoveredByCredit: true,
    });
    await l.rules.setEligibleBanks(acct("core"), [acct("bank"), acct("bank2")], true);
    await l.creditLines.grant(acct("bank"), acct("core"), 100_000_000_00n, expiry);
    await l.creditLines.grant(acct("bank2"), acct("core"), 500_000_00n, expiry);
    await l.creditLines.grant(acct("settlement-bank"), acct("core"), 100_000_000_00n, expiry);
    await l.creditLines.grant(acct("bank"), acct("core2"), 10_000_000_00n, expiry);
    await l.cash.mint(acct("settlement-bank"), acct("bank"), 50_000_000_00n, h("bank deposit"));
    await l.cash.mint(acct("settlement-bank"), acct("settlement-bank"), 50_000_000_00n, h("settlement bank deposit"));
    const fee = await l.financing.setFee(api.platform.accounts.operator, FEE_BPS, api.platform.accounts.operator);
    await api.platform.indexer.waitFor(fee.blockNumber);
    maturity = await cstMidnightIn(l, 90);
    shortMaturity = await cstMidnightIn(l, 2);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  it("when a holder asks, a bank quotes, the holder accepts and the bank's maker and checker approve, then the holder is paid exactly the net", async () => {
    const v = await issue("tier1", 1_000_000_00n);
    const now = await l.clock.now();
    const req = await open(v, "400000.00");
    expect(req).toMatchObject({
      voucherId: v,
      holder: party("tier1"),
      amount: "400000.00",
      status: "open",
      voucher: { debtor: party("core"), maturity: formatCstDay(maturity), maturityAt: maturity.toISOString() },
      onChainRequestId: null,
      quotes: [],
    });
    const expires = new Date(req.expiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(now.getTime() + 72 * HOUR);
    expect(expires).toBeLessThan(now.getTime() + 72 * HOUR + 60_000);

    // Who sees it: the two eligible banks with room on their lines; not the bank the program excludes.
    for (const bank of ["bank", "bank2"] as const) {
      const list = await get("/financing/requests?status=open", bank);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(req.id);
    }
    const excluded = await get("/financing/requests", "settlement-bank");
    expect(excluded.body.items.map((i: { id: string }) => i.id)).not.toContain(req.id);
    expect((await get(`/financing/requests/${req.id}`, "settlement-bank")).status).toBe(404);
    expect((await get(`/financing/requests/${req.id}`, "tier2")).status).toBe(404);
    expect((await get(`/financing/requests/${req.id}`, "core")).status).toBe(403);

    const q1 = await quote(req.id, "bank", 420, { validForMinutes: 60 });
    const days = cstDaysBetween(await l.clock.now(), maturity);
    const interest = (40_000_000n * 420n * BigInt(days) + 1_800_000n) / 3_600_000n;
    const fee = (40_000_000n * BigInt(FEE_BPS) + 5_000n) / 10_000n;
    const net = 40_000_000n - interest - fee;
    expect(q1).toMatchObject({ requestId: req.id, bank: party("bank"), rateBps: 420, feeBps: FEE_BPS, days, interest: yuan(interest), fee: yuan(fee), net: yuan(net), status: "open" });
    const apr = (Number(interest + fee) / Number(net)) * (365 / days) * 100;
    expect(q1.effectiveApr).toMatch(/^\d+\.\d{4}$/);
    expect(Math.abs(Number(q1.effectiveApr) - apr)).toBeLessThan(0.0001);
    expect(await l.financing.quote({ amount: 40_000_000n, rateBps: 420, feeBps: FEE_BPS, maturity, at: await l.clock.now() })).toEqual({ days, interest, fee, net });

    // Posting again replaces the bank's quote under a new id.
    const q2 = await quote(req.id, "bank", 400, { validForMinutes: 60 });
    expect(q2.id).not.toBe(q1.id);
    const other = await quote(req.id, "bank2", 450);
    const holderView = await get(`/financing/requests/${req.id}`, "tier1");
    expect(holderView.body.quotes.map((q: { id: string; rateBps: number }) => [q.id, q.rateBps]).sort()).toEqual([[q2.id, 400], [other.id, 450]].sort());
    const bankView = await get(`/financing/requests/${req.id}`, "bank");
    expect(bankView.body.quotes.map((q: { id: string }) => q.id)).toEqual([q2.id]);
    const regulatorView = await get(`/financing/requests/${req.id}`, "regulator", "admin");
    expect(regulatorView.body.quotes).toHaveLength(2);
    const stale = await post(`/financing/requests/${req.id}/accept`, "tier1", { quoteId: q1.id });
    expect([stale.status, stale.body.code]).toEqual([404, "NOT_FOUND"]);

    const acc = await accept(req.id, q2.id);
    expect(acc).toMatchObject({ id: req.id, status: "accepted", acceptedQuoteId: q2.id, txHash: txId(api) });
    expect(acc.onChainRequestId).toMatch(/^\d+$/);
    expect(new Date(acc.deadline).getTime()).toBeGreaterThan(Date.now());
    expect(acc.quotes.find((q: { id: string }) => q.id === other.id).status).toBe("lapsed");
    // The acceptance's answer is built from what it wrote, not read back: it must say what a fresh read says.
    expect(acc).toMatchObject((await get(`/financing/requests/${req.id}`, "tier1")).body);
    expect((await voucher(v)).locked).toBe(40_000_000n);
    const onChain = await l.financing.get(BigInt(acc.onChainRequestId));
    expect(onChain).toMatchObject({ holder: acct("tier1"), bank: acct("bank"), amount: 40_000_000n, rateBps: 400, feeBps: FEE_BPS });

    // The losing bank still sees the request it quoted on, with only its own (lapsed) quote, and cannot approve it.
    const loser = await get(`/financing/requests/${req.id}`, "bank2");
    expect(loser.body.quotes.map((q: { id: string; status: string }) => [q.id, q.status])).toEqual([[other.id, "lapsed"]]);
    const wrongBank = await post(`/financing/requests/${req.id}/approve`, "bank2");
    expect([wrongBank.status, wrongBank.body.code]).toEqual([409, "FINANCING_NOT_ACCEPTED"]);

    const before = { holder: await cash("tier1"), bank: await cash("bank"), operator: await l.cash.balanceOf(api.platform.accounts.operator), used: await used("bank") };
    const proposed = await post(`/financing/requests/${req.id}/approve`, "bank");
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);
    expect(proposed.body).toMatchObject({ kind: "financing.approve", status: "pending" });
    expect(proposed.body.payload).toEqual({
      applicationId: req.id,
      onChainRequestId: acc.onChainRequestId,
      voucherId: v,
      holder: acc.holder,
      amount: "400000.00",
      rateBps: 400,
      quotedNet: q2.net,
    });
    expect(await cash("tier1")).toBe(before.holder);

    const approved = await post(`/approvals/${proposed.body.id}/approve`, "bank", undefined, "checker");
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const days2 = cstDaysBetween(await l.clock.now(), maturity);
    const interest2 = (40_000_000n * 400n * BigInt(days2) + 1_800_000n) / 3_600_000n;
    const net2 = 40_000_000n - interest2 - fee;
    expect(approved.body).toMatchObject({
      status: "approved",
      txHash: txId(api),
      result: { applicationId: req.id, interest: yuan(interest2), fee: yuan(fee), net: yuan(net2), days: days2, amount: "400000.00" },
    });
    expect(approved.body.result).toMatchObject({ acceptedAt: expect.any(String), paidAt: expect.any(String), acceptanceToCashSeconds: expect.any(Number) });
    expect(approved.body.result.acceptanceToCashSeconds).toBeGreaterThanOrEqual(0);
    expect(new Date(approved.body.result.paidAt).getTime()).toBeGreaterThanOrEqual(new Date(approved.body.result.acceptedAt).getTime());

    expect(await cash("tier1")).toBe(before.holder + net2);
    expect(await cash("bank")).toBe(before.bank - net2 - fee);
    expect(await l.cash.balanceOf(api.platform.accounts.operator)).toBe(before.operator + fee);
    expect(await used("bank")).toBe(before.used + 40_000_000n);
    const piece = await voucher(approved.body.result.pieceId);
    expect(piece).toMatchObject({ owner: acct("bank"), value: 40_000_000n, financed: true });
    expect(await voucher(v)).toMatchObject({ owner: acct("tier1"), value: 60_000_000n, locked: 0n });

    const done = await get(`/financing/requests/${req.id}`, "tier1");
    expect(done.body).toMatchObject({ status: "executed", execution: { pieceId: approved.body.result.pieceId, net: yuan(net2), interest: yuan(interest2), fee: yuan(fee) } });
    const audited = await api.platform.db.prisma.auditEntry.findFirst({ where: { txHash: acc.txHash } });
    expect(audited?.action).toBe("POST /financing/requests/:id/accept");
  });

  it("when a bank previews a rate, then it gets the very figures a quote at that rate gets, nothing is stored, and a closed request or a stranger is refused", async () => {
    const v = await issue("tier1", 300_000_00n);
    const req = await open(v, "250000.00");
    const preview = await get(`/financing/requests/${req.id}/quote-preview?rateBps=385`, "bank", "checker");
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const quotes = () => api.platform.db.prisma.financingQuote.count({ where: { applicationId: req.id } });
    expect(await quotes()).toBe(0);
    const q = await quote(req.id, "bank", 385);
    expect(preview.body).toEqual({ rateBps: 385, feeBps: FEE_BPS, days: q.days, interest: q.interest, fee: q.fee, net: q.net, effectiveApr: q.effectiveApr });
    const dearer = await get(`/financing/requests/${req.id}/quote-preview?rateBps=600`, "bank");
    expect(BigInt(dearer.body.interest.replace(".", ""))).toBeGreaterThan(BigInt(q.interest.replace(".", "")));

    for (const [path, who, status, code] of [
      [`/financing/requests/${req.id}/quote-preview?rateBps=0`, "bank", 400, "VALIDATION_FAILED"],
      [`/financing/requests/${req.id}/quote-preview?rateBps=1e2`, "bank", 400, "VALIDATION_FAILED"],
      [`/financing/requests/${req.id}/quote-preview`, "bank", 400, "VALIDATION_FAILED"],
      [`/financing/requests/${req.id}/quote-preview?rateBps=385`, "settlement-bank", 404, "NOT_FOUND"],
      [`/financing/requests/${req.id}/quote-preview?rateBps=385`, "tier1", 403, "FORBIDDEN"],
    ] as const) {
      const res = await get(path, who);
      expect([path, who, res.status, res.body.code]).toEqual([path, who, status, code]);
    }
    await post(`/financing/requests/${req.id}/cancel`, "tier1");
    const closedOne = await get(`/financing/requests/${req.id}/quote-preview?rateBps=385`, "bank");
    expect([closedOne.status, closedOne.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);
    expect(await quotes()).toBe(1);
  });

  it("when a request's input is malformed, then 400 and nothing is stored", async () => {
    const v = await issue("tier1", 10_000_00n);
    const count = () => api.platform.db.prisma.financingApplication.count({ where: { voucherId: BigInt(v) } });
    const bad: object[] = [
      { voucherId: v, amount: 1000 },
      { voucherId: v, amount: "1000.123" },
      { voucherId: v, amount: "0" },
      { voucherId: v, amount: "0.00" },
      { voucherId: v, amount: "-5.00" },
      { voucherId: v, amount: "1e3" },
      { voucherId: v, amount: "99999999999999999999999.00" },
      { voucherId: v, amount: "100.00", bank: "me" },
      { voucherId: Number(v), amount: "100.00" },
      { voucherId: "0", amount: "100.00" },
      { voucherId: "abc", amount: "100.00" },
      { amount: "100.00" },
      { voucherId: v, amount: "100.00", validForHours: 0 },
      { voucherId: v, amount: "100.00", validForHours: 721 },
      { voucherId: v, amount: "100.00", validForHours: 1.5 },
      { voucherId: v, amount: "100.00", validForHours: 2, expiresAt: new Date(Date.now() + HOUR).toISOString() },
      { voucherId: v, amount: "100.00", expiresAt: "tomorrow" },
      { voucherId: v, amount: "100.00", expiresAt: new Date(Date.now() - HOUR).toISOString() },
      { voucherId: v, amount: "100.00", expiresAt: new Date(Date.now() + 31 * DAY).toISOString() },
    ];
    for (const body of bad) {
      const res = await post("/financing/requests", "tier1", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(["VALIDATION_FAILED", "MONEY_FORMAT"]).toContain(res.body.code);
    }
    expect(await count()).toBe(0);
  });

  it("when the caller is not the voucher's holding supplier, then 401, 403 or 404 and nothing is stored", async () => {
    const v = await issue("tier1", 10_000_00n);
    const body = { voucherId: v, amount: "100.00" };
    expect((await api.http().post("/financing/requests").send(body)).status).toBe(401);
    const bank = await post("/financing/requests", "bank", body);
    expect([bank.status, bank.body.code]).toEqual([403, "FORBIDDEN"]);
    const checker = await post("/financing/requests", "tier1", body, "checker");
    expect([checker.status, checker.body.code]).toEqual([403, "FORBIDDEN"]);
    const stranger = await post("/financing/requests", "tier2", body);
    expect([stranger.status, stranger.body.code]).toEqual([404, "NOT_FOUND"]);
    const missing = await post("/financing/requests", "tier1", { voucherId: "999999", amount: "100.00" });
    expect([missing.status, missing.body.code]).toEqual([404, "NOT_FOUND"]);
    expect(await api.platform.db.prisma.financingApplication.count({ where: { voucherId: BigInt(v) } })).toBe(0);
    expect((await get("/financing/requests", "tier1")).status).toBe(200);
    expect((await api.http().get("/financing/requests")).status).toBe(401);
    expect((await get("/financing/requests", "core")).status).toBe(403);
  });

  it("when the amount exceeds the voucher's free value, or the request would outlive the voucher, then 422 with the ledger's code", async () => {
    const v = await issue("tier1", 10_000_00n);
    const over = await post("/financing/requests", "tier1", { voucherId: v, amount: "10000.01" });
    expect([over.status, over.body.code]).toEqual([422, "VOUCHER_INSUFFICIENT_VALUE"]);
    const short = await issue("tier1", 10_000_00n, shortMaturity);
    const late = await post("/financing/requests", "tier1", { voucherId: short, amount: "100.00", validForHours: 72 });
    expect([late.status, late.body.code]).toEqual([422, "FINANCING_INVALID_DEADLINE"]);
    // Without a validity of its own, a request on a short voucher simply ends before maturity.
    const fits = await open(short, "100.00");
    expect(new Date(fits.expiresAt).getTime()).toBeLessThan(shortMaturity.getTime());
    expect(await api.platform.db.prisma.financingApplication.count({ where: { voucherId: BigInt(v) } })).toBe(0);
  });

  it("when the same voucher value is asked for twice, then the second request is refused with VOUCHER_VALUE_RESERVED, and value locked on the ledger with VOUCHER_INSUFFICIENT_VALUE", async () => {
    const v = await issue("tier1", 100_000_00n);
    // Two open requests may not ask for more than the voucher holds.
    const first = await open(v, "60000.00");
    const second = await post("/financing/requests", "tier1", { voucherId: v, amount: "60000.00" });
    expect([second.status, second.body.code]).toEqual([409, "VOUCHER_VALUE_RESERVED"]);
    // Once accepted, the ledger's lock is what counts.
    const q = await quote(first.id, "bank", 400);
    await accept(first.id, q.id);
    expect((await voucher(v)).locked).toBe(6_000_000n);
    const third = await post("/financing/requests", "tier1", { voucherId: v, amount: "40000.01" });
    expect([third.status, third.body.code]).toEqual([422, "VOUCHER_INSUFFICIENT_VALUE"]);
    expect(await api.platform.db.prisma.financingApplication.count({ where: { voucherId: BigInt(v) } })).toBe(1);

    // The ledger refuses too: value locked behind the API's back makes the acceptance fail, and nothing changes.
    const rest = await open(v, "40000.00");
    const q2 = await quote(rest.id, "bank", 400);
    const direct = await l.financing.request(acct("tier1"), { voucherId: BigInt(v), amount: 1_000_000n, bank: acct("bank"), rateBps: 400, deadline: new Date(maturity.getTime() - DAY) });
    await api.platform.indexer.waitFor(direct.blockNumber);
    const refused = await post(`/financing/requests/${rest.id}/accept`, "tier1", { quoteId: q2.id });
    expect([refused.status, refused.body.code]).toEqual([422, "VOUCHER_INSUFFICIENT_VALUE"]);
    expect((await voucher(v)).locked).toBe(7_000_000n);
    const after = await get(`/financing/requests/${rest.id}`, "tier1");
    expect(after.body).toMatchObject({ status: "open", onChainRequestId: null, quotes: [{ id: q2.id, status: "open" }] });
    await l.financing.cancel(acct("tier1"), direct.result);
  });

  it("when 50 requests over the same voucher value race, then exactly one opens and the rest get 409 VOUCHER_VALUE_RESERVED", async () => {
    const v = await issue("tier1", 100_000_00n);
    const race = (amount: string) => Promise.all(Array.from({ length: 50 }, () => post("/financing/requests", "tier1", { voucherId: v, amount })));
    const openOn = () => api.platform.db.prisma.financingApplication.findMany({ where: { voucherId: BigInt(v), status: "open" } });
    const oneWinner = (results: Res[]) => {
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.code])).toEqual(Array(49).fill([409, "VOUCHER_VALUE_RESERVED"]));
    };
    // Each asks for more than half: any two together exceed what the voucher holds.
    const first = await race("60000.00");
    oneWinner(first);
    expect((await openOn()).map((a) => a.amount)).toEqual([6_000_000n]);
    expect(api.errors).toEqual([]);

    // Cancelling frees the reservation: the next race has a winner again, for the rest of the value too.
    const winner = first.find((r) => r.status === 201)!.body;
    expect((await post(`/financing/requests/${winner.id}/cancel`, "tier1")).status).toBe(200);
    oneWinner(await race("100000.00"));
    expect((await openOn()).map((a) => a.amount)).toEqual([10_000_000n]);
  });

  it("when a request was just accepted and the projection has not yet seen the ledger's lock, then its value stays reserved", async () => {
    const v = await issue("tier1", 100_000_00n);
    // The moment between the acceptance's transaction and the indexer's projection of it: the request is
    // accepted, with an on-chain id the projection does not know yet, and the voucher shows nothing locked.
    const prisma = api.platform.db.prisma;
    const now = await l.clock.now();
    await prisma.financingApplication.create({
      data: { voucherId: BigInt(v), holderOrgId: api.orgs.tier1.id, amount: 6_000_000n, status: "accepted", onChainRequestId: 9_999_999n, expiresAt: new Date(now.getTime() + HOUR), createdAt: now },
    });
    expect((await prisma.voucherState.findUnique({ where: { id: BigInt(v) } }))?.locked).toBe(0n);
    const res = await post("/financing/requests", "tier1", { voucherId: v, amount: "60000.00" });
    expect([res.status, res.body.code]).toEqual([409, "VOUCHER_VALUE_RESERVED"]);
    await open(v, "40000.00");
    await prisma.financingApplication.updateMany({ where: { onChainRequestId: 9_999_999n }, data: { status: "cancelled" } });
  });

  it("when a bank quotes badly or may not quote, then 400, 403 or 404 and no quote is stored", async () => {
    const v = await issue("tier1", 1_000_000_00n);
    const big = await open(v, "600000.00");
    const quotes = () => api.platform.db.prisma.financingQuote.count({ where: { applicationId: big.id } });
    for (const body of [{ rateBps: 0 }, { rateBps: 10_001 }, { rateBps: 4.2 }, { rateBps: "420" }, {}, { rateBps: 420, validForMinutes: 0 }, { rateBps: 420, validForMinutes: 43_201 }, { rateBps: 420, margin: 1 }, { rateBps: 420, validUntil: new Date(Date.now() - 60_000).toISOString() }, { rateBps: 420, validUntil: new Date(Date.now() + HOUR).toISOString(), validForMinutes: 5 }]) {
      const res = await post(`/financing/requests/${big.id}/quotes`, "bank", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe("VALIDATION_FAILED");
    }
    const supplier = await post(`/financing/requests/${big.id}/quotes`, "tier1", { rateBps: 420 });
    expect([supplier.status, supplier.body.code]).toEqual([403, "FORBIDDEN"]);
    const admin = await post(`/financing/requests/${big.id}/quotes`, "bank", { rateBps: 420 }, "admin");
    expect([admin.status, admin.body.code]).toEqual([403, "FORBIDDEN"]);
    expect((await api.http().post(`/financing/requests/${big.id}/quotes`).send({ rateBps: 420 })).status).toBe(401);
    // bank2's line (500,000) is too small for 600,000, and the settlement bank is not in the program.
    for (const bank of ["bank2", "settlement-bank"] as const) {
      const res = await post(`/financing/requests/${big.id}/quotes`, bank, { rateBps: 420 });
      expect([res.status, res.body.code]).toEqual([404, "NOT_FOUND"]);
      expect((await get(`/financing/requests/${big.id}`, bank)).status).toBe(404);
    }
    const unknown = await post(`/financing/requests/${randomUUID()}/quotes`, "bank", { rateBps: 420 });
    expect([unknown.status, unknown.body.code]).toEqual([404, "NOT_FOUND"]);
    expect((await post(`/financing/requests/not-a-uuid/quotes`, "bank", { rateBps: 420 })).status).toBe(400);
    expect(await quotes()).toBe(0);
  });

  it("when a quote has lapsed, the request is not open, or the quote is another request's, then accepting is refused and nothing is sent", async () => {
    const v = await issue("tier1", 100_000_00n);
    const r = await open(v, "10000.00");
    const short = await quote(r.id, "bank", 400, { validUntil: new Date((await l.clock.now()).getTime() + 1_500).toISOString() });
    await travel(api, 2);
    const lapsed = await post(`/financing/requests/${r.id}/accept`, "tier1", { quoteId: short.id });
    expect([lapsed.status, lapsed.body.code]).toEqual([409, "QUOTE_EXPIRED"]);
    expect(await statusOf(r.id)).toBe("open");
    expect((await voucher(v)).locked).toBe(0n);

    const elsewhere = await open(v, "10000.00");
    const foreign = await quote(elsewhere.id, "bank", 400);
    const mismatch = await post(`/financing/requests/${r.id}/accept`, "tier1", { quoteId: foreign.id });
    expect([mismatch.status, mismatch.body.code]).toEqual([404, "NOT_FOUND"]);
    const stranger = await post(`/financing/requests/${elsewhere.id}/accept`, "tier2", { quoteId: foreign.id });
    expect([stranger.status, stranger.body.code]).toEqual([404, "NOT_FOUND"]);
    const bank = await post(`/financing/requests/${elsewhere.id}/accept`, "bank", { quoteId: foreign.id });
    expect([bank.status, bank.body.code]).toEqual([403, "FORBIDDEN"]);
    for (const body of [{}, { quoteId: "x" }, { quoteId: foreign.id, rateBps: 1 }]) {
      expect((await post(`/financing/requests/${elsewhere.id}/accept`, "tier1", body)).status).toBe(400);
    }
    await accept(elsewhere.id, foreign.id);
    const again = await post(`/financing/requests/${elsewhere.id}/accept`, "tier1", { quoteId: foreign.id });
    expect([again.status, again.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);
    // A bank may not quote on a request that has left the market.
    const late = await post(`/financing/requests/${elsewhere.id}/quotes`, "bank", { rateBps: 300 });
    expect([late.status, late.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);
    expect((await voucher(v)).locked).toBe(1_000_000n);
  });

  it("when 20 accepts of one request race, then exactly one sends the request and the rest get 409", async () => {
    const v = await issue("tier1", 100_000_00n);
    const r = await open(v, "50000.00");
    const q = await quote(r.id, "bank", 400);
    const results = await Promise.all(Array.from({ length: 20 }, () => post(`/financing/requests/${r.id}/accept`, "tier1", { quoteId: q.id })));
    expect(results.filter((x) => x.status === 200)).toHaveLength(1);
    const refused = results.filter((x) => x.status !== 200);
    expect(refused).toHaveLength(19);
    expect(refused.map((x) => `${x.status} ${String(x.body.code)}`).filter((c) => c !== "409 FINANCING_REQUEST_CLOSED")).toEqual([]);
    expect((await voucher(v)).locked).toBe(5_000_000n);
    const events = await api.platform.db.prisma.ledgerEvent.findMany({ where: { name: "FinancingRequested" } });
    expect(events.filter((e) => (e.args as { voucherId: string }).voucherId === v)).toHaveLength(1);
  });

  it("when 50 makers propose approving one financing, and then 50 checkers approve it, then one action is created, one pays, and the rest get 409", async () => {
    const v = await issue("tier1", 100_000_00n);
    const acc = await accepted(v, "30000.00");
    const proposals = await Promise.all(Array.from({ length: 50 }, () => post(`/financing/requests/${acc.id}/approve`, "bank")));
    const created = proposals.filter((p) => p.status === 202);
    expect(created).toHaveLength(1);
    expect(proposals.filter((p) => p.status === 409 && p.body.code === "FINANCING_IN_APPROVAL")).toHaveLength(49);
    const actions = await api.platform.db.prisma.pendingAction.findMany({ where: { kind: "financing.approve", organisationId: api.orgs.bank.id } });
    expect(actions.filter((a) => (a.payload as { applicationId: string }).applicationId === acc.id)).toHaveLength(1);

    const holderBefore = await cash("tier1");
    const usedBefore = await used("bank");
    const approvals = await Promise.all(Array.from({ length: 50 }, () => post(`/approvals/${created[0].body.id}/approve`, "bank", undefined, "checker")));
    expect(approvals.filter((a) => a.status === 200)).toHaveLength(1);
    expect(approvals.filter((a) => a.status === 409 && a.body.code === "ALREADY_DECIDED")).toHaveLength(49);
    const net = BigInt(approvals.find((a) => a.status === 200)!.body.result.net.replace(".", ""));
    expect(await cash("tier1")).toBe(holderBefore + net);
    expect(await used("bank")).toBe(usedBefore + 3_000_000n);
    expect(await statusOf(acc.id)).toBe("executed");
    const again = await post(`/financing/requests/${acc.id}/approve`, "bank");
    expect([again.status, again.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);
  });

  it("when approving is asked of the wrong party or at the wrong time, then 403, 404 or 409 and nothing is proposed", async () => {
    const v = await issue("tier1", 100_000_00n);
    const r = await open(v, "20000.00");
    const pending = () => api.platform.db.prisma.pendingAction.count({ where: { kind: "financing.approve" } });
    const before = await pending();
    const early = await post(`/financing/requests/${r.id}/approve`, "bank");
    expect([early.status, early.body.code]).toEqual([409, "FINANCING_NOT_ACCEPTED"]);
    const q = await quote(r.id, "bank", 400);
    await accept(r.id, q.id);
    const checker = await post(`/financing/requests/${r.id}/approve`, "bank", undefined, "checker");
    expect([checker.status, checker.body.code]).toEqual([403, "FORBIDDEN"]);
    const supplier = await post(`/financing/requests/${r.id}/approve`, "tier1");
    expect([supplier.status, supplier.body.code]).toEqual([403, "FORBIDDEN"]);
    const outsider = await post(`/financing/requests/${r.id}/approve`, "settlement-bank");
    expect([outsider.status, outsider.body.code]).toEqual([404, "NOT_FOUND"]);
    expect((await api.http().post(`/financing/requests/${r.id}/approve`)).status).toBe(401);
    expect(await pending()).toBe(before);

    // A checker who rejects the payout hands the request back: the maker may propose again, or the bank declines.
    const proposed = await post(`/financing/requests/${r.id}/approve`, "bank");
    expect(proposed.status).toBe(202);
    const sameUser = await post(`/approvals/${proposed.body.id}/approve`, "bank", undefined, "maker");
    expect(sameUser.status).toBe(403);
    const rejected = await post(`/approvals/${proposed.body.id}/reject`, "bank", { note: "Rate too low for this tier" }, "checker");
    expect(rejected.status).toBe(200);
    expect(await statusOf(r.id)).toBe("accepted");
    const retry = await post(`/financing/requests/${r.id}/approve`, "bank");
    expect(retry.status).toBe(202);
    const again = await post(`/financing/requests/${r.id}/approve`, "bank");
    expect([again.status, again.body.code]).toEqual([409, "FINANCING_IN_APPROVAL"]);
    await post(`/approvals/${retry.body.id}/reject`, "bank", { note: "Declining instead" }, "checker");
    const declined = await post(`/financing/requests/${r.id}/decline`, "bank", undefined, "checker");
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ status: "declined", txHash: txId(api) });
    expect((await voucher(v)).locked).toBe(0n);
  });

  it("when the bank lacks the cash at approval, then the ledger refuses, nothing moves, and the bank may propose again once funded", async () => {
    const v = await issue("tier1", 100_000_00n);
    const acc = await accepted(v, "20000.00", "bank2");
    const holderBefore = await cash("tier1");
    const usedBefore = await used("bank2");
    const proposed = await post(`/financing/requests/${acc.id}/approve`, "bank2");
    expect(proposed.status).toBe(202);
    const failed = await post(`/approvals/${proposed.body.id}/approve`, "bank2", undefined, "checker");
    expect([failed.status, failed.body.code]).toEqual([422, "CASH_INSUFFICIENT_BALANCE"]);
    expect(await statusOf(acc.id)).toBe("accepted");
    expect(await cash("tier1")).toBe(holderBefore);
    expect(await used("bank2")).toBe(usedBefore);
    expect((await voucher(v)).locked).toBe(2_000_000n);

    await api.platform.indexer.waitFor((await l.cash.mint(acct("settlement-bank"), acct("bank2"), 10_000_000n, h("bank2 deposit"))).blockNumber);
    const again = await post(`/financing/requests/${acc.id}/approve`, "bank2");
    expect(again.status).toBe(202);
    const paid = await post(`/approvals/${again.body.id}/approve`, "bank2", undefined, "checker");
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(await cash("tier1")).toBe(holderBefore + BigInt(paid.body.result.net.replace(".", "")));
    expect(await used("bank2")).toBe(usedBefore + 2_000_000n);
  });

  it("when a bank declines or a holder cancels, then the lock goes and a second attempt is 409; strangers get 403 or 404", async () => {
    const v = await issue("tier1", 100_000_00n);
    const openOne = await open(v, "10000.00");
    const q = await quote(openOne.id, "bank", 400);
    const notYet = await post(`/financing/requests/${openOne.id}/decline`, "bank");
    expect([notYet.status, notYet.body.code]).toEqual([409, "FINANCING_NOT_ACCEPTED"]);
    const strangerCancel = await post(`/financing/requests/${openOne.id}/cancel`, "tier2");
    expect([strangerCancel.status, strangerCancel.body.code]).toEqual([404, "NOT_FOUND"]);
    const bankCancel = await post(`/financing/requests/${openOne.id}/cancel`, "bank");
    expect([bankCancel.status, bankCancel.body.code]).toEqual([403, "FORBIDDEN"]);
    const cancelledOpen = await post(`/financing/requests/${openOne.id}/cancel`, "tier1");
    expect(cancelledOpen.status).toBe(200);
    expect(cancelledOpen.body).toMatchObject({ status: "cancelled", txHash: null, quotes: [{ id: q.id, status: "lapsed" }] });
    const lateAccept = await post(`/financing/requests/${openOne.id}/accept`, "tier1", { quoteId: q.id });
    expect([lateAccept.status, lateAccept.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);

    const acc = await accepted(v, "10000.00");
    const supplierDecline = await post(`/financing/requests/${acc.id}/decline`, "tier1");
    expect([supplierDecline.status, supplierDecline.body.code]).toEqual([403, "FORBIDDEN"]);
    const otherBank = await post(`/financing/requests/${acc.id}/decline`, "settlement-bank");
    expect([otherBank.status, otherBank.body.code]).toEqual([404, "NOT_FOUND"]);
    expect((await voucher(v)).locked).toBe(1_000_000n);
    const cancelled = await post(`/financing/requests/${acc.id}/cancel`, "tier1", undefined, "admin");
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", txHash: txId(api) });
    expect((await voucher(v)).locked).toBe(0n);
    expect(await l.financing.get(BigInt(acc.onChainRequestId))).toBeUndefined();
    const twice = await post(`/financing/requests/${acc.id}/cancel`, "tier1");
    expect([twice.status, twice.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);
    const declineCancelled = await post(`/financing/requests/${acc.id}/decline`, "bank");
    expect([declineCancelled.status, declineCancelled.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);

    const acc2 = await accepted(v, "10000.00");
    const declined = await post(`/financing/requests/${acc2.id}/decline`, "bank");
    expect(declined.status).toBe(200);
    expect((await voucher(v)).locked).toBe(0n);
    const again = await post(`/financing/requests/${acc2.id}/decline`, "bank", undefined, "checker");
    expect([again.status, again.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);
  });

  it("when lists are paged, then each caller sees only its own, pages chain, and a retried POST with its Idempotency-Key creates one request", async () => {
    const v = await issue("tier1", 100_000_00n);
    const key = `fin-${randomUUID()}`;
    const body = { voucherId: v, amount: "100.00" };
    const first = await api.http().post("/financing/requests").set(await as("tier1")).set("Idempotency-Key", key).send(body);
    const second = await api.http().post("/financing/requests").set(await as("tier1")).set("Idempotency-Key", key).send(body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(await api.platform.db.prisma.financingApplication.count({ where: { voucherId: BigInt(v) } })).toBe(1);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Res = await get(`/financing/requests?limit=3${cursor ? `&cursor=${cursor}` : ""}`, "tier1");
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const own = await api.platform.db.prisma.financingApplication.findMany({ where: { holderOrgId: api.orgs.tier1.id } });
    expect(seen.sort()).toEqual(own.map((a) => a.id).sort());
    expect((await get("/financing/requests", "tier2")).body.items).toEqual([]);
    const all = await get("/financing/requests?limit=100", "operator", "admin");
    expect(all.body.items.length).toBe(Math.min(100, await api.platform.db.prisma.financingApplication.count()));
    // A bank sees open requests it may quote on and those it quoted on, never another bank's private business.
    const bank2 = await get("/financing/requests?limit=100", "bank2");
    for (const item of bank2.body.items as { id: string; status: string; amount: string }[]) {
      const quoted = await api.platform.db.prisma.financingQuote.count({ where: { applicationId: item.id, bankOrgId: api.orgs.bank2.id } });
      if (!quoted) expect([item.status, Number(item.amount) <= 500_000]).toEqual(["open", true]);
    }
    expect((await get("/financing/requests?status=bogus", "tier1")).status).toBe(400);
    expect((await get("/financing/requests?limit=101", "tier1")).status).toBe(400);
    expect((await get("/financing/requests?cursor=%%%", "tier1")).status).toBe(400);
  });

  it("when time passes, then open requests and quotes expire, overdue accepted requests are released on the ledger once, and matured vouchers cannot be offered", async () => {
    const v = await issue("tier1", 100_000_00n);
    const short = await issue("tier1", 10_000_00n, await cstMidnightIn(l, 2));
    const stillOpen = await open(v, "10000.00", { validForHours: 1 });
    const q = await quote(stillOpen.id, "bank", 400, { validForMinutes: 30 });
    const acc = await accepted(v, "20000.00");
    const lateOpen = await open(v, "10000.00");
    expect((await voucher(v)).locked).toBe(2_000_000n);

    // Past the open request's hour and the quote's half hour, not yet the accepted one's deadline.
    await travel(api, 2 * 3600);
    const first = await Promise.all(Array.from({ length: 5 }, () => module().sweep()));
    expect(first.reduce((n, r) => n + r.expired, 0)).toBe(1);
    expect(first.reduce((n, r) => n + r.released, 0)).toBe(0);
    expect(await statusOf(stillOpen.id)).toBe("expired");
    expect((await get(`/financing/requests/${stillOpen.id}`, "tier1")).body.quotes).toMatchObject([{ id: q.id, status: "lapsed" }]);
    const tooLate = await post(`/financing/requests/${stillOpen.id}/accept`, "tier1", { quoteId: q.id });
    expect([tooLate.status, tooLate.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);
    expect(await statusOf(acc.id)).toBe("accepted");
    expect(await statusOf(lateOpen.id)).toBe("open");

    // Past the on-chain deadline: the job in the background releases the lock, exactly once.
    await travel(api, 72 * 3600);
    const job = module().jobs![0];
    const passed = job.nextPass();
    job.start();
    try {
      await passed;
    } finally {
      await job.stop();
    }
    expect(await statusOf(acc.id)).toBe("expired");
    expect(await statusOf(lateOpen.id)).toBe("expired");
    expect((await voucher(v)).locked).toBe(0n);
    expect(await l.financing.get(BigInt(acc.onChainRequestId))).toBeUndefined();
    const released = await api.platform.db.prisma.ledgerEvent.findMany({ where: { name: "FinancingReleased" } });
    expect(released.filter((e) => (e.args as { requestId: string }).requestId === acc.onChainRequestId)).toHaveLength(1);
    const bankApprove = await post(`/financing/requests/${acc.id}/approve`, "bank");
    expect([bankApprove.status, bankApprove.body.code]).toEqual([409, "FINANCING_REQUEST_CLOSED"]);
    expect((await module().sweep()).released).toBe(0);

    const matured = await post("/financing/requests", "tier1", { voucherId: short, amount: "100.00" });
    expect([matured.status, matured.body.code]).toEqual([422, "VOUCHER_MATURED"]);
    expect(api.errors).toEqual([]);
  });
});
