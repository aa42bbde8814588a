import { describe, expect, it } from "vitest";
import type { Contract } from "ethers";
import { as, DAY, eventsOf, latest, mined, revertsWith, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { COPPER, deployInventory, LI2CO3, LI_PRICE, toDay, type Inventory } from "./inventory-fixtures";

const cstDay = (t: number) => BigInt(Math.floor((t + 8 * 3600) / DAY));

describe("CommodityPrices", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let inv: Inventory;
  let P: Contract;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    inv = await deployInventory(ledger, a);
    P = inv.Prices;
    await toDay(1);
  });

  const op = () => as(P, a.operator);

  describe("appointPublisher / dismissPublisher", () => {
    it("when the operator appoints and dismisses a participant, then it may post and then may not", async () => {
      expect(await eventsOf(op().appointPublisher(A.s5), P)).toEqual([{ name: "PublisherChanged", args: [A.s5, true] }]);
      expect(await P.isPublisher(A.s5)).toBe(true);
      await mined(as(P, a.s5).post(COPPER, 7_000_000n));
      expect(await eventsOf(op().dismissPublisher(A.s5), P)).toEqual([{ name: "PublisherChanged", args: [A.s5, false] }]);
      expect(await P.isPublisher(A.s5)).toBe(false);
      expect(await revertsWith(as(P, a.s5).post(LI2CO3, LI_PRICE), "CommodityPricesNotPublisher")).toEqual([A.s5]);
    });

    it("when the appointment or dismissal changes nothing, then CommodityPricesPublisherUnchanged", async () => {
      expect(await revertsWith(op().appointPublisher(A.operator), "CommodityPricesPublisherUnchanged")).toEqual([A.operator]);
      expect(await revertsWith(op().dismissPublisher(A.s5), "CommodityPricesPublisherUnchanged")).toEqual([A.s5]);
    });

    it("when a non-operator appoints or dismisses, or the appointee is not an active participant, then the participants' error", async () => {
      expect(await revertsWith(as(P, a.regulator).appointPublisher(A.s5), "ParticipantsMissingRole")).toEqual([A.regulator, BigInt(ROLE.OPERATOR)]);
      await revertsWith(as(P, a.bank).dismissPublisher(A.operator), "ParticipantsMissingRole");
      await revertsWith(op().appointPublisher(A.outsider), "ParticipantsNotActive");
      expect(await P.isPublisher(A.outsider)).toBe(false);
      expect(await P.isPublisher(A.operator)).toBe(true);
    });
  });

  describe("post / priceOn / today", () => {
    it("when the publisher posts today's price, then it is on the ledger with its day, time and publisher", async () => {
      const receipt = await mined(as(P, inv.publisher).post(LI2CO3, LI_PRICE));
      const t = (await receipt!.getBlock()).timestamp;
      const day = cstDay(t);
      expect(receipt!.logs.map((l) => P.interface.parseLog(l)!.args.toArray())).toEqual([[LI2CO3, day, LI_PRICE, A.operator]]);
      expect((await P.priceOn(LI2CO3, day)).toArray()).toEqual([LI_PRICE, BigInt(t), A.operator]);
      expect(await P.today(LI2CO3)).toBe(LI_PRICE);
    });

    it("when a price is posted twice the same CST day, then CommodityPricesAlreadyPosted; the next day it may be", async () => {
      await mined(as(P, inv.publisher).post(LI2CO3, LI_PRICE));
      const day = cstDay(await latest());
      expect(await revertsWith(as(P, inv.publisher).post(LI2CO3, 1n), "CommodityPricesAlreadyPosted")).toEqual([LI2CO3, day]);
      expect(await P.today(LI2CO3)).toBe(LI_PRICE);
      await toDay(1);
      await mined(as(P, inv.publisher).post(LI2CO3, LI_PRICE - 1n));
      expect(await P.today(LI2CO3)).toBe(LI_PRICE - 1n);
      expect((await P.priceOn(LI2CO3, day)).fenPerTonne).toBe(LI_PRICE);
    });

    it("when no price was posted today, then today reverts with CommodityPricesNoPrice, even if yesterday's was", async () => {
      await mined(as(P, inv.publisher).post(LI2CO3, LI_PRICE));
      await toDay(1);
      const day = cstDay(await latest());
      expect(await revertsWith(P.today(LI2CO3), "CommodityPricesNoPrice")).toEqual([LI2CO3, day]);
      expect((await P.priceOn(COPPER, day)).toArray()).toEqual([0n, 0n, "0x0000000000000000000000000000000000000000"]);
    });

    it("when the price is zero or the commodity empty, then CommodityPricesInvalidPrice", async () => {
      expect(await revertsWith(as(P, inv.publisher).post(LI2CO3, 0n), "CommodityPricesInvalidPrice")).toEqual([LI2CO3, 0n]);
      await revertsWith(as(P, inv.publisher).post("0x" + "00".repeat(16), LI_PRICE), "CommodityPricesInvalidPrice");
    });

    it("when a non-publisher posts, or the publisher is suspended, then the post is refused", async () => {
      expect(await revertsWith(as(P, a.bank).post(LI2CO3, LI_PRICE), "CommodityPricesNotPublisher")).toEqual([A.bank]);
      await mined(op().appointPublisher(A.s5));
      await mined(as(ledger.Participants, a.operator).suspend(A.s5));
      await revertsWith(as(P, a.s5).post(LI2CO3, LI_PRICE), "ParticipantsNotActive");
      expect((await P.priceOn(LI2CO3, cstDay(await latest()))).fenPerTonne).toBe(0n);
    });
  });
});
