import { describe, expect, it } from "vitest";
import type { Signer } from "ethers";
import { as, cstMidnightIn, DAY, FACE, increaseTo, issued, latest, passed, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { cashOf, eventsOf, mined, rejects, voucherOf } from "./voucher-fixtures";

const M = 1_000_000_00n; // ¥1,000,000.00
const GRACE = 3 * DAY;
const RATE = 1_800; // 0.05% a day on a 360-day year (万分之五)
const YEAR_BASIS = 10_000n * 360n;
/** Discount.interest: amount × rate × days / (10,000 × 360), half up to the fen. */
const interest = (amount: bigint, rateBps: number, days: number) => (amount * BigInt(rateBps) * BigInt(days) + YEAR_BASIS / 2n) / YEAR_BASIS;

describe("Settlement: late funding with penalty interest", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let m: number;
  let root: bigint;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    m = await cstMidnightIn(30);
    root = await issued(ledger, a.core, a.s1, FACE, m);
  });

  const S = (s: Signer) => as(ledger.Settlement, s);
  const escrow = async () => cashOf(ledger, await ledger.Settlement.getAddress());
  /** 09:00 CST `days` days after the maturity day. */
  const daysLate = (days: number) => increaseTo(m + days * DAY + 9 * 3600);
  const setRate = (rate = RATE, core: Signer = a.core) => mined(S(core).setPenaltyRate(rate));

  describe("setPenaltyRate", () => {
    it("when the program sets a rate, then it applies to its slots; a program that never set one charges none", async () => {
      expect(await S(a.outsider).penaltyRateFor(A.core, m)).toBe(0n);
      const receipt = await setRate();
      expect(await eventsOf(ledger.Settlement, receipt, "PenaltyRateChanged")).toEqual([[A.core, BigInt(RATE)]]);
      expect(await S(a.outsider).penaltyRateFor(A.core, m)).toBe(BigInt(RATE));
      expect(await S(a.outsider).penaltyRateFor(A.core2, m)).toBe(0n);
    });

    it("when the program lowers its rate, then slots maturing within a year of the change keep the higher; a raise applies at once", async () => {
      await setRate(RATE);
      await setRate(600);
      const changed = await latest();
      expect(await S(a.outsider).penaltyRateFor(A.core, m)).toBe(BigInt(RATE));
      expect(await S(a.outsider).penaltyRateFor(A.core, changed + 365 * DAY - 1)).toBe(BigInt(RATE));
      expect(await S(a.outsider).penaltyRateFor(A.core, changed + 365 * DAY)).toBe(600n);
      // Lowering again cannot wash the first rate out.
      await setRate(0);
      expect(await S(a.outsider).penaltyRateFor(A.core, m)).toBe(BigInt(RATE));
      await setRate(3_000);
      expect(await S(a.outsider).penaltyRateFor(A.core, m)).toBe(3_000n);
      expect(await S(a.outsider).penaltyRateFor(A.core, (await latest()) + 400 * DAY)).toBe(3_000n);
    });

    it("when the rate is above the maximum or the caller not a core enterprise, then each is refused", async () => {
      expect(await S(a.outsider).MAX_PENALTY_RATE_BPS()).toBe(3_600n);
      expect(await rejects(ledger, a, () => S(a.core).setPenaltyRate(3_601), "SettlementInvalidPenaltyRate")).toEqual([3_601n]);
      expect(await rejects(ledger, a, () => S(a.s1).setPenaltyRate(RATE), "ParticipantsMissingRole")).toEqual([A.s1, BigInt(ROLE.CORE)]);
      await mined(as(ledger.Participants, a.regulator).freeze(A.core));
      await rejects(ledger, a, () => S(a.core).setPenaltyRate(RATE), "ParticipantsNotActive");
      expect(await S(a.outsider).penaltyRateFor(A.core, m)).toBe(0n);
    });
  });

  describe("fund, late", () => {
    it("when an overdue slot is funded ten days after maturity, then the debtor escrows the shortfall and ten days' penalty on it", async () => {
      await setRate();
      await daysLate(10);
      const penalty = interest(FACE, RATE, 10);
      expect(penalty).toBe(5_000_000n);
      expect(await S(a.outsider).penaltyDue(A.core, m, await latest())).toBe(penalty);
      const [core, held] = [await cashOf(ledger, a.core), await escrow()];
      expect(await S(a.core).fund.staticCall(m)).toBe(FACE);
      const receipt = await mined(S(a.core).fund(m));
      expect(await eventsOf(ledger.Settlement, receipt, "SlotFundedBy")).toEqual([[A.core, BigInt(m), FACE]]);
      expect(await eventsOf(ledger.Settlement, receipt, "PenaltyCharged")).toEqual([[A.core, BigInt(m), 10n, BigInt(RATE), FACE, penalty]]);
      expect([await cashOf(ledger, a.core), await escrow()]).toEqual([core - FACE - penalty, held + FACE + penalty]);
      expect((await S(a.outsider).penaltyOf(A.core, m)).toArray()).toEqual([penalty, FACE]);
      expect(await S(a.outsider).penaltyDue(A.core, m, await latest())).toBe(0n);
    });

    it("when part of the slot was escrowed on time, then the penalty still runs on all of it: no holder could be paid", async () => {
      await setRate();
      await mined(S(a.core).fund(m));
      await issued(ledger, a.core, a.s2, 3n * M + 7n, m);
      await daysLate(7);
      const outstanding = FACE + 3n * M + 7n;
      const core = await cashOf(ledger, a.core);
      const receipt = await mined(S(a.core).fund(m));
      const penalty = interest(outstanding, RATE, 7);
      expect(await eventsOf(ledger.Settlement, receipt, "PenaltyCharged")).toEqual([[A.core, BigInt(m), 7n, BigInt(RATE), outstanding, penalty]]);
      expect(await cashOf(ledger, a.core)).toBe(core - 3n * M - 7n - penalty);
    });

    it("when the penalty has a fraction of a fen, then it is rounded half up", async () => {
      await setRate();
      const m2 = m + DAY;
      const odd = await issued(ledger, a.core, a.s3, 1_799n, m2);
      await increaseTo(m2 + 4 * DAY + 9 * 3600);
      // 1,799 fen × 18% × 4 / 360 = 3.598 fen: 4 fen, where truncating would give 3.
      expect((1_799n * 1_800n * 4n) / YEAR_BASIS).toBe(3n);
      const receipt = await mined(S(a.core).fund(m2));
      expect(await eventsOf(ledger.Settlement, receipt, "PenaltyCharged")).toEqual([[A.core, BigInt(m2), 4n, BigInt(RATE), 1_799n, 4n]]);
      await mined(S(a.outsider).redeem(odd));
      await mined(S(a.outsider).payPenalty(odd));
      expect((await S(a.outsider).penaltyOf(A.core, m2)).toArray()).toEqual([0n, 0n]);
    });

    it("when funded within the grace period, or the program has no rate, then no penalty: exactly the shortfall moves", async () => {
      await setRate(RATE, a.core);
      await increaseTo(m + GRACE - 1);
      const core = await cashOf(ledger, a.core);
      const receipt = await mined(S(a.core).fund(m));
      expect(await eventsOf(ledger.Settlement, receipt, "PenaltyCharged")).toEqual([]);
      expect(await cashOf(ledger, a.core)).toBe(core - FACE);
      // No rate set: an overdue slot is funded as before, without a penalty.
      await mined(as(ledger.CreditPassingRules, a.core2).setRules({ maxDepth: 5, maxTermDays: 180, minSplit: 1n, invoicesRequired: true, whitelistOnly: false, banksRestricted: false, issuanceCoveredByCredit: false }));
      const m2 = await cstMidnightIn(10);
      await issued(ledger, a.core2, a.s1, M, m2);
      await increaseTo(m2 + 20 * DAY);
      await mined(as(ledger.SettlementCash, a.bank).mint(A.core2, M, "0x" + "ab".repeat(32)));
      const before = await cashOf(ledger, a.core2);
      const late = await mined(S(a.core2).fund(m2));
      expect(await eventsOf(ledger.Settlement, late, "PenaltyCharged")).toEqual([]);
      expect(await cashOf(ledger, a.core2)).toBe(before - M);
    });

    it("when the debtor cannot pay the penalty too, then ERC20InsufficientBalance and nothing is escrowed", async () => {
      await setRate();
      await daysLate(10);
      const spare = (await cashOf(ledger, a.core)) - FACE;
      await mined(as(ledger.SettlementCash, a.core).transfer(A.core2, spare));
      const need = FACE + interest(FACE, RATE, 10);
      expect(await rejects(ledger, a, () => S(a.core).fund(m), "ERC20InsufficientBalance")).toEqual([A.core, FACE, need]);
    });
  });

  describe("payPenalty", () => {
    it("when every holder of the slot is paid its share, then the shares are pro rata and sum to the penalty, to the fen", async () => {
      await setRate();
      const t2 = await passed(ledger, root, a.s1, a.s2, 333_333_33n);
      const t3 = await passed(ledger, t2, a.s2, a.s3, 111_111_11n);
      await mined(as(ledger.Financing, a.s1).request(root, 100_000_01n, A.bank, 450, m - DAY));
      await mined(as(ledger.Financing, a.bank).execute(1n));
      const piece = (await ledger.Vouchers.lastId()) as bigint;
      await daysLate(13);
      const penalty = interest(FACE, RATE, 13);
      await mined(S(a.core).fund(m));
      const ids = [t3, piece, root, t2];
      await mined(S(a.outsider).redeemBatch(ids));

      let [pool, base] = [penalty, FACE];
      let total = 0n;
      for (const id of ids) {
        const v = await voucherOf(ledger, id);
        const share = base === v.redeemedValue ? pool : (pool * v.redeemedValue) / base;
        const before = await cashOf(ledger, v.owner);
        expect(await S(a.outsider).payPenalty.staticCall(id)).toBe(share);
        const receipt = await mined(S(a.outsider).payPenalty(id));
        expect(await eventsOf(ledger.Settlement, receipt, "PenaltyPaid")).toEqual([[id, v.owner, share]]);
        expect(await cashOf(ledger, v.owner)).toBe(before + share);
        expect(await S(a.outsider).penaltyPaid(id)).toBe(true);
        [pool, base] = [pool - share, base - v.redeemedValue];
        total += share;
      }
      expect(total).toBe(penalty);
      expect((await S(a.outsider).penaltyOf(A.core, m)).toArray()).toEqual([0n, 0n]);
      expect(await escrow()).toBe(0n);
    });

    it("when the voucher is not redeemed, was paid already, or its slot had no penalty, then each is refused", async () => {
      await setRate();
      await daysLate(10);
      await mined(S(a.core).fund(m));
      expect(await rejects(ledger, a, () => S(a.outsider).payPenalty(root), "SettlementNotRedeemed")).toEqual([root]);
      await mined(S(a.outsider).redeem(root));
      await mined(S(a.outsider).payPenalty(root));
      expect(await rejects(ledger, a, () => S(a.outsider).payPenalty(root), "SettlementPenaltyPaid")).toEqual([root]);
      // A slot funded on time has no penalty to share.
      const m2 = await cstMidnightIn(5);
      const onTime = await issued(ledger, a.core, a.s1, M, m2);
      await mined(S(a.core).fund(m2));
      await increaseTo(m2);
      await mined(S(a.outsider).redeem(onTime));
      expect(await rejects(ledger, a, () => S(a.outsider).payPenalty(onTime), "SettlementNoPenalty")).toEqual([onTime]);
      expect(await rejects(ledger, a, () => S(a.outsider).payPenalty(99n), "VouchersNotFound")).toEqual([99n]);
    });

    it("when the holder is frozen, then ParticipantsNotActive until the freeze is lifted", async () => {
      await setRate();
      await daysLate(10);
      await mined(S(a.core).fund(m));
      await mined(S(a.outsider).redeem(root));
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      expect(await rejects(ledger, a, () => S(a.outsider).payPenalty(root), "ParticipantsNotActive")).toEqual([A.s1, 3n]);
      await mined(as(ledger.Participants, a.regulator).unfreeze(A.s1));
      await mined(S(a.outsider).payPenalty(root));
      expect(await escrow()).toBe(0n);
    });
  });

  describe("penaltyDue", () => {
    it("when asked before the slot is overdue or once it is funded, then 0; in between, what funding would charge", async () => {
      await setRate();
      expect(await S(a.outsider).penaltyDue(A.core, m, m + GRACE - 1)).toBe(0n);
      expect(await S(a.outsider).penaltyDue(A.core, m, m + GRACE)).toBe(interest(FACE, RATE, 3));
      expect(await S(a.outsider).penaltyDue(A.core, m, m + 30 * DAY + 1)).toBe(interest(FACE, RATE, 30));
      await mined(S(a.core).fund(m));
      expect(await S(a.outsider).penaltyDue(A.core, m, m + 30 * DAY)).toBe(0n);
    });
  });
});
