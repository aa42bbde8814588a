import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../api/src/db/database";
import { DatabaseUnavailableError } from "../../api/src/db/unavailable";
import { Indexer } from "../../api/src/indexer/indexer";
import { PrismaIndexerStore, PrismaProjectionReader } from "../../api/src/indexer/indexer.repository";
import { reconcile } from "../../api/src/indexer/reconcile";
import type { Ledger } from "../../chain/ledger";
import { cast, connect, cstMidnightIn, onboard, round } from "../helpers/ledger-story";
import { serverDatabaseBehindProxy } from "../helpers/database";


describe("when the database is down", () => {
  const chainDir = mkdtempSync(path.join(tmpdir(), "scf-outage-"));
  let served: Awaited<ReturnType<typeof serverDatabaseBehindProxy>>;
  const c = cast();
  let ledger: Ledger;
  let db: Database;

  beforeAll(async () => {
    served = await serverDatabaseBehindProxy();
    db = await openDatabase({ kind: "postgres", url: served.url, poolSize: 2 });
    ({ ledger } = await connect(chainDir, c));
  });
  afterAll(async () => {
    await db.close().catch(() => undefined);
    await ledger.close();
    await served.destroy();
    rmSync(chainDir, { recursive: true, force: true });
  });

  it("when the server cannot be reached at start, then opening fails with a retryable DatabaseUnavailableError", async () => {
    const err = await openDatabase({ kind: "postgres", url: "postgresql://postgres@127.0.0.1:1/test" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err).toMatchObject({ code: "DATABASE_UNAVAILABLE", retryable: true });
  });

  it("then the indexer fails with DatabaseUnavailableError, writes nothing, and after recovery the database equals the chain", async () => {
    const store = new PrismaIndexerStore(db.prisma);
    const indexer = new Indexer(ledger.history, store);
    await onboard(ledger, c);
    await indexer.catchUp();
    const before = await store.checkpoint();

    const maturity = await cstMidnightIn(ledger, 30);
    await round(ledger, c, maturity, 1);
    await served.proxy.cut();
    await expect(indexer.catchUp()).rejects.toBeInstanceOf(DatabaseUnavailableError);

    await served.proxy.start();
    expect(await store.checkpoint()).toEqual(before);
    await indexer.catchUp();
    expect(await reconcile(ledger, new PrismaProjectionReader(db.prisma))).toEqual([]);
  });
});
