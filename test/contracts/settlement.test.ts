import { LEDGER_LIMITS } from "../../chain/limits";
import { describe, expect, it } from "vitest";
import type { Signer } from "ethers";
import { as, cstMidnightIn, DAY, FACE, increaseTo, issued, passed, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { atNext, cashOf, eventsOf, expectConserved, GAS, mined, rejects, setRules, slotId, usedOf, voucherOf } from "./voucher-fixtures";

const M = 1_000_000_00n; // ¥1,000,000.00
const GRACE = 3 * DAY;

describe("Settlement", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let m: number;
  let slot: bigint;
  let root: bigint;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    m = await cstMidnightIn(30);
    slot = slotId(A.core, m);
    root = await issued(ledger, a.core, a.s1, FACE, m);
  });

  const S = (s: Signer) => as(ledger.Settlement, s);
  const fund = () => mined(S(a.core).fund(m));
  const account = async () => ({ ...(await ledger.Vouchers.slotAccount(slot)).toObject() });
  /** s1 sells `amount` of the root to the bank; returns the bank's piece (the root itself when whole). */
  const financed = async (amount: bigint) => {
    await mined(as(ledger.Financing, a.s1).request(root, amount, A.bank, 450, m - DAY));
    const receipt = await mined(as(ledger.Financing, a.bank).execute(1n));
    return (await eventsOf(ledger.Financing, receipt, "FinancingExecuted"))[0][1] as bigint;
  };

  describe("fund", () => {
    it("when the debtor funds its slot, then exactly the shortfall moves into escrow", async () => {
      expect(await S(a.core).fund.staticCall(m)).toBe(FACE);
      const [core, escrow] = [await cashOf(ledger, a.core), await cashOf(ledger, await ledger.Settlement.getAddress())];
      const receipt = await fund();
      expect(await eventsOf(ledger.Settlement, receipt, "SlotFundedBy")).toEqual([[A.core, BigInt(m), FACE]]);
      expect(await eventsOf(ledger.Vouchers, receipt, "SlotFunded")).toEqual([[slot, FACE, FACE]]);
      expect(await cashOf(ledger, a.core)).toBe(core - FACE);
      expect(await cashOf(ledger, await ledger.Settlement.getAddress())).toBe(escrow + FACE);
      expect(await account()).toEqual({ outstanding: FACE, escrowed: FACE });
      await expectConserved(ledger, root, FACE);
    });

    it("when a later issue lands in a funded slot, then the slot is unfunded again until topped up by exactly the new amount", async () => {
      await fund();
      const late = await issued(ledger, a.core, a.s2, 2n * M, m);
      expect(await account()).toEqual({ outstanding: FACE + 2n * M, escrowed: FACE });
      await increaseTo(m);
      expect(await rejects(ledger, a, () => S(a.outsider).redeem(root), "VouchersSlotUnfunded")).toEqual([slot, FACE + 2n * M, FACE]);
      const core = await cashOf(ledger, a.core);
      expect(await S(a.core).fund.staticCall(m)).toBe(2n * M);
      await fund();
      expect(await cashOf(ledger, a.core)).toBe(core - 2n * M);
      await mined(S(a.outsider).redeemBatch([root, late]));
      expect(await account()).toEqual({ outstanding: 0n, escrowed: 0n });
    });

    it("when the slot is already funded or has nothing outstanding, then SettlementNothingToFund", async () => {
      await fund();
      expect(await rejects(ledger, a, () => S(a.core).fund(m), "SettlementNothingToFund")).toEqual([A.core, BigInt(m)]);
      const empty = m + DAY;
      expect(await rejects(ledger, a, () => S(a.core).fund(empty), "SettlementNothingToFund")).toEqual([A.core, BigInt(empty)]);
    });

    it("when the caller is not an active core enterprise, then the participant error and no cash moves", async () => {
      expect(await rejects(ledger, a, () => S(a.s1).fund(m), "ParticipantsMissingRole")).toEqual([A.s1, 4n]);
      expect(await rejects(ledger, a, () => S(a.outsider).fund(m), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await mined(as(ledger.Participants, a.regulator).freeze(A.core));
      expect(await rejects(ledger, a, () => S(a.core).fund(m), "ParticipantsNotActive")).toEqual([A.core, 3n]);
    });

    it("when the debtor has too little cash, then ERC20InsufficientBalance and nothing is escrowed", async () => {
      await setRules(ledger, a.core2, { issuanceCoveredByCredit: false });
      await issued(ledger, a.core2, a.s1, M, m);
      expect(await rejects(ledger, a, () => S(a.core2).fund(m), "ERC20InsufficientBalance")).toEqual([A.core2, 0n, M]);
    });
  });

  describe("redeem", () => {
    it("when anyone redeems at maturity from a funded slot, then each current holder is paid, values zero and value is conserved", async () => {
      const t2 = await passed(ledger, root, a.s1, a.s2, 3n * M);
      await fund();
      await expectConserved(ledger, root, FACE);
      const s2 = await cashOf(ledger, a.s2);
      await atNext(m);
      const receipt = await mined(S(a.outsider).redeem(t2, GAS));
      expect(await eventsOf(ledger.Vouchers, receipt, "VoucherRedeemed")).toEqual([[t2, A.s2, 3n * M]]);
      expect(await cashOf(ledger, a.s2)).toBe(s2 + 3n * M);
      expect(await voucherOf(ledger, t2)).toMatchObject({ owner: A.s2, value: 0n, redeemedValue: 3n * M });
      expect(await ledger.Vouchers.balanceOf(t2)).toBe(0n);
      expect(await account()).toEqual({ outstanding: FACE - 3n * M, escrowed: FACE - 3n * M });
      expect(await ledger.Vouchers.outstandingOf(A.core)).toBe(FACE - 3n * M);
      await expectConserved(ledger, root, FACE);

      const s1 = await cashOf(ledger, a.s1);
      await mined(S(a.s2).redeem(root));
      expect(await cashOf(ledger, a.s1)).toBe(s1 + FACE - 3n * M);
      expect(await account()).toEqual({ outstanding: 0n, escrowed: 0n });
      expect(await ledger.Vouchers.outstandingOf(A.core)).toBe(0n);
      await expectConserved(ledger, root, FACE);
    });

    it("when a bank's financed piece is redeemed, then the bank is paid and its credit line released by the piece's value", async () => {
      const piece = await financed(M);
      expect(await usedOf(ledger, a.bank, a.core)).toBe(M);
      await fund();
      await increaseTo(m);
      const bank = await cashOf(ledger, a.bank);
      const receipt = await mined(S(a.outsider).redeem(piece));
      expect(await cashOf(ledger, a.bank)).toBe(bank + M);
      expect(await usedOf(ledger, a.bank, a.core)).toBe(0n);
      expect(await eventsOf(ledger.CreditLines, receipt, "CreditLineReleased")).toEqual([[A.bank, A.core, M, 0n]]);
      const other = await mined(S(a.outsider).redeem(root));
      expect(await eventsOf(ledger.CreditLines, other, "CreditLineReleased")).toEqual([]);
      await expectConserved(ledger, root, FACE);
    });

    it("when a whole financed voucher, split by its bank, is redeemed, then the line is released piece by piece back to zero", async () => {
      expect(await financed(FACE)).toBe(root);
      await mined(as(ledger.Vouchers, a.bank).split(root, [M, 2n * M]));
      await fund();
      await increaseTo(m);
      await mined(S(a.outsider).redeemBatch([root, root + 1n]));
      expect(await usedOf(ledger, a.bank, a.core)).toBe(2n * M);
      await mined(S(a.outsider).redeem(root + 2n));
      expect(await usedOf(ledger, a.bank, a.core)).toBe(0n);
      await expectConserved(ledger, root, FACE);
    });

    it("when redeemed one second before the maturity day, then VouchersNotMatured", async () => {
      await fund();
      await atNext(m - 1);
      expect(await rejects(ledger, a, () => S(a.outsider).redeem(root, GAS), "VouchersNotMatured")).toEqual([root, BigInt(m)]);
    });

    it("when redeemed twice, then VouchersNothingToRedeem and the holder is paid once", async () => {
      await fund();
      await increaseTo(m);
      await mined(S(a.outsider).redeem(root));
      expect(await rejects(ledger, a, () => S(a.outsider).redeem(root), "VouchersNothingToRedeem")).toEqual([root]);
      expect((await voucherOf(ledger, root)).redeemedValue).toBe(FACE);
    });

    it("when a voucher was wholly passed on and holds nothing, then VouchersNothingToRedeem", async () => {
      await passed(ledger, root, a.s1, a.s2, FACE);
      await fund();
      await increaseTo(m);
      expect(await rejects(ledger, a, () => S(a.outsider).redeem(root), "VouchersNothingToRedeem")).toEqual([root]);
    });

    it("when the slot is unfunded, then VouchersSlotUnfunded", async () => {
      await increaseTo(m);
      expect(await rejects(ledger, a, () => S(a.outsider).redeem(root), "VouchersSlotUnfunded")).toEqual([slot, FACE, 0n]);
    });

    it("when a lapsed financing request still locks value, then VouchersLocked until someone releases it", async () => {
      await mined(as(ledger.Financing, a.s1).request(root, M, A.bank, 450, m - DAY));
      await fund();
      await increaseTo(m);
      expect(await rejects(ledger, a, () => S(a.outsider).redeem(root), "VouchersLocked", { requests: [1n] })).toEqual([root, M]);
      await mined(as(ledger.Financing, a.outsider).release(1n));
      await mined(S(a.outsider).redeem(root));
      expect((await voucherOf(ledger, root)).redeemedValue).toBe(FACE);
    });

    it("when the id was never minted, then VouchersNotFound", async () => {
      expect(await rejects(ledger, a, () => S(a.outsider).redeem(99n), "VouchersNotFound")).toEqual([99n]);
    });

    it("when the holder is frozen or suspended, then ParticipantsNotActive until the freeze is lifted", async () => {
      await fund();
      await increaseTo(m);
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      expect(await rejects(ledger, a, () => S(a.outsider).redeem(root), "ParticipantsNotActive")).toEqual([A.s1, 3n]);
      await mined(as(ledger.Participants, a.regulator).unfreeze(A.s1));
      await mined(as(ledger.Participants, a.operator).suspend(A.s1));
      expect(await rejects(ledger, a, () => S(a.outsider).redeem(root), "ParticipantsNotActive")).toEqual([A.s1, 2n]);
      await mined(as(ledger.Participants, a.operator).reinstate(A.s1));
      await mined(S(a.outsider).redeem(root));
      expect(await voucherOf(ledger, root)).toMatchObject({ value: 0n, redeemedValue: FACE });
    });
  });

  describe("redeemBatch", () => {
    it("when fifty vouchers are redeemed in one batch, then all are paid", async () => {
      for (const n of [16, 16, 16, 1]) await mined(as(ledger.Vouchers, a.s1).split(root, Array<bigint>(n).fill(1_00n)));
      const ids = Array.from({ length: LEDGER_LIMITS.maxRedeemBatch }, (_, i) => root + BigInt(i));
      await fund();
      await increaseTo(m);
      const s1 = await cashOf(ledger, a.s1);
      await mined(S(a.outsider).redeemBatch(ids));
      expect(await cashOf(ledger, a.s1)).toBe(s1 + FACE);
      for (const id of ids) expect((await voucherOf(ledger, id)).value).toBe(0n);
      await expectConserved(ledger, root, FACE);
    });

    it("when the batch is empty or holds more than fifty, then SettlementBatchSize", async () => {
      expect(await S(a.outsider).MAX_BATCH()).toBe(BigInt(LEDGER_LIMITS.maxRedeemBatch));
      expect(await rejects(ledger, a, () => S(a.outsider).redeemBatch([]), "SettlementBatchSize")).toEqual([0n, 50n]);
      const ids = Array.from({ length: LEDGER_LIMITS.maxRedeemBatch + 1 }, (_, i) => BigInt(i + 1));
      expect(await rejects(ledger, a, () => S(a.outsider).redeemBatch(ids), "SettlementBatchSize")).toEqual([51n, 50n]);
    });

    it("when one voucher of the batch cannot be redeemed, then none is", async () => {
      const t2 = await passed(ledger, root, a.s1, a.s2, M);
      await fund();
      await increaseTo(m);
      expect(await rejects(ledger, a, () => S(a.outsider).redeemBatch([t2, root, 99n]), "VouchersNotFound")).toEqual([99n]);
      expect(await rejects(ledger, a, () => S(a.outsider).redeemBatch([t2, t2]), "VouchersNothingToRedeem")).toEqual([t2]);
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      expect(await rejects(ledger, a, () => S(a.outsider).redeemBatch([t2, root]), "ParticipantsNotActive")).toEqual([A.s1, 3n]);
      expect([(await voucherOf(ledger, t2)).value, (await voucherOf(ledger, root)).value]).toEqual([M, FACE - M]);
    });
  });

  describe("isOverdue", () => {
    it("when an unfunded slot reaches maturity plus the grace period, then it is overdue; funding ends that", async () => {
      const overdue = () => S(a.outsider).isOverdue(A.core, m);
      expect(await overdue()).toBe(false);
      await increaseTo(m + GRACE - 1);
      expect(await overdue()).toBe(false);
      await increaseTo(m + GRACE);
      expect(await overdue()).toBe(true);
      await fund();
      expect(await overdue()).toBe(false);
      expect(await S(a.outsider).isOverdue(A.core, m + DAY)).toBe(false);
    });

  });

  describe("flagOverdue", () => {
    it("when anyone flags an overdue slot, then SlotOverdue reports the shortfall, once", async () => {
      await atNext(m + GRACE - 1);
      expect(await rejects(ledger, a, () => S(a.outsider).flagOverdue(A.core, m, GAS), "SettlementNotOverdue")).toEqual([A.core, BigInt(m)]);
      await atNext(m + GRACE);
      const receipt = await mined(S(a.outsider).flagOverdue(A.core, m, GAS));
      expect(await eventsOf(ledger.Settlement, receipt, "SlotOverdue")).toEqual([[A.core, BigInt(m), FACE]]);
      expect(await rejects(ledger, a, () => S(a.s1).flagOverdue(A.core, m), "SettlementNotOverdue")).toEqual([A.core, BigInt(m)]);
    });

    it("when only a later issue is unfunded, then the shortfall flagged is that issue alone", async () => {
      await fund();
      await issued(ledger, a.core, a.s2, 2n * M, m);
      await increaseTo(m + GRACE);
      const receipt = await mined(S(a.outsider).flagOverdue(A.core, m));
      expect(await eventsOf(ledger.Settlement, receipt, "SlotOverdue")).toEqual([[A.core, BigInt(m), 2n * M]]);
    });

    it("when the slot is funded, then it cannot be flagged", async () => {
      await fund();
      await increaseTo(m + GRACE);
      expect(await rejects(ledger, a, () => S(a.outsider).flagOverdue(A.core, m), "SettlementNotOverdue")).toEqual([A.core, BigInt(m)]);
    });
  });

  describe("setGracePeriod", () => {
    it("when the operator sets a grace period, then overdue follows it; zero and ninety days are the limits", async () => {
      expect(await S(a.outsider).gracePeriod()).toBe(BigInt(GRACE));
      const receipt = await mined(S(a.operator).setGracePeriod(0));
      expect(await eventsOf(ledger.Settlement, receipt, "GracePeriodChanged")).toEqual([[0n]]);
      await increaseTo(m);
      expect(await S(a.outsider).isOverdue(A.core, m)).toBe(true);
      await mined(S(a.operator).setGracePeriod(90 * DAY));
      expect(await S(a.outsider).gracePeriod()).toBe(BigInt(90 * DAY));
      expect(await S(a.outsider).isOverdue(A.core, m)).toBe(false);
    });

    it("when the grace period is over ninety days, then SettlementInvalidGracePeriod", async () => {
      expect(await rejects(ledger, a, () => S(a.operator).setGracePeriod(90 * DAY + 1), "SettlementInvalidGracePeriod")).toEqual([BigInt(90 * DAY + 1)]);
      expect(await S(a.outsider).gracePeriod()).toBe(BigInt(GRACE));
    });

    it("when the caller is not the operator, then the participant error and the grace period is unchanged", async () => {
      expect(await rejects(ledger, a, () => S(a.core).setGracePeriod(0), "ParticipantsMissingRole")).toEqual([A.core, 1n]);
      expect(await rejects(ledger, a, () => S(a.regulator).setGracePeriod(0), "ParticipantsMissingRole")).toEqual([A.regulator, 1n]);
      expect(await rejects(ledger, a, () => S(a.outsider).setGracePeriod(0), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      expect(await S(a.outsider).gracePeriod()).toBe(BigInt(GRACE));
    });
  });

  describe("voucher hooks", () => {
    it("when anyone but the settlement module calls recordFunding or redeem, then VouchersUnauthorized", async () => {
      await fund();
      await increaseTo(m);
      for (const [s, who] of [[a.outsider, A.outsider], [a.core, A.core], [a.s1, A.s1], [a.bank, A.bank]] as const) {
        expect(await rejects(ledger, a, () => as(ledger.Vouchers, s).recordFunding(slot, FACE), "VouchersUnauthorized")).toEqual([who]);
        expect(await rejects(ledger, a, () => as(ledger.Vouchers, s).redeem(root), "VouchersUnauthorized")).toEqual([who]);
      }
    });
  });
});
