import { beforeEach, describe, expect, test } from "vitest";
import { TestCa } from "./support/test-ca";
import { bytes32, cstMidnightAfter, enrol, fundedLedger, START, type Ledger } from "./support/fixture";

let ledger: Ledger;
beforeEach(async () => {
  ledger = await fundedLedger();
});

describe("the caller's identity comes from its certificate", () => {
  test("a certificate without a ledger account is refused, for queries too", async () => {
    const anonymous = await enrol("anonymous", "supplier", "");
    await ledger.refuses(ledger.peer.evaluate(anonymous, "Participants:get", ledger.cast.core.account), "IdentityAccountMissing");
    const malformed = await enrol("malformed", "supplier", "not-an-account");
    await ledger.refuses(ledger.submit(malformed, "Invoices:confirm", bytes32("k")), "IdentityAccountMissing");
  });

  test("a role the certificate does not grant is refused even when the ledger grants it", async () => {
    const { core, tier1 } = ledger.cast;
    const coreAsSupplier = await enrol("core clerk", "supplier", core.account);
    const key = await ledger.invoice(tier1, core, 100_00n);
    const maturity = cstMidnightAfter(START, 30n);
    await ledger.refuses(
      ledger.submit(coreAsSupplier, "Vouchers:issue", tier1.account, "10000", maturity.toString(), JSON.stringify([key])),
      "ParticipantsMissingRole",
    );
  });

  test("an unknown role name in the certificate is refused", async () => {
    const odd = await enrol("odd", "supplier,wizard", ledger.cast.tier1.account);
    await ledger.refuses(ledger.peer.evaluate(odd, "Rules:bounds"), "IdentityInvalidRoles");
  });

  test("a certificate from another organisation's CA cannot speak for a participant", async () => {
    const otherCa = await TestCa.create("Org2MSP");
    const impostor = await otherCa.enrol("impostor", { "scf.account": ledger.cast.core.account, "scf.roles": "core" });
    await ledger.refuses(ledger.submit(impostor, "Settlement:fund", cstMidnightAfter(START, 30n).toString()), "IdentityMspMismatch");
  });

  test("nor decline, cancel, approve, release or close for it, which need no role", async () => {
    const { bank, tier1, cashBank } = ledger.cast;
    const otherCa = await TestCa.create("Org2MSP");
    const fakeBank = await otherCa.enrol("fake bank", { "scf.account": bank.account, "scf.roles": "bank" });
    const fakeHolder = await otherCa.enrol("fake holder", { "scf.account": tier1.account, "scf.roles": "supplier" });
    const id = await ledger.issue(tier1, 1_000n, cstMidnightAfter(START, 30n));
    const rid = (await ledger.submit(tier1, "Financing:request", id.toString(), "100", bank.account, "365", (START + 86_400n).toString())).payload;
    await ledger.refuses(ledger.submit(fakeBank, "Financing:decline", rid), "IdentityMspMismatch");
    await ledger.refuses(ledger.submit(fakeHolder, "Financing:cancel", rid), "IdentityMspMismatch");
    await ledger.refuses(ledger.submit(fakeHolder, "Cash:approve", cashBank.account, "100"), "IdentityMspMismatch");
    // Nor be named by the events of what anyone may do.
    ledger.peer.advance(400n * 86_400n);
    await ledger.refuses(ledger.submit(fakeHolder, "Financing:release", rid), "IdentityMspMismatch");
    await ledger.refuses(ledger.submit(fakeHolder, "CreditLines:closeExpired", bank.account, ledger.cast.core.account), "IdentityMspMismatch");
  });
});

describe("events", () => {
  test("a transaction sets exactly one chaincode event, with its domain events in order", async () => {
    const { core, tier1 } = ledger.cast;
    const key = await ledger.invoice(tier1, core, 500_00n);
    const issued = await ledger.submit(core, "Vouchers:issue", tier1.account, "50000", cstMidnightAfter(START, 30n).toString(), JSON.stringify([key]));
    expect(issued.eventCount).toBe(1);
    expect(issued.events.map((e) => e.name)).toEqual(["Transfer", "SlotChanged", "TransferValue", "VoucherIssued", "InvoiceUsed"]);
  });

  test("a refused transaction emits nothing and writes nothing", async () => {
    const { core, tier1 } = ledger.cast;
    const e = await ledger.peer.endorse(core, "Vouchers:issue", tier1.account, "50000", "1", "[]");
    expect(e.status).toBe(500);
    expect(e.events).toEqual([]);
  });
});
