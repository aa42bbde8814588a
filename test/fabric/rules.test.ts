import { beforeEach, describe, expect, test } from "vitest";
import { accountOf, bareLedger, type Ledger } from "./support/fixture";

let ledger: Ledger;
beforeEach(async () => {
  ledger = await bareLedger();
});

const BOUNDS = { maxDepth: 8, maxTermDays: 200, minSplitFloor: "100", invoicesMandatory: false, coverageMandatory: false };
const RULES = {
  maxDepth: 4,
  maxTermDays: 120,
  minSplit: "500",
  invoicesRequired: true,
  whitelistOnly: false,
  banksRestricted: false,
  issuanceCoveredByCredit: true,
};

describe("bounds", () => {
  test("start at the hard limits, and the operator sets them", async () => {
    expect(await ledger.query("Rules:bounds")).toEqual({ maxDepth: 32, maxTermDays: 365, minSplitFloor: "1", invoicesMandatory: false, coverageMandatory: false });
    const e = await ledger.submit(ledger.cast.operator, "Rules:setBounds", JSON.stringify(BOUNDS));
    expect(e.events).toEqual([{ name: "BoundsChanged", args: { bounds: BOUNDS } }]);
    expect(await ledger.query("Rules:bounds")).toEqual(BOUNDS);
  });

  test.each([
    ["depth 0", { maxDepth: 0 }, "CreditPassingRulesInvalidBounds"],
    ["depth 33", { maxDepth: 33 }, "CreditPassingRulesInvalidBounds"],
    ["term 0", { maxTermDays: 0 }, "CreditPassingRulesInvalidBounds"],
    ["term 366", { maxTermDays: 366 }, "CreditPassingRulesInvalidBounds"],
    ["a zero split floor", { minSplitFloor: "0" }, "CreditPassingRulesInvalidBounds"],
    ["a fractional depth", { maxDepth: 1.5 }, "LedgerInvalidArgument"],
    ["money as a number", { minSplitFloor: 100 }, "LedgerInvalidArgument"],
  ])("refuses %s", async (_what, change, code) => {
    await ledger.refuses(ledger.submit(ledger.cast.operator, "Rules:setBounds", JSON.stringify({ ...BOUNDS, ...change })), code);
  });

  test("only the operator sets them", async () => {
    await ledger.refuses(ledger.submit(ledger.cast.core, "Rules:setBounds", JSON.stringify(BOUNDS)), "ParticipantsMissingRole");
    await ledger.refuses(ledger.submit(ledger.cast.operator, "Rules:setBounds", "[1]"), "LedgerInvalidArgument");
  });
});

describe("rules", () => {
  test("a program without rules reads the defaults", async () => {
    expect(await ledger.query("Rules:rulesOf", ledger.cast.core.account)).toEqual({
      maxDepth: 5,
      maxTermDays: 180,
      minSplit: "1",
      invoicesRequired: true,
      whitelistOnly: false,
      banksRestricted: false,
      issuanceCoveredByCredit: true,
    });
  });

  test("the core sets its rules within the bounds, and tightened bounds clamp them", async () => {
    const { core, operator } = ledger.cast;
    const e = await ledger.submit(core, "Rules:setRules", JSON.stringify({ ...RULES, invoicesRequired: false, issuanceCoveredByCredit: false }));
    expect(e.events).toEqual([{ name: "RulesChanged", args: { core: core.account, rules: { ...RULES, invoicesRequired: false, issuanceCoveredByCredit: false } } }]);
    await ledger.submit(operator, "Rules:setBounds", JSON.stringify({ maxDepth: 2, maxTermDays: 90, minSplitFloor: "1000", invoicesMandatory: true, coverageMandatory: true }));
    expect(await ledger.query("Rules:rulesOf", core.account)).toEqual({ ...RULES, maxDepth: 2, maxTermDays: 90, minSplit: "1000" });
  });

  test.each<[string, object, object?]>([
    ["depth 0", { maxDepth: 0 }],
    ["depth past the bound", { maxDepth: 9 }],
    ["term 0", { maxTermDays: 0 }],
    ["term past the bound", { maxTermDays: 201 }],
    ["a split below the floor", { minSplit: "99" }],
    ["invoices off when mandatory", { invoicesRequired: false }, { invoicesMandatory: true }],
    ["coverage off when mandatory", { issuanceCoveredByCredit: false }, { coverageMandatory: true }],
  ])("refuses %s", async (_what, change, bounds = {}) => {
    await ledger.submit(ledger.cast.operator, "Rules:setBounds", JSON.stringify({ ...BOUNDS, ...bounds }));
    await ledger.refuses(ledger.submit(ledger.cast.core, "Rules:setRules", JSON.stringify({ ...RULES, ...change })), "CreditPassingRulesOutOfBounds");
  });

  test("only an active core enterprise sets rules", async () => {
    await ledger.refuses(ledger.submit(ledger.cast.tier1, "Rules:setRules", JSON.stringify(RULES)), "ParticipantsMissingRole");
  });
});

describe("whitelist and eligible banks", () => {
  test("are open until the program restricts them", async () => {
    const { core, tier1, bank } = ledger.cast;
    expect(await ledger.query("Rules:mayReceive", core.account, tier1.account)).toBe(true);
    expect(await ledger.query("Rules:mayFinance", core.account, bank.account)).toBe(true);
    await ledger.submit(core, "Rules:setRules", JSON.stringify({ ...RULES, whitelistOnly: true, banksRestricted: true }));
    expect(await ledger.query("Rules:mayReceive", core.account, tier1.account)).toBe(false);
    expect(await ledger.query("Rules:mayFinance", core.account, bank.account)).toBe(false);

    const listed = await ledger.submit(core, "Rules:setWhitelisted", JSON.stringify([tier1.account, accountOf("other")]), "true");
    expect(listed.events).toEqual([
      { name: "SupplierWhitelistChanged", args: { core: core.account, supplier: tier1.account, listed: true } },
      { name: "SupplierWhitelistChanged", args: { core: core.account, supplier: accountOf("other"), listed: true } },
    ]);
    const eligible = await ledger.submit(core, "Rules:setEligibleBanks", JSON.stringify([bank.account]), "true");
    expect(eligible.events).toEqual([{ name: "BankEligibilityChanged", args: { core: core.account, bank: bank.account, eligible: true } }]);
    expect(await ledger.query("Rules:mayReceive", core.account, tier1.account)).toBe(true);
    expect(await ledger.query("Rules:mayFinance", core.account, bank.account)).toBe(true);

    await ledger.submit(core, "Rules:setWhitelisted", JSON.stringify([tier1.account]), "false");
    await ledger.submit(core, "Rules:setEligibleBanks", JSON.stringify([bank.account]), "false");
    expect(await ledger.query("Rules:mayReceive", core.account, tier1.account)).toBe(false);
    expect(await ledger.query("Rules:mayFinance", core.account, bank.account)).toBe(false);
  });

  test("only the core edits them, with well-formed lists", async () => {
    const { core, tier1 } = ledger.cast;
    await ledger.refuses(ledger.submit(tier1, "Rules:setWhitelisted", JSON.stringify([tier1.account]), "true"), "ParticipantsMissingRole");
    await ledger.refuses(ledger.submit(tier1, "Rules:setEligibleBanks", JSON.stringify([tier1.account]), "true"), "ParticipantsMissingRole");
    await ledger.refuses(ledger.submit(core, "Rules:setWhitelisted", JSON.stringify(["0x12"]), "true"), "LedgerInvalidArgument");
    await ledger.refuses(ledger.submit(core, "Rules:setEligibleBanks", "not json", "true"), "LedgerInvalidArgument");
    await ledger.refuses(ledger.submit(core, "Rules:setWhitelisted", JSON.stringify([tier1.account]), "yes"), "LedgerInvalidArgument");
  });
});
