import { describe, expect, it } from "vitest";
import type { Contract, Signer } from "ethers";
import { as, cstMidnightIn, DAY, eventsOf, FACE, increaseTo, issued, latest, mined, revertsWith, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { deployCover, type Cover } from "./cover-fixtures";
import { deployInventory, issueReceipt, LI_PRICE, postPrice, readyToLend, toDay, type Inventory } from "./inventory-fixtures";

const KIND = { VoucherFinancing: 0, PledgeLoan: 1 } as const;
const STATUS = { None: 0n, Active: 1n, Called: 2n, Released: 3n, Expired: 4n } as const;
const M = 1_000_000_00n; // ¥1,000,000.00
const PIECE = 4n * M;
const Q = 20_000_000n; // 20 t of lithium carbonate: ¥1,500,000.00
const LOAN = 100_000_000n; // ¥1,000,000.00
const GRACE = 3 * DAY;
const PLEDGE_GRACE = 10 * DAY;

describe("Guarantees", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let inv: Inventory;
  let cover: Cover;
  let G: Contract;
  let guarantor: string;
  let m: number;
  let root: bigint;
  let piece: bigint;
  let loanMaturity: number;
  let loanId: bigint;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    inv = await deployInventory(ledger, a);
    cover = await deployCover(ledger, a, inv);
    G = cover.Guarantees;
    guarantor = await cover.guarantor.getAddress();
    await toDay(1);
    // A financed voucher piece: s1 sells ¥4,000,000.00 of its voucher to the bank.
    m = await cstMidnightIn(30);
    root = await issued(ledger, a.core, a.s1, FACE, m);
    await mined(as(ledger.Financing, a.s1).request(root, PIECE, A.bank, 450, m - DAY));
    await mined(as(ledger.Financing, a.bank).execute(1n));
    piece = (await ledger.Vouchers.lastId()) as bigint;
    // A pledge loan of ¥1,000,000.00 drawn by s2 from the bank.
    await readyToLend(ledger, inv, a, a.s2);
    await postPrice(inv, LI_PRICE);
    loanMaturity = (await latest()) + 60 * DAY;
    await mined(as(inv.Pledges, a.s2).request([await issueReceipt(inv, a.s2, Q)], A.bank, LOAN, 500, loanMaturity));
    loanId = (await inv.Pledges.lastId()) as bigint;
    await mined(as(inv.Pledges, a.bank).drawdown(loanId));
  });

  const cash = (who: string) => ledger.SettlementCash.balanceOf(who) as Promise<bigint>;
  const record = async (id: bigint) => (await G.guarantee(id)).toObject() as Record<string, unknown>;
  const expiry = () => m + 60 * DAY;
  const backVoucher = async (amount = PIECE, by: Signer = cover.guarantor, until = expiry()) => {
    await mined(as(G, by).issue(KIND.VoucherFinancing, piece, A.bank, amount, until));
    return G.lastId() as Promise<bigint>;
  };
  const backLoan = async (amount = 2n * LOAN, until = loanMaturity + 60 * DAY) => {
    await mined(as(G, cover.guarantor).issue(KIND.PledgeLoan, loanId, A.bank, amount, until));
    return G.lastId() as Promise<bigint>;
  };
  const overdue = () => increaseTo(m + GRACE);
  const loanPastGrace = () => increaseTo(loanMaturity + PLEDGE_GRACE);

  describe("issue", () => {
    it("when a guarantor backs the bank's financed piece, then the guarantee is recorded against it", async () => {
      const until = expiry();
      const events = await eventsOf(as(G, cover.guarantor).issue(KIND.VoucherFinancing, piece, A.bank, M, until), G);
      expect(events).toEqual([{ name: "GuaranteeIssued", args: [1n, guarantor, A.bank, BigInt(KIND.VoucherFinancing), piece, M, BigInt(until)] }]);
      expect(await record(1n)).toEqual({
        guarantor, expiry: BigInt(until), kind: 0n, status: STATUS.Active, bank: A.bank, subject: piece, amount: M, paid: 0n,
        obligor: "0x0000000000000000000000000000000000000000", recovered: 0n,
      });
      expect(await G.guaranteeOf(KIND.VoucherFinancing, piece)).toBe(1n);
      expect(await G.guaranteeOf(KIND.PledgeLoan, piece)).toBe(0n);
      expect(await G.lastId()).toBe(1n);
    });

    it("when a guarantor backs a pledge loan, drawn or only requested, then each is recorded", async () => {
      const id = await backLoan();
      expect((await record(id)).kind).toBe(1n);
      await mined(as(inv.Pledges, a.s2).request([await issueReceipt(inv, a.s2, Q)], A.bank, LOAN, 500, loanMaturity));
      const requested = (await inv.Pledges.lastId()) as bigint;
      await mined(as(G, cover.guarantor).issue(KIND.PledgeLoan, requested, A.bank, LOAN, loanMaturity));
      expect(await G.guaranteeOf(KIND.PledgeLoan, requested)).toBe(2n);
    });

    it("when the caller is not a guarantor or the beneficiary not a bank, then the participants' error", async () => {
      expect(await revertsWith(as(G, a.bank2).issue(KIND.VoucherFinancing, piece, A.bank, M, expiry()), "ParticipantsMissingRole")).toEqual([A.bank2, BigInt(ROLE.GUARANTOR)]);
      expect(await revertsWith(as(G, cover.guarantor).issue(KIND.VoucherFinancing, piece, A.s1, M, expiry()), "ParticipantsMissingRole")).toEqual([A.s1, BigInt(ROLE.BANK)]);
      await mined(as(ledger.Participants, a.regulator).freeze(guarantor));
      await revertsWith(as(G, cover.guarantor).issue(KIND.VoucherFinancing, piece, A.bank, M, expiry()), "ParticipantsNotActive");
    });

    it("when a guarantor that is also a bank names itself, then GuaranteesSelfGuarantee", async () => {
      const self = await cover.guarantorBank.getAddress();
      expect(await revertsWith(as(G, cover.guarantorBank).issue(KIND.PledgeLoan, loanId, self, M, expiry()), "GuaranteesSelfGuarantee")).toEqual([self]);
    });

    it("when the amount is zero or the expiry not in the future, then each is refused", async () => {
      expect(await revertsWith(as(G, cover.guarantor).issue(KIND.VoucherFinancing, piece, A.bank, 0n, expiry()), "GuaranteesInvalidAmount")).toEqual([0n, 0n]);
      const now = await latest();
      expect(await revertsWith(as(G, cover.guarantor).issue(KIND.VoucherFinancing, piece, A.bank, M, now), "GuaranteesInvalidExpiry")).toEqual([BigInt(now)]);
      expect(await G.lastId()).toBe(0n);
    });

    it("when the claim is not the bank's (an unfinanced voucher, another bank's piece or loan, a repaid loan), then GuaranteesInvalidSubject", async () => {
      const bad = async (kind: number, subject: bigint, bank: string) =>
        expect(await revertsWith(as(G, cover.guarantor).issue(kind, subject, bank, M, expiry()), "GuaranteesInvalidSubject")).toEqual([BigInt(kind), subject]);
      await bad(KIND.VoucherFinancing, root, A.bank);
      await bad(KIND.VoucherFinancing, piece, A.bank2);
      await bad(KIND.PledgeLoan, loanId, A.bank2);
      await bad(KIND.PledgeLoan, 99n, A.bank);
      const [principal, interest] = (await inv.Pledges.due(loanId)).toArray() as bigint[];
      await mined(as(inv.Pledges, a.s2).repay(loanId, principal + interest));
      await bad(KIND.PledgeLoan, loanId, A.bank);
      await revertsWith(as(G, cover.guarantor).issue(KIND.VoucherFinancing, 999n, A.bank, M, expiry()), "VouchersNotFound");
    });

    it("when the claim already has a guarantee, then GuaranteesAlreadyGuaranteed, even from another guarantor", async () => {
      await backVoucher();
      expect(await revertsWith(as(G, cover.guarantorBank).issue(KIND.VoucherFinancing, piece, A.bank, M, expiry()), "GuaranteesAlreadyGuaranteed")).toEqual([0n, piece, 1n]);
    });
  });

  describe("demand", () => {
    it("when the piece's slot is overdue, then the guarantor pays the bank up to the amount and holds recourse on the debtor", async () => {
      const id = await backVoucher(M);
      await overdue();
      const before = [await cash(guarantor), await cash(A.bank)];
      expect(await as(G, a.bank).demand.staticCall(id)).toBe(M);
      const events = await eventsOf(as(G, a.bank).demand(id), G);
      expect(events).toEqual([
        { name: "GuaranteeCalled", args: [id, A.bank, guarantor, PIECE, M] },
        { name: "RecourseRecorded", args: [id, guarantor, A.core, M] },
      ]);
      expect([await cash(guarantor), await cash(A.bank)]).toEqual([before[0] - M, before[1] + M]);
      const g = await record(id);
      expect([g.status, g.paid, g.obligor, g.recovered]).toEqual([STATUS.Called, M, A.core, 0n]);
    });

    it("when the guarantee exceeds the claim, then the guarantor pays only the claim outstanding", async () => {
      const id = await backVoucher(PIECE * 2n);
      await overdue();
      const before = await cash(guarantor);
      await mined(as(G, a.bank).demand(id));
      expect(await cash(guarantor)).toBe(before - PIECE);
      expect((await record(id)).paid).toBe(PIECE);
    });

    it("when a pledge loan is still owed after maturity and grace, then the claim is principal and interest to today", async () => {
      const id = await backLoan();
      await loanPastGrace();
      const [principal, interest] = (await inv.Pledges.due(loanId)).toArray() as bigint[];
      expect(interest).toBeGreaterThan(0n);
      const events = await eventsOf(as(G, a.bank).demand(id), G);
      expect(events[0].args).toEqual([id, A.bank, guarantor, principal + interest, principal + interest]);
      expect(events[1].args).toEqual([id, guarantor, A.s2, principal + interest]);
    });

    it("when the bank declared the loan in default after an unanswered margin call, then it may demand at once", async () => {
      const id = await backLoan(LOAN / 2n);
      await toDay(1);
      await postPrice(inv, (LI_PRICE * 70n) / 100n);
      await mined(as(inv.Pledges, a.outsider).check(loanId));
      await toDay(4);
      await postPrice(inv, (LI_PRICE * 70n) / 100n);
      expect(await revertsWith(as(G, a.bank).demand(id), "GuaranteesNoDefault")).toEqual([id]);
      await mined(as(inv.Pledges, a.bank).declareDefault(loanId));
      await mined(as(G, a.bank).demand(id));
      expect((await record(id)).paid).toBe(LOAN / 2n);
    });

    it("when the claim is not in default (slot within grace or funded, loan before maturity and grace), then GuaranteesNoDefault", async () => {
      const v = await backVoucher();
      const l = await backLoan();
      await increaseTo(m + GRACE - 1);
      expect(await revertsWith(as(G, a.bank).demand(v), "GuaranteesNoDefault")).toEqual([v]);
      await mined(as(ledger.Settlement, a.core).fund(m));
      expect(await revertsWith(as(G, a.bank).demand(v), "GuaranteesNoDefault")).toEqual([v]);
      await increaseTo(loanMaturity + PLEDGE_GRACE - 1);
      expect(await revertsWith(as(G, a.bank).demand(l), "GuaranteesNoDefault")).toEqual([l]);
      expect((await record(v)).status).toBe(STATUS.Active);
    });

    it("when someone other than the bank demands, then GuaranteesNotBank; a frozen bank, ParticipantsNotActive", async () => {
      const id = await backVoucher();
      await overdue();
      expect(await revertsWith(as(G, a.bank2).demand(id), "GuaranteesNotBank")).toEqual([id, A.bank2]);
      await mined(as(ledger.Participants, a.regulator).freeze(A.bank));
      await revertsWith(as(G, a.bank).demand(id), "ParticipantsNotActive");
    });

    it("when the guarantee has expired, then GuaranteesExpired; once called, a second demand is refused", async () => {
      const late = await backVoucher(M, cover.guarantor, m + GRACE - DAY);
      await overdue();
      expect(await revertsWith(as(G, a.bank).demand(late), "GuaranteesExpired")).toEqual([late, BigInt(m + GRACE - DAY)]);
      await mined(as(G, cover.guarantor).expire(late));
      const id = await backVoucher(M);
      await mined(as(G, a.bank).demand(id));
      expect(await revertsWith(as(G, a.bank).demand(id), "GuaranteesInvalidStatus")).toEqual([id, STATUS.Called]);
      expect(await revertsWith(as(G, a.bank).demand(7n), "GuaranteesInvalidStatus")).toEqual([7n, STATUS.None]);
    });

    it("when the guarantor has not allowed enough cash, then the cash error and the guarantee stays in force", async () => {
      const id = await backVoucher();
      await mined(as(ledger.SettlementCash, cover.guarantor).approve(await G.getAddress(), PIECE - 1n));
      await overdue();
      await revertsWith(as(G, a.bank).demand(id), "ERC20InsufficientAllowance");
      expect((await record(id)).status).toBe(STATUS.Active);
    });

    it("when the guarantor is frozen, then its cash does not move: ParticipantsNotActive, the guarantee still in force", async () => {
      const id = await backVoucher();
      await overdue();
      await mined(as(ledger.Participants, a.regulator).freeze(guarantor));
      expect(await revertsWith(as(G, a.bank).demand(id), "ParticipantsNotActive")).toEqual([guarantor, 3n]);
      expect((await record(id)).status).toBe(STATUS.Active);
    });
  });

  describe("recover", () => {
    it("when the debtor pays the guarantor back in parts, then the recourse shrinks to zero, and no further", async () => {
      const id = await backVoucher(M);
      await overdue();
      await mined(as(G, a.bank).demand(id));
      const before = await cash(guarantor);
      expect(await eventsOf(as(G, a.core).recover(id, M / 4n), G)).toEqual([{ name: "RecourseRecovered", args: [id, A.core, M / 4n, (3n * M) / 4n] }]);
      await mined(as(G, a.bank).recover(id, (3n * M) / 4n));
      expect(await cash(guarantor)).toBe(before + M);
      expect((await record(id)).recovered).toBe(M);
      expect(await revertsWith(as(G, a.core).recover(id, 1n), "GuaranteesInvalidAmount")).toEqual([1n, 0n]);
    });

    it("when the amount is zero or above what is owed, or the guarantee was not called, then each is refused", async () => {
      const id = await backVoucher(M);
      expect(await revertsWith(as(G, a.core).recover(id, 1n), "GuaranteesInvalidStatus")).toEqual([id, STATUS.Active]);
      await overdue();
      await mined(as(G, a.bank).demand(id));
      expect(await revertsWith(as(G, a.core).recover(id, 0n), "GuaranteesInvalidAmount")).toEqual([0n, M]);
      expect(await revertsWith(as(G, a.core).recover(id, M + 1n), "GuaranteesInvalidAmount")).toEqual([M + 1n, M]);
    });
  });

  describe("reclaim", () => {
    it("when the called piece is later redeemed to the bank, then the guarantor reclaims from the bank what it paid", async () => {
      const id = await backVoucher(M);
      await overdue();
      await mined(as(G, a.bank).demand(id));
      expect(await revertsWith(as(G, cover.guarantor).reclaim(id), "GuaranteesClaimOutstanding")).toEqual([id]);
      await mined(as(ledger.Settlement, a.core).fund(m));
      await mined(as(ledger.Settlement, a.outsider).redeem(piece));
      const before = [await cash(guarantor), await cash(A.bank)];
      expect(await eventsOf(as(G, a.outsider).reclaim(id), G)).toEqual([{ name: "RecourseRecovered", args: [id, A.bank, M, 0n] }]);
      expect([await cash(guarantor), await cash(A.bank)]).toEqual([before[0] + M, before[1] - M]);
      expect((await record(id)).recovered).toBe(M);
      expect(await revertsWith(as(G, cover.guarantor).reclaim(id), "GuaranteesInvalidAmount")).toEqual([0n, 0n]);
    });

    it("when the called loan is later repaid in full, then only what the borrower has not paid the guarantor is reclaimed", async () => {
      const id = await backLoan(LOAN / 2n);
      await loanPastGrace();
      await mined(as(G, a.bank).demand(id));
      await mined(as(G, a.s2).recover(id, LOAN / 8n));
      const [principal, interest] = (await inv.Pledges.due(loanId)).toArray() as bigint[];
      await mined(as(inv.Pledges, a.s2).repay(loanId, principal + interest));
      const bank = await cash(A.bank);
      expect(await as(G, cover.guarantor).reclaim.staticCall(id)).toBe((3n * LOAN) / 8n);
      await mined(as(G, cover.guarantor).reclaim(id));
      expect(await cash(A.bank)).toBe(bank - (3n * LOAN) / 8n);
    });

    it("when the guarantee was not called, or the bank allowed too little cash, then each is refused", async () => {
      const id = await backVoucher(M);
      expect(await revertsWith(as(G, cover.guarantor).reclaim(id), "GuaranteesInvalidStatus")).toEqual([id, STATUS.Active]);
      await overdue();
      await mined(as(G, a.bank).demand(id));
      await mined(as(ledger.Settlement, a.core).fund(m));
      await mined(as(ledger.Settlement, a.outsider).redeem(piece));
      await mined(as(ledger.SettlementCash, a.bank).approve(await G.getAddress(), M - 1n));
      await revertsWith(as(G, cover.guarantor).reclaim(id), "ERC20InsufficientAllowance");
      expect((await record(id)).recovered).toBe(0n);
    });
  });

  describe("release", () => {
    it("when the bank releases, then the claim may be guaranteed afresh", async () => {
      const id = await backVoucher();
      expect(await eventsOf(as(G, a.bank).release(id), G)).toEqual([{ name: "GuaranteeReleased", args: [id, A.bank] }]);
      expect((await record(id)).status).toBe(STATUS.Released);
      expect(await G.guaranteeOf(KIND.VoucherFinancing, piece)).toBe(0n);
      await backVoucher();
      expect(await G.guaranteeOf(KIND.VoucherFinancing, piece)).toBe(2n);
    });

    it("when the voucher is redeemed or the loan repaid, then anyone releases; before, only the bank", async () => {
      const v = await backVoucher();
      const l = await backLoan();
      expect(await revertsWith(as(G, a.outsider).release(v), "GuaranteesNotReleasable")).toEqual([v]);
      expect(await revertsWith(as(G, cover.guarantor).release(l), "GuaranteesNotReleasable")).toEqual([l]);
      await mined(as(ledger.Settlement, a.core).fund(m));
      await increaseTo(m);
      await mined(as(ledger.Settlement, a.outsider).redeem(piece));
      await mined(as(G, a.outsider).release(v));
      const [principal, interest] = (await inv.Pledges.due(loanId)).toArray() as bigint[];
      await mined(as(inv.Pledges, a.s2).repay(loanId, principal + interest));
      await mined(as(G, cover.guarantor).release(l));
      expect([(await record(v)).status, (await record(l)).status]).toEqual([STATUS.Released, STATUS.Released]);
    });

    it("when the guarantee was called or released already, then GuaranteesInvalidStatus", async () => {
      const id = await backVoucher();
      await overdue();
      await mined(as(G, a.bank).demand(id));
      expect(await revertsWith(as(G, a.bank).release(id), "GuaranteesInvalidStatus")).toEqual([id, STATUS.Called]);
      // A called guarantee keeps the claim: no second guarantee on it.
      await revertsWith(as(G, cover.guarantorBank).issue(KIND.VoucherFinancing, piece, A.bank, M, expiry()), "GuaranteesAlreadyGuaranteed");
    });
  });

  describe("expire", () => {
    it("when the expiry has passed, then anyone lapses it and the claim is free again; before, GuaranteesNotExpired", async () => {
      const until = m - 2 * DAY;
      const id = await backVoucher(M, cover.guarantor, until);
      expect(await revertsWith(as(G, a.outsider).expire(id), "GuaranteesNotExpired")).toEqual([id, BigInt(until)]);
      await increaseTo(until + 1);
      expect(await eventsOf(as(G, a.outsider).expire(id), G)).toEqual([{ name: "GuaranteeExpired", args: [id] }]);
      expect((await record(id)).status).toBe(STATUS.Expired);
      expect(await G.guaranteeOf(KIND.VoucherFinancing, piece)).toBe(0n);
      expect(await revertsWith(as(G, a.outsider).expire(id), "GuaranteesInvalidStatus")).toEqual([id, STATUS.Expired]);
      await overdue();
      expect(await revertsWith(as(G, a.bank).demand(id), "GuaranteesInvalidStatus")).toEqual([id, STATUS.Expired]);
    });
  });
});
