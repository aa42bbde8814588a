import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ledger } from "../../chain/ledger";
import type { Database } from "../../api/src/db/database";
import { blockTimesOf, Indexer, IndexerDivergedError } from "../../api/src/indexer/indexer";
import { PrismaIndexerStore, PrismaProjectionReader } from "../../api/src/indexer/indexer.repository";
import { reconcile } from "../../api/src/indexer/reconcile";
import { testDatabase, type TestDatabase } from "../helpers/database";
import { cast, connect, cstMidnightIn, onboard, round, settle } from "../helpers/ledger-story";

describe("the indexer", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "scf-indexer-"));
  const c = cast();
  let ledger: Ledger;
  let tdb: TestDatabase;
  let db: Database;
  let indexer: Indexer;

  beforeAll(async () => {
    ({ ledger } = await connect(dir, c));
    tdb = await testDatabase();
    db = await tdb.open();
    indexer = new Indexer(ledger.history, new PrismaIndexerStore(db.prisma), { maxBlocksPerBatch: 7 });
  });
  afterAll(async () => {
    await indexer.drain();
    await db.close();
    await tdb.destroy();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("when the ledger has a history of issues, transfers, splits and financing, then the projection matches the chain exactly", async () => {
    await onboard(ledger, c);
    const maturity = await cstMidnightIn(ledger, 60);
    for (let n = 0; n < 3; n += 1) await round(ledger, c, maturity, n);
    const caught = await indexer.catchUp();
    expect(caught.events).toBeGreaterThan(100);
    expect(await reconcile(ledger, new PrismaProjectionReader(db.prisma))).toEqual([]);
    const v1 = await db.prisma.voucherState.findUnique({ where: { id: 1n } });
    expect(v1).toMatchObject({ owner: c.tiers[0], depth: 1, root: 1n, parent: 0n });
    const financed = await db.prisma.financingState.findMany({ orderBy: { id: "asc" } });
    expect(financed.map((f) => f.status)).toEqual(["executed", "declined", "executed", "declined", "executed", "declined"]);
  });

  it("when indexed in batches of several blocks, then every event is recorded with its own block's time", async () => {
    const rows = await db.prisma.ledgerEvent.findMany({ distinct: ["blockNumber"], select: { blockNumber: true, blockTime: true } });
    expect(rows.length).toBeGreaterThan(7);
    for (const r of rows) expect(r.blockTime).toEqual((await ledger.history.block(r.blockNumber)).timestamp);
  });

  it("when caught up twice, or a batch is committed again after a crash, then nothing is applied twice", async () => {
    const events = await db.prisma.ledgerEvent.count();
    expect((await indexer.catchUp()).events).toBe(0);
    const head = await ledger.history.confirmedHead();
    const store = new PrismaIndexerStore(db.prisma);
    const all = await ledger.history.events(0, head.number);
    await store.commit(all, head, await blockTimesOf(ledger.history, all, head));
    expect(await db.prisma.ledgerEvent.count()).toBe(events);
    expect(await reconcile(ledger, new PrismaProjectionReader(db.prisma))).toEqual([]);
  });

  it("when the slot is funded and every voucher redeemed at maturity, then the projection shows every holder paid", async () => {
    const maturity = await cstMidnightIn(ledger, 60);
    await settle(ledger, c, maturity);
    await indexer.catchUp();
    expect(await reconcile(ledger, new PrismaProjectionReader(db.prisma))).toEqual([]);
    const live = await db.prisma.voucherState.aggregate({ _sum: { value: true } });
    expect(live._sum.value).toBe(0n);
    const slot = await db.prisma.slotState.findFirst();
    expect(slot).toMatchObject({ outstanding: 0n, escrowed: 0n });
  });

  it("when the projection is tampered with, then reconcile reports each difference", async () => {
    await db.prisma.voucherState.update({ where: { id: 2n }, data: { owner: c.core, redeemedValue: 1n } });
    await db.prisma.cashBalance.update({ where: { account: c.tiers[2] }, data: { balance: { increment: 1n } } });
    const diffs = await reconcile(ledger, new PrismaProjectionReader(db.prisma));
    expect(diffs.map((d) => `${d.entity}:${d.key}:${d.field}`).sort()).toEqual(
      [`cash:${c.tiers[2]}:balance`, "cash:totalSupply:total", "voucher:2:owner", "voucher:2:redeemedValue"].sort(),
    );
  });

  it("when waited on for a block, then it resolves once that block is in the projection", async () => {
    const r = await ledger.cash.mint(c.banks[0], c.tiers[0], 1n, "0x" + "00".repeat(32));
    await indexer.waitFor(r.blockNumber);
    expect((await new PrismaIndexerStore(db.prisma).checkpoint())!.blockNumber).toBeGreaterThanOrEqual(r.blockNumber);
  });

  it("when two processes' indexers catch up at once on one database, then every event is applied once and each sees the head", async () => {
    // Every API process indexes (each needs its own read-your-writes): the checkpoint row's lock serialises their
    // commits and each skips what the other already applied.
    for (let i = 0; i < 8; i += 1) await ledger.cash.mint(c.banks[0], c.tiers[1], 1n, "0x" + (0xa0 + i).toString(16).repeat(32));
    const other = new Indexer(ledger.history, new PrismaIndexerStore(db.prisma), { maxBlocksPerBatch: 3 });
    const head = await ledger.history.confirmedHead();
    await Promise.all([indexer.catchUp(), other.catchUp(), other.waitFor(head.number), indexer.waitFor(head.number)]);
    expect([indexer.indexedBlock, other.indexedBlock]).toEqual([head.number, head.number]);
    // A batch applied twice would have failed on the event log's (block, log index) key and rejected above.
    expect(await db.prisma.ledgerEvent.count()).toBe((await ledger.history.events(0, head.number)).length);
    expect((await new PrismaIndexerStore(db.prisma).checkpoint())!.blockNumber).toBe(head.number);
  });

  it("when the checkpoint names a block the chain does not have, then catch-up refuses with IndexerDivergedError", async () => {
    await db.prisma.indexerCheckpoint.update({ where: { id: 1 }, data: { blockHash: "0x" + "ab".repeat(32) } });
    await expect(indexer.catchUp()).rejects.toBeInstanceOf(IndexerDivergedError);
  });
});
