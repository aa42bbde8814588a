import { beforeEach, describe, expect, test } from "vitest";
import { invoiceKey } from "../../chain/invoice-key";
import { bareLedger, bytes32, type Ledger } from "./support/fixture";

let ledger: Ledger;
beforeEach(async () => {
  ledger = await bareLedger();
});

// The key the EVM ledger registers the same invoice under: one invoice, one key, on every ledger.
const KEY = invoiceKey({ kind: "vat", code: "1100 1234 56", number: "0012 3456" });

describe("register and confirm", () => {
  test("a supplier registers an invoice under its canonical key, and the buyer confirms it", async () => {
    const { tier1, core } = ledger.cast;
    const registered = await ledger.submit(tier1, "Invoices:register", KEY, core.account, "100000", bytes32("c"));
    expect(registered.events).toEqual([
      { name: "InvoiceRegistered", args: { key: KEY, seller: tier1.account, buyer: core.account, amount: "100000", commitment: bytes32("c") } },
    ]);
    const confirmed = await ledger.submit(core, "Invoices:confirm", KEY);
    expect(confirmed.events).toEqual([{ name: "InvoiceConfirmed", args: { key: KEY, buyer: core.account } }]);
    expect(await ledger.query("Invoices:get", KEY)).toEqual({
      key: KEY,
      seller: tier1.account,
      buyer: core.account,
      amount: "100000",
      used: "0",
      confirmed: true,
      commitment: bytes32("c"),
    });
    expect(await ledger.query("Invoices:get", bytes32("never"))).toBeNull();
  });

  test.each([
    ["a key registered already", "again", "InvoicesAlreadyRegistered"],
    ["the zero key", "zero", "InvoicesInvalid"],
    ["a zero amount", "amount", "InvoicesInvalid"],
    ["the seller as buyer", "self", "InvoicesInvalid"],
    ["a non-supplier seller", "bank", "ParticipantsMissingRole"],
    ["an inactive buyer", "stranger", "ParticipantsNotActive"],
    ["a malformed key", "short", "LedgerInvalidArgument"],
  ] as const)("refuses %s", async (_what, variant, code) => {
    const { tier1, core, bank, stranger } = ledger.cast;
    await ledger.submit(tier1, "Invoices:register", KEY, core.account, "100", bytes32("c"));
    const seller = variant === "bank" ? bank : tier1;
    const key = variant === "zero" ? `0x${"0".repeat(64)}` : variant === "short" ? "0x1234" : variant === "again" ? KEY : bytes32("other");
    const buyer = variant === "self" ? tier1.account : variant === "stranger" ? stranger.account : core.account;
    await ledger.refuses(ledger.submit(seller, "Invoices:register", key, buyer, variant === "amount" ? "0" : "100", bytes32("c")), code);
  });

  test("only the buyer confirms, once", async () => {
    const { tier1, core, operator } = ledger.cast;
    await ledger.refuses(ledger.submit(core, "Invoices:confirm", KEY), "InvoicesNotFound");
    await ledger.submit(tier1, "Invoices:register", KEY, core.account, "100", bytes32("c"));
    await ledger.refuses(ledger.submit(tier1, "Invoices:confirm", KEY), "InvoicesNotBuyer");
    await ledger.submit(operator, "Participants:suspend", core.account);
    await ledger.refuses(ledger.submit(core, "Invoices:confirm", KEY), "ParticipantsNotActive");
    await ledger.submit(operator, "Participants:reinstate", core.account);
    await ledger.submit(core, "Invoices:confirm", KEY);
    await ledger.refuses(ledger.submit(core, "Invoices:confirm", KEY), "InvoicesAlreadyConfirmed");
  });
});
