import { describe, expect, it } from "vitest";
import type { Contract, Signer } from "ethers";
import { as, DAY, eventsOf, latest, mined, revertsWith, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { attestation, COPPER, deployInventory, GRADE, issueReceipt, LI2CO3, LI_PRICE, postPrice, readyToLend, toDay, valueOf, type Inventory } from "./inventory-fixtures";

const LOAN = { None: 0n, Requested: 1n, Active: 2n, Repaid: 3n, Cancelled: 4n, Defaulted: 5n, Seized: 6n } as const;
const RECEIPT = { Active: 1n, Pledged: 2n } as const;
const Q = 20_000_000n; // 20 t: ¥1,500,000.00 at ¥75,000 a tonne
const AMOUNT = 100_000_000n; // ¥1,000,000.00, 66.67% of the value
const RATE = 500; // 5% a year
const DEFAULT_BOUNDS = [7_000n, 8_000n, 8_500n, 3n, 10n];

describe("Pledges", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let inv: Inventory;
  let P: Contract;
  let R: Contract;
  let maturity: number;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    inv = await deployInventory(ledger, a);
    ({ Pledges: P, Receipts: R } = inv);
    await toDay(1);
    await readyToLend(ledger, inv, a, a.s1);
    await postPrice(inv, LI_PRICE);
    maturity = (await latest()) + 90 * DAY;
  });

  const cash = (s: string) => ledger.SettlementCash.balanceOf(s) as Promise<bigint>;
  const loan = async (id: bigint) => (await P.loan(id)).toObject() as Record<string, unknown>;
  const status = async (id: bigint) => (await R.receipt(id)).status as bigint;
  const requested = async (ids: bigint[], amount = AMOUNT, borrower: Signer = a.s1) => {
    await mined(as(P, borrower).request(ids, A.bank, amount, RATE, maturity));
    return lastLoan();
  };
  const lastLoan = () => P.lastId() as Promise<bigint>;
  /** A loan drawn against one fresh receipt of `Q`; returns [loanId, receiptId]. */
  const drawn = async (amount = AMOUNT): Promise<[bigint, bigint]> => {
    const r = await issueReceipt(inv, a.s1, Q);
    const id = await requested([r], amount);
    await mined(as(P, a.bank).drawdown(id));
    return [id, r];
  };

  describe("setBounds", () => {
    it("when the deployed, then the bounds are 70% / 80% / 85%, a 3-day call and 10 days' grace", async () => {
      expect((await P.bounds()).toArray()).toEqual(DEFAULT_BOUNDS);
    });

    it("when the operator sets consistent bounds, then they apply and BoundsChanged carries them", async () => {
      const b = [6_000n, 7_500n, 9_000n, 5n, 0n];
      expect(await eventsOf(as(P, a.operator).setBounds(b), P)).toEqual([{ name: "BoundsChanged", args: [b] }]);
      expect((await P.bounds()).toArray()).toEqual(b);
    });

    it("when the bounds are inconsistent, then PledgesInvalidBounds and the old ones stay", async () => {
      for (const b of [[0, 8_000, 8_500, 3, 10], [8_100, 8_000, 8_500, 3, 10], [7_000, 8_500, 8_500, 3, 10], [7_000, 8_000, 10_001, 3, 10], [7_000, 8_000, 8_500, 0, 10]]) {
        await revertsWith(as(P, a.operator).setBounds(b), "PledgesInvalidBounds");
      }
      expect((await P.bounds()).toArray()).toEqual(DEFAULT_BOUNDS);
    });

    it("when a non-operator sets the bounds, then ParticipantsMissingRole", async () => {
      expect(await revertsWith(as(P, a.bank).setBounds([9_000, 9_100, 9_500, 3, 10]), "ParticipantsMissingRole")).toEqual([A.bank, BigInt(ROLE.OPERATOR)]);
    });
  });

  describe("setFee", () => {
    it("when the operator sets a fee, then requests made afterwards pay it out of the proceeds at drawdown", async () => {
      expect(await eventsOf(as(P, a.operator).setFee(30, A.operator), P)).toEqual([{ name: "FeeChanged", args: [30n, A.operator] }]);
      expect((await P.fee()).toArray()).toEqual([30n, A.operator]);
      const id = await requested([await issueReceipt(inv, a.s1, Q)]);
      // A later change does not reprice the request.
      await mined(as(P, a.operator).setFee(100, A.operator));
      const before = [await cash(A.bank), await cash(A.s1), await cash(A.operator)];
      const fee = (AMOUNT * 30n + 5_000n) / 10_000n;
      const events = await eventsOf(as(P, a.bank).drawdown(id), P);
      expect(events[0].args.at(-1)).toBe(fee);
      expect([await cash(A.bank), await cash(A.s1), await cash(A.operator)]).toEqual([before[0] - AMOUNT, before[1] + AMOUNT - fee, before[2] + fee]);
      expect((await P.due(id)).toArray()).toEqual([AMOUNT, 0n]);
    });

    it("when the fee is above 10% or its recipient not an active operator, then PledgesInvalidFee; a non-operator, ParticipantsMissingRole", async () => {
      expect(await revertsWith(as(P, a.operator).setFee(1_001, A.operator), "PledgesInvalidFee")).toEqual([1_001n, A.operator]);
      await revertsWith(as(P, a.operator).setFee(30, A.bank), "PledgesInvalidFee");
      await revertsWith(as(P, a.bank).setFee(30, A.operator), "ParticipantsMissingRole");
      expect((await P.fee()).toArray()).toEqual([0n, "0x0000000000000000000000000000000000000000"]);
    });
  });

  describe("setPledgeRate", () => {
    it("when a bank sets its rate within the bound, then it is recorded per bank and commodity", async () => {
      expect(await eventsOf(as(P, a.bank2).setPledgeRate(COPPER, 6_500), P)).toEqual([{ name: "PledgeRateSet", args: [A.bank2, COPPER, 6_500n] }]);
      expect(await P.pledgeRate(A.bank2, COPPER)).toBe(6_500n);
      expect(await P.pledgeRate(A.bank2, LI2CO3)).toBe(0n);
      expect(await P.pledgeRate(A.bank, LI2CO3)).toBe(7_000n);
    });

    it("when the rate is above the bound, then PledgesRateAboveBound; a non-bank, ParticipantsMissingRole", async () => {
      expect(await revertsWith(as(P, a.bank).setPledgeRate(LI2CO3, 7_001), "PledgesRateAboveBound")).toEqual([7_001n, 7_000n]);
      await revertsWith(as(P, a.s1).setPledgeRate(LI2CO3, 5_000), "ParticipantsMissingRole");
      expect(await P.pledgeRate(A.bank, LI2CO3)).toBe(7_000n);
    });
  });

  describe("request", () => {
    it("when the owner pledges receipts within the limit, then they are locked and the request recorded", async () => {
      const [r1, r2] = [await issueReceipt(inv, a.s1, Q / 2n), await issueReceipt(inv, a.s1, Q / 2n)];
      const events = await eventsOf(as(P, a.s1).request([r1, r2], A.bank, AMOUNT, RATE, maturity), P);
      expect(events).toEqual([{ name: "PledgeRequested", args: [1n, A.s1, A.bank, LI2CO3, [r1, r2], AMOUNT, BigInt(RATE), BigInt(maturity)] }]);
      expect(await loan(1n)).toEqual({
        borrower: A.s1, maturity: BigInt(maturity), callDeadline: 0n, status: LOAN.Requested, bank: A.bank, interestFrom: 0n,
        rateBps: BigInt(RATE), feeBps: 0n, commodity: LI2CO3, quantity: Q, principal: AMOUNT, interest: 0n,
      });
      expect(await P.receiptsOf(1n)).toEqual([r1, r2]);
      expect([await status(r1), await status(r2)]).toEqual([RECEIPT.Pledged, RECEIPT.Pledged]);
    });

    it("when a pledged receipt is transferred, split, delivered, cancelled or pledged again, then each is refused", async () => {
      const r = await issueReceipt(inv, a.s1, Q);
      await requested([r]);
      const lots = [{ quantity: Q - 1n, document: `0x${"11".repeat(32)}` }, { quantity: 1n, document: `0x${"22".repeat(32)}` }];
      const owner = as(R, a.s1);
      for (const call of [() => owner.transfer(r, A.s2), () => owner.split(r, lots), () => owner.deliver(r), () => owner.cancel(r)]) {
        expect(await revertsWith(call(), "WarehouseReceiptsNotActive")).toEqual([r, RECEIPT.Pledged]);
      }
      expect(await revertsWith(as(P, a.s1).request([r], A.bank2, 1n, RATE, maturity), "WarehouseReceiptsNotActive")).toEqual([r, RECEIPT.Pledged]);
      // Nor twice in one request.
      const r2 = await issueReceipt(inv, a.s1, Q);
      await revertsWith(as(P, a.s1).request([r2, r2], A.bank, 1n, RATE, maturity), "WarehouseReceiptsNotActive");
      expect((await R.receipt(r)).owner).toBe(A.s1);
    });

    it("when the amount is above value × rate, then PledgesAboveLimit; at exactly the limit it is accepted", async () => {
      const r = await issueReceipt(inv, a.s1, Q);
      const limit = (valueOf(Q, LI_PRICE) * 7_000n) / 10_000n;
      expect(await revertsWith(as(P, a.s1).request([r], A.bank, limit + 1n, RATE, maturity), "PledgesAboveLimit")).toEqual([limit + 1n, limit]);
      expect(await status(r)).toBe(RECEIPT.Active);
      await mined(as(P, a.s1).request([r], A.bank, limit, RATE, maturity));
      expect((await loan(1n)).principal).toBe(limit);
    });

    it("when the amount is zero, the rate out of range or the maturity past, then each is refused", async () => {
      const r = await issueReceipt(inv, a.s1, Q);
      await revertsWith(as(P, a.s1).request([r], A.bank, 0n, RATE, maturity), "PledgesInvalidAmount");
      expect(await revertsWith(as(P, a.s1).request([r], A.bank, AMOUNT, 0, maturity), "PledgesInvalidRate")).toEqual([0n]);
      await revertsWith(as(P, a.s1).request([r], A.bank, AMOUNT, 10_001, maturity), "PledgesInvalidRate");
      const past = await latest();
      expect(await revertsWith(as(P, a.s1).request([r], A.bank, AMOUNT, RATE, past), "PledgesInvalidMaturity")).toEqual([BigInt(past)]);
      expect(await status(r)).toBe(RECEIPT.Active);
    });

    it("when the receipts are none, too many, not the caller's, or of two commodities, then each is refused", async () => {
      expect(await revertsWith(as(P, a.s1).request([], A.bank, AMOUNT, RATE, maturity), "PledgesInvalidReceipts")).toEqual([0n]);
      await revertsWith(as(P, a.s1).request(Array.from({ length: 17 }, (_, i) => BigInt(i + 1)), A.bank, AMOUNT, RATE, maturity), "PledgesInvalidReceipts");
      const theirs = await issueReceipt(inv, a.s2, Q);
      expect(await revertsWith(as(P, a.s1).request([theirs], A.bank, AMOUNT, RATE, maturity), "WarehouseReceiptsNotOwner")).toEqual([theirs, A.s1]);
      const [li, cu] = [await issueReceipt(inv, a.s1, Q), await issueReceipt(inv, a.s1, Q, COPPER)];
      expect(await revertsWith(as(P, a.s1).request([li, cu], A.bank, AMOUNT, RATE, maturity), "PledgesCommodityMismatch")).toEqual([cu, COPPER, LI2CO3]);
      expect([await status(li), await status(cu)]).toEqual([RECEIPT.Active, RECEIPT.Active]);
    });

    it("when the bank has no rate on the commodity, or there is no price today, then each is refused", async () => {
      const cu = await issueReceipt(inv, a.s1, Q, COPPER);
      expect(await revertsWith(as(P, a.s1).request([cu], A.bank, 1n, RATE, maturity), "PledgesNoPledgeRate")).toEqual([A.bank, COPPER]);
      await mined(as(P, a.bank).setPledgeRate(COPPER, 5_000));
      await revertsWith(as(P, a.s1).request([cu], A.bank, 1n, RATE, maturity), "CommodityPricesNoPrice");
    });

    it("when the lender is not an active bank, or the borrower is frozen, then the participants' error", async () => {
      const r = await issueReceipt(inv, a.s1, Q);
      expect(await revertsWith(as(P, a.s1).request([r], A.s2, AMOUNT, RATE, maturity), "ParticipantsMissingRole")).toEqual([A.s2, BigInt(ROLE.BANK)]);
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      await revertsWith(as(P, a.s1).request([r], A.bank, AMOUNT, RATE, maturity), "ParticipantsNotActive");
    });
  });

  describe("drawdown", () => {
    it("when the bank draws down, then the borrower is paid the amount in settlement cash and interest starts", async () => {
      const r = await issueReceipt(inv, a.s1, Q);
      const id = await requested([r]);
      const [bankBefore, borrowerBefore] = [await cash(A.bank), await cash(A.s1)];
      const value = valueOf(Q, LI_PRICE);
      const events = await eventsOf(as(P, a.bank).drawdown(id), P);
      expect(events).toEqual([{ name: "LoanDrawn", args: [id, AMOUNT, value, (value * 7_000n) / 10_000n, LI_PRICE, 0n] }]);
      expect([await cash(A.bank), await cash(A.s1)]).toEqual([bankBefore - AMOUNT, borrowerBefore + AMOUNT]);
      const l = await loan(id);
      expect([l.status, l.interestFrom]).toEqual([LOAN.Active, BigInt(await latest())]);
      expect(await status(r)).toBe(RECEIPT.Pledged);
    });

    it("when the price fell or the bound was lowered since the request, then PledgesAboveLimit and nothing is paid", async () => {
      const id = await requested([await issueReceipt(inv, a.s1, Q)]);
      await mined(as(P, a.operator).setBounds([6_000, 8_000, 8_500, 3, 10]));
      const lowered = (valueOf(Q, LI_PRICE) * 6_000n) / 10_000n;
      expect(await revertsWith(as(P, a.bank).drawdown(id), "PledgesAboveLimit")).toEqual([AMOUNT, lowered]);
      await mined(as(P, a.operator).setBounds([7_000, 8_000, 8_500, 3, 10]));
      await toDay(1);
      await postPrice(inv, 7_000_000n);
      expect(await revertsWith(as(P, a.bank).drawdown(id), "PledgesAboveLimit")).toEqual([AMOUNT, (valueOf(Q, 7_000_000n) * 7_000n) / 10_000n]);
      expect((await loan(id)).status).toBe(LOAN.Requested);
    });

    it("when someone else draws down, it was drawn already, or the maturity passed, then each is refused", async () => {
      const id = await requested([await issueReceipt(inv, a.s1, Q)]);
      expect(await revertsWith(as(P, a.bank2).drawdown(id), "PledgesNotBank")).toEqual([id, A.bank2]);
      await mined(as(P, a.bank).drawdown(id));
      expect(await revertsWith(as(P, a.bank).drawdown(id), "PledgesInvalidStatus")).toEqual([id, LOAN.Active]);
      const id2 = await requested([await issueReceipt(inv, a.s1, Q)]);
      await toDay(91);
      await postPrice(inv, LI_PRICE);
      await revertsWith(as(P, a.bank).drawdown(id2), "PledgesInvalidMaturity");
    });

    it("when the bank allowed the pledge module too little cash, then the ERC-20 error and the loan stays requested", async () => {
      const id = await requested([await issueReceipt(inv, a.s1, Q)]);
      await mined(as(ledger.SettlementCash, a.bank).approve(await P.getAddress(), AMOUNT - 1n));
      await revertsWith(as(P, a.bank).drawdown(id), "ERC20InsufficientAllowance");
      expect((await loan(id)).status).toBe(LOAN.Requested);
    });
  });

  describe("cancel", () => {
    it("when the borrower withdraws or the bank declines a request, then the receipts are free again", async () => {
      for (const s of [a.s1, a.bank]) {
        const r = await issueReceipt(inv, a.s1, Q);
        await mined(as(P, a.s1).request([r], A.bank, AMOUNT, RATE, maturity));
        const id = await lastLoan();
        expect(await eventsOf(as(P, s).cancel(id), P)).toEqual([{ name: "PledgeCancelled", args: [id, await s.getAddress()] }]);
        expect([(await loan(id)).status, await status(r)]).toEqual([LOAN.Cancelled, RECEIPT.Active]);
      }
    });

    it("when anyone else cancels, or the loan was drawn, then NotParty or InvalidStatus", async () => {
      const id = await requested([await issueReceipt(inv, a.s1, Q)]);
      expect(await revertsWith(as(P, a.s2).cancel(id), "PledgesNotParty")).toEqual([id, A.s2]);
      await mined(as(P, a.bank).drawdown(id));
      await revertsWith(as(P, a.s1).cancel(id), "PledgesInvalidStatus");
    });
  });

  describe("repay", () => {
    it("when part is repaid after 30 days, then interest (360-day, half up) is paid first and the rest reduces the principal", async () => {
      const [id] = await drawn();
      await toDay(30);
      const interest = (AMOUNT * BigInt(RATE) * 30n + 1_800_000n) / 3_600_000n; // ¥4,166.666… → 416,667 fen
      expect(interest).toBe(416_667n);
      expect((await P.due(id)).toArray()).toEqual([AMOUNT, interest]);
      const bankBefore = await cash(A.bank);
      const events = await eventsOf(as(P, a.s1).repay(id, interest + 1_000n), P);
      expect(events).toEqual([{ name: "LoanRepaid", args: [id, A.s1, interest, 1_000n, AMOUNT - 1_000n] }]);
      expect(await cash(A.bank)).toBe(bankBefore + interest + 1_000n);
      expect((await P.due(id)).toArray()).toEqual([AMOUNT - 1_000n, 0n]);
      expect((await loan(id)).status).toBe(LOAN.Active);
    });

    it("when everything owed is repaid, then the pledge is released and the receipt is the owner's to move", async () => {
      const [id, r] = await drawn();
      await toDay(10);
      const [principal, interest] = (await P.due(id)).toArray() as bigint[];
      const events = await eventsOf(as(P, a.s1).repay(id, principal + interest), P);
      expect(events.map((e) => e.name)).toEqual(["LoanRepaid", "PledgeReleased"]);
      expect([(await loan(id)).status, await status(r)]).toEqual([LOAN.Repaid, RECEIPT.Active]);
      await mined(as(R, a.s1).transfer(r, A.s2));
      await revertsWith(as(P, a.s1).repay(id, 1n), "PledgesInvalidStatus");
    });

    it("when the amount is zero or above what is owed, then PledgesInvalidAmount", async () => {
      const [id] = await drawn();
      expect(await revertsWith(as(P, a.s1).repay(id, 0n), "PledgesInvalidAmount")).toEqual([0n, AMOUNT]);
      expect(await revertsWith(as(P, a.s1).repay(id, AMOUNT + 1n), "PledgesInvalidAmount")).toEqual([AMOUNT + 1n, AMOUNT]);
    });

    it("when a request not yet drawn is repaid, then PledgesInvalidStatus", async () => {
      const id = await requested([await issueReceipt(inv, a.s1, Q)]);
      expect(await revertsWith(as(P, a.s1).repay(id, 1n), "PledgesInvalidStatus")).toEqual([id, LOAN.Requested]);
    });
  });

  describe("margin: check, topUp, declareDefault", () => {
    it("when the price falls 15% on a 70% loan, then a warning only; a further fall opens a call with its deadline", async () => {
      const limit = (valueOf(Q, LI_PRICE) * 7_000n) / 10_000n;
      const [id] = await drawn(limit);
      expect(await P.check.staticCall(id)).toBe(7_000n);
      await toDay(1);
      await postPrice(inv, (LI_PRICE * 85n) / 100n);
      expect(await eventsOf(P.check(id), P)).toEqual([{ name: "MarginWarning", args: [id, 8_236n] }]);
      expect((await loan(id)).callDeadline).toBe(0n);
      await toDay(1);
      await postPrice(inv, (LI_PRICE * 80n) / 100n);
      const events = await eventsOf(P.check(id), P);
      const deadline = BigInt((await latest()) + 3 * DAY);
      expect(events).toEqual([{ name: "MarginCalled", args: [id, 8_750n, deadline] }]);
      expect((await loan(id)).callDeadline).toBe(deadline);
      // A second check while called changes nothing.
      expect(await eventsOf(P.check(id), P)).toEqual([]);
    });

    it("when the borrower tops up a called loan, then the call is lifted; a partial repayment does the same", async () => {
      const limit = (valueOf(Q, LI_PRICE) * 7_000n) / 10_000n;
      for (const cure of ["topUp", "repay"] as const) {
        if (cure === "repay") {
          await toDay(1);
          await postPrice(inv, LI_PRICE);
        }
        const [id] = await drawn(limit);
        await toDay(1);
        await postPrice(inv, (LI_PRICE * 80n) / 100n);
        await mined(P.check(id));
        let events;
        if (cure === "topUp") {
          const extra = await issueReceipt(inv, a.s1, Q / 4n);
          events = await eventsOf(as(P, a.s1).topUp(id, [extra]), P);
          expect(events[0]).toEqual({ name: "CollateralAdded", args: [id, [extra], Q / 4n] });
          expect([(await loan(id)).quantity, await status(extra)]).toEqual([Q + Q / 4n, RECEIPT.Pledged]);
        } else {
          events = await eventsOf(as(P, a.s1).repay(id, limit / 10n), P);
        }
        expect(events.at(-1)!.name).toBe("MarginCallCured");
        expect((await loan(id)).callDeadline).toBe(0n);
        await toDay(5);
        await postPrice(inv, (LI_PRICE * 80n) / 100n);
        await revertsWith(as(P, a.bank).declareDefault(id), "PledgesNoDefault");
      }
    });

    it("when the call goes unanswered past its deadline, then the bank declares default and takes the receipts", async () => {
      const limit = (valueOf(Q, LI_PRICE) * 7_000n) / 10_000n;
      const [id, r] = await drawn(limit);
      await toDay(1);
      await postPrice(inv, (LI_PRICE * 80n) / 100n);
      await mined(P.check(id));
      const deadline = (await loan(id)).callDeadline as bigint;
      expect(await revertsWith(as(P, a.bank).declareDefault(id), "PledgesNoDefault")).toEqual([id, deadline, 8_750n]);
      await toDay(4);
      await postPrice(inv, (LI_PRICE * 80n) / 100n);
      await revertsWith(as(P, a.bank2).declareDefault(id), "PledgesNotBank");
      expect(await eventsOf(as(P, a.bank).declareDefault(id), P)).toEqual([{ name: "LoanDefaulted", args: [id, 8_750n] }]);
      const [principal, interest] = (await P.due(id)).toArray() as bigint[];
      const events = await eventsOf(as(P, a.bank).seize(id), P);
      expect(events).toEqual([{ name: "CollateralSeized", args: [id, A.bank, principal, interest] }]);
      expect((await R.receipt(r)).toArray().slice(0, 4)).toEqual([A.bank, Q, await inv.warehouse.getAddress(), RECEIPT.Active]);
      expect((await loan(id)).status).toBe(LOAN.Seized);
    });

    it("when a better price comes before the deadline, then check lifts the call", async () => {
      const [id] = await drawn((valueOf(Q, LI_PRICE) * 7_000n) / 10_000n);
      await toDay(1);
      await postPrice(inv, (LI_PRICE * 80n) / 100n);
      await mined(P.check(id));
      await toDay(1);
      await postPrice(inv, LI_PRICE);
      expect(await eventsOf(P.check(id), P)).toEqual([{ name: "MarginCallCured", args: [id, 7_000n] }]);
    });

    it("when a loan with no call is declared in default, or top-ups come from someone else or another commodity, then each is refused", async () => {
      const [id] = await drawn();
      expect(await revertsWith(as(P, a.bank).declareDefault(id), "PledgesNoDefault")).toEqual([id, 0n, 6_667n]);
      const mine = await issueReceipt(inv, a.s1, Q, COPPER);
      expect(await revertsWith(as(P, a.s2).topUp(id, [mine]), "PledgesNotBorrower")).toEqual([id, A.s2]);
      expect(await revertsWith(as(P, a.s1).topUp(id, [mine]), "PledgesCommodityMismatch")).toEqual([mine, COPPER, LI2CO3]);
      await revertsWith(as(P, a.s1).topUp(id, []), "PledgesInvalidReceipts");
      const pending = await requested([await issueReceipt(inv, a.s1, Q)]);
      await revertsWith(P.check(pending), "PledgesInvalidStatus");
      await revertsWith(as(P, a.s1).topUp(pending, [mine]), "PledgesInvalidStatus");
    });
  });

  describe("seize", () => {
    it("when the loan is still owed grace days after maturity, then the bank takes the receipts; a day earlier it may not", async () => {
      const [id, r] = await drawn();
      const from = maturity + 10 * DAY;
      await toDay(99);
      expect(await latest()).toBeLessThan(from);
      expect(await revertsWith(as(P, a.bank).seize(id), "PledgesNotEnforceable")).toEqual([id, BigInt(from)]);
      await toDay(2);
      await revertsWith(as(P, a.s1).seize(id), "PledgesNotBank");
      await mined(as(P, a.bank).seize(id));
      expect((await R.receipt(r)).owner).toBe(A.bank);
      // The bank disposes of the goods: it may take delivery.
      await mined(as(R, a.bank).deliver(r));
    });

    it("when the borrower is frozen, then PledgesBorrowerFrozen until the regulator unfreezes it", async () => {
      const [id, r] = await drawn();
      await toDay(101);
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      expect(await revertsWith(as(P, a.bank).seize(id), "PledgesBorrowerFrozen")).toEqual([id, A.s1]);
      expect((await R.receipt(r)).owner).toBe(A.s1);
      await mined(as(ledger.Participants, a.regulator).unfreeze(A.s1));
      await mined(as(P, a.bank).seize(id));
      expect((await R.receipt(r)).owner).toBe(A.bank);
    });

    it("when the loan was repaid or only requested, then PledgesInvalidStatus", async () => {
      const id = await requested([await issueReceipt(inv, a.s1, Q)]);
      expect(await revertsWith(as(P, a.bank).seize(id), "PledgesInvalidStatus")).toEqual([id, LOAN.Requested]);
      const [drawnId] = await drawn();
      await mined(as(P, a.s1).repay(drawnId, AMOUNT));
      await revertsWith(as(P, a.bank).seize(drawnId), "PledgesInvalidStatus");
    });

    it("when a defaulted loan is repaid before disposal, then the receipts are released to the owner", async () => {
      const [id, r] = await drawn((valueOf(Q, LI_PRICE) * 7_000n) / 10_000n);
      await toDay(1);
      await postPrice(inv, (LI_PRICE * 80n) / 100n);
      await mined(P.check(id));
      await toDay(4);
      await postPrice(inv, (LI_PRICE * 80n) / 100n);
      await mined(as(P, a.bank).declareDefault(id));
      const [principal, interest] = (await P.due(id)).toArray() as bigint[];
      await mined(as(P, a.s1).repay(id, principal + interest));
      expect([(await loan(id)).status, (await R.receipt(r)).owner, await status(r)]).toEqual([LOAN.Repaid, A.s1, RECEIPT.Active]);
    });
  });

  it("gas: issue, split, request (pledge), drawdown and repay", async () => {
    const gas = async (write: Promise<unknown>) => (await mined(write))!.gasUsed;
    const issue = await gas(as(R, inv.warehouse).issue({ depositor: A.s1, commodity: LI2CO3, grade: GRADE, quantity: Q, weighed: Q, ...attestation() }));
    const r = (await R.lastId()) as bigint;
    const lots = [1n, 2n].map((i) => ({ quantity: Q / 2n, document: `0x${String(i).repeat(64)}` }));
    const split = await gas(as(R, a.s1).split(r, lots));
    const request = await gas(as(P, a.s1).request([r + 1n], A.bank, AMOUNT / 2n, RATE, maturity));
    const id = await lastLoan();
    const drawdown = await gas(as(P, a.bank).drawdown(id));
    await toDay(30);
    const partial = await gas(as(P, a.s1).repay(id, 1_000_000n));
    const [p, i] = (await P.due(id)).toArray() as bigint[];
    const full = await gas(as(P, a.s1).repay(id, p + i));
    const figures = { issue, split2: split, request1: request, drawdown, repayPartial: partial, repayFull: full };
    console.log(`inventory gas: ${JSON.stringify(figures, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))}`);
    for (const g of Object.values(figures)) expect(g).toBeLessThan(400_000n);
  });
});
