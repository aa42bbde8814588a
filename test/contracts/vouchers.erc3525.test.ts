import { describe, expect, it } from "vitest";
import { ZeroAddress } from "ethers";
import { as, confirmedInvoice, cstMidnightIn, FACE, increaseTo, issued, passed, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { erc3525Events, GAS, mined, rejects, reverts } from "./voucher-fixtures";

describe("Vouchers: the ERC-3525 surface", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let m: number;
  let root: bigint;
  let slot: bigint;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    m = await cstMidnightIn(90);
    root = await issued(ledger, a.core, a.s1, FACE, m);
    // debtor << 40 | maturity, computed independently of SlotIds.
    slot = BigInt(A.core) * 2n ** 40n + BigInt(m);
  });

  const V = () => ledger.Vouchers;
  const financeAndExecute = async (id: bigint, amount: bigint) => {
    await mined(as(ledger.Financing, a.s1).request(id, amount, A.bank, 450, m - 86_400));
    return mined(as(ledger.Financing, a.bank).execute(1n));
  };

  describe("valueDecimals", () => {
    it("when asked for value decimals, then 2, so that one unit is one fen", async () => {
      expect(await V().valueDecimals()).toBe(2n);
    });

  });

  describe("balanceOf, ownerOf and slotOf", () => {
    it("when a voucher is issued, then balanceOf is its value, ownerOf its holder and slotOf debtor<<40|maturity", async () => {
      expect(await V().balanceOf(root)).toBe(FACE);
      expect(await V().ownerOf(root)).toBe(A.s1);
      expect(await V().slotOf(root)).toBe(slot);
      expect(slot >> 40n).toBe(BigInt(A.core));
      expect(slot & (2n ** 40n - 1n)).toBe(BigInt(m));
    });

    it("when a piece is passed on, then both balances change and the piece shares the slot", async () => {
      const t2 = await passed(ledger, root, a.s1, a.s2, 3_000_000_00n);
      expect([await V().balanceOf(root), await V().balanceOf(t2)]).toEqual([FACE - 3_000_000_00n, 3_000_000_00n]);
      expect(await V().ownerOf(t2)).toBe(A.s2);
      expect(await V().slotOf(t2)).toBe(slot);
    });

    it("when vouchers differ in debtor or maturity, then their slots differ; same debtor and maturity share one", async () => {
      const later = await cstMidnightIn(91);
      const other = await issued(ledger, a.core, a.s2, FACE, later);
      const same = await issued(ledger, a.core, a.s3, 1_00n, m);
      expect(await V().slotOf(other)).toBe(BigInt(A.core) * 2n ** 40n + BigInt(later));
      expect(await V().slotOf(same)).toBe(slot);
      await mined(as(ledger.CreditLines, a.bank).grant(A.core2, FACE, m + 86_400));
      const fromCore2 = await issued(ledger, a.core2, a.s1, FACE, m);
      expect(await V().slotOf(fromCore2)).toBe(BigInt(A.core2) * 2n ** 40n + BigInt(m));
    });

    it("when a voucher is redeemed, then balanceOf reads zero and ownerOf still names the holder paid", async () => {
      await mined(as(ledger.Settlement, a.core).fund(m));
      await increaseTo(m);
      await mined(as(ledger.Settlement, a.outsider).redeem(root));
      expect(await V().balanceOf(root)).toBe(0n);
      expect(await V().ownerOf(root)).toBe(A.s1);
    });

    it("when a token id was never minted, then balanceOf, ownerOf and slotOf revert VouchersNotFound", async () => {
      for (const read of ["balanceOf", "ownerOf", "slotOf"] as const) {
        expect(await reverts(() => V()[read](2n), "VouchersNotFound")).toEqual([2n]);
      }
      expect(await reverts(() => V().balanceOf(0n), "VouchersNotFound")).toEqual([0n]);
    });

  });

  describe("allowance", () => {
    it("when asked for a value allowance, then it is always zero", async () => {
      expect(await V().allowance(root, A.s2)).toBe(0n);
      expect(await V().allowance(root, A.s1)).toBe(0n);
      expect(await V().allowance(999n, A.outsider)).toBe(0n);
    });
  });

  describe("approve and transferFrom (the standard writes)", () => {
    it("when the holder calls approve, then VouchersUseBusinessFunction and nothing changes", async () => {
      await rejects(ledger, a, () => as(V(), a.s1).approve.send(root, A.s2, 1_00n, GAS), "VouchersUseBusinessFunction");
      expect(await V().allowance(root, A.s2)).toBe(0n);
    });

    it("when the holder calls transferFrom(fromTokenId, toTokenId, value), then VouchersUseBusinessFunction and nothing moves", async () => {
      const t2 = await passed(ledger, root, a.s1, a.s2, 1_00n);
      const f = as(V(), a.s1).getFunction("transferFrom(uint256,uint256,uint256)");
      await rejects(ledger, a, () => f.send(root, t2, 1_00n, GAS), "VouchersUseBusinessFunction");
      expect([await V().balanceOf(root), await V().balanceOf(t2)]).toEqual([FACE - 1_00n, 1_00n]);
    });

    it("when the holder calls transferFrom(fromTokenId, to, value), then VouchersUseBusinessFunction and no token is minted", async () => {
      const f = as(V(), a.s1).getFunction("transferFrom(uint256,address,uint256)");
      await rejects(ledger, a, () => f.send(root, A.s2, 1_00n, GAS), "VouchersUseBusinessFunction");
      expect(await V().lastId()).toBe(root);
      expect(await V().balanceOf(root)).toBe(FACE);
    });
  });

  describe("events", () => {
    it("when a voucher is issued, then Transfer from zero, SlotChanged from zero and TransferValue from token 0", async () => {
      const before = (await V().lastId()) as bigint;
      const key = await confirmedInvoice(ledger, a.s2, a.core, 5_00n);
      const receipt = await mined(as(V(), a.core).issue(A.s2, 5_00n, m, [key]));
      const id = before + 1n;
      expect(await erc3525Events(ledger, receipt)).toEqual([
        ["Transfer", ZeroAddress, A.s2, id],
        ["SlotChanged", id, 0n, slot],
        ["TransferValue", 0n, id, 5_00n],
      ]);
    });

    it("when part of a voucher is passed on, then the new token is minted with value moved from the parent", async () => {
      const key = await confirmedInvoice(ledger, a.s2, a.s1, 2_00n);
      const receipt = await mined(as(V(), a.s1).splitTransfer(root, A.s2, 2_00n, [key]));
      const t2 = root + 1n;
      expect(await erc3525Events(ledger, receipt)).toEqual([
        ["Transfer", ZeroAddress, A.s2, t2],
        ["SlotChanged", t2, 0n, slot],
        ["TransferValue", root, t2, 2_00n],
      ]);
    });

    it("when a voucher is split, then each piece is minted with value moved from the original", async () => {
      const receipt = await mined(as(V(), a.s1).split(root, [1_00n, 2_00n]));
      expect(await erc3525Events(ledger, receipt)).toEqual([
        ["Transfer", ZeroAddress, A.s1, root + 1n],
        ["SlotChanged", root + 1n, 0n, slot],
        ["TransferValue", root, root + 1n, 1_00n],
        ["Transfer", ZeroAddress, A.s1, root + 2n],
        ["SlotChanged", root + 2n, 0n, slot],
        ["TransferValue", root, root + 2n, 2_00n],
      ]);
    });

    it("when part of a voucher is financed, then the bank's piece is minted with value moved from the original", async () => {
      const receipt = await financeAndExecute(root, 1_000_00n);
      const piece = root + 1n;
      expect(await erc3525Events(ledger, receipt)).toEqual([
        ["Transfer", ZeroAddress, A.bank, piece],
        ["SlotChanged", piece, 0n, slot],
        ["TransferValue", root, piece, 1_000_00n],
      ]);
    });

    it("when a whole voucher is financed, then the token itself is transferred to the bank, with no value event", async () => {
      const receipt = await financeAndExecute(root, FACE);
      expect(await erc3525Events(ledger, receipt)).toEqual([["Transfer", A.s1, A.bank, root]]);
      expect(await V().ownerOf(root)).toBe(A.bank);
      expect(await V().balanceOf(root)).toBe(FACE);
    });

    it("when a voucher is redeemed, then TransferValue to token 0 carries its value", async () => {
      const t2 = await passed(ledger, root, a.s1, a.s2, 7_00n);
      await mined(as(ledger.Settlement, a.core).fund(m));
      await increaseTo(m);
      const receipt = await mined(as(ledger.Settlement, a.outsider).redeemBatch([root, t2]));
      expect(await erc3525Events(ledger, receipt)).toEqual([
        ["TransferValue", root, 0n, FACE - 7_00n],
        ["TransferValue", t2, 0n, 7_00n],
      ]);
    });
  });

  describe("supportsInterface", () => {
    it("when asked for ERC-165, then true; for 0xffffffff, then false", async () => {
      expect(await V().supportsInterface("0x01ffc9a7")).toBe(true);
      expect(await V().supportsInterface("0xffffffff")).toBe(false);
    });

    it("when asked for ERC-721 or ERC-3525, whose writes the ledger refuses, then false", async () => {
      expect(await V().supportsInterface("0x80ac58cd")).toBe(false);
      expect(await V().supportsInterface("0xd5358140")).toBe(false);
    });
  });
});
