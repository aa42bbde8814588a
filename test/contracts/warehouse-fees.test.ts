import { describe, expect, it } from "vitest";
import type { Contract } from "ethers";
import { as, DAY, eventsOf, latest, mined, revertsWith, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { deployCover, type Cover } from "./cover-fixtures";
import { COPPER, deployInventory, issueReceipt, LI2CO3, LI_PRICE, postPrice, readyToLend, toDay, type Inventory } from "./inventory-fixtures";

const Q = 20_000_000n; // 20 t
const STORAGE = 500n; // ¥5.00 a tonne a day
const SUPERVISION = 200n; // ¥2.00 a tonne a day
/** Grams × fen per tonne per day × days, half up to the fen. */
const fee = (grams: bigint, rate: bigint, days: number) => (grams * rate * BigInt(days) + 500_000n) / 1_000_000n;
const cstDay = (t: number) => BigInt(Math.floor((t + 8 * 3600) / DAY));

describe("WarehouseFees", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let inv: Inventory;
  let cover: Cover;
  let F: Contract;
  let W: string;
  let r: bigint;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    inv = await deployInventory(ledger, a);
    cover = await deployCover(ledger, a, inv);
    F = cover.Fees;
    W = await inv.warehouse.getAddress();
    await toDay(1);
    await readyToLend(ledger, inv, a, a.s1);
    await postPrice(inv, LI_PRICE);
    await mined(as(F, inv.warehouse).setTariff(LI2CO3, STORAGE, SUPERVISION));
    r = await issueReceipt(inv, a.s1, Q);
  });

  const cash = (who: string) => ledger.SettlementCash.balanceOf(who) as Promise<bigint>;
  const open = (id = r) => mined(as(F, inv.warehouse).open(id));
  const acct = async (id = r) => (await F.account(id)).toObject() as Record<string, unknown>;
  const due = async (id = r) => ((await F.due(id)) as { toArray(): bigint[] }).toArray();
  /** s1 pledges `r` to the bank and the bank draws; returns the loan id. */
  const pledged = async () => {
    await mined(as(inv.Pledges, a.s1).request([r], A.bank, 100_000_000n, 500, (await latest()) + 90 * DAY));
    const id = (await inv.Pledges.lastId()) as bigint;
    await mined(as(inv.Pledges, a.bank).drawdown(id));
    return id;
  };

  describe("setTariff", () => {
    it("when a warehouse sets its tariff, then it is recorded per commodity", async () => {
      expect(await eventsOf(as(F, inv.warehouse).setTariff(COPPER, 300n, 100n), F)).toEqual([{ name: "TariffSet", args: [W, COPPER, 300n, 100n] }]);
      expect((await F.tariff(W, COPPER)).toArray()).toEqual([300n, 100n]);
      expect((await F.tariff(await inv.warehouse2.getAddress(), COPPER)).toArray()).toEqual([0n, 0n]);
    });

    it("when the caller is not a warehouse, then ParticipantsMissingRole", async () => {
      expect(await revertsWith(as(F, a.s1).setTariff(LI2CO3, 1n, 1n), "ParticipantsMissingRole")).toEqual([A.s1, BigInt(ROLE.WAREHOUSE)]);
    });
  });

  describe("open", () => {
    it("when the receipt's warehouse opens its account, then storage runs from today at the tariff of the day", async () => {
      const today = cstDay(await latest());
      expect(await eventsOf(as(F, inv.warehouse).open(r), F)).toEqual([{ name: "FeeAccountOpened", args: [r, W, today, STORAGE, SUPERVISION] }]);
      expect(await acct()).toEqual({
        warehouse: W, storageFrom: today, supervisedFrom: 0n, supervising: false, closed: false,
        storageFenPerTonneDay: STORAGE, supervisionFenPerTonneDay: SUPERVISION, supervisionDue: 0n,
      });
      // A later tariff does not reprice an open account.
      await mined(as(F, inv.warehouse).setTariff(LI2CO3, 2n * STORAGE, SUPERVISION));
      expect((await acct()).storageFenPerTonneDay).toBe(STORAGE);
    });

    it("when another warehouse opens it, or it is open already, then each is refused", async () => {
      const other = await inv.warehouse2.getAddress();
      expect(await revertsWith(as(F, inv.warehouse2).open(r), "WarehouseFeesNotWarehouse")).toEqual([r, other]);
      await revertsWith(as(F, inv.warehouse).open(99n), "WarehouseFeesNotWarehouse");
      await open();
      expect(await revertsWith(as(F, inv.warehouse).open(r), "WarehouseFeesAlreadyOpen")).toEqual([r]);
    });

    it("when the receipt has left the warehouse, or the warehouse has no tariff for it, then each is refused", async () => {
      await mined(as(inv.Receipts, a.s1).deliver(r));
      expect(await revertsWith(as(F, inv.warehouse).open(r), "WarehouseFeesReceiptNotHeld")).toEqual([r]);
      const cu = await issueReceipt(inv, a.s1, Q, COPPER);
      expect(await revertsWith(as(F, inv.warehouse).open(cu), "WarehouseFeesNoTariff")).toEqual([W, COPPER]);
    });

    it("when the warehouse is suspended, then ParticipantsNotActive", async () => {
      await mined(as(ledger.Participants, a.operator).suspend(W));
      await revertsWith(as(F, inv.warehouse).open(r), "ParticipantsNotActive");
    });
  });

  describe("pay", () => {
    it("when the owner pays after ten days, then the warehouse receives ten days' storage and the clock restarts", async () => {
      await open();
      await toDay(10);
      const storage = fee(Q, STORAGE, 10);
      expect(storage).toBe(100_000n);
      expect(await due()).toEqual([storage, 0n]);
      const [owner, warehouse] = [await cash(A.s1), await cash(W)];
      const today = cstDay(await latest());
      expect(await eventsOf(as(F, a.s1).pay(r), F)).toEqual([{ name: "FeesPaid", args: [r, A.s1, W, storage, 0n, today, false] }]);
      expect([await cash(A.s1), await cash(W)]).toEqual([owner - storage, warehouse + storage]);
      expect((await acct()).storageFrom).toBe(today);
      expect(await revertsWith(as(F, a.s1).pay(r), "WarehouseFeesNothingDue")).toEqual([r]);
    });

    it("when the quantity is odd, then each fee is rounded half up to the fen", async () => {
      const odd = await issueReceipt(inv, a.s1, 1_234_567n);
      await open(odd);
      await toDay(3);
      // 1.234567 t × 500 fen × 3 days = 1,851.85 fen.
      expect(await due(odd)).toEqual([1_852n, 0n]);
    });

    it("when the receipt is delivered, then paying closes the account, and nothing accrues after", async () => {
      await open();
      await toDay(4);
      await mined(as(inv.Receipts, a.s1).deliver(r));
      const storage = fee(Q, STORAGE, 4);
      const events = await eventsOf(as(F, a.bank).pay(r), F);
      expect(events[0].args).toEqual([r, A.bank, W, storage, 0n, cstDay(await latest()), true]);
      expect((await acct()).closed).toBe(true);
      expect(await revertsWith(as(F, a.s1).pay(r), "WarehouseFeesNotOpen")).toEqual([r]);
      await revertsWith(F.due(r), "WarehouseFeesNotOpen");
    });

    it("when a receipt leaves on its opening day, then paying nothing closes it", async () => {
      await open();
      await mined(as(inv.Receipts, a.s1).cancel(r));
      const events = await eventsOf(as(F, a.s1).pay(r), F);
      expect(events[0].args.slice(3)).toEqual([0n, 0n, cstDay(await latest()), true]);
    });

    it("when the account was never opened, or the payer allowed too little cash, then each is refused", async () => {
      expect(await revertsWith(as(F, a.s1).pay(r), "WarehouseFeesNotOpen")).toEqual([r]);
      await open();
      await toDay(2);
      await mined(as(ledger.SettlementCash, a.s1).approve(await F.getAddress(), 1n));
      await revertsWith(as(F, a.s1).pay(r), "ERC20InsufficientAllowance");
      expect(await due()).toEqual([fee(Q, STORAGE, 2), 0n]);
    });
  });

  describe("supervision", () => {
    it("when a pledged receipt is supervised for five days, then the owner pays storage and supervision for them", async () => {
      await open();
      const loanId = await pledged();
      const startDay = cstDay(await latest());
      expect(await eventsOf(as(F, inv.warehouse).startSupervision(r), F)).toEqual([{ name: "SupervisionStarted", args: [r, startDay] }]);
      await toDay(5);
      expect(await due()).toEqual([fee(Q, STORAGE, 5), fee(Q, SUPERVISION, 5)]);
      const [principal, interest] = (await inv.Pledges.due(loanId)).toArray() as bigint[];
      await mined(as(inv.Pledges, a.s1).repay(loanId, principal + interest));
      // Released: anyone may end the supervision now.
      const ended = await eventsOf(as(F, a.s1).endSupervision(r), F);
      expect(ended).toEqual([{ name: "SupervisionEnded", args: [r, A.s1, 5n, fee(Q, SUPERVISION, 5)] }]);
      await toDay(2);
      expect(await due()).toEqual([fee(Q, STORAGE, 7), fee(Q, SUPERVISION, 5)]);
      const warehouse = await cash(W);
      await mined(as(F, a.s1).pay(r));
      expect(await cash(W)).toBe(warehouse + fee(Q, STORAGE, 7) + fee(Q, SUPERVISION, 5));
      expect((await acct()).supervisionDue).toBe(0n);
    });

    it("when paying while supervision runs, then it is billed to date and keeps running", async () => {
      await open();
      await pledged();
      await mined(as(F, inv.warehouse).startSupervision(r));
      await toDay(3);
      await mined(as(F, a.s1).pay(r));
      await toDay(2);
      expect(await due()).toEqual([fee(Q, STORAGE, 2), fee(Q, SUPERVISION, 2)]);
      // The warehouse may end it while the receipt is still pledged.
      await mined(as(F, inv.warehouse).endSupervision(r));
      expect((await acct()).supervising).toBe(false);
    });

    it("when the receipt is not pledged, already supervised, or the caller not its warehouse, then starting is refused", async () => {
      await open();
      expect(await revertsWith(as(F, inv.warehouse).startSupervision(r), "WarehouseFeesCannotSupervise")).toEqual([r]);
      await pledged();
      expect(await revertsWith(as(F, inv.warehouse2).startSupervision(r), "WarehouseFeesNotWarehouse")).toEqual([r, await inv.warehouse2.getAddress()]);
      await mined(as(F, inv.warehouse).startSupervision(r));
      await revertsWith(as(F, inv.warehouse).startSupervision(r), "WarehouseFeesCannotSupervise");
      const closed = await issueReceipt(inv, a.s2, Q);
      expect(await revertsWith(as(F, inv.warehouse).startSupervision(closed), "WarehouseFeesNotOpen")).toEqual([closed]);
    });

    it("when supervision is not running, or anyone but the warehouse ends it while pledged, then ending is refused", async () => {
      await open();
      expect(await revertsWith(as(F, a.s1).endSupervision(r), "WarehouseFeesCannotEndSupervision")).toEqual([r]);
      await pledged();
      await mined(as(F, inv.warehouse).startSupervision(r));
      expect(await revertsWith(as(F, a.s1).endSupervision(r), "WarehouseFeesCannotEndSupervision")).toEqual([r]);
      expect(await revertsWith(as(F, a.s1).endSupervision(99n), "WarehouseFeesNotOpen")).toEqual([99n]);
    });
  });
});
