import { describe, expect, it } from "vitest";
import type { Contract } from "ethers";
import { keccak256, toUtf8Bytes } from "ethers";
import { as, DAY, eventsOf, increaseTo, latest, mined, revertsWith, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { deployCover, type Cover } from "./cover-fixtures";
import { deployInventory, issueReceipt, LI_PRICE, postPrice, readyToLend, toDay, type Inventory } from "./inventory-fixtures";

const CLAIM = { None: 0n, Filed: 1n, Paid: 2n, Rejected: 3n } as const;
const Q = 20_000_000n; // 20 t: ¥1,500,000.00
const INSURED = 150_000_000n; // ¥1,500,000.00
const LOSS = 40_000_000n; // ¥400,000.00
const TERMS = keccak256(toUtf8Bytes("policy document"));
const EVIDENCE = keccak256(toUtf8Bytes("loss report"));
const REASON = keccak256(toUtf8Bytes("excluded peril"));

describe("CargoPolicies", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let inv: Inventory;
  let cover: Cover;
  let C: Contract;
  let insurer: string;
  let r: bigint;
  // Set once before the snapshot: never reassigned by a test.
  let start: number;
  let end: number;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    inv = await deployInventory(ledger, a);
    cover = await deployCover(ledger, a, inv);
    C = cover.Policies;
    insurer = await cover.insurer.getAddress();
    await toDay(1);
    await readyToLend(ledger, inv, a, a.s1);
    await postPrice(inv, LI_PRICE);
    r = await issueReceipt(inv, a.s1, Q);
    start = await latest();
    end = start + 180 * DAY;
  });

  const cash = (who: string) => ledger.SettlementCash.balanceOf(who) as Promise<bigint>;
  const attach = async (receipt = r, insured = INSURED, from = start, to = end) => {
    await mined(as(C, cover.insurer).underwrite(receipt, insured, from, to, TERMS));
    return (await C.lastIds())[0] as bigint;
  };
  const file = async (policyId: bigint, by = a.s1, loss = LOSS, loanId = 0n) => {
    await mined(as(C, by).fileClaim(policyId, loss, EVIDENCE, loanId));
    return (await C.lastIds())[1] as bigint;
  };
  /** s1 pledges `r` to the bank for ¥1,000,000.00; drawn unless told not to. Returns the loan id. */
  const pledged = async (draw = true) => {
    await mined(as(inv.Pledges, a.s1).request([r], A.bank, 100_000_000n, 500, (await latest()) + 90 * DAY));
    const id = (await inv.Pledges.lastId()) as bigint;
    if (draw) await mined(as(inv.Pledges, a.bank).drawdown(id));
    return id;
  };
  const claimOf = async (id: bigint) => (await C.claim(id)).toObject() as Record<string, unknown>;

  describe("underwrite", () => {
    it("when an insurer covers an active receipt, then the policy is recorded as the receipt's", async () => {
      const events = await eventsOf(as(C, cover.insurer).underwrite(r, INSURED, start, end, TERMS), C);
      expect(events).toEqual([{ name: "PolicyUnderwritten", args: [1n, r, insurer, INSURED, BigInt(start), BigInt(end), TERMS] }]);
      expect((await C.policy(1n)).toObject()).toEqual({ insurer, start: BigInt(start), end: BigInt(end), receiptId: r, insured: INSURED, paid: 0n, terms: TERMS });
      expect(await C.policyOf(r)).toBe(1n);
    });

    it("when the receipt is pledged, then it may be insured too", async () => {
      await pledged();
      expect(await C.policyOf(r)).toBe(0n);
      await attach();
      expect(await C.policyOf(r)).toBe(1n);
    });

    it("when the caller is not an insurer, then ParticipantsMissingRole", async () => {
      expect(await revertsWith(as(C, a.bank).underwrite(r, INSURED, start, end, TERMS), "ParticipantsMissingRole")).toEqual([A.bank, BigInt(ROLE.INSURER)]);
    });

    it("when the receipt is delivered or unknown, then CargoPoliciesReceiptNotInsurable", async () => {
      await mined(as(inv.Receipts, a.s1).deliver(r));
      expect(await revertsWith(as(C, cover.insurer).underwrite(r, INSURED, start, end, TERMS), "CargoPoliciesReceiptNotInsurable")).toEqual([r]);
      await revertsWith(as(C, cover.insurer).underwrite(99n, INSURED, start, end, TERMS), "CargoPoliciesReceiptNotInsurable");
    });

    it("when the amount is zero or the period empty or over, then each is refused", async () => {
      expect(await revertsWith(as(C, cover.insurer).underwrite(r, 0n, start, end, TERMS), "CargoPoliciesInvalidAmount")).toEqual([0n, 0n]);
      expect(await revertsWith(as(C, cover.insurer).underwrite(r, INSURED, end, end, TERMS), "CargoPoliciesInvalidPeriod")).toEqual([BigInt(end), BigInt(end)]);
      const now = await latest();
      await revertsWith(as(C, cover.insurer).underwrite(r, INSURED, now - DAY, now, TERMS), "CargoPoliciesInvalidPeriod");
    });

    it("when a policy is in force, then a second is refused; once it ended or its cover is used up, a new one attaches", async () => {
      await attach(r, LOSS);
      expect(await revertsWith(as(C, cover.insurer).underwrite(r, INSURED, start, end, TERMS), "CargoPoliciesAlreadyInsured")).toEqual([r, 1n]);
      await mined(as(C, cover.insurer).acceptClaim(await file(1n), LOSS, 0n));
      await attach();
      expect(await C.policyOf(r)).toBe(2n);
      await increaseTo(end + 1);
      await attach(r, INSURED, end + 1, end + DAY);
      expect(await C.policyOf(r)).toBe(3n);
    });
  });

  describe("fileClaim", () => {
    it("when the owner claims a loss within the period, then the claim awaits the insurer", async () => {
      const p = await attach();
      const events = await eventsOf(as(C, a.s1).fileClaim(p, LOSS, EVIDENCE, 0n), C);
      expect(events).toEqual([{ name: "ClaimFiled", args: [1n, p, A.s1, LOSS, EVIDENCE] }]);
      expect(await claimOf(1n)).toEqual({
        claimant: A.s1, status: CLAIM.Filed, policyId: p, loss: LOSS, paid: 0n, beneficiary: "0x0000000000000000000000000000000000000000", evidence: EVIDENCE,
      });
    });

    it("when the receipt is pledged to a drawn loan, then its bank may claim naming the loan, and so may the owner", async () => {
      const loanId = await pledged();
      const p = await attach();
      const c = await file(p, a.bank, LOSS, loanId);
      await mined(as(C, cover.insurer).rejectClaim(c, REASON));
      await file(p, a.s1, LOSS, loanId);
      expect(await C.beneficiaryOf(p, loanId)).toBe(A.bank);
    });

    it("when the caller is neither owner nor pledgee, or the loan named is wrong, then each is refused", async () => {
      const p = await attach();
      expect(await revertsWith(as(C, a.bank).fileClaim(p, LOSS, EVIDENCE, 0n), "CargoPoliciesNotInsured")).toEqual([p, A.bank]);
      expect(await revertsWith(as(C, a.s1).fileClaim(p, LOSS, EVIDENCE, 1n), "CargoPoliciesLoanMismatch")).toEqual([r, 1n]);
      const loanId = await pledged();
      expect(await revertsWith(as(C, a.bank).fileClaim(p, LOSS, EVIDENCE, 0n), "CargoPoliciesLoanMismatch")).toEqual([r, 0n]);
      expect(await revertsWith(as(C, a.bank2).fileClaim(p, LOSS, EVIDENCE, loanId), "CargoPoliciesNotInsured")).toEqual([p, A.bank2]);
      // A loan that does not hold this receipt.
      const other = await issueReceipt(inv, a.s1, Q);
      await mined(as(inv.Pledges, a.s1).request([other], A.bank, 1n, 500, (await latest()) + 90 * DAY));
      expect(await revertsWith(as(C, a.bank).fileClaim(p, LOSS, EVIDENCE, loanId + 1n), "CargoPoliciesLoanMismatch")).toEqual([r, loanId + 1n]);
    });

    it("when the loss falls outside the period, the policy is unknown or the receipt gone, then each is refused", async () => {
      const p = await attach(r, INSURED, (await latest()) + DAY);
      expect(await revertsWith(as(C, a.s1).fileClaim(p, LOSS, EVIDENCE, 0n), "CargoPoliciesNotInForce")).toEqual([p]);
      await increaseTo(end + 1);
      await revertsWith(as(C, a.s1).fileClaim(p, LOSS, EVIDENCE, 0n), "CargoPoliciesNotInForce");
      expect(await revertsWith(as(C, a.s1).fileClaim(9n, LOSS, EVIDENCE, 0n), "CargoPoliciesUnknownPolicy")).toEqual([9n]);
    });

    it("when the receipt was delivered, then CargoPoliciesReceiptNotInsurable", async () => {
      const p = await attach();
      await mined(as(inv.Receipts, a.s1).deliver(r));
      expect(await revertsWith(as(C, a.s1).fileClaim(p, LOSS, EVIDENCE, 0n), "CargoPoliciesReceiptNotInsurable")).toEqual([r]);
    });

    it("when the loss is zero, the cover used up, a claim pending or the owner frozen, then each is refused", async () => {
      const p = await attach(r, LOSS);
      expect(await revertsWith(as(C, a.s1).fileClaim(p, 0n, EVIDENCE, 0n), "CargoPoliciesInvalidAmount")).toEqual([0n, LOSS]);
      const c = await file(p);
      expect(await revertsWith(as(C, a.s1).fileClaim(p, LOSS, EVIDENCE, 0n), "CargoPoliciesClaimPending")).toEqual([p, c]);
      await mined(as(C, cover.insurer).acceptClaim(c, LOSS, 0n));
      expect(await revertsWith(as(C, a.s1).fileClaim(p, 1n, EVIDENCE, 0n), "CargoPoliciesInvalidAmount")).toEqual([1n, 0n]);
      const p2 = await attach();
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      await revertsWith(as(C, a.s1).fileClaim(p2, LOSS, EVIDENCE, 0n), "ParticipantsNotActive");
    });
  });

  describe("acceptClaim", () => {
    it("when the receipt is not pledged, then the insurer pays the owner, and the cover shrinks", async () => {
      const p = await attach();
      const c = await file(p);
      const before = [await cash(insurer), await cash(A.s1)];
      const events = await eventsOf(as(C, cover.insurer).acceptClaim(c, LOSS - 1n, 0n), C);
      expect(events).toEqual([{ name: "ClaimPaid", args: [c, p, A.s1, LOSS - 1n] }]);
      expect([await cash(insurer), await cash(A.s1)]).toEqual([before[0] - LOSS + 1n, before[1] + LOSS - 1n]);
      const claim = await claimOf(c);
      expect([claim.status, claim.paid, claim.beneficiary]).toEqual([CLAIM.Paid, LOSS - 1n, A.s1]);
      expect((await C.policy(p)).paid).toBe(LOSS - 1n);
      expect(await revertsWith(as(C, cover.insurer).acceptClaim(c, 1n, 0n), "CargoPoliciesClaimNotFiled")).toEqual([c]);
      // A second loss is paid from what is left of the cover.
      const c2 = await file(p, a.s1, INSURED);
      expect(await revertsWith(as(C, cover.insurer).acceptClaim(c2, INSURED, 0n), "CargoPoliciesInvalidAmount")).toEqual([INSURED, INSURED - LOSS + 1n]);
    });

    it("when the receipt is pledged to a drawn loan, then the bank is paid; to a loan only requested, the owner", async () => {
      const loanId = await pledged();
      const p = await attach();
      const bankBefore = await cash(A.bank);
      await mined(as(C, cover.insurer).acceptClaim(await file(p, a.s1, LOSS, loanId), LOSS, loanId));
      expect(await cash(A.bank)).toBe(bankBefore + LOSS);
      expect((await claimOf(1n)).beneficiary).toBe(A.bank);

      const r2 = await issueReceipt(inv, a.s2, Q);
      await mined(as(inv.Pledges, a.s2).request([r2], A.bank, 1n, 500, (await latest()) + 90 * DAY));
      const requested = (await inv.Pledges.lastId()) as bigint;
      const p2 = await attach(r2);
      expect(await C.beneficiaryOf(p2, requested)).toBe(A.s2);
      await mined(as(C, cover.insurer).acceptClaim(await file(p2, a.s2, LOSS, requested), LOSS, requested));
      expect((await claimOf(2n)).beneficiary).toBe(A.s2);
    });

    it("when the amount is zero or above the loss, or the loan named is wrong, then each is refused", async () => {
      const p = await attach();
      const c = await file(p);
      expect(await revertsWith(as(C, cover.insurer).acceptClaim(c, 0n, 0n), "CargoPoliciesInvalidAmount")).toEqual([0n, LOSS]);
      expect(await revertsWith(as(C, cover.insurer).acceptClaim(c, LOSS + 1n, 0n), "CargoPoliciesInvalidAmount")).toEqual([LOSS + 1n, LOSS]);
      expect(await revertsWith(as(C, cover.insurer).acceptClaim(c, LOSS, 3n), "CargoPoliciesLoanMismatch")).toEqual([r, 3n]);
      expect((await claimOf(c)).status).toBe(CLAIM.Filed);
    });

    it("when someone other than the insurer accepts, or the insurer allowed too little cash, then each is refused", async () => {
      const c = await file(await attach());
      expect(await revertsWith(as(C, a.bank).acceptClaim(c, LOSS, 0n), "CargoPoliciesNotInsurer")).toEqual([1n, A.bank]);
      await mined(as(ledger.SettlementCash, cover.insurer).approve(await C.getAddress(), LOSS - 1n));
      await revertsWith(as(C, cover.insurer).acceptClaim(c, LOSS, 0n), "ERC20InsufficientAllowance");
      expect((await claimOf(c)).status).toBe(CLAIM.Filed);
      expect(await revertsWith(as(C, cover.insurer).acceptClaim(5n, LOSS, 0n), "CargoPoliciesClaimNotFiled")).toEqual([5n]);
    });

    it("when the insurer is frozen, then ParticipantsNotActive and the claim still awaits it", async () => {
      const c = await file(await attach());
      await mined(as(ledger.Participants, a.regulator).freeze(insurer));
      await revertsWith(as(C, cover.insurer).acceptClaim(c, LOSS, 0n), "ParticipantsNotActive");
      expect((await claimOf(c)).status).toBe(CLAIM.Filed);
    });
  });

  describe("rejectClaim", () => {
    it("when the insurer rejects, then nothing is paid and a new claim may be filed", async () => {
      const p = await attach();
      const c = await file(p);
      const before = await cash(A.s1);
      expect(await eventsOf(as(C, cover.insurer).rejectClaim(c, REASON), C)).toEqual([{ name: "ClaimRejected", args: [c, p, REASON] }]);
      expect((await claimOf(c)).status).toBe(CLAIM.Rejected);
      expect(await cash(A.s1)).toBe(before);
      expect(await revertsWith(as(C, cover.insurer).acceptClaim(c, LOSS, 0n), "CargoPoliciesClaimNotFiled")).toEqual([c]);
      expect(await file(p)).toBe(2n);
    });

    it("when someone other than the insurer rejects, or the claim is not filed, then each is refused", async () => {
      const c = await file(await attach());
      expect(await revertsWith(as(C, a.s1).rejectClaim(c, REASON), "CargoPoliciesNotInsurer")).toEqual([1n, A.s1]);
      expect(await revertsWith(as(C, cover.insurer).rejectClaim(2n, REASON), "CargoPoliciesClaimNotFiled")).toEqual([2n]);
    });
  });

  describe("beneficiaryOf", () => {
    it("when the receipt is not pledged it is the owner; the bank once drawn; an unknown policy is refused", async () => {
      const p = await attach();
      expect(await C.beneficiaryOf(p, 0n)).toBe(A.s1);
      const loanId = await pledged(false);
      expect(await C.beneficiaryOf(p, loanId)).toBe(A.s1);
      await mined(as(inv.Pledges, a.bank).drawdown(loanId));
      expect(await C.beneficiaryOf(p, loanId)).toBe(A.bank);
      await revertsWith(C.beneficiaryOf(7n, 0n), "CargoPoliciesUnknownPolicy");
    });
  });
});
