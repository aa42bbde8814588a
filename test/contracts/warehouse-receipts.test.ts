import { describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes, ZeroAddress, ZeroHash, type Contract } from "ethers";
import { as, eventsOf, mined, revertsWith, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { attestation, COPPER, deployInventory, GRADE, issueReceipt, LI2CO3, type Inventory } from "./inventory-fixtures";

const STATUS = { None: 0n, Active: 1n, Pledged: 2n, Split: 3n, Delivered: 4n, Cancelled: 5n } as const;
const Q = 20_000_000n; // 20 t in grams

describe("WarehouseReceipts", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let inv: Inventory;
  let R: Contract;
  let W: string;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    inv = await deployInventory(ledger, a);
    R = inv.Receipts;
    W = await inv.warehouse.getAddress();
  });

  const wh = () => as(R, inv.warehouse);
  const terms = (changes: Record<string, unknown> = {}) => ({
    depositor: A.s1, commodity: LI2CO3, grade: GRADE, quantity: Q, weighed: Q + 5_000n, ...attestation(), ...changes,
  });
  const record = async (id: bigint) => (await R.receipt(id)).toObject() as Record<string, unknown>;
  const lots = (...q: bigint[]) => q.map((quantity, i) => ({ quantity, document: keccak256(toUtf8Bytes(`lot-${i}-${quantity}`)) }));

  describe("issue", () => {
    it("when a warehouse issues against a fresh inbound and reading, then the depositor owns an active receipt with every element", async () => {
      const t = terms();
      const events = await eventsOf(wh().issue(t), R);
      expect(events).toEqual([{
        name: "ReceiptIssued",
        args: [1n, W, A.s1, LI2CO3, GRADE, Q, Q + 5_000n, t.inbound, t.reading, t.location, t.document],
      }]);
      expect(await record(1n)).toEqual({
        owner: A.s1, quantity: Q, warehouse: W, status: STATUS.Active, parent: 0n,
        commodity: LI2CO3, grade: GRADE, location: t.location, document: t.document,
      });
      expect(await R.lastId()).toBe(1n);
      expect((await R.backedBy(W, t.inbound, t.reading)).toArray()).toEqual([1n, 1n]);
    });

    it("when the same inbound or the same weighing reading backs a second receipt, then WarehouseReceiptsAttestationUsed", async () => {
      const first = terms();
      await mined(wh().issue(first));
      expect(await revertsWith(wh().issue(terms({ inbound: first.inbound })), "WarehouseReceiptsAttestationUsed")).toEqual([first.inbound]);
      expect(await revertsWith(wh().issue(terms({ reading: first.reading })), "WarehouseReceiptsAttestationUsed")).toEqual([first.reading]);
      // Another warehouse's reading is one physical weighing too: it cannot back this warehouse's receipt either.
      await revertsWith(as(R, inv.warehouse2).issue(terms({ reading: first.reading })), "WarehouseReceiptsAttestationUsed");
      expect(await R.lastId()).toBe(1n);
    });

    it("when two warehouses number their inbounds alike, then each may issue against its own", async () => {
      const t = terms();
      await mined(wh().issue(t));
      await mined(as(R, inv.warehouse2).issue(terms({ inbound: t.inbound })));
      expect((await record(2n)).warehouse).toBe(await inv.warehouse2.getAddress());
    });

    it("when the quantity is zero or above what the device weighed, then WarehouseReceiptsInvalidQuantity", async () => {
      expect(await revertsWith(wh().issue(terms({ quantity: 0n })), "WarehouseReceiptsInvalidQuantity")).toEqual([0n, Q + 5_000n]);
      expect(await revertsWith(wh().issue(terms({ quantity: Q + 5_001n })), "WarehouseReceiptsInvalidQuantity")).toEqual([Q + 5_001n, Q + 5_000n]);
      expect(await R.lastId()).toBe(0n);
    });

    it("when the commodity or a commitment is empty, then WarehouseReceiptsInvalidArgument", async () => {
      for (const field of ["commodity", "inbound", "reading", "location", "document"]) {
        const empty = field === "commodity" ? "0x" + "00".repeat(16) : ZeroHash;
        await revertsWith(wh().issue(terms({ [field]: empty })), "WarehouseReceiptsInvalidArgument");
      }
      expect(await R.lastId()).toBe(0n);
    });

    it("when a non-warehouse issues, or the depositor is not an active participant, then the participants' error", async () => {
      expect(await revertsWith(as(R, a.bank).issue(terms()), "ParticipantsMissingRole")).toEqual([A.bank, BigInt(ROLE.WAREHOUSE)]);
      await revertsWith(wh().issue(terms({ depositor: A.outsider })), "ParticipantsNotActive");
      await mined(as(ledger.Participants, a.regulator).freeze(W));
      await revertsWith(wh().issue(terms()), "ParticipantsNotActive");
      expect(await R.lastId()).toBe(0n);
    });
  });

  describe("transfer", () => {
    it("when the owner transfers, then the new owner holds it and ReceiptTransferred is emitted", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      expect(await eventsOf(as(R, a.s1).transfer(id, A.s2), R)).toEqual([{ name: "ReceiptTransferred", args: [id, A.s1, A.s2] }]);
      expect((await record(id)).owner).toBe(A.s2);
    });

    it("when someone else transfers, then WarehouseReceiptsNotOwner", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      expect(await revertsWith(as(R, a.s2).transfer(id, A.s2), "WarehouseReceiptsNotOwner")).toEqual([id, A.s2]);
      expect((await record(id)).owner).toBe(A.s1);
    });

    it("when the receipt is unknown, then WarehouseReceiptsUnknown", async () => {
      expect(await revertsWith(as(R, a.s1).transfer(9n, A.s2), "WarehouseReceiptsUnknown")).toEqual([9n]);
    });

    it("when the owner sends it to itself, then WarehouseReceiptsInvalidArgument; to an outsider, ParticipantsNotActive", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      await revertsWith(as(R, a.s1).transfer(id, A.s1), "WarehouseReceiptsInvalidArgument");
      await revertsWith(as(R, a.s1).transfer(id, A.outsider), "ParticipantsNotActive");
      await revertsWith(as(R, a.s1).transfer(id, ZeroAddress), "ParticipantsNotActive");
    });

    it("when the owner is frozen, then its receipt does not move", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      await mined(as(ledger.Participants, a.regulator).freeze(A.s1));
      await revertsWith(as(R, a.s1).transfer(id, A.s2), "ParticipantsNotActive");
      expect((await record(id)).owner).toBe(A.s1);
    });
  });

  describe("split", () => {
    it("when the owner splits, then the lots add up, inherit the goods' elements and point at the parent, which is retired", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      const parent = await record(id);
      const l = lots(12_000_000n, 7_999_999n, 1n);
      const events = await eventsOf(as(R, a.s1).split(id, l), R);
      expect(events).toEqual(l.map((lot, i) => ({ name: "ReceiptSplit", args: [id, id + 1n + BigInt(i), lot.quantity, lot.document] })));
      expect((await record(id)).status).toBe(STATUS.Split);
      for (const [i, lot] of l.entries()) {
        expect(await record(id + 1n + BigInt(i))).toEqual({ ...parent, quantity: lot.quantity, document: lot.document, parent: id });
      }
      expect(await R.lastId()).toBe(id + 3n);
    });

    it("when the lots do not add up, then WarehouseReceiptsQuantityMismatch and the receipt stays whole", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      expect(await revertsWith(as(R, a.s1).split(id, lots(10_000_000n, 10_000_001n)), "WarehouseReceiptsQuantityMismatch")).toEqual([id, Q + 1n, Q]);
      await revertsWith(as(R, a.s1).split(id, lots(10_000_000n, 9_999_999n)), "WarehouseReceiptsQuantityMismatch");
      expect((await record(id)).status).toBe(STATUS.Active);
    });

    it("when a lot is empty or has no document, or there are fewer than two or more than 16 lots, then the split is refused", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      await revertsWith(as(R, a.s1).split(id, lots(Q, 0n)), "WarehouseReceiptsInvalidQuantity");
      await revertsWith(as(R, a.s1).split(id, [{ quantity: Q - 1n, document: ZeroHash }, ...lots(1n)]), "WarehouseReceiptsInvalidArgument");
      expect(await revertsWith(as(R, a.s1).split(id, lots(Q)), "WarehouseReceiptsInvalidLots")).toEqual([1n]);
      expect(await revertsWith(as(R, a.s1).split(id, lots(...Array<bigint>(17).fill(Q / 17n))), "WarehouseReceiptsInvalidLots")).toEqual([17n]);
      expect(await R.lastId()).toBe(id);
    });

    it("when someone else splits, or the receipt is already split, then NotOwner or NotActive", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      await revertsWith(as(R, a.s2).split(id, lots(Q - 1n, 1n)), "WarehouseReceiptsNotOwner");
      await mined(as(R, a.s1).split(id, lots(Q - 1n, 1n)));
      expect(await revertsWith(as(R, a.s1).split(id, lots(Q - 1n, 1n)), "WarehouseReceiptsNotActive")).toEqual([id, STATUS.Split]);
      await revertsWith(as(R, a.s1).transfer(id, A.s2), "WarehouseReceiptsNotActive");
    });
  });

  describe("deliver / cancel", () => {
    it("when the owner surrenders a receipt for delivery, then it is Delivered and can do nothing more", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      expect(await eventsOf(as(R, a.s1).deliver(id), R)).toEqual([{ name: "ReceiptDelivered", args: [id, A.s1, Q] }]);
      expect((await record(id)).status).toBe(STATUS.Delivered);
      for (const call of [() => as(R, a.s1).deliver(id), () => as(R, a.s1).cancel(id), () => as(R, a.s1).transfer(id, A.s2)]) {
        expect(await revertsWith(call(), "WarehouseReceiptsNotActive")).toEqual([id, STATUS.Delivered]);
      }
    });

    it("when the owner cancels, then it is Cancelled, and its inbound still backs no second receipt", async () => {
      const t = terms();
      await mined(wh().issue(t));
      expect(await eventsOf(as(R, a.s1).cancel(1n), R)).toEqual([{ name: "ReceiptCancelled", args: [1n, A.s1, Q] }]);
      expect((await record(1n)).status).toBe(STATUS.Cancelled);
      await revertsWith(wh().issue(terms({ inbound: t.inbound })), "WarehouseReceiptsAttestationUsed");
      await revertsWith(as(R, a.s1).deliver(1n), "WarehouseReceiptsNotActive");
    });

    it("when someone else delivers or cancels, then WarehouseReceiptsNotOwner, even the warehouse", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      for (const s of [a.s2, inv.warehouse]) {
        await revertsWith(as(R, s).deliver(id), "WarehouseReceiptsNotOwner");
        await revertsWith(as(R, s).cancel(id), "WarehouseReceiptsNotOwner");
      }
      expect((await record(id)).status).toBe(STATUS.Active);
    });
  });

  describe("lock / release / seize", () => {
    it("when anyone but the pledge module locks, releases or seizes, then WarehouseReceiptsUnauthorized", async () => {
      const id = await issueReceipt(inv, a.s1, Q);
      for (const call of [() => as(R, a.s1).lock(id, A.s1), () => as(R, a.s1).release(id), () => as(R, a.bank).seize(id, A.bank)]) {
        await revertsWith(call(), "WarehouseReceiptsUnauthorized");
      }
      expect((await record(id)).status).toBe(STATUS.Active);
    });
  });

  it("a receipt of another commodity keeps its own code", async () => {
    const id = await issueReceipt(inv, a.s2, 5n, COPPER, inv.warehouse2);
    expect((await record(id)).commodity).toBe(COPPER);
  });
});
