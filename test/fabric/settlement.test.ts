import { beforeEach, describe, expect, test } from "vitest";
import { cstMidnightAfter, DAY, fundedLedger, START, type Ledger } from "./support/fixture";

const ESCROW = "0x000000000000000000000000000000005e771e00";
const MATURITY = cstMidnightAfter(START, 30n);
const slotOf = (debtor: string) => ((BigInt(debtor) << 40n) | MATURITY).toString();

let ledger: Ledger;
let root: bigint;
let piece: bigint;
beforeEach(async () => {
  ledger = await fundedLedger();
  const { tier1, tier2 } = ledger.cast;
  root = await ledger.issue(tier1, 1_000_00n, MATURITY);
  piece = await ledger.transfer(tier1, root, tier2, 300_00n);
});

const fund = () => ledger.submit(ledger.cast.core, "Settlement:fund", MATURITY.toString());

describe("fund", () => {
  test("the core escrows what its slot owes, once", async () => {
    const { core } = ledger.cast;
    const before = await ledger.cash(core);
    const e = await fund();
    expect(e.payload).toBe("100000");
    expect(e.events).toEqual([
      { name: "SlotFundedBy", args: { debtor: core.account, maturity: MATURITY.toString(), amount: "100000" } },
      { name: "CashTransfer", args: { from: core.account, to: ESCROW, value: "100000" } },
      { name: "SlotFunded", args: { slot: slotOf(core.account), amount: "100000", escrowed: "100000" } },
    ]);
    expect(await ledger.cash(core)).toBe(before - 100_000n);
    expect(await ledger.cash(ESCROW)).toBe(100_000n);
    await ledger.refuses(fund(), "SettlementNothingToFund");
    // A later issue into the slot leaves a shortfall, and only that is funded.
    await ledger.issue(ledger.cast.tier3, 50n, MATURITY);
    expect((await fund()).payload).toBe("50");
  });

  test("refuses a core without the cash, a slot with nothing issued, and a non-core", async () => {
    const { core, tier1, cashBank } = ledger.cast;
    await ledger.submit(core, "Cash:approve", cashBank.account, (50_000_000_00n).toString());
    await ledger.submit(cashBank, "Cash:burn", core.account, (50_000_000_00n - 1n).toString(), `0x${"ab".repeat(32)}`);
    await ledger.refuses(fund(), "ERC20InsufficientBalance");
    await ledger.refuses(ledger.submit(core, "Settlement:fund", (MATURITY + DAY).toString()), "SettlementNothingToFund");
    await ledger.refuses(ledger.submit(tier1, "Settlement:fund", MATURITY.toString()), "ParticipantsMissingRole");
  });
});

describe("redeem", () => {
  test("pays each holder from the escrow at maturity", async () => {
    const { tier1, tier2, tier3 } = ledger.cast;
    await fund();
    ledger.peer.advance(MATURITY - START);
    const before = await ledger.cash(tier2);
    const e = await ledger.submit(tier3, "Settlement:redeem", piece.toString());
    expect(e.events).toEqual([
      { name: "TransferValue", args: { fromTokenId: piece.toString(), toTokenId: "0", value: "30000" } },
      { name: "VoucherRedeemed", args: { id: piece.toString(), holder: tier2.account, value: "30000" } },
      { name: "CashTransfer", args: { from: ESCROW, to: tier2.account, value: "30000" } },
    ]);
    expect(await ledger.cash(tier2)).toBe(before + 30_000n);
    expect(await ledger.voucher(piece)).toMatchObject({ value: 0n, redeemedValue: 30_000n });
    expect(await ledger.query("Vouchers:slotAccount", ledger.cast.core.account, MATURITY.toString())).toMatchObject({ outstanding: "70000", escrowed: "70000" });
    await ledger.refuses(ledger.submit(tier1, "Settlement:redeem", piece.toString()), "VouchersNothingToRedeem");
  });

  test("a financed piece releases the bank's line", async () => {
    const { tier1, bank, core } = ledger.cast;
    const rid = (await ledger.submit(tier1, "Financing:request", root.toString(), "20000", bank.account, "365", (START + DAY).toString())).payload;
    const financed = BigInt((JSON.parse((await ledger.submit(bank, "Financing:execute", rid)).payload) as { pieceId: string }).pieceId);
    await fund();
    ledger.peer.advance(MATURITY - START);
    const e = await ledger.submit(tier1, "Settlement:redeem", financed.toString());
    expect(e.events.at(-1)).toEqual({ name: "CreditLineReleased", args: { bank: bank.account, core: core.account, amount: "20000", used: "0" } });
    expect(await ledger.query("CreditLines:available", bank.account, core.account)).toBe(1_000_000_000);
  });

  test("a batch sees its own changes: two financed pieces of one line release it in turn", async () => {
    const { tier1, bank, core } = ledger.cast;
    const pieces: bigint[] = [];
    for (const amount of ["20000", "10000"]) {
      const rid = (await ledger.submit(tier1, "Financing:request", root.toString(), amount, bank.account, "365", (START + DAY).toString())).payload;
      pieces.push(BigInt((JSON.parse((await ledger.submit(bank, "Financing:execute", rid)).payload) as { pieceId: string }).pieceId));
    }
    await fund();
    ledger.peer.advance(MATURITY - START);
    const e = await ledger.submit(tier1, "Settlement:redeemBatch", JSON.stringify(pieces.map(String)));
    expect(e.events.filter((x) => x.name === "CreditLineReleased").map((x) => x.args)).toEqual([
      { bank: bank.account, core: core.account, amount: "20000", used: "10000" },
      { bank: bank.account, core: core.account, amount: "10000", used: "0" },
    ]);
    expect(await ledger.cash(ESCROW)).toBe(70_000n);
  });

  test("refuses before maturity, an unfunded slot, a locked voucher, a frozen holder, an unknown id", async () => {
    const { tier1, tier2, bank, regulator } = ledger.cast;
    await ledger.refuses(ledger.submit(tier1, "Settlement:redeem", piece.toString()), "VouchersNotMatured");
    ledger.peer.advance(MATURITY - START - DAY);
    await ledger.submit(tier1, "Financing:request", root.toString(), "100", bank.account, "365", (MATURITY - 1n).toString());
    ledger.peer.advance(DAY);
    await ledger.refuses(ledger.submit(tier1, "Settlement:redeem", piece.toString()), "VouchersSlotUnfunded");
    await fund();
    await ledger.refuses(ledger.submit(tier1, "Settlement:redeem", root.toString()), "VouchersLocked");
    await ledger.submit(regulator, "Participants:freeze", tier2.account);
    await ledger.refuses(ledger.submit(tier1, "Settlement:redeem", piece.toString()), "ParticipantsNotActive");
    await ledger.refuses(ledger.submit(tier1, "Settlement:redeem", "99"), "VouchersNotFound");
  });

  test("a batch redeems all or none, at most fifty", async () => {
    const { tier1 } = ledger.cast;
    await fund();
    ledger.peer.advance(MATURITY - START);
    await ledger.refuses(ledger.submit(tier1, "Settlement:redeemBatch", JSON.stringify([root.toString(), piece.toString(), piece.toString()])), "VouchersNothingToRedeem");
    await ledger.refuses(ledger.submit(tier1, "Settlement:redeemBatch", "[]"), "SettlementBatchSize");
    await ledger.refuses(ledger.submit(tier1, "Settlement:redeemBatch", JSON.stringify(Array.from({ length: 51 }, () => "1"))), "SettlementBatchSize");
    const e = await ledger.submit(tier1, "Settlement:redeemBatch", JSON.stringify([root.toString(), piece.toString()]));
    expect(e.events.filter((x) => x.name === "VoucherRedeemed").map((x) => x.args.value)).toEqual(["70000", "30000"]);
    expect(await ledger.cash(ESCROW)).toBe(0n);
    expect(await ledger.query("Vouchers:outstandingOf", ledger.cast.core.account)).toBe(0);
  });
});

describe("overdue", () => {
  test("a slot unfunded a grace period after maturity is flagged once, by anyone", async () => {
    const { tier3, core } = ledger.cast;
    expect(await ledger.query("Settlement:gracePeriod")).toBe(3 * 86_400);
    ledger.peer.advance(MATURITY - START + 3n * DAY - 1n);
    expect(await ledger.query("Settlement:isOverdue", core.account, MATURITY.toString())).toBe(false);
    await ledger.refuses(ledger.submit(tier3, "Settlement:flagOverdue", core.account, MATURITY.toString()), "SettlementNotOverdue");
    ledger.peer.advance(1n);
    expect(await ledger.query("Settlement:isOverdue", core.account, MATURITY.toString())).toBe(true);
    const e = await ledger.submit(tier3, "Settlement:flagOverdue", core.account, MATURITY.toString());
    expect(e.events).toEqual([{ name: "SlotOverdue", args: { debtor: core.account, maturity: MATURITY.toString(), shortfall: "100000" } }]);
    await ledger.refuses(ledger.submit(tier3, "Settlement:flagOverdue", core.account, MATURITY.toString()), "SettlementNotOverdue");
    await fund();
    expect(await ledger.query("Settlement:isOverdue", core.account, MATURITY.toString())).toBe(false);
  });

  test("the operator sets the grace period, at most ninety days", async () => {
    const { operator, core } = ledger.cast;
    const e = await ledger.submit(operator, "Settlement:setGracePeriod", "0");
    expect(e.events).toEqual([{ name: "GracePeriodChanged", args: { graceSeconds: 0 } }]);
    ledger.peer.advance(MATURITY - START);
    expect(await ledger.query("Settlement:isOverdue", core.account, MATURITY.toString())).toBe(true);
    await ledger.refuses(ledger.submit(operator, "Settlement:setGracePeriod", String(90 * 86_400 + 1)), "SettlementInvalidGracePeriod");
    await ledger.refuses(ledger.submit(core, "Settlement:setGracePeriod", "0"), "ParticipantsMissingRole");
  });
});
