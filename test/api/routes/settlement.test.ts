/**
 * Settlement (清分) through the API: funding under dual control, the scheduler's passes (maturity, frozen
 * holders, expired financing locks, overdue), the clock, the slot views and their visibility, and races.
 * Vouchers, cash and financing are set up directly through the ledger port, not through other modules' routes.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { Account, Ledger } from "../../../chain/ledger";
import { formatCstDay } from "../../../api/src/http/cst-day";
import { RunRecorder } from "../../../api/src/settlement/run-recorder";
import type { passReportSchema } from "../../../api/src/settlement/settlement.json";
import { SettlementRepository } from "../../../api/src/settlement/settlement.repository";
import type { SettlementModule } from "../../../api/src/settlement";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { travel, txIdPattern } from "../../helpers/either-ledger";
import { cstMidnightIn, h } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const Y = 100n; // fen per yuan
const DAY_S = 86_400;

type PassReportJson = z.infer<typeof passReportSchema>;
/** What every entry of a pass report's lists says: the slot it concerns. */
type SlotEntry = Pick<PassReportJson["overdue"][number], "debtor" | "maturity">;

interface Voucherish {
  id: string;
  holder: { id: string };
  value: string;
  paid: string;
}

describe("settlement through the API", () => {
  let api: TestApi;
  let L: Ledger;
  let acc: Record<Handle, Account>;
  let refs = 0;

  const settle = async (r: { blockNumber: number }) => api.platform.indexer.waitFor(r.blockNumber);
  const day = (m: Date) => formatCstDay(m);
  const operator = () => api.as("operator", "admin");
  const pendingClockAdvances = () => api.platform.db.prisma.pendingAction.count({ where: { kind: "clock.advance" } });

  async function mint(to: Account, fen: bigint) {
    await settle(await L.cash.mint(acc["settlement-bank"], to, fen, h(`settlement test deposit ${(refs += 1)}`)));
  }

  async function issue(core: Account, supplier: Account, fen: bigint, maturity: Date): Promise<bigint> {
    const r = await L.vouchers.issue(core, { supplier, amount: fen, maturity, invoiceKeys: [] });
    await settle(r);
    return r.result;
  }

  async function pass(to: Account, from: Account, id: bigint, fen: bigint): Promise<bigint> {
    const r = await L.vouchers.splitTransfer(from, { id, to, amount: fen, invoiceKeys: [] });
    await settle(r);
    return r.result;
  }

  async function balances(accounts: Account[]): Promise<bigint[]> {
    return Promise.all(accounts.map((a) => L.cash.balanceOf(a)));
  }

  async function propose(handle: "core" | "core2", maturity: Date) {
    return api.http().post("/settlements").set(await api.as(handle, "maker")).send({ maturity: day(maturity) });
  }

  async function fund(handle: "core" | "core2", maturity: Date) {
    const p = await propose(handle, maturity);
    expect(p.status).toBe(202);
    return api.http().post(`/approvals/${p.body.id}/approve`).set(await api.as(handle, "checker")).expect(200);
  }

  async function advancePast(at: Date, extraSeconds = 60) {
    const now = await L.clock.now();
    const seconds = Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000) + extraSeconds);
    // Moving the clock through its route, under dual control, has its own test (clock-travel.test.ts, the embedded chain's).
    await travel(api, seconds);
    const clock = await api.http().get("/clock").set(await operator()).expect(200);
    expect(new Date(clock.body.now).getTime()).toBeGreaterThanOrEqual(at.getTime());
  }

  /** One settlement pass, run through the route; the report as its declared response schema says. */
  async function run(): Promise<PassReportJson> {
    return (await api.http().post("/settlements/run").set(await operator()).expect(200)).body as PassReportJson;
  }

  async function slot(handle: Handle, debtor: "core" | "core2", maturity: Date) {
    return api.http().get(`/settlements/${api.orgs[debtor].id}/${day(maturity)}`).set(await api.as(handle));
  }

  /** The entries of a pass report's list that concern one slot. */
  const ofSlot = <T extends SlotEntry>(items: T[], debtor: "core" | "core2", maturity: Date): T[] =>
    items.filter((x) => x.maturity === day(maturity) && x.debtor.id === api.orgs[debtor].id);

  beforeAll(async () => {
    api = await testApi();
    L = api.platform.ledger;
    acc = Object.fromEntries(Object.entries(api.orgs).map(([k, o]) => [k, o.account])) as Record<Handle, Account>;
    const b = await L.rules.bounds();
    const rules = { maxDepth: b.maxDepth, maxTermDays: b.maxTermDays, minSplit: 1n, invoicesRequired: false, whitelistOnly: false, banksRestricted: false, issuanceCoveredByCredit: false };
    await L.rules.setRules(acc.core, rules);
    await L.rules.setRules(acc.core2, rules);
    const expiry = new Date((await L.clock.now()).getTime() + 3000 * DAY_S * 1000);
    await L.creditLines.grant(acc.bank, acc.core, 100_000_000n * Y, expiry);
    await mint(acc.bank, 10_000_000n * Y);
    await mint(acc.core, 50_000_000n * Y);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  it("when a funded slot matures, then the pass pays every holder exactly its vouchers' value, releasing an expired financing lock first", async () => {
    const m = await cstMidnightIn(L, 10);
    const root = await issue(acc.core, acc.tier1, 1_000_000n * Y, m);
    const v2 = await pass(acc.tier2, acc.tier1, root, 300_000n * Y);
    const v3 = await pass(acc.tier3, acc.tier2, v2, 100_000n * Y);
    const deadline = new Date(m.getTime() - DAY_S * 1000);
    // tier2 finances 50,000 with the bank (the bank then holds that piece); tier3's request is never decided.
    const financed = (await L.financing.request(acc.tier2, { voucherId: v2, amount: 50_000n * Y, bank: acc.bank, rateBps: 500, deadline })).result;
    await settle(await L.financing.execute(acc.bank, financed));
    const pending = await L.financing.request(acc.tier3, { voucherId: v3, amount: 40_000n * Y, bank: acc.bank, rateBps: 500, deadline });
    await settle(pending);

    const coreBefore = await L.cash.balanceOf(acc.core);
    const funded = await fund("core", m);
    expect(funded.body).toMatchObject({ kind: "settlement.fund", status: "approved", result: { amount: "1000000.00", slot: { status: "funded", escrowed: "1000000.00", outstanding: "1000000.00" } } });
    expect(funded.body.txHash).toMatch(txIdPattern(api));
    expect(await L.cash.balanceOf(acc.core)).toBe(coreBefore - 1_000_000n * Y);

    const early = await run();
    expect(ofSlot(early.redeemed, "core", m)).toEqual([]);

    await advancePast(m);
    const holders = [acc.tier1, acc.tier2, acc.tier3, acc.bank];
    const before = await balances(holders);
    const report = await run();
    expect(ofSlot(report.released, "core", m)).toMatchObject([{ voucherId: v3.toString(), requestId: pending.result.toString() }]);
    const redeemed = ofSlot(report.redeemed, "core", m);
    expect(redeemed.reduce((n: number, r: { vouchers: number }) => n + r.vouchers, 0)).toBe(4);
    expect(ofSlot(report.skipped, "core", m)).toEqual([]);
    const after = await balances(holders);
    const deltas = after.map((a, i) => a - before[i]);
    // tier1 kept 700,000; tier2 200,000 − 50,000 financed; tier3 100,000; the bank its 50,000 piece.
    expect(deltas).toEqual([700_000n * Y, 150_000n * Y, 100_000n * Y, 50_000n * Y]);
    expect(deltas.reduce((s, d) => s + d, 0n)).toBe(1_000_000n * Y);

    const view = await slot("core", "core", m);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: "settled", outstanding: "0.00", escrowed: "0.00", paid: "1000000.00", debtor: { id: api.orgs.core.id } });
    const byHolder = Object.fromEntries(view.body.payouts.map((p: { holder: { id: string }; paid: string }) => [p.holder.id, p.paid]));
    expect(byHolder).toEqual({ [api.orgs.tier1.id]: "700000.00", [api.orgs.tier2.id]: "150000.00", [api.orgs.tier3.id]: "100000.00", [api.orgs.bank.id]: "50000.00" });
    const kinds = view.body.runs.map((r: { kind: string }) => r.kind).sort();
    expect(kinds).toEqual(["funded", "redeemed"]);
    expect(view.body.runs.find((r: { kind: string }) => r.kind === "redeemed")).toMatchObject({ vouchers: 4, amount: "1000000.00" });

    // A holder sees the slot but only its own vouchers; others of the chain see nothing of it.
    const tier2 = await slot("tier2", "core", m);
    expect(tier2.status).toBe(200);
    expect(tier2.body.vouchers.map((v: Voucherish) => v.holder.id)).toEqual([api.orgs.tier2.id]);
    expect(tier2.body.vouchers[0]).toMatchObject({ id: v2.toString(), paid: "150000.00", status: "paid" });
    const bank = await slot("bank", "core", m);
    expect(bank.body.payouts).toMatchObject([{ holder: { id: api.orgs.bank.id }, paid: "50000.00" }]);
    for (const stranger of ["tier4", "core2", "bank2"] as const) {
      const res = await slot(stranger, "core", m);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("NOT_FOUND");
    }
    const regulator = await slot("regulator", "core", m);
    expect(regulator.body.vouchers).toHaveLength(4);
  });

  it("when a holder is frozen at maturity, then it is skipped and the others are paid; after unfreezing it is paid on the next pass", async () => {
    const m = await cstMidnightIn(L, 12);
    const root = await issue(acc.core, acc.tier1, 500_000n * Y, m);
    await pass(acc.tier2, acc.tier1, root, 200_000n * Y);
    await fund("core", m);
    const regulator = () => api.as("regulator", "admin");
    await api.http().post(`/orgs/${api.orgs.tier2.id}/freeze`).set(await regulator()).expect(200);
    await advancePast(m);

    const before = await balances([acc.tier1, acc.tier2]);
    const first = await run();
    expect(ofSlot(first.skipped, "core", m)).toMatchObject([{ holder: { id: api.orgs.tier2.id }, reason: "frozen" }]);
    expect(ofSlot(first.redeemed, "core", m)).toMatchObject([{ vouchers: 1, amount: "300000.00" }]);
    expect(ofSlot(first.failed, "core", m)).toEqual([]);
    const mid = await balances([acc.tier1, acc.tier2]);
    expect([mid[0] - before[0], mid[1] - before[1]]).toEqual([300_000n * Y, 0n]);
    expect((await slot("core", "core", m)).body).toMatchObject({ status: "funded", outstanding: "200000.00", paid: "300000.00" });

    const again = await run();
    expect(ofSlot(again.redeemed, "core", m)).toEqual([]);
    expect(ofSlot(again.skipped, "core", m)).toHaveLength(1);

    await api.http().post(`/orgs/${api.orgs.tier2.id}/unfreeze`).set(await regulator()).expect(200);
    const last = await run();
    expect(ofSlot(last.redeemed, "core", m)).toMatchObject([{ vouchers: 1, amount: "200000.00" }]);
    const after = await balances([acc.tier1, acc.tier2]);
    expect([after[0] - before[0], after[1] - before[1]]).toEqual([300_000n * Y, 200_000n * Y]);
    expect((await slot("core", "core", m)).body).toMatchObject({ status: "settled", paid: "500000.00" });
  });

  it("when an unfunded slot passes its grace period, then it is flagged overdue once; funded late, it is then paid", async () => {
    const m = await cstMidnightIn(L, 5);
    await issue(acc.core, acc.tier3, 80_000n * Y, m);
    const grace = await L.settlement.gracePeriod();
    await advancePast(m, 3600);
    const within = await run();
    expect(ofSlot(within.overdue, "core", m)).toEqual([]);
    expect((await slot("core", "core", m)).body).toMatchObject({ status: "unfunded", overdueFlagged: false, shortfall: "80000.00" });

    await advancePast(new Date(m.getTime() + grace * 1000));
    const late = await run();
    expect(ofSlot(late.overdue, "core", m)).toHaveLength(1);
    expect(await L.settlement.isOverdue(acc.core, m)).toBe(true);
    const view = await slot("regulator", "core", m);
    expect(view.body).toMatchObject({ status: "overdue", overdueFlagged: true });
    expect(view.body.runs).toMatchObject([{ kind: "overdue", amount: "80000.00", txHash: ofSlot(late.overdue, "core", m)[0].txHash }]);
    const overdueList = await api.http().get("/settlements").query({ status: "overdue", debtorOrgId: api.orgs.core.id }).set(await api.as("core")).expect(200);
    expect(overdueList.body.items.map((s: { maturity: string }) => s.maturity)).toContain(day(m));
    expect(ofSlot((await run()).overdue, "core", m)).toEqual([]);

    const before = await L.cash.balanceOf(acc.tier3);
    await fund("core", m);
    expect(ofSlot((await run()).redeemed, "core", m)).toMatchObject([{ amount: "80000.00" }]);
    expect(await L.cash.balanceOf(acc.tier3)).toBe(before + 80_000n * Y);
    expect((await slot("core", "core", m)).body).toMatchObject({ status: "settled", overdueFlagged: true });
  });

  describe("funding refusals", () => {
    it("when a supplier, a checker or nobody proposes funding, then 403 / 403 / 401", async () => {
      const m = await cstMidnightIn(L, 30);
      const supplier = await api.http().post("/settlements").set(await api.as("tier1", "maker")).send({ maturity: day(m) });
      expect([supplier.status, supplier.body.code]).toEqual([403, "FORBIDDEN"]);
      const checker = await api.http().post("/settlements").set(await api.as("core", "checker")).send({ maturity: day(m) });
      expect([checker.status, checker.body.code]).toEqual([403, "FORBIDDEN"]);
      const anonymous = await api.http().post("/settlements").send({ maturity: day(m) });
      expect([anonymous.status, anonymous.body.code]).toEqual([401, "UNAUTHENTICATED"]);
    });

    it("when the body is not a maturity day, then 400 and nothing is proposed", async () => {
      const maker = await api.as("core", "maker");
      const before = await api.http().get("/approvals").query({ kind: "settlement.fund", status: "pending" }).set(maker).expect(200);
      for (const body of [{}, { maturity: "2027-02-30" }, { maturity: "2027-13-01" }, { maturity: "27-01-01" }, { maturity: 20270101 }, { maturity: "2027-01-01", amount: "1.00" }]) {
        const res = await api.http().post("/settlements").set(maker).send(body);
        expect([res.status, res.body.code]).toEqual([400, "VALIDATION_FAILED"]);
      }
      const after = await api.http().get("/approvals").query({ kind: "settlement.fund", status: "pending" }).set(maker).expect(200);
      expect(after.body.items).toHaveLength(before.body.items.length);
    });

    it("when nothing is owed at that maturity, then 409 SETTLEMENT_NOTHING_TO_FUND", async () => {
      const res = await propose("core", await cstMidnightIn(L, 31));
      expect([res.status, res.body.code]).toEqual([409, "SETTLEMENT_NOTHING_TO_FUND"]);
    });

    it("when the settlement cash is too small, then 422 CASH_INSUFFICIENT_BALANCE at once and nothing is proposed or moved", async () => {
      const m = await cstMidnightIn(L, 32);
      await issue(acc.core2, acc["core2-tier1"], 20_000n * Y, m);
      await mint(acc.core2, 5_000n * Y);
      const res = await propose("core2", m);
      expect([res.status, res.body.code]).toEqual([422, "CASH_INSUFFICIENT_BALANCE"]);
      const pending = await api.http().get("/approvals").query({ kind: "settlement.fund" }).set(await api.as("core2", "checker")).expect(200);
      expect(pending.body.items).toEqual([]);
      expect(await L.cash.balanceOf(acc.core2)).toBe(5_000n * Y);
      expect(await L.vouchers.slotAccount(acc.core2, m)).toMatchObject({ outstanding: 20_000n * Y, escrowed: 0n });
    });

    it("when the cash is gone by the time the checker approves, then the ledger's 422 CASH_INSUFFICIENT_BALANCE, the action failed, nothing moved", async () => {
      const m = await cstMidnightIn(L, 33);
      await issue(acc.core2, acc["core2-tier1"], 10_000n * Y, m);
      await mint(acc.core2, 10_000n * Y);
      const p = await propose("core2", m);
      expect(p.status).toBe(202);
      expect(p.body.payload).toEqual({ maturity: day(m), amount: "10000.00" });
      // The core withdraws most of its cash through the bank meanwhile.
      await settle(await L.cash.approve(acc.core2, acc["settlement-bank"], 12_000n * Y));
      await settle(await L.cash.burn(acc["settlement-bank"], acc.core2, 12_000n * Y, h("withdrawal")));
      const balance = await L.cash.balanceOf(acc.core2);
      const res = await api.http().post(`/approvals/${p.body.id}/approve`).set(await api.as("core2", "checker"));
      expect([res.status, res.body.code]).toEqual([422, "CASH_INSUFFICIENT_BALANCE"]);
      expect(res.body.ledger?.error).toBe("ERC20InsufficientBalance");
      const action = await api.http().get(`/approvals/${p.body.id}`).set(await api.as("core2", "checker")).expect(200);
      expect(action.body).toMatchObject({ status: "failed", result: { error: "CASH_INSUFFICIENT_BALANCE" } });
      expect(await L.cash.balanceOf(acc.core2)).toBe(balance);
      expect(await L.vouchers.slotAccount(acc.core2, m)).toMatchObject({ outstanding: 10_000n * Y, escrowed: 0n });
    });

    it("when more vouchers mature that day after the proposal, then approving is 409 SETTLEMENT_AMOUNT_CHANGED and nothing is paid", async () => {
      const m = await cstMidnightIn(L, 34);
      await issue(acc.core, acc.tier1, 1_000n * Y, m);
      const p = await propose("core", m);
      expect(p.status).toBe(202);
      await issue(acc.core, acc.tier1, 2_000n * Y, m);
      const before = await L.cash.balanceOf(acc.core);
      const res = await api.http().post(`/approvals/${p.body.id}/approve`).set(await api.as("core", "checker"));
      expect([res.status, res.body.code]).toEqual([409, "SETTLEMENT_AMOUNT_CHANGED"]);
      expect(await L.cash.balanceOf(acc.core)).toBe(before);
      expect((await L.vouchers.slotAccount(acc.core, m)).escrowed).toBe(0n);
    });

    it("when a funding of that day already awaits its checker, then a second proposal is 409; the maker cannot approve its own, another organisation gets 404", async () => {
      const m = await cstMidnightIn(L, 35);
      await issue(acc.core, acc.tier1, 1_000n * Y, m);
      const maker = await api.as("core", "maker");
      const p = await api.http().post("/settlements").set(maker).set("Idempotency-Key", "fund-35-days").send({ maturity: day(m) });
      expect(p.status).toBe(202);
      const retried = await api.http().post("/settlements").set(maker).set("Idempotency-Key", "fund-35-days").send({ maturity: day(m) });
      expect([retried.status, retried.body.id, retried.get("Idempotent-Replayed")]).toEqual([202, p.body.id, "true"]);
      const twice = await propose("core", m);
      expect([twice.status, twice.body.code]).toEqual([409, "SETTLEMENT_FUNDING_PENDING"]);
      const own = await api.http().post(`/approvals/${p.body.id}/approve`).set(await api.as("core", "maker"));
      expect([own.status, own.body.code]).toEqual([403, "FORBIDDEN"]);
      const other = await api.http().post(`/approvals/${p.body.id}/approve`).set(await api.as("core2", "checker"));
      expect([other.status, other.body.code]).toEqual([404, "NOT_FOUND"]);
      const action = await api.http().get(`/approvals/${p.body.id}`).set(await api.as("core", "checker")).expect(200);
      expect(action.body.status).toBe("pending");
      expect((await L.vouchers.slotAccount(acc.core, m)).escrowed).toBe(0n);
    });
  });

  it("when 50 checkers approve one funding at once, then one 200 and 49 409 ALREADY_DECIDED, and the cash moves once", async () => {
    const m = await cstMidnightIn(L, 40);
    await issue(acc.core, acc.tier1, 7_777n * Y, m);
    const p = await propose("core", m);
    expect(p.status).toBe(202);
    const before = await L.cash.balanceOf(acc.core);
    const checker = await api.as("core", "checker");
    const results = await Promise.all(Array.from({ length: 50 }, () => api.http().post(`/approvals/${p.body.id}/approve`).set(checker)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === "ALREADY_DECIDED")).toBe(true);
    expect(await L.cash.balanceOf(acc.core)).toBe(before - 7_777n * Y);
    const view = await slot("core", "core", m);
    expect(view.body.runs.filter((r: { kind: string }) => r.kind === "funded")).toMatchObject([{ amount: "7777.00" }]);
    // Settled here, so that later tests' clock moves do not pay this slot under their feet.
    await advancePast(m);
    const tier1 = await L.cash.balanceOf(acc.tier1);
    expect(ofSlot((await run()).redeemed, "core", m)).toMatchObject([{ vouchers: 1, amount: "7777.00" }]);
    expect(await L.cash.balanceOf(acc.tier1)).toBe(tier1 + 7_777n * Y);
  });

  it("when 50 passes are triggered at once over 64 matured vouchers, then each voucher is redeemed exactly once, in batches of at most 50", async () => {
    const m = await cstMidnightIn(L, 45);
    const holders = [acc.tier1, acc.tier2, acc.tier3, acc.tier4];
    for (const holder of holders) {
      const root = await issue(acc.core, holder, 100_000n * Y, m);
      await settle(await L.vouchers.split(holder, root, Array.from({ length: 15 }, (_, i) => BigInt(1_000 + i) * Y)));
    }
    const live = (await slot("core", "core", m)).body.vouchers as Voucherish[];
    expect(live).toHaveLength(64);
    await fund("core", m);
    await advancePast(m);
    const before = await balances(holders);

    const operatorAuth = await operator();
    const reports = await Promise.all(Array.from({ length: 50 }, () => api.http().post("/settlements/run").set(operatorAuth)));
    expect(reports.every((r) => r.status === 200)).toBe(true);
    const redeemed: { voucherIds: string[] }[] = reports.flatMap((r) => ofSlot((r.body as PassReportJson).redeemed, "core", m));
    const ids = redeemed.flatMap((r) => r.voucherIds);
    expect(ids.sort()).toEqual(live.map((v) => v.id).sort());
    expect(new Set(ids).size).toBe(64);
    // Two transactions (50 + 14), and no pass ever tried a voucher another had paid.
    expect(redeemed.map((r) => r.voucherIds.length).sort()).toEqual([14, 50]);
    expect(reports.flatMap((r) => ofSlot((r.body as PassReportJson).failed, "core", m))).toEqual([]);

    const after = await balances(holders);
    expect(after.map((a, i) => a - before[i])).toEqual(holders.map(() => 100_000n * Y));
    const view = await slot("operator", "core", m);
    expect(view.body).toMatchObject({ status: "settled", paid: "400000.00" });
    const runs = view.body.runs.filter((r: { kind: string }) => r.kind === "redeemed");
    expect(runs.reduce((n: number, r: { vouchers: number }) => n + r.vouchers, 0)).toBe(64);
  });

  it("when the module's scheduler runs on its own, then a slot funded outside the API is paid and its history recorded from the ledger's events", async () => {
    const m = await cstMidnightIn(L, 50);
    await issue(acc.core, acc.tier1, 4_321n * Y, m);
    const funded = await L.settlement.fund(acc.core, m);
    await settle(funded);
    await advancePast(m);
    const before = await L.cash.balanceOf(acc.tier1);
    const job = (api.server.services.modules.find((x) => x.name === "settlement") as SettlementModule).scheduler;
    const passed = job.nextPass();
    job.start();
    try {
      await passed;
    } finally {
      await job.stop();
    }
    expect(await L.cash.balanceOf(acc.tier1)).toBe(before + 4_321n * Y);
    await run();
    const view = await slot("core", "core", m);
    expect(view.body.status).toBe("settled");
    expect(view.body.runs).toMatchObject([
      { kind: "funded", amount: "4321.00", txHash: funded.txHash },
      { kind: "redeemed", vouchers: 1, amount: "4321.00" },
    ]);

    // A crash between a transaction and its record loses the row; a restarted process rebuilds it, once.
    const prisma = api.platform.db.prisma;
    const where = { debtor: acc.core, maturity: m };
    const recorded = await prisma.settlementRun.findMany({ where, orderBy: { id: "asc" } });
    await prisma.settlementRun.deleteMany({ where });
    const restarted = new RunRecorder(new SettlementRepository(prisma), L.history);
    await restarted.catchUp();
    await restarted.catchUp();
    expect(await prisma.settlementRun.findMany({ where, orderBy: { id: "asc" } })).toEqual(recorded);
  });

  describe("the clock and the pass trigger", () => {
    it("when anyone signed in reads the clock, then the ledger's now; without a token 401", async () => {
      const res = await api.http().get("/clock").set(await api.as("tier4", "checker")).expect(200);
      expect(Math.abs(new Date(res.body.now).getTime() - (await L.clock.now()).getTime())).toBeLessThan(5_000);
      expect(res.body.canTravel).toBe(L.clock.canTravel);
      const anonymous = await api.http().get("/clock");
      expect([anonymous.status, anonymous.body.code]).toEqual([401, "UNAUTHENTICATED"]);
    });

    it("when someone other than the operator advances the clock or triggers a pass, then 403 and the clock does not move", async () => {
      const before = await L.clock.now();
      for (const handle of ["core", "tier1", "bank", "regulator"] as const) {
        const res = await api.http().post("/clock/advance").set(await api.as(handle, "admin")).send({ days: 1 });
        expect([res.status, res.body.code]).toEqual([403, "FORBIDDEN"]);
        const trigger = await api.http().post("/settlements/run").set(await api.as(handle, "admin"));
        expect([trigger.status, trigger.body.code]).toEqual([403, "FORBIDDEN"]);
      }
      expect((await L.clock.now()).getTime() - before.getTime()).toBeLessThan(60_000);
    });

    it("when the advance is out of range or ambiguous, then 400", async () => {
      const auth = await api.as("operator", "maker");
      for (const body of [{}, { days: 0 }, { days: 3651 }, { days: 1.5 }, { days: "1" }, { days: 1, seconds: 5 }, { seconds: -1 }, { hours: 1 }]) {
        const res = await api.http().post("/clock/advance").set(auth).send(body);
        expect([res.status, res.body.code]).toEqual([400, "VALIDATION_FAILED"]);
      }
    });

    it("when the ledger's clock cannot travel, then 409 CLOCK_FIXED at once, when proposed", async () => {
      // Fabric's clock never travels; the embedded chain's is told it cannot, for this test.
      const clock = L.clock as { canTravel: boolean };
      const could = clock.canTravel;
      clock.canTravel = false;
      try {
        const res = await api.http().post("/clock/advance").set(await api.as("operator", "maker")).send({ days: 1 });
        expect([res.status, res.body.code]).toEqual([409, "CLOCK_FIXED"]);
        expect(await pendingClockAdvances()).toBe(0);
      } finally {
        clock.canTravel = could;
      }
    });
  });

  describe("listing slots", () => {
    let mA: Date;
    let mB: Date;
    beforeAll(async () => {
      mA = await cstMidnightIn(L, 60);
      mB = await cstMidnightIn(L, 61);
      await issue(acc.core, acc.tier1, 1_000n * Y, mA);
      const v = await issue(acc.core, acc.tier1, 2_000n * Y, mB);
      await pass(acc.tier2, acc.tier1, v, 500n * Y);
      await issue(acc.core2, acc["core2-tier1"], 3_000n * Y, mA);
      await fund("core", mB);
    });

    const list = async (handle: Handle, query: Record<string, string | number | undefined> = {}) =>
      api.http().get("/settlements").query({ maturityFrom: day(mA), maturityTo: day(mB), ...query }).set(await api.as(handle));
    const keys = (res: { body: { items: { maturity: string; debtor: { id: string } }[] } }) => res.body.items.map((s) => `${s.debtor.id}@${s.maturity}`);

    it("when each party lists, then it sees only the slots it owes or holds vouchers of; the operator and the regulator see all", async () => {
      const [core, core2] = [api.orgs.core.id, api.orgs.core2.id];
      expect(keys(await list("core"))).toEqual([`${core}@${day(mA)}`, `${core}@${day(mB)}`]);
      expect(keys(await list("core2"))).toEqual([`${core2}@${day(mA)}`]);
      expect(keys(await list("tier2"))).toEqual([`${core}@${day(mB)}`]);
      expect(keys(await list("bank2"))).toEqual([]);
      const all = [`${core}@${day(mA)}`, `${core2}@${day(mA)}`, `${core}@${day(mB)}`].sort();
      expect(keys(await list("operator")).sort()).toEqual(all);
      expect(keys(await list("regulator")).sort()).toEqual(all);
    });

    it("when filtered by status and debtor, then only those slots", async () => {
      const funded = await list("regulator", { status: "funded" });
      expect(keys(funded)).toEqual([`${api.orgs.core.id}@${day(mB)}`]);
      expect(funded.body.items[0]).toMatchObject({ outstanding: "2000.00", escrowed: "2000.00", shortfall: "0.00", runs: [{ kind: "funded", amount: "2000.00" }] });
      expect(keys(await list("regulator", { status: "unfunded", debtorOrgId: api.orgs.core2.id }))).toEqual([`${api.orgs.core2.id}@${day(mA)}`]);
      expect(keys(await list("regulator", { debtorOrgId: "00000000-0000-4000-8000-000000000000" }))).toEqual([]);
    });

    it("when paged one at a time, then every slot once, in maturity order", async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await list("operator", { limit: 1, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        seen.push(...keys(res));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(3);
      expect(seen[2]).toBe(`${api.orgs.core.id}@${day(mB)}`);
    });

    it("when the query is bad, then 400; without a token 401", async () => {
      for (const query of [{ status: "paid" }, { cursor: "bm90LWEtY3Vyc29y" }, { limit: 0 }, { limit: 101 }, { debtorOrgId: "core" }, { debtor: api.orgs.core.id }, { maturityFrom: "2027-02-30" }, { colour: "red" }]) {
        const res = await list("core", query);
        expect([res.status, res.body.code]).toEqual([400, "VALIDATION_FAILED"]);
      }
      const anonymous = await api.http().get("/settlements");
      expect(anonymous.status).toBe(401);
    });

    it("when one slot is asked for by an outsider, with a bad day or an unknown debtor, then 404 / 400 / 404", async () => {
      const outsider = await slot("tier3", "core", mB);
      expect([outsider.status, outsider.body.code]).toEqual([404, "NOT_FOUND"]);
      const noSlot = await slot("core", "core", await cstMidnightIn(L, 90));
      expect(noSlot.status).toBe(404);
      const badDay = await api.http().get(`/settlements/${api.orgs.core.id}/2027-02-30`).set(await api.as("core"));
      expect([badDay.status, badDay.body.code]).toEqual([400, "VALIDATION_FAILED"]);
      const unknown = await api.http().get(`/settlements/00000000-0000-4000-8000-000000000000/${day(mA)}`).set(await api.as("operator"));
      expect([unknown.status, unknown.body.code]).toEqual([404, "NOT_FOUND"]);
    });
  });

  it("when /openapi.json is fetched, then it describes the settlement and clock routes and is valid OpenAPI 3.1", async () => {
    const res = await api.http().get("/openapi.json").expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/settlements", "/settlements/{debtorOrgId}/{maturity}", "/settlements/run", "/clock", "/clock/advance"]));
    const result = await new Validator().validate(res.body);
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
  });

  it("when the audit log is verified after all this, then the chain is intact and no unexpected error was logged", async () => {
    const v = await api.server.services.audit.verify();
    expect(v.valid).toBe(true);
    expect(api.errors).toEqual([]);
  });
});
