/**
 * One suite for the ledger port, run on every ledger with the same operations: every refusal must carry the
 * same code, every result and balance the same value to the fen, every story the same events in the same
 * order. Each run writes a transcript of what it saw; the last test compares the transcripts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ChainError } from "../../chain/errors";
import { invoiceKey } from "../../chain/invoice-key";
import type { Ledger } from "../../chain/ledger";
import { SUBJECTS, type Subject } from "./subjects";

const DAY = 86_400;
const transcripts = new Map<string, unknown[]>();
const hash = (label: string) => `0x${Buffer.from(label.padEnd(32, "-").slice(0, 32)).toString("hex")}`;

async function codeOf(action: Promise<unknown>): Promise<string> {
  try {
    await action;
    return "OK";
  } catch (e) {
    if (!(e instanceof ChainError)) throw e;
    return e.code;
  }
}

/** 00:00 CST, `days` calendar days after the ledger's now. */
async function cstMidnightIn(l: Ledger, days: number): Promise<Date> {
  const now = Math.floor((await l.clock.now()).getTime() / 1000);
  return new Date(((Math.floor((now + 8 * 3600) / DAY) + days) * DAY - 8 * 3600) * 1000);
}

describe.each(SUBJECTS)("the ledger port on $name", ({ name, open }) => {
  let s: Subject;
  const seen: unknown[] = [];
  let invoices = 0;
  beforeAll(async () => {
    s = await open();
  }, 60_000);
  afterAll(async () => {
    transcripts.set(name, seen);
    await s.close();
  });

  const invoice = async (seller: string, buyer: string, amount: bigint) => {
    const key = invoiceKey({ kind: "digital", number: String(++invoices).padStart(20, "0") });
    await s.ledger.invoices.register(seller, { key, buyer, amount, commitment: hash(`c${invoices}`) });
    await s.ledger.invoices.confirm(buyer, key);
    return key;
  };

  test("the same story, with the same refusals, balances and events", async () => {
    const { ledger: l, who } = s;
    const from = (await l.history.confirmedHead()).number + 1;
    const maturity = await cstMidnightIn(l, 30);
    const record = (label: string, value: unknown) => seen.push([label, value]);

    record("register twice", await codeOf(l.participants.register(who.operator, { account: who.tier1, roles: ["supplier"], usccHash: hash("u"), kycHash: hash("k") })));
    await l.cash.mint(who.cashBank, who.core, 2_000_000_00n, hash("deposit core"));
    await l.cash.mint(who.cashBank, who.bank, 2_000_000_00n, hash("deposit bank"));
    record("burn without allowance", await codeOf(l.cash.burn(who.cashBank, who.core, 1n, hash("w1"))));
    record("mint by another bank", await codeOf(l.cash.mint(who.bank, who.core, 1n, hash("m2"))));
    await l.creditLines.grant(who.bank, who.core, 5_000_000_00n, await cstMidnightIn(l, 365));
    record("grant twice", await codeOf(l.creditLines.grant(who.bank, who.core, 1n, await cstMidnightIn(l, 365))));
    record("available", await l.creditLines.available(who.bank, who.core));
    const k1 = await invoice(who.tier1, who.core, 1_000_00n);
    record("confirm twice", await codeOf(l.invoices.confirm(who.core, k1)));
    record("issue by a supplier", await codeOf(l.vouchers.issue(who.tier1, { supplier: who.tier2, amount: 1n, maturity, invoiceKeys: [k1] })));
    record("issue without invoices", await codeOf(l.vouchers.issue(who.core, { supplier: who.tier1, amount: 1n, maturity, invoiceKeys: [] })));
    const root = (await l.vouchers.issue(who.core, { supplier: who.tier1, amount: 1_000_00n, maturity, invoiceKeys: [k1] })).result;
    const k2 = await invoice(who.tier2, who.tier1, 400_00n);
    record("transfer more than the voucher", await codeOf(l.vouchers.splitTransfer(who.tier1, { id: root, to: who.tier2, amount: 1_000_01n, invoiceKeys: [k2] })));
    record("transfer by another", await codeOf(l.vouchers.splitTransfer(who.tier2, { id: root, to: who.tier3, amount: 1n, invoiceKeys: [k2] })));
    const piece = (await l.vouchers.splitTransfer(who.tier1, { id: root, to: who.tier2, amount: 400_00n, invoiceKeys: [k2] })).result;
    const [small] = (await l.vouchers.split(who.tier2, piece, [100_00n])).result;
    const view = async (id: bigint) => {
      const v = await l.vouchers.get(id);
      return v && { value: v.value, depth: v.depth, financed: v.financed, locked: v.locked, isRoot: v.root === root };
    };
    record("vouchers", [await view(root), await view(piece), await view(small)]);
    record("ids", (await l.vouchers.ids()).length);
    const deadline = await cstMidnightIn(l, 5);
    const rid = (await l.financing.request(who.tier2, { voucherId: small, amount: 100_00n, bank: who.bank, rateBps: 365, deadline })).result;
    record("execute by another bank", await codeOf(l.financing.execute(who.bank2, rid)));
    const done = (await l.financing.execute(who.bank, rid)).result;
    record("execute twice", await codeOf(l.financing.execute(who.bank, rid)));
    record("net + interest", done.net + done.interest + done.fee);
    record("redeem before maturity", await codeOf(l.settlement.redeem(who.tier3, root)));
    record("fund", (await l.settlement.fund(who.core, maturity)).result);
    record("fund twice", await codeOf(l.settlement.fund(who.core, maturity)));
    record("redeem before maturity, funded", await codeOf(l.settlement.redeem(who.tier3, root)));
    await s.advance(Math.ceil((maturity.getTime() - (await l.clock.now()).getTime()) / 1000) + 60);
    await l.settlement.redeemBatch(who.tier3, [root, piece, done.pieceId]);
    record("redeem twice", await codeOf(l.settlement.redeem(who.tier3, root)));
    record("slot", await l.vouchers.slotAccount(who.core, maturity).then((a) => [a.outstanding, a.escrowed]));
    record("balances", [await l.cash.balanceOf(who.core), await l.cash.balanceOf(who.tier1), await l.cash.balanceOf(who.tier2), await l.cash.totalSupply()]);
    record("bank paid net, repaid face", (await l.cash.balanceOf(who.bank)) === 2_000_000_00n - done.net - done.fee + 100_00n);
    const head = (await l.history.confirmedHead()).number;
    record("events", (await l.history.events(from, head)).map((e) => e.name));
    expect(seen.length).toBeGreaterThan(20);
  }, 60_000);

  test("documents, disclosures, consents, paid risk queries and reading anchors, with the same refusals, fees and events", async () => {
    const { ledger: l, who } = s;
    const from = (await l.history.confirmedHead()).number + 1;
    const record = (label: string, value: unknown) => seen.push([label, value]);
    const now = (await l.clock.now()).getTime();
    const ds = l.dataServices;

    await ds.commitDocument(who.tier2, hash("contract HT-1"));
    record("commit twice", await codeOf(ds.commitDocument(who.tier1, hash("contract HT-1"))));
    record("commit zero", await codeOf(ds.commitDocument(who.tier1, `0x${"00".repeat(32)}`)));
    record("document owner", [(await ds.documentOwner(hash("contract HT-1"))) === who.tier2, await ds.documentOwner(hash("never"))]);
    await ds.recordDisclosure(who.tier2, { bank: who.bank, voucherId: 7n, digest: hash("shown") });
    record("disclose a zero digest", await codeOf(ds.recordDisclosure(who.tier2, { bank: who.bank, voucherId: 7n, digest: `0x${"00".repeat(32)}` })));
    record("disclose to a supplier", await codeOf(ds.recordDisclosure(who.tier2, { bank: who.tier1, voucherId: 7n, digest: hash("shown") })));
    record("query without consent", await codeOf(ds.recordQuery(who.bank, who.tier2, hash("q0"))));
    record("consent to self", await codeOf(ds.grantConsent(who.bank, who.bank, new Date(now + 30 * DAY * 1000))));
    record("consent past a year", await codeOf(ds.grantConsent(who.tier2, who.bank, new Date(now + 400 * DAY * 1000))));
    record("consent to a supplier", await codeOf(ds.grantConsent(who.tier2, who.tier1, new Date(now + 30 * DAY * 1000))));
    const until = new Date(Math.floor(now / 1000 + 30 * DAY) * 1000);
    await ds.grantConsent(who.tier2, who.bank, until);
    record("consent until", (await ds.consentUntil(who.tier2, who.bank))?.getTime() === until.getTime());
    record("fee to a bank", await codeOf(ds.setQueryFee(who.operator, 50_00n, who.bank)));
    record("fee set by a bank", await codeOf(ds.setQueryFee(who.bank, 50_00n, who.operator)));
    await ds.setQueryFee(who.operator, 50_00n, who.operator);
    record("fee", await ds.queryFee().then((f) => [f.fee, f.recipient === who.operator]));
    record("query without allowance", await codeOf(ds.recordQuery(who.bank, who.tier2, hash("q1"))));
    await l.cash.approve(who.bank, ds.address, 50_00n);
    const before = await l.cash.balanceOf(who.bank);
    await ds.recordQuery(who.bank, who.tier2, hash("q2"));
    record("fee paid", [before - (await l.cash.balanceOf(who.bank)), await l.cash.balanceOf(who.operator), await l.cash.allowance(who.bank, ds.address)]);
    record("query by another bank", await codeOf(ds.recordQuery(who.bank2, who.tier2, hash("q3"))));
    await ds.withdrawConsent(who.tier2, who.bank);
    record("withdraw twice", await codeOf(ds.withdrawConsent(who.tier2, who.bank)));
    record("query after withdrawal", await codeOf(ds.recordQuery(who.bank, who.tier2, hash("q4"))));
    record("consent after withdrawal", await ds.consentUntil(who.tier2, who.bank));

    const a = l.readingAnchors;
    await a.anchor(who.operator, { root: hash("root 1"), firstId: 1n, lastId: 100n, count: 100 });
    record("anchor twice", await codeOf(a.anchor(who.operator, { root: hash("root 1"), firstId: 101n, lastId: 200n, count: 100 })));
    record("anchor by a bank", await codeOf(a.anchor(who.bank, { root: hash("root 2"), firstId: 1n, lastId: 1n, count: 1 })));
    record("anchor more than the ids", await codeOf(a.anchor(who.operator, { root: hash("root 3"), firstId: 5n, lastId: 6n, count: 3 })));
    record("anchor no reading", await codeOf(a.anchor(who.operator, { root: hash("root 4"), firstId: 1n, lastId: 1n, count: 0 })));
    record("anchor a zero root", await codeOf(a.anchor(who.operator, { root: `0x${"00".repeat(32)}`, firstId: 1n, lastId: 1n, count: 1 })));
    const anchored = await a.anchorOf(hash("root 1"));
    const events = await l.history.events(from, (await l.history.confirmedHead()).number);
    record("anchor", anchored && [anchored.firstId, anchored.lastId, anchored.count, anchored.blockNumber === events.find((e) => e.name === "ReadingsAnchored")?.blockNumber]);
    record("never anchored", await a.anchorOf(hash("root 9")));
    // Accounts differ from ledger to ledger; each event's name and the names of its arguments may not.
    record("events", events.map((e) => [e.name, Object.keys(e.args).sort()]));
  }, 60_000);
});

describe("every ledger", () => {
  test("saw the same transcript", () => {
    expect(transcripts.size).toBe(SUBJECTS.length);
    const [first, ...others] = [...transcripts.entries()];
    if (process.env.CONFORMANCE_PRINT) console.log(JSON.stringify(first[1], (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)));
    for (const [name, transcript] of others) expect({ name, transcript }).toEqual({ name, transcript: first[1] });
  });
});
