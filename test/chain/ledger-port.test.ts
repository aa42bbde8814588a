import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Wallet, ZeroAddress, keccak256, toUtf8Bytes } from "ethers";
import { connectLedger } from "../../chain/connect";
import { ChainError, ChainUnavailableError } from "../../chain/errors";
import type { EventName, EventOf, LedgerEvent } from "../../chain/events";
import type { Account, Ledger } from "../../chain/ledger";
import { HttpRpc } from "../../chain/evm/rpc";
import { StaticKeyRing } from "../../chain/static-key-ring";
import { ifOpened } from "../helpers/teardown";

const DAY = 86_400;
const dir = mkdtempSync(path.join(tmpdir(), "scf-port-"));
const h = (s: string) => keccak256(toUtf8Bytes(s));
const keys = new StaticKeyRing();
const acc = { deployer: keys.create(), operator: keys.create(), regulator: keys.create() };
const [core, core2, bank, bank2, s1, s2, s3, outsider] = Array.from({ length: 8 }, () => keys.create());
const { operator, regulator } = acc;
const C = h("commitment");
const [k1, k2] = [h("invoice-1"), h("invoice-2")];
let l: Ledger;

const whole = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
const inDays = async (d: number) => whole((await l.clock.now()).getTime() + d * DAY * 1000);
async function cstMidnightIn(days: number): Promise<Date> {
  const now = (await l.clock.now()).getTime() / 1000;
  return new Date(((Math.floor((now + 8 * 3600) / DAY) + days) * DAY - 8 * 3600) * 1000);
}
const slotOf = (debtor: Account, maturity: Date) => (BigInt(debtor) << 40n) | BigInt(maturity.getTime() / 1000);
let all: LedgerEvent[] = [];
const events = <N extends EventName>(name: N, where: (a: EventOf<N>["args"]) => boolean = () => true): EventOf<N>[] =>
  all.filter((e): e is EventOf<N> => e.name === name && where(e.args as never));

beforeAll(async () => {
  ({ ledger: l } = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc));
  const roles = { core: ["core"], core2: ["core"], bank: ["bank"], bank2: ["bank"], s1: ["supplier"], s2: ["supplier"], s3: ["supplier"] } as const;
  const who = { core, core2, bank, bank2, s1, s2, s3 };
  await Promise.all(Object.entries(roles).map(([n, r]) => l.participants.register(operator, { account: who[n as keyof typeof who], roles: [...r], usccHash: h(n), kycHash: h(`kyc-${n}`) })));
  await l.cash.designateSettlementBank(acc.regulator, bank);
});
afterAll(async () => {
  await ifOpened(l)?.close();
  rmSync(dir, { recursive: true, force: true });
});

let M1: Date, M2: Date, v1: bigint, v2: bigint, v3: bigint, v4: bigint, v5: bigint, rid1: bigint, piece: bigint;

describe("the ledger port on the embedded chain", () => {
  it("when participants are registered, re-roled, suspended and frozen, then get reports roles, hashes and status", async () => {
    expect(await l.participants.get(s1)).toEqual({ account: s1, roles: ["supplier"], status: "active", usccHash: h("s1"), kycHash: h("kyc-s1") });
    await l.participants.setRoles(operator, s3, ["supplier", "bank"]);
    await l.participants.updateKyc(operator, s3, h("kyc-2"));
    expect(await l.participants.get(s3)).toMatchObject({ roles: ["supplier", "bank"], kycHash: h("kyc-2") });
    const p = l.participants;
    const steps = [() => p.suspend(operator, s3), () => p.freeze(regulator, s3), () => p.unfreeze(regulator, s3), () => p.reinstate(operator, s3)];
    const seen = [];
    for (const step of steps) seen.push((await step(), (await p.get(s3)).status));
    expect(seen).toEqual(["suspended", "frozen", "suspended", "active"]);
    expect(await l.participants.get(outsider)).toMatchObject({ roles: [], status: "none" });
  });

  it("when bounds, rules, whitelist and eligible banks are set, then the reads return them", async () => {
    expect(await l.rules.bounds()).toEqual({ maxDepth: 32, maxTermDays: 365, minSplitFloor: 1n, invoicesMandatory: false, coverageMandatory: false });
    const bounds = { maxDepth: 10, maxTermDays: 300, minSplitFloor: 1n, invoicesMandatory: false, coverageMandatory: false };
    await l.rules.setBounds(operator, bounds);
    expect(await l.rules.bounds()).toEqual(bounds);
    expect(await l.rules.rulesOf(core)).toEqual({ maxDepth: 5, maxTermDays: 180, minSplit: 1n, invoicesRequired: true, whitelistOnly: false, banksRestricted: false, issuanceCoveredByCredit: true });
    const rules = { maxDepth: 3, maxTermDays: 90, minSplit: 100n, invoicesRequired: false, whitelistOnly: true, banksRestricted: true, issuanceCoveredByCredit: false };
    await l.rules.setRules(core2, rules);
    expect(await l.rules.rulesOf(core2)).toEqual(rules);
    await l.rules.setWhitelisted(core2, [s1], true);
    await l.rules.setEligibleBanks(core2, [bank], true);
    const r = l.rules;
    expect([await r.mayReceive(core2, s1), await r.mayReceive(core2, s2), await r.mayFinance(core2, bank), await r.mayFinance(core2, bank2)]).toEqual([true, false, true, false]);
  });

  it("when credit lines are granted, amended and closed, then get, available and openLimitOf follow", async () => {
    const expiry = await inDays(200);
    await l.creditLines.grant(bank, core, 10_000_000n, expiry);
    expect(await l.creditLines.get(bank, core)).toEqual({ bank, core, limit: 10_000_000n, used: 0n, expiry, open: true });
    const later = await inDays(250);
    await l.creditLines.amend(bank, core, 20_000_000n, later);
    expect(await l.creditLines.get(bank, core)).toMatchObject({ limit: 20_000_000n, expiry: later });
    await l.creditLines.grant(bank2, core, 1_000n, await inDays(2));
    expect(await l.creditLines.available(bank, core)).toBe(20_000_000n);
    expect(await l.creditLines.openLimitOf(core)).toBe(20_001_000n);
    await l.creditLines.grant(bank, core2, 5_000n, expiry);
    await l.creditLines.close(bank, core2);
    expect([(await l.creditLines.get(bank, core2)).open, await l.creditLines.available(bank, core2)]).toEqual([false, 0n]);
  });

  it("when invoices are registered and confirmed, then get returns them, and undefined for an unknown key", async () => {
    await l.invoices.register(s1, { key: k1, buyer: core, amount: 600_000n, commitment: C });
    expect(await l.invoices.get(k1)).toEqual({ key: k1, seller: s1, buyer: core, amount: 600_000n, used: 0n, confirmed: false, commitment: C });
    await l.invoices.confirm(core, k1);
    expect((await l.invoices.get(k1))!.confirmed).toBe(true);
    expect(await l.invoices.get(h("nope"))).toBeUndefined();
  });

  it("when cash is minted, approved and burnt, then balances and supply follow", async () => {
    await l.cash.mint(bank, s1, 5_000n, h("dep-1"));
    await l.cash.approve(s1, bank, 2_000n);
    await l.cash.burn(bank, s1, 1_500n, h("wd-1"));
    expect(await l.cash.balanceOf(s1)).toBe(3_500n);
    expect(await l.cash.totalSupply()).toBe(3_500n);
  });

  it("when vouchers are issued, transferred and split, then get, slotAccount, outstandingOf and lastId follow", async () => {
    M1 = await cstMidnightIn(30);
    v1 = (await l.vouchers.issue(core, { supplier: s1, amount: 500_000n, maturity: M1, invoiceKeys: [k1] })).result;
    expect(v1).toBe(1n);
    expect(await l.vouchers.get(v1)).toEqual({ id: 1n, owner: s1, value: 500_000n, redeemedValue: 0n, locked: 0n, depth: 1, financed: false, root: 1n, parent: 0n, debtor: core, maturity: M1 });
    expect((await l.invoices.get(k1))!.used).toBe(500_000n);
    await l.invoices.register(s2, { key: k2, buyer: s1, amount: 200_000n, commitment: C });
    await l.invoices.confirm(s1, k2);
    v2 = (await l.vouchers.splitTransfer(s1, { id: v1, to: s2, amount: 200_000n, invoiceKeys: [k2] })).result;
    expect(await l.vouchers.get(v2)).toMatchObject({ owner: s2, value: 200_000n, depth: 2, parent: v1, root: v1 });
    [v3, v4] = (await l.vouchers.split(s2, v2, [50_000n, 50_000n])).result as [bigint, bigint];
    expect([v3, v4]).toEqual([3n, 4n]);
    expect((await l.vouchers.get(v2))!.value).toBe(100_000n);
    expect(await l.vouchers.slotAccount(core, M1)).toEqual({ debtor: core, maturity: M1, outstanding: 500_000n, escrowed: 0n });
    expect(await l.vouchers.outstandingOf(core)).toBe(500_000n);
    expect(await l.vouchers.lastId()).toBe(4n);
    expect(await l.vouchers.get(999n)).toBeUndefined();
  });

  it("when a financing is requested and executed, then the price equals the quote and cash, piece and line move", async () => {
    await l.financing.setFee(operator, 10, operator);
    expect(await l.financing.fee()).toEqual({ feeBps: 10, recipient: operator });
    await l.cash.mint(bank, bank, 10_000_000n, h("vault"));
    const deadline = await inDays(5);
    rid1 = (await l.financing.request(s1, { voucherId: v1, amount: 100_000n, bank, rateBps: 365, deadline })).result;
    expect(await l.financing.get(rid1)).toEqual({ id: rid1, holder: s1, voucherId: v1, bank, amount: 100_000n, rateBps: 365, feeBps: 10, deadline });
    expect((await l.vouchers.get(v1))!.locked).toBe(100_000n);
    const executed = await l.financing.execute(bank, rid1);
    const at = (await l.history.block(executed.blockNumber)).timestamp;
    const quote = await l.financing.quote({ amount: 100_000n, rateBps: 365, feeBps: 10, maturity: M1, at });
    expect(quote.fee).toBe(100n);
    expect(quote.days).toBeGreaterThanOrEqual(29);
    piece = executed.result.pieceId;
    expect(executed.result).toEqual({ pieceId: piece, ...quote });
    expect(await l.cash.balanceOf(s1)).toBe(3_500n + quote.net);
    expect(await l.cash.balanceOf(operator)).toBe(100n);
    expect(await l.financing.get(rid1)).toBeUndefined();
    expect(await l.vouchers.get(piece)).toMatchObject({ owner: bank, value: 100_000n, financed: true });
    expect((await l.creditLines.get(bank, core)).used).toBe(100_000n);
  });

  it("when requests are declined or cancelled, then the lock is lifted", async () => {
    const deadline = await inDays(5);
    const r3 = (await l.financing.request(s2, { voucherId: v3, amount: 10_000n, bank, rateBps: 100, deadline })).result;
    const r4 = (await l.financing.request(s2, { voucherId: v4, amount: 10_000n, bank, rateBps: 100, deadline })).result;
    expect((await l.vouchers.get(v3))!.locked).toBe(10_000n);
    await l.financing.decline(bank, r3);
    await l.financing.cancel(s2, r4);
    expect([(await l.vouchers.get(v3))!.locked, (await l.vouchers.get(v4))!.locked]).toEqual([0n, 0n]);
    expect(await l.financing.get(r3)).toBeUndefined();
  });

  it("when slots are funded and the clock passes maturity, then vouchers redeem, lapsed requests release and overdue slots flag", async () => {
    const lapsing = (await l.financing.request(s1, { voucherId: v1, amount: 10_000n, bank, rateBps: 100, deadline: await inDays(1) })).result;
    await l.settlement.setGracePeriod(operator, 2 * DAY);
    expect(await l.settlement.gracePeriod()).toBe(2 * DAY);
    await l.cash.mint(bank, core, 1_000_000n, h("core-dep"));
    expect((await l.settlement.fund(core, M1)).result).toBe(500_000n);
    M2 = new Date(M1.getTime() + DAY * 1000);
    v5 = (await l.vouchers.issue(core, { supplier: s1, amount: 1_000n, maturity: M2, invoiceKeys: [k1] })).result;
    expect(await l.settlement.isOverdue(core, M2)).toBe(false);
    const moved = await l.clock.advance(Math.ceil(M2.getTime() / 1000 + 3 * DAY - (await l.clock.now()).getTime() / 1000));
    expect(moved.timestamp.getTime()).toBeGreaterThanOrEqual(M2.getTime() + 3 * DAY * 1000 - 2000);
    await l.financing.release(outsider, lapsing);
    const [s1Before, s2Before, bankBefore] = await Promise.all([s1, s2, bank].map((a) => l.cash.balanceOf(a)));
    await l.settlement.redeem(outsider, v2);
    await l.settlement.redeemBatch(outsider, [v1, v3, v4, piece]);
    expect(await l.cash.balanceOf(s1)).toBe(s1Before + 200_000n);
    expect(await l.cash.balanceOf(s2)).toBe(s2Before + 200_000n);
    expect(await l.cash.balanceOf(bank)).toBe(bankBefore + 100_000n);
    expect((await l.creditLines.get(bank, core)).used).toBe(0n);
    expect(await l.vouchers.get(v2)).toMatchObject({ value: 0n, redeemedValue: 100_000n });
    expect(await l.settlement.isOverdue(core, M2)).toBe(true);
    await l.settlement.flagOverdue(outsider, core, M2);
    await l.creditLines.closeExpired(outsider, bank2, core);
    expect(await l.creditLines.openLimitOf(core)).toBe(20_000_000n);
  });

  it("when history is read, then every event comes back in chain order with domain-typed arguments", async () => {
    const head = await l.history.confirmedHead();
    expect(await l.history.block(head.number)).toEqual(head);
    expect(await l.history.events(head.number, head.number - 1)).toEqual([]);
    all = await l.history.events(0, head.number);
    const keysInOrder = all.map((e) => e.blockNumber * 10_000 + e.logIndex);
    expect(keysInOrder).toEqual([...keysInOrder].sort((a, b) => a - b));
    expect(new Set(keysInOrder).size).toBe(all.length);
    expect(all.filter((e) => e.contract === "SettlementCash" && (e.name as string) in { Transfer: 1, Approval: 1 })).toEqual([]);
    expect(events("Transfer", (a) => a.tokenId === v1)).toMatchObject([{ contract: "Vouchers", args: { from: ZeroAddress, to: s1, tokenId: v1 } }]);
    const [issued] = events("VoucherIssued", (a) => a.id === v1);
    expect(issued.args).toEqual({ id: v1, debtor: core, holder: s1, amount: 500_000n, maturity: M1 });
    expect(issued.args.maturity).toBeInstanceOf(Date);
    expect(events("ParticipantRegistered", (a) => a.account === core)[0].args.roles).toEqual(["core"]);
    expect(events("ParticipantFreezeChanged")[0].args).toEqual({ account: s3, frozen: true });
    expect(events("BoundsChanged").at(-1)!.args.bounds).toEqual(await l.rules.bounds());
    expect(events("RulesChanged")[0].args).toEqual({ core: core2, rules: await l.rules.rulesOf(core2) });
    expect(events("CreditLineGranted", (a) => a.core === core && a.bank === bank)[0].args.expiry).toBeInstanceOf(Date);
    expect(events("CreditLineClosed", (a) => a.bank === bank2)[0].args.closedBy).toBe(outsider);
    expect(events("InvoiceUsed", (a) => a.voucherId === v1)[0].args).toEqual({ key: k1, voucherId: v1, amount: 500_000n, used: 500_000n });
    expect(events("CashTransfer")[0].args).toEqual({ from: ZeroAddress, to: s1, value: 5_000n });
    expect(events("CashApproval")[0].args).toEqual({ owner: s1, spender: bank, value: 2_000n });
    expect(events("CashBurned")[0].args).toEqual({ bank, from: s1, amount: 1_500n, ref: h("wd-1") });
    expect(events("VoucherTransferred")[0].args).toEqual({ parentId: v1, id: v2, to: s2, from: s1, amount: 200_000n, depth: 2 });
    const requested = events("FinancingRequested", (a) => a.requestId === rid1)[0].args;
    expect(requested).toMatchObject({ voucherId: v1, bank, holder: s1, amount: 100_000n, rateBps: 365, feeBps: 10 });
    expect(requested.deadline).toBeInstanceOf(Date);
    const executed = events("FinancingExecuted")[0].args;
    expect([typeof executed.days, typeof executed.interest, executed.fee]).toEqual(["number", "bigint", 100n]);
    expect(events("SlotFunded")[0].args).toEqual({ slot: slotOf(core, M1), debtor: core, maturity: M1, amount: 500_000n, escrowed: 500_000n });
    expect(events("SlotFundedBy")[0].args).toEqual({ debtor: core, maturity: M1, amount: 500_000n });
    expect(events("SlotOverdue")[0].args).toEqual({ debtor: core, maturity: M2, shortfall: 1_000n });
    expect(events("GracePeriodChanged")[0].args).toEqual({ graceSeconds: 2 * DAY });
    expect(events("FeeChanged").at(-1)!.args).toEqual({ feeBps: 10, recipient: operator });
    expect(events("FinancingReleased")[0].args.releasedBy).toBe(outsider);
    expect(events("VoucherRedeemed", (a) => a.id === piece)[0].args).toEqual({ id: piece, holder: bank, value: 100_000n });
  });
});

describe("typed errors through the port", () => {
  it("when a contract refuses, then the ChainError carries the code and domain-typed arguments, and nothing changes", async () => {
    const M3 = await cstMidnightIn(30);
    const v6 = (await l.vouchers.issue(core, { supplier: s1, amount: 1_000n, maturity: M3, invoiceKeys: [k1] })).result;
    await l.creditLines.grant(bank2, core, 100n, await inDays(200));
    await l.participants.suspend(operator, s3);
    const [past, late, odd] = [await inDays(-1), new Date(M3.getTime() + DAY * 1000), new Date(M3.getTime() + 3600_000)];
    const bankCash = await l.cash.balanceOf(bank);
    const cases: [string, string, () => Promise<unknown>, Record<string, unknown>][] = [
      ["VOUCHER_INSUFFICIENT_VALUE", "VouchersInsufficientValue", () => l.vouchers.splitTransfer(s1, { id: v6, to: s2, amount: 5_000n, invoiceKeys: [k2] }), { id: v6, available: 1_000n, requested: 5_000n }],
      ["INVOICE_ALREADY_USED", "InvoicesExhausted", () => l.vouchers.splitTransfer(s1, { id: v6, to: s2, amount: 500n, invoiceKeys: [k2] }), { key: k2 }],
      ["INVOICE_DUPLICATE", "InvoicesAlreadyRegistered", () => l.invoices.register(s1, { key: k1, buyer: core, amount: 1n, commitment: C }), { key: k1 }],
      ["CREDIT_LINE_EXCEEDED", "CreditLinesExceeded", async () => l.financing.request(s1, { voucherId: v6, amount: 500n, bank: bank2, rateBps: 100, deadline: await inDays(5) }), { bank: bank2, core, available: 100n, requested: 500n }],
      ["PARTICIPANT_NOT_ACTIVE", "ParticipantsNotActive", () => l.invoices.register(s3, { key: h("k3"), buyer: core, amount: 1n, commitment: C }), { account: s3, status: "suspended" }],
      ["PARTICIPANT_MISSING_ROLE", "ParticipantsMissingRole", () => l.vouchers.issue(s1, { supplier: s2, amount: 1n, maturity: M3, invoiceKeys: [] }), { account: s1, role: ["core"] }],
      ["PARTICIPANT_INVALID_ROLES", "ParticipantsInvalidRoles", () => l.participants.register(operator, { account: outsider, roles: [], usccHash: C, kycHash: C }), { roles: [] }],
      ["PARTICIPANT_STATUS_UNCHANGED", "ParticipantsStatusUnchanged", () => l.participants.reinstate(operator, s1), { account: s1 }],
      ["FINANCING_NOT_PENDING", "FinancingNotPending", () => l.financing.cancel(s1, rid1), { requestId: rid1 }],
      ["FINANCING_INVALID_DEADLINE", "FinancingInvalidDeadline", () => l.financing.request(s1, { voucherId: v6, amount: 50n, bank, rateBps: 100, deadline: late }), { deadline: late }],
      ["SETTLEMENT_SLOT_UNFUNDED", "VouchersSlotUnfunded", () => l.settlement.redeem(outsider, v5), { slot: slotOf(core, M2), debtor: core, maturity: M2, outstanding: 1_000n, escrowed: 0n }],
      ["SETTLEMENT_NOTHING_TO_FUND", "SettlementNothingToFund", () => l.settlement.fund(core, M1), { debtor: core, maturity: M1 }],
      ["SETTLEMENT_INVALID_GRACE", "SettlementInvalidGracePeriod", () => l.settlement.setGracePeriod(operator, 91 * DAY), { graceSeconds: 91 * DAY }],
      ["VOUCHER_INVALID_MATURITY", "VouchersInvalidMaturity", () => l.vouchers.issue(core, { supplier: s1, amount: 1n, maturity: odd, invoiceKeys: [k1] }), { maturity: odd, maxTermDays: 180 }],
      ["VOUCHER_MATURED", "VouchersMatured", () => l.vouchers.splitTransfer(s1, { id: v5, to: s2, amount: 1n, invoiceKeys: [] }), { id: v5 }],
      ["VOUCHER_NOT_FOUND", "VouchersNotFound", () => l.vouchers.split(s1, 999n, [1n]), { id: 999n }],
      ["VOUCHER_RECIPIENT_NOT_ALLOWED", "VouchersRecipientNotAllowed", () => l.vouchers.issue(core2, { supplier: s2, amount: 100n, maturity: M3, invoiceKeys: [] }), { to: s2 }],
      ["CREDIT_LINE_EXPIRY_IN_PAST", "CreditLinesExpiryInPast", () => l.creditLines.grant(bank, core2, 1n, past), { expiry: past }],
      ["CREDIT_LINE_ALREADY_OPEN", "CreditLinesAlreadyOpen", async () => l.creditLines.grant(bank, core, 1n, await inDays(100)), { bank, core }],
      ["CASH_INSUFFICIENT_BALANCE", "ERC20InsufficientBalance", () => l.cash.burn(bank, bank, bankCash + 1n, h("x")), { sender: bank, balance: bankCash, needed: bankCash + 1n }],
      ["RULES_OUT_OF_BOUNDS", "CreditPassingRulesOutOfBounds", async () => l.rules.setRules(core, { ...(await l.rules.rulesOf(core)), maxDepth: 20 }), {}],
    ];
    const head = await l.history.confirmedHead();
    const k1Before = await l.invoices.get(k1);
    for (const [code, name, attempt, args] of cases) {
      const e = await attempt().then(() => new Error(`${code}: expected a revert`), (x: unknown) => x);
      expect(e, code).toBeInstanceOf(ChainError);
      expect({ code: (e as ChainError).code, retryable: (e as ChainError).retryable, name: (e as ChainError).revert?.name }).toEqual({ code, retryable: false, name });
      expect((e as ChainError).revert!.args, code).toEqual(args);
    }
    // The embedded chain runs no call before sending: each refusal was mined as a failed transaction, one block
    // each, read back from its receipt. No state changed, and every account's next submission lands.
    expect((await l.history.confirmedHead()).number).toBe(head.number + cases.length);
    expect(await l.invoices.get(k1)).toEqual(k1Before);
    expect((await l.vouchers.get(v6))!.value).toBe(1_000n);
    const expiry = await inDays(250);
    const next = await Promise.all<{ blockNumber: number }>([l.vouchers.split(s1, v6, [100n]), l.participants.reinstate(operator, s3), l.cash.mint(bank, s1, 1n, h("after")),
      l.settlement.fund(core, M3), l.creditLines.amend(bank, core, 20_000_001n, expiry)]);
    expect(next.every((r) => r.blockNumber > head.number)).toBe(true);
  });

  it("when two submissions race for the same cash, then the loser's mined revert is decoded and the account's next submission lands", async () => {
    const have = await l.cash.balanceOf(bank);
    const head = await l.history.confirmedHead();
    const raced = await Promise.allSettled([l.cash.burn(bank, bank, have - 1n, h("r1")), l.cash.burn(bank, bank, have - 1n, h("r2"))]);
    const lost = raced.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as ChainError);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(ChainError);
    expect(lost[0]).toMatchObject({ code: "CASH_INSUFFICIENT_BALANCE", retryable: false, revert: { args: { sender: bank, balance: 1n, needed: have - 1n } } });
    expect((await l.history.confirmedHead()).number).toBeGreaterThan(head.number);
    await l.cash.mint(bank, bank, 5n, h("r3"));
    expect(await l.cash.balanceOf(bank)).toBe(6n);
  });

  it("when the signer's key is not held, then SIGNER_UNKNOWN", async () => {
    const stranger = Wallet.createRandom().address;
    await expect(l.cash.mint(stranger, s1, 1n, C)).rejects.toMatchObject({ code: "SIGNER_UNKNOWN", retryable: false });
  });

  it("when an external RPC URL points at a closed port, then ChainUnavailableError (CHAIN_UNAVAILABLE, retryable)", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const rpcUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await new Promise((r) => server.close(r));
    const e = await connectLedger({ mode: "external", rpcUrl, dataDir: path.join(dir, "external") }, keys, acc).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ChainUnavailableError);
    expect(e).toMatchObject({ code: "CHAIN_UNAVAILABLE", retryable: true });
    await expect(new HttpRpc(rpcUrl, 2_000).request("eth_blockNumber")).rejects.toBeInstanceOf(ChainUnavailableError);
  });

  it("when one organisation submits 50 transactions at once, then all land without a nonce error, sharing blocks", async () => {
    const before = await l.cash.balanceOf(s2);
    const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => l.cash.mint(bank, s2, BigInt(i + 1), h(`c${i}`))));
    expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
    const blocks = new Set(settled.map((s) => (s.status === "fulfilled" ? s.value.blockNumber : -1)));
    expect(blocks.size).toBeLessThan(50);
    expect(await l.cash.balanceOf(s2)).toBe(before + 1275n);
  });
});
