/**
 * Late funding (逾期兑付) through the API, against the real chain and indexer: the core enterprise's penalty rate
 * under its dual control, a funding past grace that escrows the penalty with the shortfall, and each redeemed
 * holder's share paid once. Vouchers and cash are set up directly through the ledger port.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../api/src/http/cst-day";
import type { Ledger } from "../../../chain/ledger";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { inventorySteps } from "../../helpers/inventory";
import { cstMidnightIn, h } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY_S = 86_400;
let api: TestApi;
let L: Ledger;
const { as, proposeApprove } = inventorySteps(() => api);
const { party } = apiSteps(() => api);
const post = async (who: Handle, path: string, body?: object) => api.http().post(path).set(await as(who)).send(body);
const account = (who: Handle) => api.orgs[who].account;

async function issue(fen: bigint, maturity: Date): Promise<bigint> {
  const r = await L.vouchers.issue(account("core"), { supplier: account("tier1"), amount: fen, maturity, invoiceKeys: [] });
  await api.platform.indexer.waitFor(r.blockNumber);
  return r.result;
}
async function runPass() {
  return api.http().post("/settlements/run").set(await as("operator", "admin")).then(status(200));
}
async function advanceTo(at: Date) {
  const now = await L.clock.now();
  await L.clock.advance(Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000) + 60));
}

beforeAll(async () => {
  api = await testApi();
  L = api.platform.ledger;
  const b = await L.rules.bounds();
  await L.rules.setRules(account("core"), { maxDepth: b.maxDepth, maxTermDays: b.maxTermDays, minSplit: 1n, invoicesRequired: false, whitelistOnly: false, banksRestricted: false, issuanceCoveredByCredit: false });
  await L.creditLines.grant(account("bank"), account("core"), 100_000_000_00n, new Date((await L.clock.now()).getTime() + 3000 * DAY_S * 1000));
  await L.cash.mint(account("settlement-bank"), account("core"), 10_000_000_00n, h("penalty test deposit"));
}, 180_000);
afterAll(() => ifOpened(api)?.close());

describe("the late-funding penalty", () => {
  let onTime: bigint;
  let late: bigint;
  let lateDay: Date;

  it("when the core enterprise's checker sets its rate, then everyone reads it; above the cap or by another kind it is refused", async () => {
    expect(await proposeApprove("core", "put", "/settlements/penalty-rate", { rateBps: 1800 })).toMatchObject({ core: party("core"), rateBps: 1800 });
    const rates = await api.http().get("/settlements/penalty-rates").set(await as("tier1")).then(status(200));
    expect((rates.body as { items: unknown[] }).items).toEqual([{ core: party("core"), rateBps: 1800 }]);
    expect((await api.http().put("/settlements/penalty-rate").set(await as("core")).send({ rateBps: 3601 })).status).toBe(400);
    expect((await api.http().put("/settlements/penalty-rate").set(await as("bank")).send({ rateBps: 100 })).status).toBe(403);
  });

  it("when a maturity is funded on time and another past its grace, then the late proposal names the penalty and both holders are redeemed", async () => {
    const onTimeDay = await cstMidnightIn(L, 2);
    lateDay = await cstMidnightIn(L, 3);
    onTime = await issue(10_000_00n, onTimeDay);
    late = await issue(100_000_00n, lateDay);
    await proposeApprove("core", "post", "/settlements", { maturity: formatCstDay(onTimeDay) });
    await advanceTo(new Date(lateDay.getTime() + (await L.settlement.gracePeriod()) * 1000 + 2 * DAY_S * 1000));
    const proposed = await post("core", "/settlements", { maturity: formatCstDay(lateDay) }).then(status(202));
    const payload = (proposed.body as { payload: { amount: string; penalty?: string } }).payload;
    expect(payload.amount).toBe("100000.00");
    expect(payload.penalty).toMatch(/^[1-9]\d*\.\d{2}$/);
    await api.http().post(`/approvals/${(proposed.body as { id: string }).id}/approve`).set(await as("core", "checker")).then(status(200));
    await runPass();
    expect((await L.vouchers.get(late))?.value).toBe(0n);
  });

  it("when a holder's share is paid, then the holder receives it once; a voucher without penalty, unredeemed or not yours is refused", async () => {
    const before = await L.cash.balanceOf(account("tier1"));
    const paid = await post("tier1", `/settlements/penalties/${late}/pay`).then(status(200));
    expect(paid.body).toMatchObject({ voucherId: late.toString(), holder: party("tier1") });
    const fen = (await L.cash.balanceOf(account("tier1"))) - before;
    expect(fen).toBeGreaterThan(0n);
    expect((paid.body as { amount: string }).amount).toBe(`${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`);
    const twice = await post("tier1", `/settlements/penalties/${late}/pay`);
    expect([twice.status, twice.body.code]).toEqual([409, "SETTLEMENT_PENALTY_PAID"]);
    const none = await post("tier1", `/settlements/penalties/${onTime}/pay`);
    expect([none.status, none.body.code]).toEqual([409, "SETTLEMENT_NO_PENALTY"]);
    const pending = await issue(1_00n, await cstMidnightIn(L, 30));
    const unredeemed = await post("tier1", `/settlements/penalties/${pending}/pay`);
    expect([unredeemed.status, unredeemed.body.code]).toEqual([409, "SETTLEMENT_NOT_REDEEMED"]);
    expect((await post("tier2", `/settlements/penalties/${late}/pay`)).status).toBe(404);
    expect((await post("tier1", "/settlements/penalties/999999/pay")).status).toBe(404);
  });
});
