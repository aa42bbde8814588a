/**
 * Pledge loans on warehouse receipts through the API, against the real chain and indexer: terms under the operator's
 * and the bank's dual control, a request that locks the receipts, a drawdown and repayment that move settlement cash,
 * margin checks against the day's price, and default and seizure.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PledgesModule } from "../../../api/src/pledges";
import { cstDayNumber, formatCstDay } from "../../../chain/cst-day";
import type { SigningDevice } from "../../../scripts/iot/signing-device";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { inventorySteps, TONNE } from "../../helpers/inventory";
import { registeredDevice } from "../../helpers/iot";
import { tamperingIsReported } from "../../helpers/reconciliation";

const DAY = 86_400;
let api: TestApi;
let scale: SigningDevice;
const { as, proposeApprove, receipt, publisher, price } = inventorySteps(() => api);
const { party } = apiSteps(() => api);
const ref = (s: string) => `0x${createHash("sha256").update(s).digest("hex")}`;

interface Loan {
  id: string;
  status: string;
  amount: string;
  principal: string;
  quantity: string;
  receiptIds: string[];
  feeBps: number;
  margin: { state: string; ratioBps: string | null; callDeadline: string | null };
  due: { principal: string; interest: string } | null;
  drawdown: { value: string; limit: string; yuanPerTonne: string; fee: string } | null;
}

const inDays = async (days: number) => formatCstDay(new Date((await api.platform.ledger.clock.now()).getTime() + days * DAY * 1000));
const loan = async (id: string, who: Handle = "tier1") => (await api.http().get(`/pledges/${id}`).set(await as(who)).then(status(200))).body as Loan;
const receiptOf = async (id: string, who: Handle = "tier1") => (await api.http().get(`/receipts/${id}`).set(await as(who)).then(status(200))).body as { status: string; owner: unknown; pledgee: unknown; loanId: string | null };
const request = async (body: object, who: Handle = "tier1") => api.http().post("/pledges").set(await as(who)).send(body);
const cash = (h: Handle) => api.platform.ledger.cash.balanceOf(api.orgs[h].account);
/** Today's price of lithium carbonate in fen per tonne, posting ¥55,000 first when none is posted. */
async function todaysPrice(): Promise<bigint> {
  await price("operator", "55000.00");
  const p = await api.platform.ledger.prices.priceOn("LI2CO3", cstDayNumber(await api.platform.ledger.clock.now()));
  if (!p) throw new Error("no price today");
  return p.fenPerTonne;
}
const yuanOf = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;

/** A new CST day on the chain, with its price posted. */
async function nextDay(yuanPerTonne: string, days = 1): Promise<void> {
  await api.platform.ledger.clock.advance(days * DAY);
  await price("operator", yuanPerTonne).then(status(201));
}

beforeAll(async () => {
  api = await testApi();
  scale = await registeredDevice(api, "weighing-platform", "B-01");
  const l = api.platform.ledger;
  const settlementBank = api.orgs["settlement-bank"].account;
  await l.cash.mint(settlementBank, api.orgs.bank.account, 10_000_000_00n, ref("pledge-test-bank"));
  await l.cash.mint(settlementBank, api.orgs.tier1.account, 1_000_000_00n, ref("pledge-test-tier1"));
  await publisher("operator");
  await price("operator", "75000.00").then(status(201));
}, 180_000);
afterAll(() => api.close());

describe("pledge terms (operator: bounds and fee; bank: its rate), each a maker's proposal and a checker's approval", () => {
  it("when the operator sets bounds and fee and the bank its rate, then GET /pledges/terms and /pledges/rates show them", async () => {
    const bounds = { maxPledgeRateBps: 7000, warningBps: 8000, callBps: 8500, callDays: 3, graceDays: 10 };
    expect((await proposeApprove("operator", "put", "/pledges/bounds", bounds)).bounds).toEqual(bounds);
    expect(await proposeApprove("operator", "put", "/pledges/fee", { feeBps: 50, recipientOrgId: api.orgs.operator.id })).toMatchObject({ feeBps: 50, recipient: party("operator") });
    expect(await proposeApprove("bank", "put", "/pledges/rates/LI2CO3", { rateBps: 7000 })).toMatchObject({ bank: party("bank"), commodity: "LI2CO3", rateBps: 7000 });
    const terms = await api.http().get("/pledges/terms").set(await as("tier1")).then(status(200));
    expect(terms.body).toEqual({ bounds, fee: { feeBps: 50, recipient: party("operator") } });
    const rates = await api.http().get(`/pledges/rates?bankOrgId=${api.orgs.bank.id}`).set(await as("tier1")).then(status(200));
    expect((rates.body as { items: unknown[] }).items).toEqual([{ bank: party("bank"), commodity: "LI2CO3", rateBps: 7000 }]);
  });

  it("when the bounds are inconsistent, the fee goes to a non-operator, or a rate is above the bound, then 422 at the proposal; others' kinds 403", async () => {
    const bad = await api.http().put("/pledges/bounds").set(await as("operator")).send({ maxPledgeRateBps: 9000, warningBps: 8000, callBps: 8500, callDays: 3, graceDays: 10 });
    expect([bad.status, bad.body.code]).toEqual([422, "PLEDGE_INVALID_BOUNDS"]);
    const noDays = await api.http().put("/pledges/bounds").set(await as("operator")).send({ maxPledgeRateBps: 7000, warningBps: 8000, callBps: 8500, callDays: 0, graceDays: 10 });
    expect([noDays.status, noDays.body.code]).toEqual([422, "PLEDGE_INVALID_BOUNDS"]);
    const feeToBank = await api.http().put("/pledges/fee").set(await as("operator")).send({ feeBps: 10, recipientOrgId: api.orgs.bank.id });
    expect([feeToBank.status, feeToBank.body.code]).toEqual([422, "PLEDGE_INVALID_FEE"]);
    const feeToNobody = await api.http().put("/pledges/fee").set(await as("operator")).send({ feeBps: 10, recipientOrgId: "00000000-0000-4000-8000-000000000000" });
    expect(feeToNobody.status).toBe(404);
    const tooHighFee = await api.http().put("/pledges/fee").set(await as("operator")).send({ feeBps: 1001, recipientOrgId: api.orgs.operator.id });
    expect(tooHighFee.status).toBe(400);
    const aboveBound = await api.http().put("/pledges/rates/LI2CO3").set(await as("bank")).send({ rateBps: 7001 });
    expect([aboveBound.status, aboveBound.body.code]).toEqual([422, "PLEDGE_RATE_ABOVE_BOUND"]);
    expect((await api.http().put("/pledges/rates/LI2CO3").set(await as("tier1")).send({ rateBps: 5000 })).status).toBe(403);
    expect((await api.http().put("/pledges/bounds").set(await as("bank")).send({ maxPledgeRateBps: 7000, warningBps: 8000, callBps: 8500, callDays: 3, graceDays: 10 })).status).toBe(403);
  });
});

describe("a pledge loan from request to release", () => {
  let r1: string;
  let r2: string;
  let id: string;

  it("when the owner asks beyond the limit, for others' receipts, from a non-bank or a bank with no rate, then 4xx and nothing is locked", async () => {
    r1 = await receipt(scale, "tier1", 10n * TONNE); // ¥750,000 at ¥75,000/t: the bank lends up to ¥525,000
    const maturity = await inDays(90);
    const base = { receiptIds: [r1], bankOrgId: api.orgs.bank.id, amount: "500000.00", rateBps: 500, maturity };
    const cases: [object, Handle, number, string][] = [
      [{ ...base, amount: "525000.01" }, "tier1", 422, "PLEDGE_ABOVE_LIMIT"],
      [base, "tier2", 404, "NOT_FOUND"],
      [{ ...base, bankOrgId: api.orgs.core.id }, "tier1", 422, "ORGANISATION_WRONG_KIND"],
      [{ ...base, bankOrgId: "00000000-0000-4000-8000-000000000000" }, "tier1", 404, "NOT_FOUND"],
      [{ ...base, bankOrgId: api.orgs.bank2.id }, "tier1", 422, "PLEDGE_NO_RATE"],
      [{ ...base, receiptIds: [r1, r1] }, "tier1", 422, "PLEDGE_INVALID_RECEIPTS"],
      [{ ...base, maturity: await inDays(-1) }, "tier1", 422, "PLEDGE_INVALID_MATURITY"],
      [{ ...base, amount: "0.00" }, "tier1", 400, "VALIDATION_FAILED"],
      [{ ...base, receiptIds: [] }, "tier1", 400, "VALIDATION_FAILED"],
    ];
    for (const [body, who, code, problem] of cases) {
      const res = await request(body, who);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([code, problem]);
    }
    const copper = await receipt(scale, "tier1", TONNE, "CU");
    const mixed = await request({ ...base, receiptIds: [r1, copper] });
    expect([mixed.status, mixed.body.code]).toEqual([422, "PLEDGE_COMMODITY_MISMATCH"]);
    const unpriced = await request({ ...base, receiptIds: [copper], amount: "1.00" });
    expect([unpriced.status, unpriced.body.code]).toEqual([422, "PLEDGE_NO_RATE"]);
    expect((await receiptOf(r1)).status).toBe("active");
  });

  it("when the owner requests within the limit, then the receipt is locked: the bank sees it as pledgee, and no second pledge or transfer reaches it", async () => {
    const res = await request({ receiptIds: [r1], bankOrgId: api.orgs.bank.id, amount: "500000.00", rateBps: 500, maturity: await inDays(90) }).then(status(201));
    const l = res.body as Loan;
    id = l.id;
    expect(l).toMatchObject({ status: "requested", amount: "500000.00", quantity: "10000000", receiptIds: [r1], feeBps: 50, drawdown: null, due: null });
    expect(await receiptOf(r1, "bank")).toMatchObject({ status: "pledged", pledgee: party("bank"), loanId: id });
    const twice = await request({ receiptIds: [r1], bankOrgId: api.orgs.bank.id, amount: "1.00", rateBps: 500, maturity: await inDays(90) });
    expect([twice.status, twice.body.code]).toEqual([409, "RECEIPT_NOT_ACTIVE"]);
    const transfer = await api.http().post(`/receipts/${r1}/transfer`).set(await as("tier1")).send({ toOrgId: api.orgs.tier2.id });
    expect([transfer.status, transfer.body.code]).toEqual([409, "RECEIPT_NOT_ACTIVE"]);
    expect((await api.http().get(`/pledges/${id}`).set(await as("tier2"))).status).toBe(404);
    expect((await api.http().get(`/pledges/${id}`).set(await as("regulator"))).status).toBe(200);
    const mine = await api.http().get("/pledges?status=requested").set(await as("bank")).then(status(200));
    expect((mine.body as { items: { id: string }[] }).items.map((x) => x.id)).toContain(id);
    const others = await api.http().get("/pledges").set(await as("bank2")).then(status(200));
    expect((others.body as { items: { id: string }[] }).items.map((x) => x.id)).not.toContain(id);
  });

  it("when the bank's checker approves the drawdown, then the borrower receives the amount less the platform's fee, which the operator receives", async () => {
    const bySelf = await api.http().post(`/pledges/${id}/drawdown`).set(await as("bank2"));
    expect(bySelf.status).toBe(404);
    const byBorrower = await api.http().post(`/pledges/${id}/drawdown`).set(await as("tier1"));
    expect(byBorrower.status).toBe(403);
    const [borrower, operator] = [await cash("tier1"), await cash("operator")];
    const proposal = await api.http().post(`/pledges/${id}/drawdown`).set(await as("bank")).then(status(202));
    // The checker reads the loan's amount as every amount: yuan, not fen.
    expect((proposal.body as { payload: unknown }).payload).toMatchObject({ loan: { id, amount: "500000.00" } });
    const drawn = (await api.http().post(`/approvals/${(proposal.body as { id: string }).id}/approve`).set(await as("bank", "checker")).then(status(200))).body.result as Record<string, unknown>;
    expect(drawn).toMatchObject({ status: "active", drawdown: { value: "750000.00", limit: "525000.00", yuanPerTonne: "75000.00", fee: "2500.00" }, due: { principal: "500000.00", interest: "0.00" } });
    expect([(await cash("tier1")) - borrower, (await cash("operator")) - operator]).toEqual([497_500_00n, 2_500_00n]);
    const again = await api.http().post(`/pledges/${id}/drawdown`).set(await as("bank"));
    expect([again.status, again.body.code]).toEqual([409, "PLEDGE_INVALID_STATUS"]);
    const cancel = await api.http().post(`/pledges/${id}/cancel`).set(await as("tier1"));
    expect([cancel.status, cancel.body.code]).toEqual([409, "PLEDGE_INVALID_STATUS"]);
  });

  it("when the price falls 27%, then a check makes a margin call; the borrower tops up a receipt and the call is cured", async () => {
    const calm = await api.http().post(`/pledges/${id}/check`).set(await as("tier1")).then(status(200));
    expect((calm.body as { check: unknown }).check).toEqual({ outcome: "none", ratioBps: null });
    await nextDay("55000.00"); // ¥550,000 of goods for ¥500,000: 90.91 %
    // The daily margin-check job may have made the call first; the check then reports the call in force.
    const called = await api.http().post(`/pledges/${id}/check`).set(await as("operator")).then(status(200));
    expect((called.body as { check: { outcome: string } }).check.outcome).toBe("called");
    expect((await loan(id, "bank")).margin).toMatchObject({ state: "called", ratioBps: "9091" });
    const early = await api.http().post(`/pledges/${id}/default`).set(await as("bank"));
    expect([early.status, early.body.code]).toEqual([409, "PLEDGE_NO_DEFAULT"]);
    expect((await api.http().post(`/pledges/${id}/check`).set(await as("tier2"))).status).toBe(404);

    r2 = await receipt(scale, "tier1", 2n * TONNE);
    const byBank = await api.http().post(`/pledges/${id}/top-up`).set(await as("bank")).send({ receiptIds: [r2] });
    expect([byBank.status, byBank.body.code]).toEqual([403, "PLEDGE_NOT_BORROWER"]);
    const notMine = await api.http().post(`/pledges/${id}/top-up`).set(await as("tier1")).send({ receiptIds: [r1] });
    expect([notMine.status, notMine.body.code]).toEqual([409, "RECEIPT_NOT_ACTIVE"]);
    const topped = await api.http().post(`/pledges/${id}/top-up`).set(await as("tier1")).send({ receiptIds: [r2] }).then(status(200));
    expect(topped.body as Loan).toMatchObject({ quantity: "12000000", receiptIds: [r1, r2], margin: { state: "none", callDeadline: null } });
    expect((await receiptOf(r2)).status).toBe("pledged");
  });

  it("when the borrower repays in part and then in full (maker, then checker), then interest goes first and the receipts are released", async () => {
    const l = await loan(id);
    expect(l.due).toEqual({ principal: "500000.00", interest: "69.44" }); // one day at 5 %, 360-day year
    const tooMuch = await api.http().post(`/pledges/${id}/repay`).set(await as("tier1")).send({ amount: "500069.45" });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([422, "PLEDGE_INVALID_AMOUNT"]);
    const byBank = await api.http().post(`/pledges/${id}/repay`).set(await as("bank")).send({ amount: "1.00" });
    expect([byBank.status, byBank.body.code]).toEqual([403, "PLEDGE_NOT_BORROWER"]);
    const part = await proposeApprove("tier1", "post", `/pledges/${id}/repay`, { amount: "100069.44" });
    expect(part).toMatchObject({ status: "active", principal: "400000.00", released: false });
    const bankBefore = await cash("bank");
    const full = await proposeApprove("tier1", "post", `/pledges/${id}/repay`, { amount: "400000.00" });
    expect(full).toMatchObject({ status: "repaid", principal: "0.00", released: true, due: null });
    expect((await cash("bank")) - bankBefore).toBe(400_000_00n);
    expect([(await receiptOf(r1)).status, (await receiptOf(r2)).status]).toEqual(["active", "active"]);
    const after = await api.http().post(`/pledges/${id}/repay`).set(await as("tier1")).send({ amount: "1.00" });
    expect([after.status, after.body.code]).toEqual([409, "PLEDGE_INVALID_STATUS"]);
    const check = await api.http().post(`/pledges/${id}/check`).set(await as("tier1"));
    expect([check.status, check.body.code]).toEqual([409, "PLEDGE_INVALID_STATUS"]);
  });

  it("when a request is declined by the bank, then the receipts are free; the operator may not cancel it (403 PLEDGE_NOT_PARTY)", async () => {
    const res = await request({ receiptIds: [r1], bankOrgId: api.orgs.bank.id, amount: "1000.00", rateBps: 500, maturity: await inDays(30) }).then(status(201));
    const other = (res.body as Loan).id;
    const byOperator = await api.http().post(`/pledges/${other}/cancel`).set(await as("operator"));
    expect([byOperator.status, byOperator.body.code]).toEqual([403, "PLEDGE_NOT_PARTY"]);
    const declined = await api.http().post(`/pledges/${other}/cancel`).set(await as("bank")).then(status(200));
    expect((declined.body as Loan).status).toBe("cancelled");
    expect((await receiptOf(r1)).status).toBe("active");
  });
});

describe("the daily margin checks (a job, as the operator)", () => {
  it("when the day's price puts a loan past the call ratio, then the job calls it with no one asking, once that day", async () => {
    const r = await receipt(scale, "tier1", 10n * TONNE);
    const fen = await todaysPrice();
    const res = await request({ receiptIds: [r], bankOrgId: api.orgs.bank.id, amount: yuanOf((10n * fen * 7000n) / 10_000n), rateBps: 500, maturity: await inDays(30) }).then(status(201));
    const id = (res.body as Loan).id;
    await proposeApprove("bank", "post", `/pledges/${id}/drawdown`);
    await nextDay(yuanOf((fen * 8n) / 10n)); // 70 % of the value lent, the value down 20 %: 87.5 %
    const job = (api.server.services.modules.find((m) => m.name === "pledges") as PledgesModule).marginChecks;
    await job.runNow();
    expect((await loan(id, "bank")).margin).toMatchObject({ state: "called", ratioBps: "8750" });
    const events = await api.platform.db.prisma.ledgerEvent.findMany({ where: { name: "MarginCalled" } });
    expect(events.filter((e) => (e.args as { loanId: string }).loanId === id)).toHaveLength(1);
    expect(await job.runNow()).toBe(0);
  });
});

describe("two drawdowns of one bank approved at once", () => {
  it("when the checker approves both together, then each finds its own allowance and both loans are active", async () => {
    const maturity = await inDays(30);
    const ids: string[] = [];
    for (const amount of ["3000.00", "1000.00"]) {
      const r = await receipt(scale, "tier1", TONNE);
      ids.push(((await request({ receiptIds: [r], bankOrgId: api.orgs.bank.id, amount, rateBps: 500, maturity }).then(status(201))).body as Loan).id);
    }
    const proposals = [];
    for (const id of ids) proposals.push(((await api.http().post(`/pledges/${id}/drawdown`).set(await as("bank")).then(status(202))).body as { id: string }).id);
    const checker = await as("bank", "checker");
    const approved = await Promise.all(proposals.map((p) => api.http().post(`/approvals/${p}/approve`).set(checker)));
    expect(approved.map((a) => [a.status, (a.body as { status: string }).status])).toEqual([[200, "approved"], [200, "approved"]]);
    expect(await Promise.all(ids.map(async (id) => (await loan(id)).status))).toEqual(["active", "active"]);
  });
});

describe("default and seizure (the bank's maker; a checker approves)", () => {
  it("when a call goes unanswered past its deadline, then the bank declares the default and takes the receipts, which become its own", async () => {
    const r = await receipt(scale, "tier1", 10n * TONNE);
    const fen = await todaysPrice();
    const res = await request({ receiptIds: [r], bankOrgId: api.orgs.bank.id, amount: yuanOf((10n * fen * 7000n) / 10_000n), rateBps: 500, maturity: await inDays(60) }).then(status(201));
    const id = (res.body as Loan).id;
    await proposeApprove("bank", "post", `/pledges/${id}/drawdown`);
    const notYet = await api.http().post(`/pledges/${id}/seize`).set(await as("bank"));
    expect([notYet.status, notYet.body.code]).toEqual([409, "PLEDGE_NOT_ENFORCEABLE"]);
    await nextDay(yuanOf((fen * 8n) / 10n)); // 87.5 %: called
    await api.http().post(`/pledges/${id}/check`).set(await as("bank")).then(status(200));
    const beforeDeadline = await api.http().post(`/pledges/${id}/default`).set(await as("bank"));
    expect([beforeDeadline.status, beforeDeadline.body.code]).toEqual([409, "PLEDGE_NO_DEFAULT"]);
    await nextDay(yuanOf((fen * 8n) / 10n), 4);
    const byBorrower = await api.http().post(`/pledges/${id}/default`).set(await as("tier1"));
    expect(byBorrower.status).toBe(403);
    expect((await proposeApprove("bank", "post", `/pledges/${id}/default`)).status).toBe("defaulted");
    const seized = await proposeApprove("bank", "post", `/pledges/${id}/seize`);
    expect(seized.status).toBe("seized");
    expect(await receiptOf(r, "bank")).toMatchObject({ status: "active", owner: party("bank"), loanId: id });
    expect((await api.http().get(`/receipts/${r}`).set(await as("tier1"))).status).toBe(404);
    const again = await api.http().post(`/pledges/${id}/seize`).set(await as("bank"));
    expect([again.status, again.body.code]).toEqual([409, "PLEDGE_INVALID_STATUS"]);
  });

  it("when the borrower is frozen by the regulator, then the bank may not take its receipts (409 PLEDGE_BORROWER_FROZEN)", async () => {
    const r = await receipt(scale, "tier1", TONNE);
    const res = await request({ receiptIds: [r], bankOrgId: api.orgs.bank.id, amount: "1000.00", rateBps: 500, maturity: await inDays(2) }).then(status(201));
    const id = (res.body as Loan).id;
    await proposeApprove("bank", "post", `/pledges/${id}/drawdown`);
    await api.platform.ledger.clock.advance(13 * DAY);
    await api.platform.ledger.participants.freeze(api.platform.accounts.regulator, api.orgs.tier1.account);
    try {
      const refused = await api.http().post(`/pledges/${id}/seize`).set(await as("bank"));
      expect([refused.status, refused.body.code]).toEqual([409, "PLEDGE_BORROWER_FROZEN"]);
    } finally {
      await api.platform.ledger.participants.unfreeze(api.platform.accounts.regulator, api.orgs.tier1.account);
    }
    expect((await proposeApprove("bank", "post", `/pledges/${id}/seize`)).status).toBe("seized");
    expect(api.errors).toEqual([]);
  });
});

describe("the regulator's reconciliation, after every loan above", () => {
  it("when the projection is left alone, then receipts, loans and prices agree with the ledger; tampered, each change is reported", async () => {
    const prisma = api.platform.db.prisma;
    const [receiptRow, loanRow, priceRow, lastReceipt] = await Promise.all([
      prisma.receiptState.findFirstOrThrow({ where: { status: "active" }, orderBy: { id: "asc" } }),
      prisma.pledgeLoanState.findFirstOrThrow({ where: { status: "repaid" }, orderBy: { id: "asc" } }),
      prisma.commodityPriceState.findFirstOrThrow({ orderBy: { day: "asc" } }),
      prisma.receiptState.findFirstOrThrow({ orderBy: { id: "desc" } }),
    ]);
    const price = { commodity_day: { commodity: priceRow.commodity, day: priceRow.day } };
    await tamperingIsReported(
      api,
      async () => {
        await prisma.receiptState.update({ where: { id: receiptRow.id }, data: { quantity: { increment: 1n }, owner: api.orgs.tier2.account } });
        await prisma.pledgeLoanState.update({ where: { id: loanRow.id }, data: { principal: 1n, receiptIds: [] } });
        await prisma.commodityPriceState.update({ where: price, data: { fenPerTonne: { increment: 1n } } });
        await prisma.receiptState.delete({ where: { id: lastReceipt.id } });
      },
      async () => {
        await prisma.receiptState.update({ where: { id: receiptRow.id }, data: { quantity: receiptRow.quantity, owner: receiptRow.owner } });
        await prisma.pledgeLoanState.update({ where: { id: loanRow.id }, data: { principal: loanRow.principal, receiptIds: loanRow.receiptIds } });
        await prisma.commodityPriceState.update({ where: price, data: { fenPerTonne: priceRow.fenPerTonne } });
        await prisma.receiptState.create({ data: lastReceipt });
      },
      [
        `receipt:${receiptRow.id}:quantity`,
        `receipt:${receiptRow.id}:owner`,
        `receipt:${lastReceipt.id}:exists`,
        `pledgeLoan:${loanRow.id}:principal`,
        `pledgeLoan:${loanRow.id}:receipts`,
        `price:${priceRow.commodity}@${priceRow.day}:fenPerTonne`,
      ],
    );
  });
});
