/**
 * The inventory-pledge members of the ledger port (receipts, prices, pledges) on the embedded chain, deployed by
 * connectLedger with the rest of the suite: typed results, events decoded into domain types (commodity codes as
 * text, the pledge module's bounds and fee under their own names), and reverts as stable codes with HTTP statuses.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectLedger } from "../../chain/connect";
import { cstDayNumber } from "../../chain/cst-day";
import type { Ledger } from "../../chain/ledger";
import { StaticKeyRing } from "../../chain/static-key-ring";
import { eventLog, refusal } from "../helpers/port-log";
import { ifOpened } from "../helpers/teardown";

const DAY = 86_400;
const TONNE = 1_000_000n;
const dir = mkdtempSync(path.join(tmpdir(), "scf-inventory-port-"));
const h = (s: string) => keccak256(toUtf8Bytes(s));
const keys = new StaticKeyRing();
const acc = { deployer: keys.create(), operator: keys.create(), regulator: keys.create() };
const [warehouse, owner, buyer, bank, publisher] = Array.from({ length: 5 }, () => keys.create());
const { operator } = acc;
let l: Ledger;
const log = eventLog(() => l);
const { refresh, events } = log;

let n = 0;
const attested = () => {
  n += 1;
  return { inbound: h(`inbound-${n}`), reading: h(`reading-${n}`), location: h(`bay-${n}`), document: h(`doc-${n}`) };
};
const issue = async (quantity: bigint, commodity = "LI2CO3") =>
  (await l.receipts.issue(warehouse, { depositor: owner, commodity, grade: "battery-99.5", quantity, weighed: quantity, ...attested() })).result;

beforeAll(async () => {
  ({ ledger: l } = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc));
  const roles = { warehouse: ["warehouse"], owner: ["supplier"], buyer: ["supplier"], bank: ["bank"], publisher: ["supplier"] } as const;
  const who = { warehouse, owner, buyer, bank, publisher };
  for (const [name, r] of Object.entries(roles)) {
    await l.participants.register(operator, { account: who[name as keyof typeof who], roles: [...r], usccHash: h(name), kycHash: h(`kyc-${name}`) });
  }
  await l.cash.designateSettlementBank(acc.regulator, bank);
  await l.cash.mint(bank, bank, 100_000_000_00n, h("deposit-bank"));
  await l.cash.mint(bank, owner, 1_000_000_00n, h("deposit-owner"));
  await l.cash.approve(bank, l.pledges.address, 2n ** 200n);
  await l.cash.approve(owner, l.pledges.address, 2n ** 200n);
});
afterAll(async () => {
  await ifOpened(l)?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("warehouse receipts through the port", () => {
  it("when a warehouse issues, splits and the owner transfers and delivers, then get, lastId and the events agree", async () => {
    const id = await issue(10n * TONNE);
    expect(await l.receipts.get(id)).toMatchObject({ id, owner, warehouse, status: "active", parent: 0n, commodity: "LI2CO3", grade: "battery-99.5", quantity: 10n * TONNE });
    const split = await l.receipts.split(owner, id, [{ quantity: 4n * TONNE, document: h("lot-a") }, { quantity: 6n * TONNE, document: h("lot-b") }]);
    expect(split.result).toEqual([id + 1n, id + 2n]);
    expect((await l.receipts.get(id))?.status).toBe("split");
    expect(await l.receipts.get(id + 2n)).toMatchObject({ parent: id, quantity: 6n * TONNE, document: h("lot-b"), owner });
    await l.receipts.transfer(owner, id + 1n, buyer);
    await l.receipts.deliver(buyer, id + 1n);
    await l.receipts.cancel(owner, id + 2n);
    expect([(await l.receipts.get(id + 1n))?.status, (await l.receipts.get(id + 2n))?.status]).toEqual(["delivered", "cancelled"]);
    expect(await l.receipts.lastId()).toBe(id + 2n);
    expect(await l.receipts.get(999n)).toBeUndefined();
    await refresh();
    expect(events("ReceiptIssued").at(-1)).toMatchObject({ id, warehouse, depositor: owner, commodity: "LI2CO3", grade: "battery-99.5", quantity: 10n * TONNE, weighed: 10n * TONNE });
    expect(events("ReceiptSplit").map((e) => e.quantity)).toEqual([4n * TONNE, 6n * TONNE]);
    expect(events("ReceiptTransferred").at(-1)).toEqual({ id: id + 1n, from: owner, to: buyer });
    expect(events("ReceiptDelivered").at(-1)).toEqual({ id: id + 1n, owner: buyer, quantity: 4n * TONNE });
    expect(events("ReceiptCancelled").at(-1)).toEqual({ id: id + 2n, owner, quantity: 6n * TONNE });
  });

  it("when the same reading backs a second receipt, or the caller is not the owner, then stable codes with their statuses", async () => {
    const a = attested();
    const terms = { depositor: owner, commodity: "CU", grade: "A", quantity: TONNE, weighed: TONNE, ...a };
    const id = (await l.receipts.issue(warehouse, terms)).result;
    expect(await l.receipts.backedBy(warehouse, a.inbound, a.reading)).toEqual({ byInbound: id, byReading: id });
    expect(await refusal(l.receipts.issue(warehouse, { ...terms, inbound: h("other") }))).toEqual(["RECEIPT_ATTESTATION_USED", 409, { attestation: a.reading }]);
    expect((await refusal(l.receipts.issue(warehouse, { ...terms, ...attested(), quantity: 2n * TONNE })))[0]).toBe("RECEIPT_INVALID_QUANTITY");
    expect((await refusal(l.receipts.issue(owner, { ...terms, ...attested() })))[0]).toBe("PARTICIPANT_MISSING_ROLE");
    expect((await refusal(l.receipts.transfer(buyer, id, buyer)))[0]).toBe("RECEIPT_NOT_OWNER");
    expect((await refusal(l.receipts.transfer(owner, 999n, buyer))).slice(0, 2)).toEqual(["RECEIPT_NOT_FOUND", 404]);
    expect((await refusal(l.receipts.split(owner, id, [{ quantity: 1n, document: h("x") }, { quantity: 1n, document: h("y") }])))[0]).toBe("RECEIPT_LOTS_MISMATCH");
    expect((await refusal(l.receipts.split(owner, id, [{ quantity: TONNE, document: h("x") }])))[0]).toBe("RECEIPT_INVALID_LOTS");
  });
});

describe("prices and pledges through the port", () => {
  it("when the operator appoints a publisher and it posts, then priceOn reads the day's price and a second post is refused", async () => {
    expect(await l.prices.isPublisher(publisher)).toBe(false);
    expect((await refusal(l.prices.post(publisher, "LI2CO3", 7_500_000n)))[0]).toBe("PRICE_NOT_PUBLISHER");
    await l.prices.appointPublisher(operator, publisher);
    expect((await refusal(l.prices.appointPublisher(operator, publisher))).slice(0, 2)).toEqual(["PRICE_PUBLISHER_UNCHANGED", 409]);
    await l.prices.post(publisher, "LI2CO3", 7_500_000n);
    const day = cstDayNumber(await l.clock.now());
    expect(await l.prices.priceOn("LI2CO3", day)).toMatchObject({ commodity: "LI2CO3", day, fenPerTonne: 7_500_000n, publisher });
    expect(await l.prices.priceOn("LI2CO3", day + 1)).toBeUndefined();
    expect(await refusal(l.prices.post(publisher, "LI2CO3", 7_000_000n))).toEqual(["PRICE_ALREADY_POSTED", 409, { commodity: "LI2CO3", day }]);
    await refresh();
    expect(events("PublisherChanged").at(-1)).toEqual({ publisher, appointed: true });
    expect(events("PricePosted").at(-1)).toEqual({ commodity: "LI2CO3", day, fenPerTonne: 7_500_000n, publisher });
  });

  it("when bounds, fee and rate are set, a pledge is requested, drawn, checked and repaid, then the loan, the cash and the events follow", async () => {
    expect(await l.pledges.bounds()).toEqual({ maxPledgeRateBps: 7000, warningBps: 8000, callBps: 8500, callDays: 3, graceDays: 10 });
    const bounds = { maxPledgeRateBps: 7000, warningBps: 8000, callBps: 8500, callDays: 5, graceDays: 10 };
    await l.pledges.setBounds(operator, bounds);
    await l.pledges.setFee(operator, 50, operator);
    expect(await l.pledges.fee()).toEqual({ feeBps: 50, recipient: operator });
    expect((await refusal(l.pledges.setPledgeRate(bank, "LI2CO3", 7001)))[0]).toBe("PLEDGE_RATE_ABOVE_BOUND");
    await l.pledges.setPledgeRate(bank, "LI2CO3", 7000);
    expect(await l.pledges.pledgeRate(bank, "LI2CO3")).toBe(7000);

    const r = await issue(10n * TONNE); // ¥750,000 at ¥75,000/t: lends up to ¥525,000
    const maturity = new Date((await l.clock.now()).getTime() + 90 * DAY * 1000);
    expect(await refusal(l.pledges.request(owner, { receiptIds: [r], bank, amount: 525_000_01n, rateBps: 500, maturity }))).toEqual([
      "PLEDGE_ABOVE_LIMIT",
      422,
      { amount: 525_000_01n, limit: 525_000_00n },
    ]);
    const loanId = (await l.pledges.request(owner, { receiptIds: [r], bank, amount: 500_000_00n, rateBps: 500, maturity })).result;
    expect(await l.pledges.get(loanId)).toMatchObject({ id: loanId, borrower: owner, bank, status: "requested", commodity: "LI2CO3", quantity: 10n * TONNE, principal: 500_000_00n, rateBps: 500, feeBps: 50, interestFrom: undefined });
    expect(await l.pledges.receiptsOf(loanId)).toEqual([r]);
    expect((await l.receipts.get(r))?.status).toBe("pledged");
    expect(await refusal(l.receipts.transfer(owner, r, buyer))).toEqual(["RECEIPT_NOT_ACTIVE", 409, { id: r, status: "pledged" }]);
    expect((await refusal(l.pledges.drawdown(owner, loanId)))[0]).toBe("PLEDGE_NOT_BANK");

    const cashBefore = await l.cash.balanceOf(owner);
    await l.pledges.drawdown(bank, loanId);
    expect((await l.cash.balanceOf(owner)) - cashBefore).toBe(500_000_00n - 2_500_00n);
    expect(await refusal(l.pledges.drawdown(bank, loanId))).toEqual(["PLEDGE_INVALID_STATUS", 409, { loanId, status: "active" }]);
    expect((await l.pledges.check(bank, loanId)).result).toEqual({ ratioBps: undefined, outcome: "none" });

    await l.clock.advance(DAY);
    await l.prices.post(publisher, "LI2CO3", 5_500_000n); // value ¥550,000: 90.9%, at or above the call ratio
    const called = (await l.pledges.check(buyer, loanId)).result;
    expect(called).toEqual({ ratioBps: 9091n, outcome: "called" });
    expect((await l.pledges.get(loanId))?.callDeadline).toBeInstanceOf(Date);
    expect((await l.pledges.check(buyer, loanId)).result).toEqual({ ratioBps: undefined, outcome: "called" });
    expect((await refusal(l.pledges.declareDefault(bank, loanId))).slice(0, 2)).toEqual(["PLEDGE_NO_DEFAULT", 409]);

    const extra = await issue(2n * TONNE);
    await l.pledges.topUp(owner, loanId, [extra]); // ¥660,000: 75.8%, cured
    expect(await l.pledges.get(loanId)).toMatchObject({ quantity: 12n * TONNE, callDeadline: undefined });

    const due = await l.pledges.due(loanId);
    expect(due.principal).toBe(500_000_00n);
    expect(due.interest).toBe(69_44n); // ¥500,000 × 5% × 1/360, half up
    const partial = await l.pledges.repay(owner, loanId, 100_000_00n);
    expect(partial.result).toEqual({ released: false });
    const rest = await l.pledges.due(loanId);
    const full = await l.pledges.repay(owner, loanId, rest.principal + rest.interest);
    expect(full.result).toEqual({ released: true });
    expect((await l.pledges.get(loanId))?.status).toBe("repaid");
    expect([(await l.receipts.get(r))?.status, (await l.receipts.get(extra))?.status]).toEqual(["active", "active"]);
    expect(await refusal(l.pledges.repay(owner, loanId, 1n))).toEqual(["PLEDGE_INVALID_STATUS", 409, { loanId, status: "repaid" }]);

    await refresh();
    expect(events("PledgeBoundsChanged").at(-1)).toEqual({ bounds });
    expect(events("PledgeFeeChanged").at(-1)).toEqual({ feeBps: 50, recipient: operator });
    expect(events("PledgeRateSet").at(-1)).toEqual({ bank, commodity: "LI2CO3", rateBps: 7000 });
    expect(events("PledgeRequested").at(-1)).toEqual({ loanId, borrower: owner, bank, commodity: "LI2CO3", receiptIds: [r], amount: 500_000_00n, rateBps: 500, maturity: new Date(Math.floor(maturity.getTime() / 1000) * 1000) });
    expect(events("LoanDrawn").at(-1)).toEqual({ loanId, amount: 500_000_00n, value: 750_000_00n, limit: 525_000_00n, fenPerTonne: 7_500_000n, fee: 2_500_00n });
    expect(events("MarginCalled").at(-1)).toMatchObject({ loanId, ratioBps: 9091n });
    expect(events("CollateralAdded").at(-1)).toEqual({ loanId, receiptIds: [extra], quantity: 2n * TONNE });
    expect(events("MarginCallCured").at(-1)).toMatchObject({ loanId });
    expect(events("LoanRepaid").map((e) => e.principalLeft).slice(-2)).toEqual([400_000_00n + 69_44n, 0n]);
    expect(events("PledgeReleased").at(-1)).toEqual({ loanId });
    expect(events("ReceiptPledgeChanged").filter((e) => e.id === r).map((e) => e.pledged)).toEqual([true, false]);
    // The credit rules' own bounds and financing's own fee keep their names and shapes.
    expect(new Set(log.all.filter((e) => e.name === "BoundsChanged" || e.name === "FeeChanged").map((e) => e.contract))).toEqual(new Set(["CreditPassingRules", "Financing"]));
    expect(new Set(log.all.filter((e) => e.name.startsWith("Pledge")).map((e) => e.contract))).toEqual(new Set(["Pledges"]));
  });

  it("when a loan is past maturity and grace, then the bank seizes its receipts, which become the bank's", async () => {
    const r = await issue(TONNE);
    await l.prices.post(publisher, "LI2CO3", 7_000_000n).catch(() => undefined);
    const maturity = new Date((await l.clock.now()).getTime() + 2 * DAY * 1000);
    const loanId = (await l.pledges.request(owner, { receiptIds: [r], bank, amount: 1_000_00n, rateBps: 500, maturity })).result;
    await l.pledges.drawdown(bank, loanId);
    expect((await refusal(l.pledges.seize(bank, loanId))).slice(0, 2)).toEqual(["PLEDGE_NOT_ENFORCEABLE", 409]);
    await l.clock.advance(13 * DAY);
    await l.pledges.seize(bank, loanId);
    expect((await l.pledges.get(loanId))?.status).toBe("seized");
    expect(await l.receipts.get(r)).toMatchObject({ owner: bank, status: "active" });
    await refresh();
    expect(events("CollateralSeized").at(-1)).toMatchObject({ loanId, bank, principal: 1_000_00n });
  });
});
