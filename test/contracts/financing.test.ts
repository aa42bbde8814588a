import { describe, expect, it } from "vitest";
import { keccak256, ZeroAddress, type Signer } from "ethers";
import { as, cstMidnightIn, DAY, FACE, increaseTo, issued, latest, passed, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { atNext, blockTime, cashOf, eventsOf, expectConserved, GAS, mined, rejects, setRules, slotId, usedOf, voucherOf } from "./voucher-fixtures";

const M = 1_000_000_00n; // ¥1,000,000.00

describe("Financing", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let m: number;
  let DL: number;
  let root: bigint;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    m = await cstMidnightIn(90);
    DL = m - DAY;
    root = await issued(ledger, a.core, a.s1, FACE, m);
  });

  const F = (s: Signer) => as(ledger.Financing, s);
  const request = (holder: Signer, id: bigint, amount: bigint, o: { bank?: string; rate?: number; deadline?: number } = {}) =>
    F(holder).request(id, amount, o.bank ?? A.bank, o.rate ?? 450, o.deadline ?? DL);
  /** Makes a request and returns its id. */
  const requested = async (holder: Signer, id: bigint, amount: bigint, o: Parameters<typeof request>[3] = {}) =>
    (await eventsOf(ledger.Financing, await mined(request(holder, id, amount, o)), "FinancingRequested"))[0][0] as bigint;
  const executeAt = async (t: number, requestId: bigint, bank: Signer = a.bank) => {
    await atNext(t);
    return mined(F(bank).execute(requestId, GAS));
  };
  const setFee = (bps: number) => mined(F(a.operator).setFee(bps, A.operator));
  const expiry = async () => (await ledger.CreditLines.creditLine(A.bank, A.core)).expiry as bigint;

  describe("request", () => {
    it("when a supplier asks an eligible bank with a credit line, then the amount is locked and the request recorded, with no cash or credit moved", async () => {
      expect(await F(a.s1).request.staticCall(root, 4n * M, A.bank, 450, DL)).toBe(1n);
      const cash = await cashOf(ledger, a.s1);
      const receipt = await mined(request(a.s1, root, 4n * M));
      expect(await eventsOf(ledger.Financing, receipt, "FinancingRequested")).toEqual([[1n, root, A.bank, A.s1, 4n * M, 450n, 0n, BigInt(DL)]]);
      expect(await eventsOf(ledger.Vouchers, receipt, "VoucherLocked")).toEqual([[root, 4n * M, 4n * M]]);
      expect((await F(a.s1).requestOf(1n)).toObject()).toEqual({
        holder: A.s1, voucherId: root, deadline: BigInt(DL), bank: A.bank, amount: 4n * M, rateBps: 450n, feeBps: 0n,
      });
      expect(await voucherOf(ledger, root)).toMatchObject({ owner: A.s1, value: FACE, locked: 4n * M });
      expect(await cashOf(ledger, a.s1)).toBe(cash);
      expect(await usedOf(ledger, a.bank, a.core)).toBe(0n);
    });

    it("when a second request locks more, then the locks add up; beyond the unlocked value is VouchersInsufficientValue", async () => {
      await requested(a.s1, root, 6n * M);
      await requested(a.s1, root, 3n * M, { bank: A.bank2 });
      expect((await voucherOf(ledger, root)).locked).toBe(9n * M);
      expect(await rejects(ledger, a, () => request(a.s1, root, M + 1n), "VouchersInsufficientValue", { requests: [1n, 2n] })).toEqual([root, M, M + 1n]);
    });

    it("when the rate is 100% a year and the deadline one second before maturity, then both limits are accepted", async () => {
      await requested(a.s1, root, M, { rate: 10_000, deadline: m - 1 });
      expect((await F(a.s1).requestOf(1n)).deadline).toBe(BigInt(m - 1));
    });

    it("when the rate and the fee are at their maximums, then requestOf reads them back whole; a request never made reads as zeros", async () => {
      await mined(as(ledger.Financing, a.operator).setFee(1_000, A.operator));
      await requested(a.s1, root, M, { rate: 10_000, deadline: m - 1 });
      expect((await F(a.s1).requestOf(1n)).toObject()).toEqual({
        holder: A.s1, voucherId: root, deadline: BigInt(m - 1), bank: A.bank, amount: M, rateBps: 10_000n, feeBps: 1_000n,
      });
      expect((await F(a.s1).requestOf(2n)).toObject()).toEqual({
        holder: ZeroAddress, voucherId: 0n, deadline: 0n, bank: ZeroAddress, amount: 0n, rateBps: 0n, feeBps: 0n,
      });
    });

    it("when the amount is zero or above the voucher's value, then a custom error and nothing is locked", async () => {
      expect(await rejects(ledger, a, () => request(a.s1, root, 0n), "VouchersInvalidAmount")).toEqual([0n, 1n]);
      expect(await rejects(ledger, a, () => request(a.s1, root, FACE + 1n), "VouchersInsufficientValue")).toEqual([root, FACE, FACE + 1n]);
    });

    it("when the rate is zero or above 100% a year, then FinancingInvalidRate", async () => {
      expect(await rejects(ledger, a, () => request(a.s1, root, M, { rate: 0 }), "FinancingInvalidRate")).toEqual([0n]);
      expect(await rejects(ledger, a, () => request(a.s1, root, M, { rate: 10_001 }), "FinancingInvalidRate")).toEqual([10_001n]);
    });

    it("when the deadline is not in the future or not before maturity, then FinancingInvalidDeadline", async () => {
      const now = await latest();
      for (const d of [now - 1, now, m, m + DAY]) {
        expect(await rejects(ledger, a, () => request(a.s1, root, M, { deadline: d }), "FinancingInvalidDeadline")).toEqual([BigInt(d)]);
      }
    });

    it("when the caller does not hold the voucher or it does not exist, then VouchersNotHolder or VouchersNotFound", async () => {
      expect(await rejects(ledger, a, () => request(a.s2, root, M), "VouchersNotHolder")).toEqual([root, A.s2]);
      expect(await rejects(ledger, a, () => request(a.s1, 99n, M), "VouchersNotFound")).toEqual([99n]);
    });

    it("when the holder is suspended or frozen, then ParticipantsNotActive: a frozen holder's voucher cannot be financed", async () => {
      await mined(as(ledger.Participants, a.operator).suspend(A.s1));
      expect(await rejects(ledger, a, () => request(a.s1, root, M), "ParticipantsNotActive")).toEqual([A.s1, 2n]);
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      expect(await rejects(ledger, a, () => request(a.s1, root, M), "ParticipantsNotActive")).toEqual([A.s1, 3n]);
    });

    it("when a bank asks to finance its financed piece again, then ParticipantsMissingRole, or VouchersFinanced if it is also a supplier", async () => {
      await mined(F(a.bank).execute(await requested(a.s1, root, M)));
      const piece = root + 1n;
      expect(await rejects(ledger, a, () => request(a.bank, piece, M, { bank: A.bank2 }), "ParticipantsMissingRole")).toEqual([A.bank, 8n]);
      await mined(as(ledger.Participants, a.operator).setRoles(A.bank, ROLE.BANK | ROLE.SUPPLIER));
      expect(await rejects(ledger, a, () => request(a.bank, piece, M, { bank: A.bank2 }), "VouchersFinanced")).toEqual([piece]);
    });

    it("when the named bank is not a bank, not registered or suspended, then the participant error", async () => {
      expect(await rejects(ledger, a, () => request(a.s1, root, M, { bank: A.s2 }), "ParticipantsMissingRole")).toEqual([A.s2, 16n]);
      expect(await rejects(ledger, a, () => request(a.s1, root, M, { bank: A.outsider }), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await mined(as(ledger.Participants, a.operator).suspend(A.bank));
      expect(await rejects(ledger, a, () => request(a.s1, root, M), "ParticipantsNotActive")).toEqual([A.bank, 2n]);
    });

    it("when the program restricts banks, then only an eligible bank may be asked", async () => {
      await setRules(ledger, a.core, { banksRestricted: true });
      await mined(as(ledger.CreditPassingRules, a.core).setEligibleBanks([A.bank], true));
      expect(await rejects(ledger, a, () => request(a.s1, root, M, { bank: A.bank2 }), "FinancingBankNotEligible")).toEqual([A.bank2, A.core]);
      expect(await requested(a.s1, root, M)).toBe(1n);
    });

    it("when the piece or what it leaves behind is below the program's minimum split, then VouchersInvalidAmount", async () => {
      await setRules(ledger, a.core, { minSplit: 1_000_00n });
      expect(await rejects(ledger, a, () => request(a.s1, root, 999_99n), "VouchersInvalidAmount")).toEqual([999_99n, 1_000_00n]);
      expect(await rejects(ledger, a, () => request(a.s1, root, FACE - 1n), "VouchersInvalidAmount")).toEqual([1n, 1_000_00n]);
      expect(await requested(a.s1, root, 1_000_00n)).toBe(1n);
    });

    it("when the bank has no open credit line to the debtor, then CreditLinesNotFound", async () => {
      await mined(as(ledger.CreditLines, a.bank).close(A.core));
      expect(await rejects(ledger, a, () => request(a.s1, root, M), "CreditLinesNotFound")).toEqual([A.bank, A.core]);
    });

    it("when the amount is beyond what is left of the line, then CreditLinesExceeded", async () => {
      await mined(as(ledger.CreditLines, a.bank).amend(A.core, M, await expiry()));
      expect(await rejects(ledger, a, () => request(a.s1, root, M + 1n), "CreditLinesExceeded")).toEqual([A.bank, A.core, M, M + 1n]);
    });

    it("when the line has expired, then CreditLinesExpired", async () => {
      const end = (await latest()) + 5 * DAY;
      await mined(as(ledger.CreditLines, a.bank).amend(A.core, 2n * FACE, end));
      await increaseTo(end);
      expect(await rejects(ledger, a, () => request(a.s1, root, M), "CreditLinesExpired")).toEqual([A.bank, A.core, BigInt(end)]);
    });

    it("when interest would take the whole amount, then FinancingNoProceeds", async () => {
      const far = await cstMidnightIn(180);
      const id = await issued(ledger, a.core, a.s2, FACE, far);
      // 1 fen × 100% × 180/360 = 0.5 fen, rounded half up to 1 fen: nothing left.
      expect(await rejects(ledger, a, () => request(a.s2, id, 1n, { rate: 10_000, deadline: far - DAY }), "FinancingNoProceeds")).toEqual([1n, 1n, 0n]);
    });

    it("when the voucher has matured, then VouchersMatured", async () => {
      await increaseTo(m);
      expect(await rejects(ledger, a, () => request(a.s1, root, M, { deadline: m + DAY }), "VouchersMatured")).toEqual([root]);
    });
  });

  describe("execute", () => {
    it("when the bank executes 80 days before maturity at 4.5% with a 0.1% fee, then exact fen move and the bank holds a financed piece at the parent's tier", async () => {
      await setFee(10);
      const t2 = await passed(ledger, root, a.s1, a.s2, 4n * M);
      const id = await requested(a.s2, t2, M);
      const before = await Promise.all([a.s2, a.bank, a.operator].map((s) => cashOf(ledger, s)));
      const at = m - 80 * DAY + 12 * 3600; // noon CST, 80 calendar days before the maturity day
      const receipt = await executeAt(at, id);
      const piece = t2 + 1n;

      // 1,000,000.00 × 4.5% × 80/360 = 10,000.00 interest; 0.1% fee = 1,000.00.
      const [interest, fee, net] = [10_000_00n, 1_000_00n, M - 10_000_00n - 1_000_00n];
      expect(await eventsOf(ledger.Financing, receipt, "FinancingExecuted")).toEqual([[id, piece, 80n, interest, fee, net]]);
      const after = await Promise.all([a.s2, a.bank, a.operator].map((s) => cashOf(ledger, s)));
      expect(after.map((v, i) => v - before[i])).toEqual([net, -(net + fee), fee]);
      expect((await F(a.s2).quote(M, 450, 10, m, at)).toObject()).toEqual({ days_: 80n, interest, fee, net });
      expect(await usedOf(ledger, a.bank, a.core)).toBe(M);
      expect(await eventsOf(ledger.CreditLines, receipt, "CreditLineUsed")).toEqual([[A.bank, A.core, M, M]]);
      expect(await voucherOf(ledger, piece)).toEqual({
        owner: A.bank, value: M, redeemedValue: 0n, locked: 0n, depth: 2n, financed: true, root, parent: t2, debtor: A.core, maturity: BigInt(m),
      });
      expect(await voucherOf(ledger, t2)).toMatchObject({ owner: A.s2, value: 3n * M, locked: 0n, financed: false });
      expect(await eventsOf(ledger.Vouchers, receipt, "VoucherFinanced")).toEqual([[t2, piece, A.bank, M]]);
      // The sale lifts its lock: VoucherFinanced says so, with no VoucherUnlocked beside it.
      expect(await eventsOf(ledger.Vouchers, receipt, "VoucherUnlocked")).toEqual([]);
      expect((await F(a.s2).requestOf(id)).holder).toBe(ZeroAddress);
      expect((await ledger.Vouchers.slotAccount(slotId(A.core, m))).outstanding).toBe(FACE);
      await expectConserved(ledger, root, FACE);
    });

    it("when the amount is the whole voucher, then the voucher itself becomes the bank's financed voucher", async () => {
      const id = await requested(a.s1, root, FACE);
      const receipt = await mined(F(a.bank).execute(id));
      expect((await eventsOf(ledger.Financing, receipt, "FinancingExecuted"))[0][1]).toBe(root);
      expect(await ledger.Vouchers.lastId()).toBe(root);
      expect(await voucherOf(ledger, root)).toMatchObject({ owner: A.bank, value: FACE, financed: true, depth: 1n, locked: 0n, parent: 0n });
      expect(await usedOf(ledger, a.bank, a.core)).toBe(FACE);
      // The token moves from the holder who locked it, whom Financing names to Vouchers.
      expect(await eventsOf(ledger.Vouchers, receipt, "Transfer")).toEqual([[A.s1, A.bank, root]]);
    });

    it("when two requests lock the whole voucher between them, then the second sale hands the token itself over from the holder", async () => {
      const first = await requested(a.s1, root, M);
      const second = await requested(a.s1, root, FACE - M);
      const piece = (await eventsOf(ledger.Financing, await mined(F(a.bank).execute(first)), "FinancingExecuted"))[0][1] as bigint;
      const receipt = await mined(F(a.bank).execute(second));
      expect((await eventsOf(ledger.Financing, receipt, "FinancingExecuted"))[0][1]).toBe(root);
      expect(await eventsOf(ledger.Vouchers, receipt, "Transfer")).toEqual([[A.s1, A.bank, root]]);
      expect(await voucherOf(ledger, root)).toMatchObject({ owner: A.bank, value: FACE - M, financed: true, locked: 0n });
      expect(await voucherOf(ledger, piece)).toMatchObject({ owner: A.bank, value: M, financed: true, parent: root });
      await expectConserved(ledger, root, FACE);
    });

    it("when executed at 23:59 CST rather than 00:01 CST the next day, then one more day of interest is charged", async () => {
      const late = await requested(a.s1, root, M, { rate: 360 });
      const early = await requested(a.s1, root, M, { rate: 360 });
      const s1 = await cashOf(ledger, a.s1);
      const r1 = await executeAt(m - 30 * DAY - 60, late); // 23:59 CST, 31 days before the maturity day
      const s1Mid = await cashOf(ledger, a.s1);
      const r2 = await executeAt(m - 30 * DAY + 60, early); // 00:01 CST, 30 days before
      // 1,000,000.00 × 3.6% × 31/360 = 3,100.00; × 30/360 = 3,000.00.
      expect((await eventsOf(ledger.Financing, r1, "FinancingExecuted"))[0].slice(2)).toEqual([31n, 3_100_00n, 0n, M - 3_100_00n]);
      expect((await eventsOf(ledger.Financing, r2, "FinancingExecuted"))[0].slice(2)).toEqual([30n, 3_000_00n, 0n, M - 3_000_00n]);
      expect([s1Mid - s1, (await cashOf(ledger, a.s1)) - s1Mid]).toEqual([M - 3_100_00n, M - 3_000_00n]);
    });

    it("when interest is exactly half a fen over a whole fen, then it is rounded half up; just under half, down", async () => {
      const half = await requested(a.s1, root, 1_000_050n, { rate: 600 });
      const under = await requested(a.s1, root, 1_000_049n, { rate: 600 });
      const at = m - 60 * DAY + 3600;
      // × 6% × 60/360 = amount / 100: 10,000.50 fen → 10,001; 10,000.49 fen → 10,000.
      const r1 = await executeAt(at, half);
      const r2 = await executeAt(at + 60, under);
      expect((await eventsOf(ledger.Financing, r1, "FinancingExecuted"))[0].slice(2)).toEqual([60n, 10_001n, 0n, 990_049n]);
      expect((await eventsOf(ledger.Financing, r2, "FinancingExecuted"))[0].slice(2)).toEqual([60n, 10_000n, 0n, 990_049n]);
    });

    it("when the fee changes after the request, then the request keeps the fee it was made with", async () => {
      const id = await requested(a.s1, root, M);
      await setFee(100);
      const op = await cashOf(ledger, a.operator);
      const receipt = await mined(F(a.bank).execute(id));
      const [, , days, interest, fee, net] = (await eventsOf(ledger.Financing, receipt, "FinancingExecuted"))[0] as bigint[];
      expect(fee).toBe(0n);
      expect(await cashOf(ledger, a.operator)).toBe(op);
      expect((await F(a.s1).quote(M, 450, 0, m, await blockTime(receipt))).toObject()).toEqual({ days_: days, interest, fee, net });
    });

    it("when the bank executes exactly at the deadline, then it still may", async () => {
      const id = await requested(a.s1, root, M);
      await executeAt(DL, id);
      expect((await voucherOf(ledger, root + 1n)).owner).toBe(A.bank);
    });

    it("when the request was never made or is executed twice, then FinancingNotPending", async () => {
      expect(await rejects(ledger, a, () => F(a.bank).execute(99n), "FinancingNotPending")).toEqual([99n]);
      const id = await requested(a.s1, root, M);
      await mined(F(a.bank).execute(id));
      expect(await rejects(ledger, a, () => F(a.bank).execute(id), "FinancingNotPending")).toEqual([id]);
    });

    it("when someone other than the request's bank executes, then FinancingNotBank", async () => {
      const id = await requested(a.s1, root, M);
      // The request keeps the bank by participant index; an unregistered caller has index zero.
      for (const [s, who] of [[a.bank2, A.bank2], [a.s1, A.s1], [a.outsider, A.outsider]] as const) {
        expect(await rejects(ledger, a, () => F(s).execute(id), "FinancingNotBank", { requests: [id] })).toEqual([id, who]);
      }
    });

    it("when the deadline has passed, then FinancingExpired", async () => {
      const id = await requested(a.s1, root, M);
      await atNext(DL + 1);
      expect(await rejects(ledger, a, () => F(a.bank).execute(id, GAS), "FinancingExpired", { requests: [id] })).toEqual([id, BigInt(DL)]);
    });

    it("when the holder is frozen or suspended after the request, then ParticipantsNotActive and nothing moves", async () => {
      const id = await requested(a.s1, root, M);
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      expect(await rejects(ledger, a, () => F(a.bank).execute(id), "ParticipantsNotActive", { requests: [id] })).toEqual([A.s1, 3n]);
      await mined(as(ledger.Participants, a.regulator).unfreeze(A.s1));
      await mined(as(ledger.Participants, a.operator).suspend(A.s1));
      expect(await rejects(ledger, a, () => F(a.bank).execute(id), "ParticipantsNotActive", { requests: [id] })).toEqual([A.s1, 2n]);
    });

    it("when the bank is suspended after the request, then ParticipantsNotActive", async () => {
      const id = await requested(a.s1, root, M);
      await mined(as(ledger.Participants, a.operator).suspend(A.bank));
      expect(await rejects(ledger, a, () => F(a.bank).execute(id), "ParticipantsNotActive", { requests: [id] })).toEqual([A.bank, 2n]);
    });

    it("when the program drops the bank from its eligible banks after the request, then FinancingBankNotEligible", async () => {
      await setRules(ledger, a.core, { banksRestricted: true });
      await mined(as(ledger.CreditPassingRules, a.core).setEligibleBanks([A.bank], true));
      const id = await requested(a.s1, root, M);
      await mined(as(ledger.CreditPassingRules, a.core).setEligibleBanks([A.bank], false));
      expect(await rejects(ledger, a, () => F(a.bank).execute(id), "FinancingBankNotEligible", { requests: [id] })).toEqual([A.bank, A.core]);
    });

    it("when another execution used up the line meanwhile, then CreditLinesExceeded", async () => {
      await mined(as(ledger.CreditLines, a.bank).amend(A.core, (3n * M) / 2n, await expiry()));
      const first = await requested(a.s1, root, M);
      const second = await requested(a.s1, root, M);
      await mined(F(a.bank).execute(first));
      expect(await rejects(ledger, a, () => F(a.bank).execute(second), "CreditLinesExceeded", { requests: [second] })).toEqual([A.bank, A.core, M / 2n, M]);
    });

    it("when the line expired or was closed after the request, then CreditLinesExpired or CreditLinesNotFound", async () => {
      const end = (await latest()) + 5 * DAY;
      await mined(as(ledger.CreditLines, a.bank).amend(A.core, 2n * FACE, end));
      const id = await requested(a.s1, root, M);
      await increaseTo(end);
      expect(await rejects(ledger, a, () => F(a.bank).execute(id), "CreditLinesExpired", { requests: [id] })).toEqual([A.bank, A.core, BigInt(end)]);
      await mined(as(ledger.CreditLines, a.bank).close(A.core));
      expect(await rejects(ledger, a, () => F(a.bank).execute(id), "CreditLinesNotFound", { requests: [id] })).toEqual([A.bank, A.core]);
    });

    it("when the bank has no cash to pay, then ERC20InsufficientBalance and nothing is delivered", async () => {
      const id = await requested(a.s1, root, M);
      await mined(as(ledger.SettlementCash, a.bank).burn(A.bank, await cashOf(ledger, a.bank), keccak256("0x04")));
      const at = m - 50 * DAY;
      const q = await F(a.bank).quote(M, 450, 0, m, at);
      await atNext(at);
      expect(await rejects(ledger, a, () => F(a.bank).execute(id, GAS), "ERC20InsufficientBalance", { requests: [id] })).toEqual([A.bank, 0n, q.net]);
    });
  });

  describe("decline", () => {
    it("when the bank declines, then the lock is lifted and the request is gone", async () => {
      const id = await requested(a.s1, root, M);
      const receipt = await mined(F(a.bank).decline(id));
      expect(await eventsOf(ledger.Financing, receipt, "FinancingDeclined")).toEqual([[id]]);
      expect(await eventsOf(ledger.Vouchers, receipt, "VoucherUnlocked")).toEqual([[root, M, 0n]]);
      expect((await voucherOf(ledger, root)).locked).toBe(0n);
      expect((await F(a.s1).requestOf(id)).holder).toBe(ZeroAddress);
      expect(await rejects(ledger, a, () => F(a.bank).execute(id), "FinancingNotPending")).toEqual([id]);
    });

    it("when someone other than the bank declines, or the request is not pending, then nothing changes", async () => {
      const id = await requested(a.s1, root, M);
      expect(await rejects(ledger, a, () => F(a.s1).decline(id), "FinancingNotBank", { requests: [id] })).toEqual([id, A.s1]);
      expect(await rejects(ledger, a, () => F(a.bank2).decline(id), "FinancingNotBank", { requests: [id] })).toEqual([id, A.bank2]);
      expect(await rejects(ledger, a, () => F(a.outsider).decline(id), "FinancingNotBank", { requests: [id] })).toEqual([id, A.outsider]);
      await mined(F(a.bank).execute(id));
      expect(await rejects(ledger, a, () => F(a.bank).decline(id), "FinancingNotPending")).toEqual([id]);
    });

  });

  describe("cancel", () => {
    it("when the holder cancels, then the lock is lifted; a second cancel is FinancingNotPending", async () => {
      const id = await requested(a.s1, root, M);
      const receipt = await mined(F(a.s1).cancel(id));
      expect(await eventsOf(ledger.Financing, receipt, "FinancingCancelled")).toEqual([[id]]);
      expect((await voucherOf(ledger, root)).locked).toBe(0n);
      expect(await rejects(ledger, a, () => F(a.s1).cancel(id), "FinancingNotPending")).toEqual([id]);
    });

    it("when someone other than the holder cancels, then FinancingNotHolder", async () => {
      const id = await requested(a.s1, root, M);
      expect(await rejects(ledger, a, () => F(a.bank).cancel(id), "FinancingNotHolder", { requests: [id] })).toEqual([id, A.bank]);
      expect(await rejects(ledger, a, () => F(a.s2).cancel(id), "FinancingNotHolder", { requests: [id] })).toEqual([id, A.s2]);
      expect(await rejects(ledger, a, () => F(a.outsider).cancel(id), "FinancingNotHolder", { requests: [id] })).toEqual([id, A.outsider]);
    });

  });

  describe("release", () => {
    it("when the deadline has not passed, then release is FinancingNotExpired, even at the deadline itself", async () => {
      const id = await requested(a.s1, root, M);
      expect(await rejects(ledger, a, () => F(a.outsider).release(id), "FinancingNotExpired", { requests: [id] })).toEqual([id, BigInt(DL)]);
      await atNext(DL);
      expect(await rejects(ledger, a, () => F(a.outsider).release(id, GAS), "FinancingNotExpired", { requests: [id] })).toEqual([id, BigInt(DL)]);
    });

    it("when the deadline has passed, then anyone releases the lock once and the bank can no longer execute", async () => {
      const id = await requested(a.s1, root, M);
      await atNext(DL + 1);
      const receipt = await mined(F(a.outsider).release(id, GAS));
      expect(await eventsOf(ledger.Financing, receipt, "FinancingReleased")).toEqual([[id, A.outsider]]);
      expect((await voucherOf(ledger, root)).locked).toBe(0n);
      expect(await rejects(ledger, a, () => F(a.outsider).release(id), "FinancingNotPending")).toEqual([id]);
      expect(await rejects(ledger, a, () => F(a.bank).execute(id), "FinancingNotPending")).toEqual([id]);
    });
  });

  describe("setFee", () => {
    it("when the operator sets a fee up to the maximum for itself, then fee() reports it", async () => {
      expect(await F(a.s1).MAX_FEE_BPS()).toBe(1_000n);
      const receipt = await setFee(1_000);
      expect(await eventsOf(ledger.Financing, receipt, "FeeChanged")).toEqual([[1_000n, A.operator]]);
      expect((await F(a.s1).fee()).toArray()).toEqual([1_000n, A.operator]);
    });

    it("when the fee is above the maximum or the recipient is not an active operator, then FinancingInvalidFee", async () => {
      await mined(as(ledger.Participants, a.operator).register(A.outsider, ROLE.OPERATOR, keccak256("0x05"), keccak256("0x06")));
      await mined(as(ledger.Participants, a.operator).suspend(A.outsider));
      for (const [bps, to] of [[1_001, A.operator], [10, A.s1], [10, A.regulator], [10, A.outsider]] as const) {
        expect(await rejects(ledger, a, () => F(a.operator).setFee(bps, to), "FinancingInvalidFee")).toEqual([BigInt(bps), to]);
      }
      expect((await F(a.s1).fee()).toArray()).toEqual([0n, A.operator]);
    });

    it("when the caller is not the operator, then the participant error and the fee is unchanged", async () => {
      expect(await rejects(ledger, a, () => F(a.s1).setFee(10, A.operator), "ParticipantsMissingRole")).toEqual([A.s1, 1n]);
      expect(await rejects(ledger, a, () => F(a.regulator).setFee(10, A.operator), "ParticipantsMissingRole")).toEqual([A.regulator, 1n]);
      expect(await rejects(ledger, a, () => F(a.outsider).setFee(10, A.operator), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      expect((await F(a.s1).fee()).toArray()).toEqual([0n, A.operator]);
    });
  });

  describe("quote", () => {
    const q = async (amount: bigint, rate: number, fee: number, at: number) =>
      (await ledger.Financing.quote(amount, rate, fee, m, at)).toObject();

    it("when priced from any time of the day before maturity, then one day; on the maturity day or after, none", async () => {
      expect((await q(M, 3_600, 0, m - DAY)).days_).toBe(1n);
      expect((await q(M, 3_600, 0, m - 1)).days_).toBe(1n);
      expect((await q(M, 3_600, 0, m - DAY - 1)).days_).toBe(2n);
      expect(await q(M, 3_600, 0, m)).toEqual({ days_: 0n, interest: 0n, fee: 0n, net: M });
      expect(await q(M, 3_600, 10, m + 5 * DAY)).toEqual({ days_: 0n, interest: 0n, fee: 1_000_00n, net: M - 1_000_00n });
    });

    it("when interest and fee are exactly half a fen over, then both round half up", async () => {
      // 1,000,500 fen × 36% × 1/360 = 1,000.5 fen → 1,001; the 10 bps fee is 1,000.5 fen → 1,001.
      expect(await q(1_000_500n, 3_600, 10, m - DAY)).toEqual({ days_: 1n, interest: 1_001n, fee: 1_001n, net: 998_498n });
      // 500 fen × 36% × 1/360 = 0.5 fen → 1; 499 fen → 0.499 fen → 0.
      expect((await q(500n, 3_600, 0, m - DAY)).interest).toBe(1n);
      expect((await q(499n, 3_600, 0, m - DAY)).interest).toBe(0n);
    });

    it("when interest and fee take all of the amount, then FinancingNoProceeds", async () => {
      // 100 fen × 100% × 324/360 = 90 fen, fee 10% = 10 fen: exactly the amount, nothing left.
      expect(await rejects(ledger, a, () => ledger.Financing.quote(100n, 10_000, 1_000, m, m - 324 * DAY), "FinancingNoProceeds")).toEqual([100n, 90n, 10n]);
      // 322 days: 89.44 fen → 89, leaving 1 fen.
      expect(await q(100n, 10_000, 1_000, m - 322 * DAY)).toEqual({ days_: 322n, interest: 89n, fee: 10n, net: 1n });
    });
  });

  describe("voucher hooks", () => {
    it("when anyone but the financing module calls lock, unlock or deliverFinanced, then VouchersUnauthorized", async () => {
      const V = (s: Signer) => as(ledger.Vouchers, s);
      for (const [s, who] of [[a.outsider, A.outsider], [a.s1, A.s1], [a.bank, A.bank], [a.core, A.core]] as const) {
        expect(await rejects(ledger, a, () => V(s).lock(root, A.s1, 1n, A.bank, M), "VouchersUnauthorized")).toEqual([who]);
        expect(await rejects(ledger, a, () => V(s).unlock(root, 0n), "VouchersUnauthorized")).toEqual([who]);
        expect(await rejects(ledger, a, () => V(s).deliverFinanced(root, M, A.bank, 1n, A.s1, 1n), "VouchersUnauthorized")).toEqual([who]);
      }
    });
  });
});
