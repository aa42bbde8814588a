import { beforeEach, describe, expect, test } from "vitest";
import { bareLedger, bytes32, type Ledger } from "./support/fixture";

let ledger: Ledger;
beforeEach(async () => {
  ledger = await bareLedger();
});

const ZERO = `0x${"0".repeat(40)}`;

describe("the settlement bank", () => {
  test("is designated by the regulator, and a new designation replaces it", async () => {
    const { regulator, bank, cashBank } = ledger.cast;
    expect(await ledger.peer.evaluate(regulator, "Cash:settlementBank")).toBe(cashBank.account);
    const e = await ledger.submit(regulator, "Cash:designateSettlementBank", bank.account);
    expect(e.events).toEqual([{ name: "SettlementBankDesignated", args: { bank: bank.account } }]);
    await ledger.refuses(ledger.submit(cashBank, "Cash:mint", cashBank.account, "1", bytes32("r")), "SettlementCashNotSettlementBank");
  });

  test.each([
    ["the same bank again", "regulator", "cashBank", "SettlementCashBankUnchanged"],
    ["a non-bank", "regulator", "core", "ParticipantsMissingRole"],
    ["by the operator", "operator", "bank", "ParticipantsMissingRole"],
  ] as const)("refuses %s", async (_what, caller, bank, code) => {
    const cast = ledger.cast;
    await ledger.refuses(ledger.submit(cast[caller], "Cash:designateSettlementBank", cast[bank].account), code);
  });
});

describe("mint and burn", () => {
  test("the settlement bank mints against a deposit reference, once per reference", async () => {
    const { cashBank, core } = ledger.cast;
    const e = await ledger.submit(cashBank, "Cash:mint", core.account, "12345", bytes32("dep 1"));
    expect(e.events).toEqual([
      { name: "CashTransfer", args: { from: ZERO, to: core.account, value: "12345" } },
      { name: "CashMinted", args: { bank: cashBank.account, to: core.account, amount: "12345", ref: bytes32("dep 1") } },
    ]);
    expect(await ledger.cash(core)).toBe(12_345n);
    expect(await ledger.query("Cash:totalSupply")).toBe(12_345);
    expect(await ledger.query("Cash:referenceUsed", bytes32("dep 1"))).toEqual({ deposit: true, withdrawal: false });
    await ledger.refuses(ledger.submit(cashBank, "Cash:mint", core.account, "1", bytes32("dep 1")), "SettlementCashReferenceUsed");
    await ledger.refuses(ledger.submit(cashBank, "Cash:mint", core.account, "0", bytes32("dep 2")), "SettlementCashZeroAmount");
    await ledger.refuses(ledger.submit(cashBank, "Cash:mint", ledger.cast.stranger.account, "1", bytes32("dep 3")), "ParticipantsNotActive");
    await ledger.refuses(ledger.submit(cashBank, "Cash:mint", ZERO, "1", bytes32("dep 4")), "ERC20InvalidReceiver");
    await ledger.refuses(ledger.submit(cashBank, "Cash:mint", core.account, "1.5", bytes32("dep 5")), "LedgerInvalidArgument");
  });

  test("burns the bank's own cash, or a holder's up to its allowance to the bank", async () => {
    const { cashBank, core } = ledger.cast;
    await ledger.mint(cashBank, 1_000n);
    await ledger.mint(core, 1_000n);
    const own = await ledger.submit(cashBank, "Cash:burn", cashBank.account, "400", bytes32("wd 1"));
    expect(own.events).toEqual([
      { name: "CashTransfer", args: { from: cashBank.account, to: ZERO, value: "400" } },
      { name: "CashBurned", args: { bank: cashBank.account, from: cashBank.account, amount: "400", ref: bytes32("wd 1") } },
    ]);
    await ledger.refuses(ledger.submit(cashBank, "Cash:burn", core.account, "300", bytes32("wd 2")), "ERC20InsufficientAllowance");
    const approval = await ledger.submit(core, "Cash:approve", cashBank.account, "300");
    expect(approval.events).toEqual([{ name: "CashApproval", args: { owner: core.account, spender: cashBank.account, value: "300" } }]);
    await ledger.submit(cashBank, "Cash:burn", core.account, "300", bytes32("wd 2"));
    expect(await ledger.cash(core)).toBe(700n);
    expect(await ledger.query("Cash:allowance", core.account, cashBank.account)).toBe(0);
    expect(await ledger.query("Cash:totalSupply")).toBe(1_300);
    await ledger.refuses(ledger.submit(cashBank, "Cash:burn", cashBank.account, "601", bytes32("wd 3")), "ERC20InsufficientBalance");
    await ledger.refuses(ledger.submit(cashBank, "Cash:burn", cashBank.account, "1", bytes32("wd 1")), "SettlementCashReferenceUsed");
    await ledger.refuses(ledger.submit(cashBank, "Cash:burn", cashBank.account, "0", bytes32("wd 4")), "SettlementCashZeroAmount");
    await ledger.refuses(ledger.submit(core, "Cash:burn", core.account, "1", bytes32("wd 5")), "ParticipantsMissingRole");
    await ledger.refuses(ledger.submit(core, "Cash:approve", ZERO, "1"), "ERC20InvalidSpender");
  });

  test("a frozen holder's cash does not move", async () => {
    const { cashBank, core, regulator } = ledger.cast;
    await ledger.mint(core, 1_000n);
    await ledger.submit(core, "Cash:approve", cashBank.account, "1000");
    await ledger.submit(regulator, "Participants:freeze", core.account);
    await ledger.refuses(ledger.submit(cashBank, "Cash:burn", core.account, "10", bytes32("wd")), "ParticipantsNotActive");
  });
});
