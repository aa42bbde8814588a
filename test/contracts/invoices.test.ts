import { describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes, ZeroAddress, ZeroHash, type Contract, type ContractTransactionReceipt, type ContractTransactionResponse, type Signer } from "ethers";
import { invoiceKey } from "../../chain/invoice-key";
import { as, cstMidnightIn, issued, revertsWith, type Actors, type Ledger } from "../helpers/ledger";
import { addressOf, useSeededLedger, type Addresses } from "./fixture";

const COMMIT = keccak256(toUtf8Bytes("salted details"));

async function receiptOf(tx: Promise<unknown>): Promise<ContractTransactionReceipt> {
  return (await ((await tx) as ContractTransactionResponse).wait())!;
}

function eventsIn(receipt: ContractTransactionReceipt, contract: Contract): { name: string; args: unknown[] }[] {
  const target = addressOf(contract).toLowerCase();
  return receipt.logs
    .filter((l) => l.address.toLowerCase() === target)
    .map((l) => contract.interface.parseLog(l)!)
    .map((e) => ({ name: e.name, args: e.args.toArray(true) }));
}

let vatCounter = 0;
/** A fresh VAT invoice key (the helpers' confirmedInvoice uses 全电 numbers, so these never collide). */
function freshKey(): string {
  vatCounter += 1;
  return invoiceKey({ kind: "vat", code: "0310021130", number: String(vatCounter).padStart(8, "0") });
}

describe("Invoices", () => {
  let ledger: Ledger;
  let a: Actors;
  let I: Contract;
  let A: Addresses;
  let maturity: number;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    I = ledger.Invoices;
    maturity = await cstMidnightIn(90);
  });

  const record = async (key: string) => (await I.invoice(key)).toArray() as unknown[];
  /** `seller` registers a fresh invoice to `buyer`; the buyer confirms it unless told not to. */
  async function invoice(seller: Signer, buyer: Signer, amount: bigint, confirm = true): Promise<string> {
    const key = freshKey();
    await (await as(I, seller).register(key, await buyer.getAddress(), amount, COMMIT)).wait();
    if (confirm) await (await as(I, buyer).confirm(key)).wait();
    return key;
  }
  const issue = (amount: bigint, keys: string[], supplier = a.s1) =>
    supplier.getAddress().then((s) => as(ledger.Vouchers, a.core).issue(s, amount, maturity, keys));
  const used = async (key: string) => (await I.invoice(key)).used as bigint;

  describe("register", () => {
    it("when an active supplier registers an invoice to an active buyer, then it is recorded unconfirmed and InvoiceRegistered is emitted", async () => {
      const key = freshKey();
      const events = eventsIn(await receiptOf(as(I, a.s1).register(key, A.core, 1_000_00n, COMMIT)), I);
      expect(events).toEqual([{ name: "InvoiceRegistered", args: [key, A.s1, A.core, 1_000_00n, COMMIT] }]);
      expect(await record(key)).toEqual([A.s1, 1_000_00n, false, A.core, 0n, COMMIT]);
    });

    it("when a core enterprise that is also a supplier sells, or a supplier sells to another supplier, then both may register", async () => {
      const k1 = await invoice(a.core2, a.core, 500n, false);
      const k2 = await invoice(a.s2, a.s1, 700n, false);
      expect((await I.invoice(k1)).seller).toBe(A.core2);
      expect((await I.invoice(k2)).buyer).toBe(A.s1);
    });

    it("when a key is registered again, by the same or another seller, then InvoicesAlreadyRegistered and the first record stays", async () => {
      const key = await invoice(a.s1, a.core, 1_000n, false);
      const before = await record(key);
      expect(await revertsWith(as(I, a.s1).register(key, A.core, 1_000n, COMMIT), "InvoicesAlreadyRegistered")).toEqual([key]);
      await revertsWith(as(I, a.s2).register(key, A.core2, 9_999n, ZeroHash), "InvoicesAlreadyRegistered");
      expect(await record(key)).toEqual(before);
    });

    it("when the same invoice is registered again under a different formatting of its number, then it is the same key and refused", async () => {
      const canonical = invoiceKey({ kind: "vat", code: "3100211301", number: "87654321" });
      await (await as(I, a.s1).register(canonical, A.core, 1_000n, COMMIT)).wait();
      const retyped = invoiceKey({ kind: "vat", code: " ３１００－２１１３０１ ", number: "8765 4321" });
      await revertsWith(as(I, a.s2).register(retyped, A.core, 1_000n, COMMIT), "InvoicesAlreadyRegistered");
      const digital = invoiceKey({ kind: "digital", number: "24310000000087654321" });
      await (await as(I, a.s2).register(digital, A.core, 1_000n, COMMIT)).wait();
      const retypedDigital = invoiceKey({ kind: "digital", number: "2431-0000-0000-8765-4321" });
      await revertsWith(as(I, a.s1).register(retypedDigital, A.core, 1_000n, COMMIT), "InvoicesAlreadyRegistered");
      expect((await I.invoice(digital)).seller).toBe(A.s2);
    });

    it("when the key is zero, the amount is zero or the seller is the buyer, then InvoicesInvalid and nothing is recorded", async () => {
      await revertsWith(as(I, a.s1).register(ZeroHash, A.core, 1_000n, COMMIT), "InvoicesInvalid");
      const key = freshKey();
      await revertsWith(as(I, a.s1).register(key, A.core, 0n, COMMIT), "InvoicesInvalid");
      await revertsWith(as(I, a.s1).register(key, A.s1, 1_000n, COMMIT), "InvoicesInvalid");
      expect((await I.invoice(ZeroHash)).seller).toBe(ZeroAddress);
      expect((await I.invoice(key)).seller).toBe(ZeroAddress);
    });

    it("when the seller is not an active supplier, then it is refused", async () => {
      const key = freshKey();
      expect(await revertsWith(as(I, a.core).register(key, A.core2, 1_000n, COMMIT), "ParticipantsMissingRole")).toEqual([A.core, 8n]);
      expect(await revertsWith(as(I, a.bank).register(key, A.core, 1_000n, COMMIT), "ParticipantsMissingRole")).toEqual([A.bank, 8n]);
      expect(await revertsWith(as(I, a.outsider).register(key, A.core, 1_000n, COMMIT), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await (await as(ledger.Participants, a.operator).suspend(A.s1)).wait();
      expect(await revertsWith(as(I, a.s1).register(key, A.core, 1_000n, COMMIT), "ParticipantsNotActive")).toEqual([A.s1, 2n]);
      await (await as(ledger.Participants, a.regulator).freeze(A.s2)).wait();
      expect(await revertsWith(as(I, a.s2).register(key, A.core, 1_000n, COMMIT), "ParticipantsNotActive")).toEqual([A.s2, 3n]);
      expect((await I.invoice(key)).seller).toBe(ZeroAddress);
    });

    it("when the buyer is unregistered, suspended or frozen, then it is refused", async () => {
      const key = freshKey();
      expect(await revertsWith(as(I, a.s1).register(key, A.outsider, 1_000n, COMMIT), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await (await as(ledger.Participants, a.operator).suspend(A.core)).wait();
      expect(await revertsWith(as(I, a.s1).register(key, A.core, 1_000n, COMMIT), "ParticipantsNotActive")).toEqual([A.core, 2n]);
      await (await as(ledger.Participants, a.regulator).freeze(A.core2)).wait();
      expect(await revertsWith(as(I, a.s1).register(key, A.core2, 1_000n, COMMIT), "ParticipantsNotActive")).toEqual([A.core2, 3n]);
      expect((await I.invoice(key)).seller).toBe(ZeroAddress);
    });
  });

  describe("confirm", () => {
    it("when the buyer confirms, then the invoice is confirmed and InvoiceConfirmed is emitted", async () => {
      const key = await invoice(a.s1, a.core, 1_000n, false);
      const events = eventsIn(await receiptOf(as(I, a.core).confirm(key)), I);
      expect(events).toEqual([{ name: "InvoiceConfirmed", args: [key, A.core] }]);
      expect(await record(key)).toEqual([A.s1, 1_000n, true, A.core, 0n, COMMIT]);
    });

    it("when the key was never registered, then InvoicesNotFound", async () => {
      const key = freshKey();
      expect(await revertsWith(as(I, a.core).confirm(key), "InvoicesNotFound")).toEqual([key]);
    });

    it("when someone other than the buyer confirms, then InvoicesNotBuyer and it stays unconfirmed", async () => {
      const key = await invoice(a.s1, a.core, 1_000n, false);
      for (const s of [a.s1, a.core2, a.operator, a.outsider]) {
        expect(await revertsWith(as(I, s).confirm(key), "InvoicesNotBuyer")).toEqual([key, await s.getAddress()]);
      }
      expect((await I.invoice(key)).confirmed).toBe(false);
    });

    it("when the buyer confirms twice, then InvoicesAlreadyConfirmed", async () => {
      const key = await invoice(a.s1, a.core, 1_000n);
      expect(await revertsWith(as(I, a.core).confirm(key), "InvoicesAlreadyConfirmed")).toEqual([key]);
    });

    it("when the buyer is suspended or frozen, then it cannot confirm", async () => {
      const k1 = await invoice(a.s1, a.core, 1_000n, false);
      const k2 = await invoice(a.s1, a.core2, 1_000n, false);
      await (await as(ledger.Participants, a.operator).suspend(A.core)).wait();
      expect(await revertsWith(as(I, a.core).confirm(k1), "ParticipantsNotActive")).toEqual([A.core, 2n]);
      await (await as(ledger.Participants, a.regulator).freeze(A.core2)).wait();
      expect(await revertsWith(as(I, a.core2).confirm(k2), "ParticipantsNotActive")).toEqual([A.core2, 3n]);
      expect([(await I.invoice(k1)).confirmed, (await I.invoice(k2)).confirmed]).toEqual([false, false]);
    });
  });

  describe("consume", () => {
    it("when anyone but the voucher ledger calls consume, then InvoicesUnauthorized and nothing is used", async () => {
      const key = await invoice(a.s1, a.core, 1_000n);
      for (const s of [a.core, a.s1, a.outsider]) {
        const args = await revertsWith(as(I, s).consume([key], 7, 3, 1_000n, 1n), "InvoicesUnauthorized");
        expect(args).toEqual([await s.getAddress()]);
      }
      expect(await used(key)).toBe(0n);
    });

    it("when a voucher is issued against one invoice, then the invoice is used and InvoiceUsed names the voucher", async () => {
      const key = await invoice(a.s1, a.core, 1_000_00n);
      const r = await receiptOf(issue(600_00n, [key]));
      const id = await ledger.Vouchers.lastId();
      expect(eventsIn(r, I)).toEqual([{ name: "InvoiceUsed", args: [key, id, 600_00n, 600_00n] }]);
      expect(await record(key)).toEqual([A.s1, 1_000_00n, true, A.core, 600_00n, COMMIT]);
    });

    it("when a voucher is backed by two invoices, then the first is used up before the second, in order", async () => {
      const k1 = await invoice(a.s1, a.core, 300n);
      const k2 = await invoice(a.s1, a.core, 500n);
      const r = await receiptOf(issue(700n, [k1, k2]));
      const id = await ledger.Vouchers.lastId();
      expect(eventsIn(r, I)).toEqual([
        { name: "InvoiceUsed", args: [k1, id, 300n, 300n] },
        { name: "InvoiceUsed", args: [k2, id, 400n, 400n] },
      ]);
      await (await issue(100n, [k2])).wait();
      expect([await used(k1), await used(k2)]).toEqual([300n, 500n]);
    });

    it("when several vouchers draw on one invoice, then its use never exceeds its amount", async () => {
      const key = await invoice(a.s1, a.core, 1_000n);
      await (await issue(600n, [key])).wait();
      const lastId = await ledger.Vouchers.lastId();
      const outstanding = await ledger.Vouchers.outstandingOf(A.core);
      expect(await revertsWith(issue(600n, [key]), "InvoicesInsufficient")).toEqual([400n, 600n]);
      expect(await used(key)).toBe(600n);
      expect(await ledger.Vouchers.lastId()).toBe(lastId);
      expect(await ledger.Vouchers.outstandingOf(A.core)).toBe(outstanding);
      await (await issue(400n, [key])).wait();
      expect(await used(key)).toBe(1_000n);
      expect(await revertsWith(issue(1n, [key]), "InvoicesExhausted")).toEqual([key]);
    });

    it("when the invoices together fall short, then InvoicesInsufficient and even the invoices that gave something stay unused", async () => {
      const k1 = await invoice(a.s1, a.core, 300n);
      const k2 = await invoice(a.s1, a.core, 200n);
      expect(await revertsWith(issue(600n, [k1, k2]), "InvoicesInsufficient")).toEqual([500n, 600n]);
      expect([await used(k1), await used(k2)]).toEqual([0n, 0n]);
    });

    it("when an invoice is listed twice, or has nothing left to give, then InvoicesExhausted", async () => {
      const key = await invoice(a.s1, a.core, 1_000n);
      expect(await revertsWith(issue(1_500n, [key, key]), "InvoicesExhausted")).toEqual([key]);
      expect(await revertsWith(issue(1_000n, [key, key]), "InvoicesExhausted")).toEqual([key]);
      expect(await used(key)).toBe(0n);
    });

    it("when an extra invoice is offered after the amount is already covered, then InvoicesExhausted names it, since each must give something", async () => {
      const k1 = await invoice(a.s1, a.core, 1_000n);
      const k2 = await invoice(a.s1, a.core, 1_000n);
      expect(await revertsWith(issue(800n, [k1, k2]), "InvoicesExhausted")).toEqual([k2]);
      expect([await used(k1), await used(k2)]).toEqual([0n, 0n]);
    });

    it("when an offered invoice is unconfirmed or unknown, then InvoicesNotConfirmed or InvoicesNotFound", async () => {
      const unconfirmed = await invoice(a.s1, a.core, 1_000n, false);
      expect(await revertsWith(issue(1_000n, [unconfirmed]), "InvoicesNotConfirmed")).toEqual([unconfirmed]);
      const unknown = freshKey();
      const good = await invoice(a.s1, a.core, 1_000n);
      expect(await revertsWith(issue(1_000n, [good, unknown]), "InvoicesNotFound")).toEqual([unknown]);
      expect(await used(good)).toBe(0n);
    });

    it("when an offered invoice is between other parties, then InvoicesPartyMismatch names its parties", async () => {
      const otherSeller = await invoice(a.s2, a.core, 1_000n);
      expect(await revertsWith(issue(1_000n, [otherSeller]), "InvoicesPartyMismatch")).toEqual([otherSeller, A.s2, A.core]);
      const otherBuyer = await invoice(a.s1, a.core2, 1_000n);
      expect(await revertsWith(issue(1_000n, [otherBuyer]), "InvoicesPartyMismatch")).toEqual([otherBuyer, A.s1, A.core2]);
      expect([await used(otherSeller), await used(otherBuyer)]).toEqual([0n, 0n]);
    });

    it("when a holder passes a voucher on, then only an invoice from the recipient to the holder backs it, and its use adds up across transfers", async () => {
      const id = await issued(ledger, a.core, a.s1, 10_000n, maturity);
      const wrongWay = await invoice(a.s1, a.core, 1_000n);
      const pass = (amount: bigint, keys: string[]) => as(ledger.Vouchers, a.s1).splitTransfer(id, A.s2, amount, keys);
      expect(await revertsWith(pass(600n, [wrongWay]), "InvoicesPartyMismatch")).toEqual([wrongWay, A.s1, A.core]);
      const key = await invoice(a.s2, a.s1, 1_000n);
      const r = await receiptOf(pass(600n, [key]));
      const newId = await ledger.Vouchers.lastId();
      expect(eventsIn(r, I)).toEqual([{ name: "InvoiceUsed", args: [key, newId, 600n, 600n] }]);
      expect(await revertsWith(pass(600n, [key]), "InvoicesInsufficient")).toEqual([400n, 600n]);
      expect((await ledger.Vouchers.voucher(id)).value).toBe(9_400n);
    });
  });
});
