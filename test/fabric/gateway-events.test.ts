import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { LedgerEvent } from "../../chain/events";
import type { EventStream, TransactionEvents } from "../../chain/fabric/history";
import { bytes32, cstMidnightAfter, START } from "./support/fixture";
import { gatewayWorld, type GatewayWorld } from "./support/gateway-fixture";

let w: GatewayWorld;
let all: LedgerEvent[];
let head: number;

beforeAll(async () => {
  w = await gatewayWorld();
  const { ledger, accounts: a } = w;
  await ledger.cash.mint(a.cashBank, a.core, 1_000_00n, bytes32("deposit 1"));
  await ledger.creditLines.grant(a.bank, a.core, 5_000_00n, new Date(Number(cstMidnightAfter(START, 365n)) * 1000));
  await ledger.rules.setRules(a.core, { ...(await ledger.rules.rulesOf(a.core)), invoicesRequired: false });
  const maturity = new Date(Number(cstMidnightAfter(START, 30n)) * 1000);
  const id = (await ledger.vouchers.issue(a.core, { supplier: a.tier1, amount: 500_00n, maturity, invoiceKeys: [] })).result;
  await ledger.vouchers.splitTransfer(a.tier1, { id, to: a.tier2, amount: 100_00n, invoiceKeys: [] });
  await ledger.cash.approve(a.core, a.tier1, 7n);
  head = (await ledger.history.confirmedHead()).number;
  all = await ledger.history.events(0, head);
});
afterAll(async () => {
  await w.close();
});

/** Reads `n` transactions from `stream`, then closes it. */
async function take(stream: EventStream, n: number): Promise<TransactionEvents[]> {
  const out: TransactionEvents[] = [];
  if (n > 0) {
    for await (const tx of stream) {
      out.push(tx);
      if (out.length === n) break;
    }
  }
  stream.close();
  return out;
}

const byTx = (events: LedgerEvent[]) => {
  const txs: { txId: string; events: { name: string; args: unknown }[] }[] = [];
  for (const e of events) {
    if (txs.at(-1)?.txId !== e.txHash) txs.push({ txId: e.txHash, events: [] });
    txs.at(-1)!.events.push({ name: e.name, args: e.args });
  }
  return txs;
};

describe("events through the gateway", () => {
  test("history gives every event once, in (block, position) order, with domain values", () => {
    const keys = all.map((e) => [e.blockNumber, e.logIndex] as const);
    for (let i = 1; i < keys.length; i++) {
      expect(keys[i][0] > keys[i - 1][0] || (keys[i][0] === keys[i - 1][0] && keys[i][1] > keys[i - 1][1])).toBe(true);
    }
    const names = all.map((e) => e.name);
    expect(names.slice(0, 3)).toEqual(["ParticipantRegistered", "ParticipantRegistered", "BoundsChanged"]);
    expect(names.at(-1)).toBe("CashApproval");
    expect(all.at(-1)?.args).toEqual({ owner: w.accounts.core, spender: w.accounts.tier1, value: 7n });
    const transfer = all.find((e) => e.name === "VoucherTransferred");
    expect(transfer?.args).toMatchObject({ to: w.accounts.tier2, from: w.accounts.tier1, amount: 100_00n, depth: 2 });
  });

  test("any split of the block range gives the same events, none twice", async () => {
    for (const k of [1, 2, Math.floor(head / 2), head]) {
      const before = await w.ledger.history.events(0, k - 1);
      const after = await w.ledger.history.events(k, head);
      expect([...before, ...after]).toEqual(all);
    }
    expect(await w.ledger.history.events(head, head - 1)).toEqual([]);
  });

  test("the live stream gives every transaction once, in order, from a checkpoint, then what commits next", async () => {
    const expected = byTx(all);
    const streamed = await take(await w.ledger.history.subscribe({ block: 0 }), expected.length);
    expect(streamed.map((t) => ({ txId: t.txId, events: t.events }))).toEqual(expected);
    // Resume after the third transaction, as an indexer that processed it and checkpointed there would.
    const mark = streamed[2];
    const resumed = await w.ledger.history.subscribe({ block: mark.blockNumber, afterTxId: mark.txId });
    const iterator = resumed[Symbol.asyncIterator]();
    const rest: TransactionEvents[] = [];
    for (let i = 3; i < expected.length; i++) rest.push((await iterator.next()).value as TransactionEvents);
    expect(rest.map((t) => t.txId)).toEqual(expected.slice(3).map((t) => t.txId));
    const next = iterator.next();
    const receipt = await w.ledger.cash.approve(w.accounts.core, w.accounts.tier2, 9n);
    const live = (await next).value as TransactionEvents;
    expect(live).toEqual({
      blockNumber: receipt.blockNumber,
      txId: receipt.txHash,
      events: [{ name: "CashApproval", args: { owner: w.accounts.core, spender: w.accounts.tier2, value: 9n } }],
    });
    resumed.close();
  });
});
