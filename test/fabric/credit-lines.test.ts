import { beforeEach, describe, expect, test } from "vitest";
import { bareLedger, cstMidnightAfter, DAY, START, type Ledger } from "./support/fixture";

let ledger: Ledger;
beforeEach(async () => {
  ledger = await bareLedger();
});

const EXPIRY = cstMidnightAfter(START, 180n);

async function grant(limit = 1_000_000n, expiry = EXPIRY) {
  const { bank, core } = ledger.cast;
  return ledger.submit(bank, "CreditLines:grant", core.account, limit.toString(), expiry.toString());
}

const line = () => ledger.query<Record<string, unknown>>("CreditLines:get", ledger.cast.bank.account, ledger.cast.core.account);

describe("grant", () => {
  test("a bank opens a line to a core enterprise, which counts towards its cover", async () => {
    const { bank, bank2, core } = ledger.cast;
    const e = await grant();
    expect(e.events).toEqual([{ name: "CreditLineGranted", args: { bank: bank.account, core: core.account, limit: "1000000", expiry: EXPIRY.toString() } }]);
    expect(await line()).toEqual({ bank: bank.account, core: core.account, limit: "1000000", used: "0", expiry: EXPIRY.toString(), open: true });
    await ledger.submit(bank2, "CreditLines:grant", core.account, "500", EXPIRY.toString());
    expect(await ledger.query("CreditLines:openLimitOf", core.account)).toBe(1_000_500);
    expect(await ledger.query("CreditLines:available", bank.account, core.account)).toBe(1_000_000);
  });

  test.each([
    ["a second open line", "bank", "core", "1", "AlreadyOpen"],
    ["a zero limit", "bank", "core", "0", "LimitBelowUsed"],
    ["a line from a non-bank", "tier1", "core", "1", "MissingRole"],
    ["a line to a non-core", "bank", "tier1", "1", "MissingRole"],
  ] as const)("refuses %s", async (what, from, to, limit, code) => {
    if (what === "a second open line") await grant();
    const cast = ledger.cast;
    const prefix = code === "MissingRole" ? "Participants" : "CreditLines";
    await ledger.refuses(ledger.submit(cast[from], "CreditLines:grant", cast[to].account, limit, EXPIRY.toString()), `${prefix}${code}`);
  });

  test("refuses an expiry not in the future", async () => {
    await ledger.refuses(grant(1n, START), "CreditLinesExpiryInPast");
  });
});

describe("amend and close", () => {
  test("the bank amends its open line and closes it; the cover drops", async () => {
    const { bank, core } = ledger.cast;
    await grant();
    const later = EXPIRY + 30n * DAY;
    const amended = await ledger.submit(bank, "CreditLines:amend", core.account, "2000000", later.toString());
    expect(amended.events).toEqual([{ name: "CreditLineAmended", args: { bank: bank.account, core: core.account, limit: "2000000", expiry: later.toString() } }]);
    expect(await ledger.query("CreditLines:openLimitOf", core.account)).toBe(2_000_000);
    const closed = await ledger.submit(bank, "CreditLines:close", core.account);
    expect(closed.events).toEqual([{ name: "CreditLineClosed", args: { bank: bank.account, core: core.account, closedBy: bank.account } }]);
    expect(await ledger.query("CreditLines:openLimitOf", core.account)).toBe(0);
    expect(await ledger.query("CreditLines:available", bank.account, core.account)).toBe(0);
    await ledger.refuses(ledger.submit(bank, "CreditLines:amend", core.account, "1", later.toString()), "CreditLinesNotFound");
    await ledger.refuses(ledger.submit(bank, "CreditLines:close", core.account), "CreditLinesNotFound");
    // A closed line may be granted again.
    await grant(5n);
    expect(await line()).toMatchObject({ limit: "5", open: true });
  });

  test("amend refuses a past expiry and a zero limit", async () => {
    const { bank, core } = ledger.cast;
    await grant();
    await ledger.refuses(ledger.submit(bank, "CreditLines:amend", core.account, "0", EXPIRY.toString()), "CreditLinesLimitBelowUsed");
    await ledger.refuses(ledger.submit(bank, "CreditLines:amend", core.account, "1", START.toString()), "CreditLinesExpiryInPast");
    await ledger.refuses(ledger.submit(core, "CreditLines:amend", core.account, "1", EXPIRY.toString()), "ParticipantsMissingRole");
  });

  test("anyone closes an expired line, and no one before it expires", async () => {
    const { bank, core, tier2 } = ledger.cast;
    await grant();
    await ledger.refuses(ledger.submit(tier2, "CreditLines:closeExpired", bank.account, core.account), "CreditLinesNotExpired");
    ledger.peer.advance(EXPIRY - START);
    expect(await ledger.query("CreditLines:available", bank.account, core.account)).toBe(0);
    const e = await ledger.submit(tier2, "CreditLines:closeExpired", bank.account, core.account);
    expect(e.events).toEqual([{ name: "CreditLineClosed", args: { bank: bank.account, core: core.account, closedBy: tier2.account } }]);
    await ledger.refuses(ledger.submit(tier2, "CreditLines:closeExpired", bank.account, core.account), "CreditLinesNotFound");
  });
});
