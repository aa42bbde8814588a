import { beforeEach, describe, expect, test } from "vitest";
import { bytes32, cstMidnightAfter, DAY, fundedLedger, ROLES, START, type Ledger } from "./support/fixture";

let ledger: Ledger;
beforeEach(async () => {
  ledger = await fundedLedger();
});

const ZERO = `0x${"0".repeat(40)}`;
const MATURITY = cstMidnightAfter(START, 90n);
const U64_MAX = 2n ** 64n - 1n;
const slotOf = (debtor: string, maturity: bigint) => ((BigInt(debtor) << 40n) | maturity).toString();
const RULES = {
  maxDepth: 5,
  maxTermDays: 180,
  minSplit: "1",
  invoicesRequired: true,
  whitelistOnly: false,
  banksRestricted: false,
  issuanceCoveredByCredit: true,
};
const setRules = (changes: object) => ledger.submit(ledger.cast.core, "Rules:setRules", JSON.stringify({ ...RULES, ...changes }));

describe("issue", () => {
  test("the core issues a root voucher to a supplier, backed by a confirmed invoice", async () => {
    const { core, tier1 } = ledger.cast;
    const key = await ledger.invoice(tier1, core, 1_000_00n);
    const e = await ledger.submit(core, "Vouchers:issue", tier1.account, "100000", MATURITY.toString(), JSON.stringify([key]));
    const id = BigInt(e.payload);
    expect(e.events).toEqual([
      { name: "Transfer", args: { from: ZERO, to: tier1.account, tokenId: id.toString() } },
      { name: "SlotChanged", args: { tokenId: id.toString(), oldSlot: "0", newSlot: slotOf(core.account, MATURITY) } },
      { name: "TransferValue", args: { fromTokenId: "0", toTokenId: id.toString(), value: "100000" } },
      { name: "VoucherIssued", args: { id: id.toString(), debtor: core.account, holder: tier1.account, amount: "100000", maturity: MATURITY.toString() } },
      { name: "InvoiceUsed", args: { key, voucherId: id.toString(), amount: "100000", used: "100000" } },
    ]);
    expect(await ledger.voucher(id)).toEqual({
      id,
      owner: tier1.account,
      value: 100_000n,
      redeemedValue: 0n,
      locked: 0n,
      depth: 1,
      financed: false,
      root: id,
      parent: 0n,
      debtor: core.account,
      maturity: MATURITY,
    });
    expect(await ledger.query("Vouchers:slotAccount", core.account, MATURITY.toString())).toEqual({
      slot: slotOf(core.account, MATURITY),
      debtor: core.account,
      maturity: MATURITY.toString(),
      outstanding: "100000",
      escrowed: "0",
    });
    expect(await ledger.query("Vouchers:outstandingOf", core.account)).toBe(100_000);
    expect(await ledger.query("Vouchers:count")).toBe(1);
    expect(await ledger.query("Vouchers:ids")).toEqual([id.toString()]);
    expect(await ledger.query("Vouchers:get", "12345")).toBeNull();
  });

  test("several invoices back one voucher, in order, and a remainder stays for later", async () => {
    const { core, tier1 } = ledger.cast;
    const a = await ledger.invoice(tier1, core, 300n);
    const b = await ledger.invoice(tier1, core, 500n);
    const e = await ledger.submit(core, "Vouchers:issue", tier1.account, "600", MATURITY.toString(), JSON.stringify([a, b]));
    expect(e.events.filter((x) => x.name === "InvoiceUsed").map((x) => [x.args.amount, x.args.used])).toEqual([
      ["300", "300"],
      ["300", "300"],
    ]);
    await ledger.submit(core, "Vouchers:issue", tier1.account, "200", MATURITY.toString(), JSON.stringify([b]));
    expect(await ledger.query("Invoices:get", b)).toMatchObject({ used: "500" });
  });

  test("without invoices when the program does not require them", async () => {
    const { core, tier1 } = ledger.cast;
    await setRules({ invoicesRequired: false });
    const e = await ledger.submit(core, "Vouchers:issue", tier1.account, "100", MATURITY.toString(), "[]");
    expect(await ledger.voucher(BigInt(e.payload))).toMatchObject({ value: 100n });
  });

  const issueWith = async (change: { amount?: string; maturity?: bigint; keys?: string[]; holder?: string; caller?: "core" | "bank" }) => {
    const { core, tier1 } = ledger.cast;
    const keys = change.keys ?? [await ledger.invoice(tier1, core, 1_000_00n)];
    const who = ledger.cast[change.caller ?? "core"];
    return () => ledger.submit(who, "Vouchers:issue", change.holder ?? tier1.account, change.amount ?? "100000", (change.maturity ?? MATURITY).toString(), JSON.stringify(keys));
  };

  test.each<[string, { caller?: "bank"; holder?: "bank"; amount?: string; maturity?: bigint; keys?: string[] }, string]>([
    ["an issuer that is not a core enterprise", { caller: "bank" }, "ParticipantsMissingRole"],
    ["a holder that is not a supplier", { holder: "bank" }, "ParticipantsMissingRole"],
    ["a zero amount", { amount: "0" }, "VouchersInvalidAmount"],
    ["a maturity off the CST midnight", { maturity: MATURITY + 3600n }, "VouchersInvalidMaturity"],
    ["a maturity in the past", { maturity: cstMidnightAfter(START, 0n) }, "VouchersInvalidMaturity"],
    ["a maturity past the term", { maturity: cstMidnightAfter(START, 181n) }, "VouchersInvalidMaturity"],
    ["no invoices", { keys: [] }, "VouchersInvoicesRequired"],
    ["seventeen invoices", { keys: Array.from({ length: 17 }, (_, i) => bytes32(`k${String(i)}`)) }, "VouchersTooMany"],
    ["an unknown invoice", { keys: [bytes32("unknown")] }, "InvoicesNotFound"],
    ["more than the invoices cover", { amount: "100001" }, "InvoicesInsufficient"],
    ["more than the credit lines cover", { amount: "1000000001" }, "VouchersIssuanceNotCovered"],
  ])("refuses %s", async (_what, change, code) => {
    const holder = change.holder === "bank" ? ledger.cast.bank.account : undefined;
    await ledger.refuses((await issueWith({ ...change, holder }))(), code);
  });

  test("refuses invoices that are unconfirmed, between other parties, or listed twice", async () => {
    const { core, tier1, tier2 } = ledger.cast;
    const unconfirmed = await ledger.invoice(tier1, core, 1_000n, false);
    await ledger.refuses((await issueWith({ amount: "100", keys: [unconfirmed] }))(), "InvoicesNotConfirmed");
    const others = await ledger.invoice(tier2, core, 1_000n);
    await ledger.refuses((await issueWith({ amount: "100", keys: [others] }))(), "InvoicesPartyMismatch");
    const once = await ledger.invoice(tier1, core, 1_000n);
    await ledger.refuses((await issueWith({ amount: "100", keys: [once, once] }))(), "InvoicesExhausted");
  });

  test("refuses a recipient off the whitelist, or itself", async () => {
    const { core, operator } = ledger.cast;
    await setRules({ whitelistOnly: true });
    await ledger.refuses((await issueWith({}))(), "VouchersRecipientNotAllowed");
    await ledger.submit(operator, "Participants:setRoles", core.account, String(ROLES.core | ROLES.supplier));
    await setRules({ invoicesRequired: false });
    await ledger.refuses((await issueWith({ holder: core.account, keys: [] }))(), "VouchersRecipientNotAllowed");
  });

  test("refuses a piece below the program's minimum", async () => {
    await setRules({ minSplit: "1000" });
    await ledger.refuses((await issueWith({ amount: "999" }))(), "VouchersInvalidAmount");
  });

  test("refuses to take a slot's outstanding past 2^64 − 1 fen", async () => {
    const { core, tier1 } = ledger.cast;
    await setRules({ invoicesRequired: false, issuanceCoveredByCredit: false });
    await ledger.submit(core, "Vouchers:issue", tier1.account, U64_MAX.toString(), MATURITY.toString(), "[]");
    await ledger.refuses(ledger.submit(core, "Vouchers:issue", tier1.account, "1", MATURITY.toString(), "[]"), "VouchersSlotOverflow");
    await ledger.refuses(ledger.submit(core, "Vouchers:issue", tier1.account, (U64_MAX + 1n).toString(), (MATURITY + DAY).toString(), "[]"), "LedgerInvalidArgument");
  });
});

describe("splitTransfer", () => {
  let root: bigint;
  beforeEach(async () => {
    root = await ledger.issue(ledger.cast.tier1, 1_000_00n, MATURITY);
  });

  test("passes a piece one tier down, with its lineage, backed by an invoice from the recipient", async () => {
    const { tier1, tier2, tier3 } = ledger.cast;
    const key = await ledger.invoice(tier2, tier1, 300_00n);
    const e = await ledger.submit(tier1, "Vouchers:splitTransfer", root.toString(), tier2.account, "30000", JSON.stringify([key]));
    const piece = BigInt(e.payload);
    expect(e.events.map((x) => x.name)).toEqual(["Transfer", "SlotChanged", "TransferValue", "VoucherTransferred", "InvoiceUsed"]);
    expect(e.events[2].args).toEqual({ fromTokenId: root.toString(), toTokenId: piece.toString(), value: "30000" });
    expect(e.events[3].args).toEqual({ parentId: root.toString(), id: piece.toString(), to: tier2.account, from: tier1.account, amount: "30000", depth: 2 });
    expect(await ledger.voucher(piece)).toMatchObject({ owner: tier2.account, value: 30_000n, depth: 2, root, parent: root });
    expect(await ledger.voucher(root)).toMatchObject({ value: 70_000n });

    // The whole of a voucher may go on; the parent keeps nothing.
    const deeper = await ledger.transfer(tier2, piece, tier3, 30_000n);
    expect(await ledger.voucher(deeper)).toMatchObject({ owner: tier3.account, depth: 3, root, parent: piece });
    expect(await ledger.voucher(piece)).toMatchObject({ value: 0n });
    expect(await ledger.query("Vouchers:outstandingOf", ledger.cast.core.account)).toBe(100_000);
  });

  const transferWith = async (change: { id?: bigint; from?: "tier1" | "tier2"; to?: string; amount?: bigint; keys?: string[] }) => {
    const { tier1, tier2 } = ledger.cast;
    const amount = change.amount ?? 100n;
    const keys = change.keys ?? [await ledger.invoice(tier2, tier1, amount)];
    return () => ledger.submit(ledger.cast[change.from ?? "tier1"], "Vouchers:splitTransfer", (change.id ?? root).toString(), change.to ?? tier2.account, amount.toString(), JSON.stringify(keys));
  };

  test.each([
    ["an unknown voucher", { id: 7n }, "VouchersNotFound"],
    ["a voucher of someone else", { from: "tier2" as const }, "VouchersNotHolder"],
    ["a zero amount", { amount: 0n, keys: [] }, "VouchersInvalidAmount"],
    ["more than its value", { amount: 100_001n }, "VouchersInsufficientValue"],
    ["no invoices", { keys: [] }, "VouchersInvoicesRequired"],
    ["seventeen invoices", { keys: Array.from({ length: 17 }, (_, i) => bytes32(`k${String(i)}`)) }, "VouchersTooMany"],
  ])("refuses %s", async (_what, change, code) => {
    await ledger.refuses((await transferWith(change))(), code);
  });

  test("refuses a recipient that is not an active supplier, itself, or off the whitelist", async () => {
    const { bank, tier1, tier2, core } = ledger.cast;
    await ledger.refuses((await transferWith({ to: bank.account, keys: [] }))(), "ParticipantsMissingRole");
    await ledger.refuses((await transferWith({ to: tier1.account, keys: [] }))(), "VouchersRecipientNotAllowed");
    await ledger.submit(core, "Rules:setRules", JSON.stringify({ ...RULES, whitelistOnly: true }));
    await ledger.refuses((await transferWith({}))(), "VouchersRecipientNotAllowed");
    await ledger.submit(core, "Rules:setWhitelisted", JSON.stringify([tier2.account]), "true");
    await (await transferWith({}))();
  });

  test("refuses to pass the program's depth, or to leave less than the minimum behind", async () => {
    const { tier1, tier2, tier3 } = ledger.cast;
    await setRules({ maxDepth: 2, minSplit: "100" });
    const piece = await ledger.transfer(tier1, root, tier2, 1_000n);
    const key = await ledger.invoice(tier3, tier2, 500n);
    await ledger.refuses(ledger.submit(tier2, "Vouchers:splitTransfer", piece.toString(), tier3.account, "500", JSON.stringify([key])), "VouchersDepthExceeded");
    await ledger.refuses((await transferWith({ amount: 98_950n }))(), "VouchersInvalidAmount");
    await ledger.refuses((await transferWith({ amount: 99n }))(), "VouchersInvalidAmount");
  });

  test("refuses to move a voucher at or after maturity", async () => {
    ledger.peer.advance(MATURITY - START);
    await ledger.refuses((await transferWith({}))(), "VouchersMatured");
  });

  test("refuses to move a bank's financed piece", async () => {
    const { bank, operator, tier1, tier2 } = ledger.cast;
    await ledger.submit(operator, "Participants:setRoles", bank.account, String(ROLES.bank | ROLES.supplier));
    const bankAsSupplier = await import("./support/fixture").then((f) => f.enrol("bank clerk", "bank,supplier", bank.account));
    const deadline = (START + DAY).toString();
    const request = await ledger.submit(tier1, "Financing:request", root.toString(), "100000", bank.account, "500", deadline);
    await ledger.submit(bank, "Financing:execute", request.payload);
    const key = await ledger.invoice(tier2, bank, 100n);
    await ledger.refuses(ledger.submit(bankAsSupplier, "Vouchers:splitTransfer", root.toString(), tier2.account, "100", JSON.stringify([key])), "VouchersFinanced");
  });
});

describe("split", () => {
  let root: bigint;
  beforeEach(async () => {
    root = await ledger.issue(ledger.cast.tier1, 1_000n, MATURITY);
  });

  test("the holder splits pieces off and keeps them, at the same tier", async () => {
    const { tier1 } = ledger.cast;
    const e = await ledger.submit(tier1, "Vouchers:split", root.toString(), JSON.stringify(["100", "250"]));
    const ids = (JSON.parse(e.payload) as string[]).map(BigInt);
    expect(ids).toHaveLength(2);
    expect(e.events.filter((x) => x.name === "VoucherSplit").map((x) => x.args)).toEqual([
      { parentId: root.toString(), id: ids[0].toString(), holder: tier1.account, amount: "100" },
      { parentId: root.toString(), id: ids[1].toString(), holder: tier1.account, amount: "250" },
    ]);
    expect(await ledger.voucher(ids[1])).toMatchObject({ owner: tier1.account, value: 250n, depth: 1, root, parent: root });
    expect(await ledger.voucher(root)).toMatchObject({ value: 650n });
    const all = (await ledger.query<string[]>("Vouchers:ids")).map(BigInt);
    expect(all).toEqual([root, ...ids].sort((a, b) => (a < b ? -1 : 1)));
  });

  test.each([
    ["no pieces", [], "VouchersTooMany"],
    ["seventeen pieces", Array.from({ length: 17 }, () => "1"), "VouchersTooMany"],
    ["a zero piece", ["0"], "VouchersInvalidAmount"],
    ["everything", ["1000"], "VouchersInvalidAmount"],
    ["more than the value", ["600", "401"], "VouchersInsufficientValue"],
    ["amounts that are not decimal strings", [10], "LedgerInvalidArgument"],
  ])("refuses %s", async (_what, amounts, code) => {
    await ledger.refuses(ledger.submit(ledger.cast.tier1, "Vouchers:split", root.toString(), JSON.stringify(amounts)), code);
  });

  test("refuses a non-holder, and a matured voucher", async () => {
    await ledger.refuses(ledger.submit(ledger.cast.tier2, "Vouchers:split", root.toString(), JSON.stringify(["1"])), "VouchersNotHolder");
    ledger.peer.advance(MATURITY - START);
    await ledger.refuses(ledger.submit(ledger.cast.tier1, "Vouchers:split", root.toString(), JSON.stringify(["1"])), "VouchersMatured");
  });
});
