import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ChainError, ChainUnavailableError } from "../../chain/errors";
import { LedgerConflictError } from "../../chain/fabric/errors";
import { bytes32, cstMidnightAfter, START } from "./support/fixture";
import { connectLedger, gatewayWorld, type GatewayWorld } from "./support/gateway-fixture";

const maturity = new Date(Number(cstMidnightAfter(START, 30n)) * 1000);
let w: GatewayWorld;

beforeEach(async () => {
  w = await gatewayWorld();
  const { ledger, accounts: a } = w;
  await ledger.creditLines.grant(a.bank, a.core, 10_000_000_00n, new Date(Number(cstMidnightAfter(START, 365n)) * 1000));
  // Invoices are the program's choice; without them each transfer touches only its own voucher.
  await ledger.rules.setRules(a.core, { ...(await ledger.rules.rulesOf(a.core)), invoicesRequired: false });
});
afterEach(async () => {
  await w.close();
});

const issue = (n: number) =>
  w.ledger.vouchers.issue(w.accounts.core, { supplier: w.accounts.tier1, amount: 100_00n + BigInt(n), maturity, invoiceKeys: [] });

describe("concurrent transactions through the gateway", () => {
  test("50 transfers of 50 different vouchers, endorsed together and ordered into one block, all commit", async () => {
    const { ledger, accounts: a, server } = w;
    const ids: bigint[] = [];
    for (let i = 0; i < 50; i++) ids.push((await issue(i)).result);
    const conflictsBefore = server.ledger.counts.mvccConflicts;
    server.batchSize = 50;
    const receipts = await Promise.all(ids.map((id) => ledger.vouchers.splitTransfer(a.tier1, { id, to: a.tier2, amount: 10_00n, invoiceKeys: [] })));
    expect(server.ledger.counts.mvccConflicts - conflictsBefore).toBe(0);
    expect(new Set(receipts.map((r) => r.blockNumber)).size).toBe(1);
    const block = server.ledger.blocks[receipts[0].blockNumber];
    expect(block.txIds).toHaveLength(50);
    for (const [i, r] of receipts.entries()) {
      expect(await ledger.vouchers.get(r.result)).toMatchObject({ owner: a.tier2, value: 10_00n, parent: ids[i] });
      expect(await ledger.vouchers.get(ids[i])).toMatchObject({ owner: a.tier1, value: 90_00n + BigInt(i) });
    }
  });

  test("2 transfers of the same voucher: exactly one commits, the other is a retryable conflict that succeeds when sent again", async () => {
    const { ledger, accounts: a, server } = w;
    const id = (await issue(0)).result;
    server.batchSize = 2;
    const results = await Promise.allSettled([
      ledger.vouchers.splitTransfer(a.tier1, { id, to: a.tier2, amount: 30_00n, invoiceKeys: [] }),
      ledger.vouchers.splitTransfer(a.tier1, { id, to: a.tier3, amount: 30_00n, invoiceKeys: [] }),
    ]);
    const committed = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(committed).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const conflict = failed[0].reason as ChainError;
    expect(conflict).toBeInstanceOf(LedgerConflictError);
    expect(conflict.code).toBe("LEDGER_CONFLICT");
    expect(conflict.retryable).toBe(true);
    expect(server.ledger.counts.mvccConflicts).toBe(1);
    expect(await ledger.vouchers.get(id)).toMatchObject({ value: 70_00n });
    server.batchSize = undefined;
    const loser = results[0].status === "rejected" ? a.tier2 : a.tier3;
    const retried = await ledger.vouchers.splitTransfer(a.tier1, { id, to: loser, amount: 30_00n, invoiceKeys: [] });
    expect(await ledger.vouchers.get(retried.result)).toMatchObject({ owner: loser, value: 30_00n });
    expect(await ledger.vouchers.get(id)).toMatchObject({ value: 40_00n });
  });

  test("a stopped gateway is CHAIN_UNAVAILABLE, for writes, reads, history and ping", async () => {
    const { ledger, accounts: a, server } = w;
    server.stop();
    const failures = await Promise.all(
      [
        ledger.cash.mint(a.cashBank, a.core, 1n, bytes32("after the stop")),
        ledger.cash.balanceOf(a.core),
        ledger.history.confirmedHead(),
        ledger.ping(),
      ].map((p) => p.then(() => undefined, (e: unknown) => e)),
    );
    for (const e of failures) {
      expect(e).toBeInstanceOf(ChainUnavailableError);
      expect((e as ChainError).code).toBe("CHAIN_UNAVAILABLE");
      expect((e as ChainError).retryable).toBe(true);
    }
    // A fresh connection to the same address finds nothing either.
    const other = connectLedger(server.endpoint, w.cast);
    await expect(other.ping()).rejects.toBeInstanceOf(ChainUnavailableError);
    await other.close();
  });
});
