import { LEDGER_LIMITS } from "../../chain/limits";
import { describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes, type Signer } from "ethers";
import {
  as, confirmedInvoice, cstMidnightIn, FACE, increaseTo, issued, passed, ROLE, type Actors, type Ledger,
} from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { eventsOf, expectConserved, mined, rejects, setRules, slotId, voucherOf } from "./voucher-fixtures";

describe("Vouchers: passing on and splitting", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let m: number;
  let root: bigint;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    m = await cstMidnightIn(90);
    root = await issued(ledger, a.core, a.s1, FACE, m);
  });

  const transfer = (from: Signer, id: bigint, to: string, amount: bigint, keys: string[]) =>
    as(ledger.Vouchers, from).splitTransfer(id, to, amount, keys);
  const split = (holder: Signer, id: bigint, amounts: bigint[]) => as(ledger.Vouchers, holder).split(id, amounts);
  const invoice = (seller: Signer, buyer: Signer, amount: bigint) => confirmedInvoice(ledger, seller, buyer, amount);
  /** s1 asks `bank` to finance `amount` of `id`: the amount is locked until the bank acts. */
  const lockFor = async (id: bigint, amount: bigint) =>
    mined(as(ledger.Financing, a.s1).request(id, amount, A.bank, 450, m - 86_400));
  const financedPiece = async (amount: bigint) => {
    await lockFor(root, amount);
    await mined(as(ledger.Financing, a.bank).execute(1n));
    return (await ledger.Vouchers.lastId()) as bigint;
  };

  describe("splitTransfer", () => {
    it("when a holder passes part of a voucher to its supplier against an invoice, then the supplier holds a new voucher one tier deeper", async () => {
      const key = await invoice(a.s2, a.s1, 4_000_000_00n);
      expect(await as(ledger.Vouchers, a.s1).splitTransfer.staticCall(root, A.s2, 4_000_000_00n, [key])).toBe(2n);
      const receipt = await mined(transfer(a.s1, root, A.s2, 4_000_000_00n, [key]));

      expect(await voucherOf(ledger, 2n)).toEqual({
        owner: A.s2,
        value: 4_000_000_00n,
        redeemedValue: 0n,
        locked: 0n,
        depth: 2n,
        financed: false,
        root,
        parent: root,
        debtor: A.core,
        maturity: BigInt(m),
      });
      expect(await voucherOf(ledger, root)).toMatchObject({ owner: A.s1, value: FACE - 4_000_000_00n, depth: 1n });
      expect(await eventsOf(ledger.Vouchers, receipt, "VoucherTransferred")).toEqual([[root, 2n, A.s2, A.s1, 4_000_000_00n, 2n]]);
      expect((await ledger.Invoices.invoice(key)).used).toBe(4_000_000_00n);
      expect((await ledger.Vouchers.slotAccount(slotId(A.core, m))).outstanding).toBe(FACE);
      expect(await ledger.Vouchers.outstandingOf(A.core)).toBe(FACE);
      await expectConserved(ledger, root, FACE);
    });

    it("when the whole value is passed on, then the parent is left with nothing and value is conserved", async () => {
      const id = await passed(ledger, root, a.s1, a.s2, FACE);
      expect((await voucherOf(ledger, root)).value).toBe(0n);
      expect(await voucherOf(ledger, id)).toMatchObject({ owner: A.s2, value: FACE, depth: 2n });
      await expectConserved(ledger, root, FACE);
    });

    it("when a voucher is passed down to tier 5, then the default depth is reached and tier 6 is VouchersDepthExceeded", async () => {
      let id = root;
      const chain = [a.s1, a.s2, a.s3, a.s4, a.s5];
      for (let i = 1; i < chain.length; i += 1) id = await passed(ledger, id, chain[i - 1], chain[i], FACE / 2n ** BigInt(i));
      expect((await voucherOf(ledger, id)).depth).toBe(5n);
      const key = await invoice(a.s1, a.s5, 1_00n);
      expect(await rejects(ledger, a, () => transfer(a.s5, id, A.s1, 1_00n, [key]), "VouchersDepthExceeded", { keys: [key] })).toEqual([6n, 5n]);
      await expectConserved(ledger, root, FACE);
    });

    it("when the program allows depth 2, then a tier-2 holder cannot pass on", async () => {
      await setRules(ledger, a.core, { maxDepth: 2 });
      const t2 = await passed(ledger, root, a.s1, a.s2, 1_000_00n);
      const key = await invoice(a.s3, a.s2, 1_00n);
      expect(await rejects(ledger, a, () => transfer(a.s2, t2, A.s3, 1_00n, [key]), "VouchersDepthExceeded")).toEqual([3n, 2n]);
    });

    it("when the operator tightens the platform depth bound below the program's, then the bound applies", async () => {
      const t2 = await passed(ledger, root, a.s1, a.s2, 1_000_00n);
      const b = (await ledger.CreditPassingRules.bounds()).toObject();
      await mined(as(ledger.CreditPassingRules, a.operator).setBounds({ ...b, maxDepth: 2 }));
      const key = await invoice(a.s3, a.s2, 1_00n);
      expect(await rejects(ledger, a, () => transfer(a.s2, t2, A.s3, 1_00n, [key]), "VouchersDepthExceeded")).toEqual([3n, 2n]);
    });

    it("when the program does not require invoices, then a voucher is passed on without any", async () => {
      await setRules(ledger, a.core, { invoicesRequired: false });
      await mined(transfer(a.s1, root, A.s2, 1_000_00n, []));
      expect(await voucherOf(ledger, 2n)).toMatchObject({ owner: A.s2, value: 1_000_00n, depth: 2n });
    });

    it("when the amount is zero or above the voucher's value, then a custom error and nothing moves", async () => {
      const key = await invoice(a.s2, a.s1, 2n * FACE);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 0n, [key]), "VouchersInvalidAmount", { keys: [key] })).toEqual([0n, 1n]);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, FACE + 1n, [key]), "VouchersInsufficientValue", { keys: [key] })).toEqual([
        root,
        FACE,
        FACE + 1n,
      ]);
    });

    it("when the piece or the remainder is below the minimum split, then VouchersInvalidAmount", async () => {
      await setRules(ledger, a.core, { minSplit: 1_000_00n });
      const key = await invoice(a.s2, a.s1, FACE);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 999_99n, [key]), "VouchersInvalidAmount", { keys: [key] })).toEqual([
        999_99n,
        1_000_00n,
      ]);
      expect(
        await rejects(ledger, a, () => transfer(a.s1, root, A.s2, FACE - 999_99n, [key]), "VouchersInvalidAmount", { keys: [key] }),
      ).toEqual([999_99n, 1_000_00n]);
      await mined(transfer(a.s1, root, A.s2, FACE - 1_000_00n, [key]));
      expect((await voucherOf(ledger, root)).value).toBe(1_000_00n);
    });

    it("when the recipient is not a participant, is suspended, frozen or not a supplier, then it cannot receive", async () => {
      const key = await invoice(a.s2, a.s1, FACE);
      const opts = { keys: [key] };
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.outsider, 1_00n, [key]), "ParticipantsNotActive", opts)).toEqual([A.outsider, 0n]);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.bank, 1_00n, [key]), "ParticipantsMissingRole", opts)).toEqual([A.bank, 8n]);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.core, 1_00n, [key]), "ParticipantsMissingRole", opts)).toEqual([A.core, 8n]);
      await mined(as(ledger.Participants, a.operator).suspend(A.s2));
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [key]), "ParticipantsNotActive", opts)).toEqual([A.s2, 2n]);
      await mined(as(ledger.Participants, a.operator).reinstate(A.s2));
      await mined(as(ledger.Participants, a.regulator).freeze(A.s2));
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [key]), "ParticipantsNotActive", opts)).toEqual([A.s2, 3n]);
    });

    it("when the holder passes to itself, then VouchersRecipientNotAllowed", async () => {
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s1, 1_00n, []), "VouchersRecipientNotAllowed")).toEqual([A.s1]);
    });

    it("when the whitelist is on, then only listed suppliers may receive", async () => {
      await setRules(ledger, a.core, { whitelistOnly: true });
      await mined(as(ledger.CreditPassingRules, a.core).setWhitelisted([A.s1], true));
      const key = await invoice(a.s2, a.s1, 1_00n);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [key]), "VouchersRecipientNotAllowed", { keys: [key] })).toEqual([A.s2]);
      await mined(as(ledger.CreditPassingRules, a.core).setWhitelisted([A.s2], true));
      await mined(transfer(a.s1, root, A.s2, 1_00n, [key]));
      expect((await voucherOf(ledger, 2n)).owner).toBe(A.s2);
    });

    it("when the holder is suspended or frozen, then ParticipantsNotActive", async () => {
      const key = await invoice(a.s2, a.s1, 1_00n);
      await mined(as(ledger.Participants, a.operator).suspend(A.s1));
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [key]), "ParticipantsNotActive")).toEqual([A.s1, 2n]);
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [key]), "ParticipantsNotActive")).toEqual([A.s1, 3n]);
    });

    it("when the caller does not hold the voucher or it does not exist, then VouchersNotHolder or VouchersNotFound", async () => {
      const key = await invoice(a.s3, a.s2, 1_00n);
      expect(await rejects(ledger, a, () => transfer(a.s2, root, A.s3, 1_00n, [key]), "VouchersNotHolder")).toEqual([root, A.s2]);
      expect(await rejects(ledger, a, () => transfer(a.s1, 99n, A.s2, 1_00n, [key]), "VouchersNotFound")).toEqual([99n]);
    });

    it("when the voucher has matured, then VouchersMatured", async () => {
      const key = await invoice(a.s2, a.s1, 1_00n);
      await increaseTo(m);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [key]), "VouchersMatured")).toEqual([root]);
    });

    it("when part of the voucher is locked by a financing request, then only the rest can be passed on", async () => {
      await lockFor(root, 6_000_000_00n);
      const key = await invoice(a.s2, a.s1, FACE);
      expect(
        await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 4_000_000_00n + 1n, [key]), "VouchersInsufficientValue", { keys: [key], requests: [1n] }),
      ).toEqual([root, 4_000_000_00n, 4_000_000_00n + 1n]);
      await mined(transfer(a.s1, root, A.s2, 4_000_000_00n, [key]));
      expect(await voucherOf(ledger, root)).toMatchObject({ value: 6_000_000_00n, locked: 6_000_000_00n });
    });

    it("when a bank holds a financed piece, then it cannot pass it on, even with the supplier role", async () => {
      const piece = await financedPiece(1_000_000_00n);
      const key = await invoice(a.s2, a.bank, 1_00n);
      expect(await rejects(ledger, a, () => transfer(a.bank, piece, A.s2, 1_00n, [key]), "ParticipantsMissingRole")).toEqual([A.bank, 8n]);
      await mined(as(ledger.Participants, a.operator).setRoles(A.bank, ROLE.BANK | ROLE.SUPPLIER));
      expect(await rejects(ledger, a, () => transfer(a.bank, piece, A.s2, 1_00n, [key]), "VouchersFinanced", { keys: [key] })).toEqual([piece]);
    });

    it("when invoices are required and none, too many, unknown or unconfirmed ones are offered, then the matching error", async () => {
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, []), "VouchersInvoicesRequired")).toEqual([]);
      const many = Array.from({ length: LEDGER_LIMITS.maxInvoicesPerVoucher + 1 }, (_, i) => keccak256(toUtf8Bytes(`t${i}`)));
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, many), "VouchersTooMany")).toEqual([17n, 16n]);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [many[0]]), "InvoicesNotFound")).toEqual([many[0]]);
      const unconfirmed = await confirmedInvoice(ledger, a.s2, a.s1, 1_00n, false);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [unconfirmed]), "InvoicesNotConfirmed")).toEqual([unconfirmed]);
    });

    it("when the invoice is between the wrong seller and buyer, then InvoicesPartyMismatch", async () => {
      const toCore = await invoice(a.s2, a.core, 1_00n);
      const fromOther = await invoice(a.s3, a.s1, 1_00n);
      const opts = { keys: [toCore, fromOther] };
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [toCore]), "InvoicesPartyMismatch", opts)).toEqual([toCore, A.s2, A.core]);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [fromOther]), "InvoicesPartyMismatch", opts)).toEqual([fromOther, A.s3, A.s1]);
    });

    it("when the invoice was already used or covers too little, then InvoicesExhausted or InvoicesInsufficient", async () => {
      const key = await invoice(a.s2, a.s1, 1_000_00n);
      await mined(transfer(a.s1, root, A.s2, 1_000_00n, [key]));
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 1_00n, [key]), "InvoicesExhausted", { keys: [key] })).toEqual([key]);
      const small = await invoice(a.s2, a.s1, 1_000_00n);
      expect(await rejects(ledger, a, () => transfer(a.s1, root, A.s2, 2_000_00n, [small]), "InvoicesInsufficient", { keys: [small] })).toEqual([
        1_000_00n,
        2_000_00n,
      ]);
    });

    // The term binds at issue: a program that shortens it later must not strand vouchers already in suppliers' hands.
    it("when the program shortens its longest term after issue, then vouchers already issued can still be passed on", async () => {
      await setRules(ledger, a.core, { maxTermDays: 30 });
      const key = await invoice(a.s2, a.s1, 1_00n);
      await mined(transfer(a.s1, root, A.s2, 1_00n, [key]));
      const id = (await ledger.Vouchers.lastId()) as bigint;
      expect((await ledger.Vouchers.voucher(id)).owner).toBe(A.s2);
    });
  });

  describe("split", () => {
    it("when a holder splits pieces off a voucher, then it holds each piece at the same tier and the original keeps the rest", async () => {
      const amounts = [1_000_000_00n, 2_000_000_00n, 3_000_000_00n];
      expect(await as(ledger.Vouchers, a.s1).split.staticCall(root, amounts)).toEqual([2n, 3n, 4n]);
      const receipt = await mined(split(a.s1, root, amounts));
      for (const [i, amount] of amounts.entries()) {
        expect(await voucherOf(ledger, BigInt(i + 2))).toEqual({
          owner: A.s1,
          value: amount,
          redeemedValue: 0n,
          locked: 0n,
          depth: 1n,
          financed: false,
          root,
          parent: root,
          debtor: A.core,
          maturity: BigInt(m),
        });
      }
      expect((await voucherOf(ledger, root)).value).toBe(4_000_000_00n);
      expect(await eventsOf(ledger.Vouchers, receipt, "VoucherSplit")).toEqual(amounts.map((v, i) => [root, BigInt(i + 2), A.s1, v]));
      expect((await ledger.Vouchers.slotAccount(slotId(A.core, m))).outstanding).toBe(FACE);
      await expectConserved(ledger, root, FACE);
    });

    it("when a tier-2 voucher is split, then the pieces stay at tier 2", async () => {
      const t2 = await passed(ledger, root, a.s1, a.s2, 1_000_00n);
      await mined(split(a.s2, t2, [300_00n]));
      expect(await voucherOf(ledger, t2 + 1n)).toMatchObject({ owner: A.s2, depth: 2n, parent: t2, root, value: 300_00n });
    });

    it("when sixteen pieces are split off, then the maximum is accepted; seventeen or none is VouchersTooMany", async () => {
      await mined(split(a.s1, root, Array<bigint>(16).fill(1_00n)));
      expect(await ledger.Vouchers.lastId()).toBe(17n);
      expect(await rejects(ledger, a, () => split(a.s1, root, Array<bigint>(17).fill(1_00n)), "VouchersTooMany")).toEqual([17n, 16n]);
      expect(await rejects(ledger, a, () => split(a.s1, root, []), "VouchersTooMany")).toEqual([0n, 16n]);
      await expectConserved(ledger, root, FACE);
    });

    it("when a bank splits its financed piece, then the pieces stay financed, the bank's and at the same tier", async () => {
      const piece = await financedPiece(1_000_000_00n);
      await mined(split(a.bank, piece, [400_000_00n]));
      expect(await voucherOf(ledger, piece + 1n)).toMatchObject({ owner: A.bank, financed: true, depth: 1n, parent: piece, value: 400_000_00n });
      expect(await voucherOf(ledger, piece)).toMatchObject({ financed: true, value: 600_000_00n });
      await expectConserved(ledger, root, FACE);
    });

    it("when a piece is zero or below the minimum split, then VouchersInvalidAmount", async () => {
      await setRules(ledger, a.core, { minSplit: 1_000_00n });
      expect(await rejects(ledger, a, () => split(a.s1, root, [1_000_00n, 0n]), "VouchersInvalidAmount")).toEqual([0n, 1_000_00n]);
      expect(await rejects(ledger, a, () => split(a.s1, root, [999_99n]), "VouchersInvalidAmount")).toEqual([999_99n, 1_000_00n]);
    });

    it("when nothing or less than the minimum split would remain, then VouchersInvalidAmount", async () => {
      await setRules(ledger, a.core, { minSplit: 1_000_00n });
      expect(await rejects(ledger, a, () => split(a.s1, root, [FACE / 2n, FACE / 2n]), "VouchersInvalidAmount")).toEqual([0n, 1_000_00n]);
      expect(await rejects(ledger, a, () => split(a.s1, root, [FACE - 999_99n]), "VouchersInvalidAmount")).toEqual([999_99n, 1_000_00n]);
    });

    it("when the pieces add up to more than the voucher's value, then VouchersInsufficientValue", async () => {
      expect(await rejects(ledger, a, () => split(a.s1, root, [FACE, 1n]), "VouchersInsufficientValue")).toEqual([root, FACE, FACE + 1n]);
    });

    it("when the pieces add up to more than 2^64 fen, then VouchersInsufficientValue rather than an overflow panic", async () => {
      const max = 2n ** 64n - 1n;
      const args = await rejects(ledger, a, () => split(a.s1, root, [max, 2n]), "VouchersInsufficientValue");
      expect(args.slice(0, 2)).toEqual([root, FACE]);
    });

    it("when part of the voucher is locked, then only the unlocked value can be split off", async () => {
      await lockFor(root, 6_000_000_00n);
      expect(await rejects(ledger, a, () => split(a.s1, root, [4_000_000_00n + 1n]), "VouchersInsufficientValue", { requests: [1n] })).toEqual([
        root,
        4_000_000_00n,
        4_000_000_00n + 1n,
      ]);
      await mined(split(a.s1, root, [4_000_000_00n]));
      expect(await voucherOf(ledger, root)).toMatchObject({ value: 6_000_000_00n, locked: 6_000_000_00n });
    });

    it("when the caller is not the holder, the voucher does not exist, or the holder is suspended or frozen, then nothing is split", async () => {
      expect(await rejects(ledger, a, () => split(a.s2, root, [1_00n]), "VouchersNotHolder")).toEqual([root, A.s2]);
      expect(await rejects(ledger, a, () => split(a.s1, 99n, [1_00n]), "VouchersNotFound")).toEqual([99n]);
      await mined(as(ledger.Participants, a.operator).suspend(A.s1));
      expect(await rejects(ledger, a, () => split(a.s1, root, [1_00n]), "ParticipantsNotActive")).toEqual([A.s1, 2n]);
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      expect(await rejects(ledger, a, () => split(a.s1, root, [1_00n]), "ParticipantsNotActive")).toEqual([A.s1, 3n]);
    });

    it("when the voucher has matured, then VouchersMatured", async () => {
      await increaseTo(m);
      expect(await rejects(ledger, a, () => split(a.s1, root, [1_00n]), "VouchersMatured")).toEqual([root]);
    });
  });
});
