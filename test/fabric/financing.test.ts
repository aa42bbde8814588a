import { beforeEach, describe, expect, test } from "vitest";
import { cstMidnightAfter, DAY, enrol, fundedLedger, ROLES, START, type Ledger } from "./support/fixture";

let ledger: Ledger;
let voucher: bigint;
beforeEach(async () => {
  ledger = await fundedLedger();
  voucher = await ledger.issue(ledger.cast.tier1, 1_000_000_00n, MATURITY);
});

const MATURITY = cstMidnightAfter(START, 90n);
const DEADLINE = START + 2n * DAY;
const RULES = {
  maxDepth: 5,
  maxTermDays: 180,
  minSplit: "1",
  invoicesRequired: true,
  whitelistOnly: false,
  banksRestricted: false,
  issuanceCoveredByCredit: true,
};

const request = (amount: bigint, change: { bank?: string; rate?: string; deadline?: bigint; id?: bigint; who?: "tier1" | "tier2" } = {}) =>
  ledger.submit(
    ledger.cast[change.who ?? "tier1"],
    "Financing:request",
    (change.id ?? voucher).toString(),
    amount.toString(),
    change.bank ?? ledger.cast.bank.account,
    change.rate ?? "365",
    (change.deadline ?? DEADLINE).toString(),
  );

describe("request", () => {
  test("locks the amount and records the request", async () => {
    const { tier1, bank } = ledger.cast;
    const e = await request(400_000_00n);
    const rid = e.payload;
    expect(e.events).toEqual([
      { name: "VoucherLocked", args: { id: voucher.toString(), amount: "40000000", locked: "40000000" } },
      {
        name: "FinancingRequested",
        args: { requestId: rid, voucherId: voucher.toString(), bank: bank.account, holder: tier1.account, amount: "40000000", rateBps: 365, feeBps: 0, deadline: DEADLINE.toString() },
      },
    ]);
    expect(await ledger.query("Financing:get", rid)).toEqual({
      id: rid,
      holder: tier1.account,
      voucherId: voucher.toString(),
      bank: bank.account,
      amount: "40000000",
      rateBps: 365,
      feeBps: 0,
      deadline: DEADLINE.toString(),
    });
    expect(await ledger.voucher(voucher)).toMatchObject({ locked: 400_000_00n });
    // The locked part moves nowhere else.
    await ledger.refuses(request(600_000_01n), "VouchersInsufficientValue");
  });

  test.each<[string, { bank?: "bank2" | "tier2"; rate?: string; deadline?: bigint; id?: bigint; who?: "tier2" }, string]>([
    ["a rate of zero", { rate: "0" }, "FinancingInvalidRate"],
    ["a rate above 100% a year", { rate: "10001" }, "FinancingInvalidRate"],
    ["a deadline in the past", { deadline: START }, "FinancingInvalidDeadline"],
    ["a deadline at maturity", { deadline: MATURITY }, "FinancingInvalidDeadline"],
    ["a bank without a line", { bank: "bank2" }, "CreditLinesNotFound"],
    ["a bank that is not a bank", { bank: "tier2" }, "ParticipantsMissingRole"],
    ["someone else's voucher", { who: "tier2" }, "VouchersNotHolder"],
    ["an unknown voucher", { id: 5n }, "VouchersNotFound"],
  ])("refuses %s", async (_what, change, code) => {
    const bank = change.bank === undefined ? undefined : ledger.cast[change.bank].account;
    await ledger.refuses(request(100n, { ...change, bank }), code);
  });

  test("refuses more than the line has left, and a zero amount", async () => {
    await ledger.refuses(request(1_000_000_00n + 1n), "VouchersInsufficientValue");
    const big = await ledger.issue(ledger.cast.tier1, 9_000_000_00n, MATURITY);
    await ledger.refuses(request(9_000_000_00n + 1n, { id: big }), "VouchersInsufficientValue");
    await ledger.submit(ledger.cast.bank, "CreditLines:amend", ledger.cast.core.account, "500000000", (START + 300n * DAY).toString());
    await ledger.refuses(request(5_000_000_00n + 1n, { id: big }), "CreditLinesExceeded");
    await ledger.refuses(request(0n), "VouchersInvalidAmount");
  });

  test("refuses a piece or a rest below the program's minimum", async () => {
    await ledger.submit(ledger.cast.core, "Rules:setRules", JSON.stringify({ ...RULES, minSplit: "1000" }));
    await ledger.refuses(request(999n), "VouchersInvalidAmount");
    await ledger.refuses(request(1_000_000_00n - 999n), "VouchersInvalidAmount");
  });

  test("refuses a bank the program does not allow, and an expired line", async () => {
    const { core, bank2 } = ledger.cast;
    await ledger.submit(core, "Rules:setRules", JSON.stringify({ ...RULES, banksRestricted: true }));
    await ledger.refuses(request(100n), "FinancingBankNotEligible");
    await ledger.submit(bank2, "CreditLines:grant", core.account, "1000000", (START + DAY).toString());
    await ledger.submit(core, "Rules:setEligibleBanks", JSON.stringify([bank2.account]), "true");
    ledger.peer.advance(DAY);
    await ledger.refuses(request(100n, { bank: bank2.account, deadline: START + 3n * DAY }), "CreditLinesExpired");
  });

  test("refuses a price that leaves the holder nothing", async () => {
    const far = await ledger.issue(ledger.cast.tier1, 100n, cstMidnightAfter(START, 180n));
    await ledger.refuses(request(1n, { id: far, rate: "10000" }), "FinancingNoProceeds");
  });

  test("refuses a matured voucher, and a bank's financed piece", async () => {
    const { operator, bank, bank2, core } = ledger.cast;
    const rid = (await request(100_00n)).payload;
    const piece = BigInt((JSON.parse((await ledger.submit(bank, "Financing:execute", rid)).payload) as { pieceId: string }).pieceId);
    await ledger.submit(operator, "Participants:setRoles", bank.account, String(ROLES.bank | ROLES.supplier));
    await ledger.submit(bank2, "CreditLines:grant", core.account, "1000000", (START + 100n * DAY).toString());
    const bankClerk = await enrol("bank clerk", "bank,supplier", bank.account);
    await ledger.refuses(
      ledger.submit(bankClerk, "Financing:request", piece.toString(), "100", bank2.account, "365", DEADLINE.toString()),
      "VouchersFinanced",
    );
    ledger.peer.advance(MATURITY - START);
    await ledger.refuses(request(100n, { deadline: MATURITY + 1n }), "VouchersMatured");
  });
});

describe("execute", () => {
  test("delivers the piece, pays the holder net of interest and fee, and uses the line, in one step", async () => {
    const { operator, tier1, bank, core } = ledger.cast;
    await ledger.submit(operator, "Financing:setFee", "10", operator.account);
    const rid = (await request(400_000_00n)).payload;
    const holderBefore = await ledger.cash(tier1);
    const bankBefore = await ledger.cash(bank);
    const e = await ledger.submit(bank, "Financing:execute", rid);
    const result = JSON.parse(e.payload) as Record<string, string>;
    // 40,000,000 fen × 3.65% × 90 days / 360, half up; fee 0.1%.
    expect(result).toMatchObject({ days: "90", interest: "365000", fee: "40000", net: "39595000" });
    const piece = result.pieceId;
    expect(e.events.map((x) => x.name)).toEqual([
      "Transfer",
      "SlotChanged",
      "TransferValue",
      "VoucherFinanced",
      "CreditLineUsed",
      "FinancingExecuted",
      "CashTransfer",
      "CashTransfer",
    ]);
    expect(e.events[3].args).toEqual({ parentId: voucher.toString(), id: piece, bank: bank.account, amount: "40000000" });
    expect(e.events[4].args).toEqual({ bank: bank.account, core: core.account, amount: "40000000", used: "40000000" });
    expect(e.events[5].args).toEqual({ requestId: rid, pieceId: piece, days: "90", interest: "365000", fee: "40000", net: "39595000" });
    expect(e.events[7].args).toEqual({ from: bank.account, to: operator.account, value: "40000" });
    expect(await ledger.cash(tier1)).toBe(holderBefore + 39_595_000n);
    expect(await ledger.cash(bank)).toBe(bankBefore - 39_635_000n);
    expect(await ledger.voucher(BigInt(piece))).toMatchObject({ owner: bank.account, value: 400_000_00n, financed: true, depth: 1, parent: voucher });
    expect(await ledger.voucher(voucher)).toMatchObject({ value: 600_000_00n, locked: 0n });
    expect(await ledger.query("CreditLines:get", bank.account, core.account)).toMatchObject({ used: "40000000" });
    expect(await ledger.query("Financing:get", rid)).toBeNull();
    await ledger.refuses(ledger.submit(bank, "Financing:execute", rid), "FinancingNotPending");
  });

  test("the whole voucher changes hands without a new piece", async () => {
    const { bank, tier1 } = ledger.cast;
    const rid = (await request(1_000_000_00n)).payload;
    const e = await ledger.submit(bank, "Financing:execute", rid);
    expect(e.events.slice(0, 2)).toEqual([
      { name: "Transfer", args: { from: tier1.account, to: bank.account, tokenId: voucher.toString() } },
      { name: "VoucherFinanced", args: { parentId: voucher.toString(), id: voucher.toString(), bank: bank.account, amount: "100000000" } },
    ]);
    expect(await ledger.voucher(voucher)).toMatchObject({ owner: bank.account, financed: true, locked: 0n });
  });

  test("refuses another bank, a lapsed deadline, and an unknown request", async () => {
    const { bank, bank2 } = ledger.cast;
    const rid = (await request(100n)).payload;
    await ledger.refuses(ledger.submit(bank2, "Financing:execute", rid), "FinancingNotBank");
    await ledger.refuses(ledger.submit(bank, "Financing:execute", "77"), "FinancingNotPending");
    ledger.peer.advance(DEADLINE - START + 1n);
    await ledger.refuses(ledger.submit(bank, "Financing:execute", rid), "FinancingExpired");
  });

  test("refuses when a party stopped being active, or the bank was dropped, since the request", async () => {
    const { bank, core, operator, regulator, tier1 } = ledger.cast;
    const rid = (await request(100n)).payload;
    await ledger.submit(regulator, "Participants:freeze", tier1.account);
    await ledger.refuses(ledger.submit(bank, "Financing:execute", rid), "ParticipantsNotActive");
    await ledger.submit(regulator, "Participants:unfreeze", tier1.account);
    await ledger.submit(operator, "Participants:suspend", bank.account);
    await ledger.refuses(ledger.submit(bank, "Financing:execute", rid), "ParticipantsNotActive");
    await ledger.submit(operator, "Participants:reinstate", bank.account);
    await ledger.submit(core, "Rules:setRules", JSON.stringify({ ...RULES, banksRestricted: true }));
    await ledger.refuses(ledger.submit(bank, "Financing:execute", rid), "FinancingBankNotEligible");
    await ledger.submit(core, "Rules:setRules", JSON.stringify(RULES));
    await ledger.submit(bank, "CreditLines:close", core.account);
    await ledger.refuses(ledger.submit(bank, "Financing:execute", rid), "CreditLinesNotFound");
  });

  test("checks the bank's balance for the fee after paying the holder in the same transaction", async () => {
    const { bank2, core, operator } = ledger.cast;
    await ledger.submit(operator, "Financing:setFee", "10", operator.account);
    await ledger.submit(bank2, "CreditLines:grant", core.account, "100000000", (START + 100n * DAY).toString());
    // 40,000,000 fen at 3.65% for 90 days: net 39,595,000 and fee 40,000. One fen short of both.
    await ledger.mint(bank2, 39_595_000n + 40_000n - 1n);
    const rid = (await request(400_000_00n, { bank: bank2.account })).payload;
    await ledger.refuses(ledger.submit(bank2, "Financing:execute", rid), "ERC20InsufficientBalance");
    await ledger.mint(bank2, 1n);
    await ledger.submit(bank2, "Financing:execute", rid);
    expect(await ledger.cash(bank2)).toBe(0n);
  });

  test("refuses a bank without the cash to pay", async () => {
    const { bank2, core } = ledger.cast;
    await ledger.submit(bank2, "CreditLines:grant", core.account, "1000000", (START + 100n * DAY).toString());
    const rid = (await request(100_00n, { bank: bank2.account })).payload;
    await ledger.refuses(ledger.submit(bank2, "Financing:execute", rid), "ERC20InsufficientBalance");
  });
});

describe("decline, cancel and release", () => {
  test("the bank declines and the lock is lifted", async () => {
    const { bank, bank2 } = ledger.cast;
    const rid = (await request(100n)).payload;
    await ledger.refuses(ledger.submit(bank2, "Financing:decline", rid), "FinancingNotBank");
    const e = await ledger.submit(bank, "Financing:decline", rid);
    expect(e.events).toEqual([
      { name: "VoucherUnlocked", args: { id: voucher.toString(), amount: "100", locked: "0" } },
      { name: "FinancingDeclined", args: { requestId: rid } },
    ]);
    await ledger.refuses(ledger.submit(bank, "Financing:decline", rid), "FinancingNotPending");
  });

  test("the holder cancels, and no one else", async () => {
    const { tier1, tier2 } = ledger.cast;
    const rid = (await request(100n)).payload;
    await ledger.refuses(ledger.submit(tier2, "Financing:cancel", rid), "FinancingNotHolder");
    const e = await ledger.submit(tier1, "Financing:cancel", rid);
    expect(e.events.map((x) => x.name)).toEqual(["VoucherUnlocked", "FinancingCancelled"]);
    expect(await ledger.voucher(voucher)).toMatchObject({ locked: 0n });
  });

  test("anyone releases after the deadline, no one before", async () => {
    const { tier3 } = ledger.cast;
    const rid = (await request(100n)).payload;
    await ledger.refuses(ledger.submit(tier3, "Financing:release", rid), "FinancingNotExpired");
    ledger.peer.advance(DEADLINE - START + 1n);
    const e = await ledger.submit(tier3, "Financing:release", rid);
    expect(e.events[1]).toEqual({ name: "FinancingReleased", args: { requestId: rid, releasedBy: tier3.account } });
  });
});

describe("fee and quote", () => {
  test("the operator sets the fee, at most 10%, paid to an active operator", async () => {
    const { operator, tier1 } = ledger.cast;
    const e = await ledger.submit(operator, "Financing:setFee", "1000", operator.account);
    expect(e.events).toEqual([{ name: "FeeChanged", args: { feeBps: 1000, recipient: operator.account } }]);
    expect(await ledger.query("Financing:fee")).toEqual({ feeBps: 1000, recipient: operator.account });
    await ledger.refuses(ledger.submit(operator, "Financing:setFee", "1001", operator.account), "FinancingInvalidFee");
    await ledger.refuses(ledger.submit(operator, "Financing:setFee", "10", tier1.account), "FinancingInvalidFee");
    await ledger.refuses(ledger.submit(tier1, "Financing:setFee", "10", operator.account), "ParticipantsMissingRole");
  });

  test("a quote is exactly what execute pays", async () => {
    const q = await ledger.query("Financing:quote", "40000000", "365", "10", MATURITY.toString(), START.toString());
    expect(q).toEqual({ days: "90", interest: "365000", fee: "40000", net: "39595000" });
    await ledger.refuses(ledger.peer.evaluate(ledger.cast.operator, "Financing:quote", "1", "10000", "0", cstMidnightAfter(START, 180n).toString(), START.toString()), "FinancingNoProceeds");
  });
});
