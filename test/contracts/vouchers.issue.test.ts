import { LEDGER_LIMITS } from "../../chain/limits";
import hre from "hardhat";
import { describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes, type Signer } from "ethers";
import { as, confirmedInvoice, cstMidnightIn, FACE, LIMIT, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { eventsOf, expectConserved, mined, rejects, reverts, setRules, slotId, voucherOf } from "./voucher-fixtures";

describe("Vouchers.issue", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let m: number;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    m = await cstMidnightIn(90);
  });

  const issue = (core: Signer, supplier: string, amount: bigint, maturity: number, keys: string[]) =>
    as(ledger.Vouchers, core).issue(supplier, amount, maturity, keys);
  const used = async (key: string) => (await ledger.Invoices.invoice(key)).used as bigint;

  describe("happy path", () => {
    it("when an active core enterprise issues against a confirmed invoice, then the supplier holds a tier-1 root voucher and the invoice, slot and outstanding record it", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      expect(await as(ledger.Vouchers, a.core).issue.staticCall(A.s1, FACE, m, [key])).toBe(1n);
      const receipt = await mined(issue(a.core, A.s1, FACE, m, [key]));

      expect(await ledger.Vouchers.lastId()).toBe(1n);
      expect(await voucherOf(ledger, 1n)).toEqual({
        owner: A.s1,
        value: FACE,
        redeemedValue: 0n,
        locked: 0n,
        depth: 1n,
        financed: false,
        root: 1n,
        parent: 0n,
        debtor: A.core,
        maturity: BigInt(m),
      });
      expect(await eventsOf(ledger.Vouchers, receipt, "VoucherIssued")).toEqual([[1n, A.core, A.s1, FACE, BigInt(m)]]);
      expect(await eventsOf(ledger.Invoices, receipt, "InvoiceUsed")).toEqual([[key, 1n, FACE, FACE]]);
      expect(await used(key)).toBe(FACE);
      expect((await ledger.Vouchers.slotAccount(slotId(A.core, m))).toObject()).toEqual({ outstanding: FACE, escrowed: 0n });
      expect(await ledger.Vouchers.outstandingOf(A.core)).toBe(FACE);
      await expectConserved(ledger, 1n, FACE);
    });

    it("when a second voucher is issued into the same slot, then it is a new root and the slot's outstanding adds up", async () => {
      await mined(issue(a.core, A.s1, FACE, m, [await confirmedInvoice(ledger, a.s1, a.core, FACE)]));
      await mined(issue(a.core, A.s2, 300_00n, m, [await confirmedInvoice(ledger, a.s2, a.core, 300_00n)]));
      const second = await voucherOf(ledger, 2n);
      expect([second.owner, second.value, second.root, second.parent, second.depth]).toEqual([A.s2, 300_00n, 2n, 0n, 1n]);
      expect((await ledger.Vouchers.slotAccount(slotId(A.core, m))).outstanding).toBe(FACE + 300_00n);
      expect(await ledger.Vouchers.outstandingOf(A.core)).toBe(FACE + 300_00n);
    });

    it("when one invoice is larger than the voucher, then what is left of it backs a later issue until it is exhausted", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, 2n * FACE);
      await mined(issue(a.core, A.s1, FACE, m, [key]));
      expect(await used(key)).toBe(FACE);
      await mined(issue(a.core, A.s1, FACE, m, [key]));
      expect(await used(key)).toBe(2n * FACE);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, 1n, m, [key]), "InvoicesExhausted", { keys: [key] })).toEqual([key]);
    });

    it("when several invoices together cover the amount, then they are used in order", async () => {
      const k1 = await confirmedInvoice(ledger, a.s1, a.core, 600_00n);
      const k2 = await confirmedInvoice(ledger, a.s1, a.core, 600_00n);
      await mined(issue(a.core, A.s1, 1_000_00n, m, [k1, k2]));
      expect([await used(k1), await used(k2)]).toEqual([600_00n, 400_00n]);
    });

    it("when sixteen invoices are offered, then the maximum is accepted", async () => {
      const keys: string[] = [];
      for (let i = 0; i < 16; i += 1) keys.push(await confirmedInvoice(ledger, a.s1, a.core, 100n));
      await mined(issue(a.core, A.s1, 1_600n, m, keys));
      expect(await voucherOf(ledger, 1n)).toMatchObject({ owner: A.s1, value: 1_600n });
    });

    it("when the program does not require invoices, then a voucher is issued without any", async () => {
      await setRules(ledger, a.core, { invoicesRequired: false });
      await mined(issue(a.core, A.s1, FACE, m, []));
      expect(await voucherOf(ledger, 1n)).toMatchObject({ owner: A.s1, value: FACE });
    });

    it("when the maturity is exactly the longest term away, then it is accepted", async () => {
      const last = await cstMidnightIn(180);
      await mined(issue(a.core, A.s1, FACE, last, [await confirmedInvoice(ledger, a.s1, a.core, FACE)]));
      expect((await voucherOf(ledger, 1n)).maturity).toBe(BigInt(last));
    });

    it("when the issue brings outstanding exactly to the open credit limits, then it is covered", async () => {
      const cover = 2n * LIMIT;
      expect(await ledger.CreditLines.openLimitOf(A.core)).toBe(cover);
      await mined(issue(a.core, A.s1, cover, m, [await confirmedInvoice(ledger, a.s1, a.core, cover)]));
      expect(await ledger.Vouchers.outstandingOf(A.core)).toBe(cover);
    });

    it("when the whitelist is on and the supplier is listed, then it may receive", async () => {
      await setRules(ledger, a.core, { whitelistOnly: true });
      await mined(as(ledger.CreditPassingRules, a.core).setWhitelisted([A.s1], true));
      await mined(issue(a.core, A.s1, FACE, m, [await confirmedInvoice(ledger, a.s1, a.core, FACE)]));
      expect((await voucherOf(ledger, 1n)).owner).toBe(A.s1);
    });
  });

  describe("amount and maturity", () => {
    it("when the amount is zero, then VouchersInvalidAmount", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, 0n, m, [key]), "VouchersInvalidAmount", { keys: [key] })).toEqual([0n, 1n]);
    });

    it("when a slot's outstanding would pass 2^64 − 1 fen, then VouchersSlotOverflow rather than an arithmetic panic", async () => {
      const max = 2n ** 64n - 1n;
      await setRules(ledger, a.core, { invoicesRequired: false, issuanceCoveredByCredit: false });
      await mined(issue(a.core, A.s1, max, m, []));
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, 1n, m, []), "VouchersSlotOverflow")).toEqual([slotId(A.core, m), max, 1n]);
      // Another maturity is another slot, with room of its own.
      await mined(issue(a.core, A.s1, 1n, m + 86_400, []));
    });

    it("when the amount is below the program's minimum split, then VouchersInvalidAmount", async () => {
      await setRules(ledger, a.core, { minSplit: 1_000_00n });
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, 999_99n, m, [key]), "VouchersInvalidAmount", { keys: [key] })).toEqual([
        999_99n,
        1_000_00n,
      ]);
    });

    it("when the maturity is in the past, then VouchersInvalidMaturity", async () => {
      const today = await cstMidnightIn(0);
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, today, [key]), "VouchersInvalidMaturity")).toEqual([BigInt(today), 180n]);
    });

    it("when the maturity is not 00:00 CST, then VouchersInvalidMaturity", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      for (const off of [1, 3_600, -3_600]) {
        expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m + off, [key]), "VouchersInvalidMaturity")).toEqual([BigInt(m + off), 180n]);
      }
    });

    it("when the maturity is beyond the default longest term, then VouchersInvalidMaturity", async () => {
      const late = await cstMidnightIn(181);
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, late, [key]), "VouchersInvalidMaturity")).toEqual([BigInt(late), 180n]);
    });

    it("when the program allows 30 days and the maturity is 31 days away, then VouchersInvalidMaturity", async () => {
      await setRules(ledger, a.core, { maxTermDays: 30 });
      const key = await confirmedInvoice(ledger, a.s1, a.core, 2n * FACE);
      const late = await cstMidnightIn(31);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, late, [key]), "VouchersInvalidMaturity")).toEqual([BigInt(late), 30n]);
      await mined(issue(a.core, A.s1, FACE, await cstMidnightIn(30), [key]));
      expect(await ledger.Vouchers.lastId()).toBe(1n);
    });
  });

  describe("who may issue and receive", () => {
    it("when the caller is a supplier, then ParticipantsMissingRole", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      expect(await rejects(ledger, a, () => issue(a.s2, A.s1, FACE, m, [key]), "ParticipantsMissingRole")).toEqual([A.s2, 4n]);
    });

    it("when the caller is not registered, then ParticipantsNotActive", async () => {
      expect(await rejects(ledger, a, () => issue(a.outsider, A.s1, FACE, m, []), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
    });

    it("when the core enterprise is suspended or frozen, then ParticipantsNotActive", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      await mined(as(ledger.Participants, a.operator).suspend(A.core));
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "ParticipantsNotActive")).toEqual([A.core, 2n]);
      await mined(as(ledger.Participants, a.regulator).freeze(A.core));
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "ParticipantsNotActive")).toEqual([A.core, 3n]);
    });

    it("when the recipient is not a participant, then ParticipantsNotActive", async () => {
      expect(await rejects(ledger, a, () => issue(a.core, A.outsider, FACE, m, [keccak256(toUtf8Bytes("x"))]), "ParticipantsNotActive")).toEqual([
        A.outsider,
        0n,
      ]);
    });

    it("when the recipient is suspended or frozen, then ParticipantsNotActive", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      await mined(as(ledger.Participants, a.operator).suspend(A.s1));
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "ParticipantsNotActive", { keys: [key] })).toEqual([A.s1, 2n]);
      await mined(as(ledger.Participants, a.operator).reinstate(A.s1));
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "ParticipantsNotActive", { keys: [key] })).toEqual([A.s1, 3n]);
    });

    it("when the recipient is not a supplier, then ParticipantsMissingRole", async () => {
      expect(await rejects(ledger, a, () => issue(a.core, A.bank, FACE, m, []), "ParticipantsMissingRole")).toEqual([A.bank, 8n]);
    });

    it("when a core enterprise that is also a supplier issues to itself, then VouchersRecipientNotAllowed", async () => {
      expect(await rejects(ledger, a, () => issue(a.core2, A.core2, FACE, m, []), "VouchersRecipientNotAllowed")).toEqual([A.core2]);
    });

    it("when the whitelist is on and the supplier is not listed, then VouchersRecipientNotAllowed", async () => {
      await setRules(ledger, a.core, { whitelistOnly: true });
      await mined(as(ledger.CreditPassingRules, a.core).setWhitelisted([A.s1], true));
      const key = await confirmedInvoice(ledger, a.s2, a.core, FACE);
      expect(await rejects(ledger, a, () => issue(a.core, A.s2, FACE, m, [key]), "VouchersRecipientNotAllowed", { keys: [key] })).toEqual([A.s2]);
    });
  });

  describe("invoices", () => {
    it("when the program requires invoices and none are offered, then VouchersInvoicesRequired", async () => {
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, []), "VouchersInvoicesRequired")).toEqual([]);
    });

    it("when seventeen invoices are offered, then VouchersTooMany", async () => {
      const keys = Array.from({ length: LEDGER_LIMITS.maxInvoicesPerVoucher + 1 }, (_, i) => keccak256(toUtf8Bytes(`k${i}`)));
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, keys), "VouchersTooMany")).toEqual([17n, 16n]);
    });

    it("when every id a voucher's word can carry (2^40 - 1) is taken, then VouchersTooMany, for an issue and for a piece", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      await mined(issue(a.core, A.s1, FACE, m, [key]));
      const address = await ledger.Vouchers.getAddress();
      // The counters are the contract's first storage slot: the last id in the low 40 bits, then the slot count.
      const word = BigInt((await hre.network.provider.send("eth_getStorageAt", [address, "0x0", "latest"])) as string);
      const last = 2n ** 40n - 1n;
      expect(word & last).toBe(1n);
      await hre.network.provider.send("hardhat_setStorageAt", [address, "0x0", `0x${((word & ~last) | last).toString(16).padStart(64, "0")}`]);
      expect(await ledger.Vouchers.lastId()).toBe(last);

      // `rejects` would read every id up to the last: compare what these two calls could have touched instead.
      const next = await confirmedInvoice(ledger, a.s2, a.core, 1_00n);
      const root = await voucherOf(ledger, 1n);
      const outstanding = await ledger.Vouchers.outstandingOf(A.core);
      expect(await reverts(() => issue(a.core, A.s2, 1_00n, m, [next]), "VouchersTooMany")).toEqual([last + 1n, last]);
      expect(await reverts(() => as(ledger.Vouchers, a.s1).split(1n, [1_00n]), "VouchersTooMany")).toEqual([last + 1n, last]);
      expect([await ledger.Vouchers.lastId(), await voucherOf(ledger, 1n), await ledger.Vouchers.outstandingOf(A.core), await used(next)]).toEqual([
        last,
        root,
        outstanding,
        0n,
      ]);
    });

    it("when the invoice was never registered, then InvoicesNotFound", async () => {
      const key = keccak256(toUtf8Bytes("nobody registered this"));
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "InvoicesNotFound")).toEqual([key]);
    });

    it("when the invoice is not confirmed, then InvoicesNotConfirmed", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE, false);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "InvoicesNotConfirmed", { keys: [key] })).toEqual([key]);
    });

    it("when the invoice is from another seller, then InvoicesPartyMismatch", async () => {
      const key = await confirmedInvoice(ledger, a.s2, a.core, FACE);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "InvoicesPartyMismatch", { keys: [key] })).toEqual([
        key,
        A.s2,
        A.core,
      ]);
    });

    it("when the invoice is to another buyer, then InvoicesPartyMismatch", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core2, FACE);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "InvoicesPartyMismatch", { keys: [key] })).toEqual([
        key,
        A.s1,
        A.core2,
      ]);
    });

    it("when a fully used invoice is offered again, then InvoicesExhausted", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE);
      await mined(issue(a.core, A.s1, FACE, m, [key]));
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "InvoicesExhausted", { keys: [key] })).toEqual([key]);
    });

    it("when the same invoice is listed twice, then InvoicesExhausted", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, 500_00n);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, 1_000_00n, m, [key, key]), "InvoicesExhausted", { keys: [key] })).toEqual([key]);
    });

    it("when the invoices cover less than the amount, then InvoicesInsufficient", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, FACE / 2n);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, FACE, m, [key]), "InvoicesInsufficient", { keys: [key] })).toEqual([FACE / 2n, FACE]);
    });
  });

  describe("credit cover", () => {
    it("when issuance would exceed the open credit limits, then VouchersIssuanceNotCovered", async () => {
      const cover = 2n * LIMIT;
      await mined(issue(a.core, A.s1, FACE, m, [await confirmedInvoice(ledger, a.s1, a.core, FACE)]));
      const over = cover - FACE + 1n;
      const key = await confirmedInvoice(ledger, a.s2, a.core, over);
      expect(await rejects(ledger, a, () => issue(a.core, A.s2, over, m, [key]), "VouchersIssuanceNotCovered", { keys: [key] })).toEqual([
        FACE,
        cover,
        over,
      ]);
    });

    it("when a bank closes its line, then the cover shrinks by its limit", async () => {
      await mined(as(ledger.CreditLines, a.bank2).close(A.core));
      const key = await confirmedInvoice(ledger, a.s1, a.core, LIMIT + 1n);
      expect(await rejects(ledger, a, () => issue(a.core, A.s1, LIMIT + 1n, m, [key]), "VouchersIssuanceNotCovered", { keys: [key] })).toEqual([
        0n,
        LIMIT,
        LIMIT + 1n,
      ]);
    });

    it("when a core enterprise without credit lines issues, then VouchersIssuanceNotCovered unless its program waives cover", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core2, FACE);
      expect(await rejects(ledger, a, () => issue(a.core2, A.s1, FACE, m, [key]), "VouchersIssuanceNotCovered", { keys: [key] })).toEqual([
        0n,
        0n,
        FACE,
      ]);
      await setRules(ledger, a.core2, { issuanceCoveredByCredit: false });
      await mined(issue(a.core2, A.s1, FACE, m, [key]));
      expect(await voucherOf(ledger, 1n)).toMatchObject({ owner: A.s1, debtor: A.core2, value: FACE });
    });
  });
});
