/**
 * The PostgreSQL server ends the store's connections under it (a restart, a failover, an operator's
 * pg_terminate_backend): writes in flight fail as DATABASE_UNAVAILABLE or succeed whole, the process lives on,
 * and the store serves again without being reopened. Always on the server these machines run (or DATABASE_URL).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "../../../api/src/db/database";
import { DatabaseUnavailableError, guardDatabase } from "../../../api/src/db/unavailable";
import { adminQuery, SERVER_URL, serverDatabase, type ServerDatabase } from "../../helpers/database";
import { ignore } from "../../helpers/quiet";
import { ifOpened } from "../../helpers/teardown";

const WRITES = 20;
const POOL = 8;
// The writes wait on a lock for as long as the test takes to see them all blocked; Prisma's defaults (2 s to get
// a connection, 5 s to finish) would end them first on a busy machine.
const LONG_TRANSACTION = { maxWait: 60_000, timeout: 60_000 };

async function session(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // The test's own sessions: an error the server sends on one must not be counted as one escaping the store.
  client.on("error", ignore);
  await client.connect();
  return client;
}

describe("when the PostgreSQL server ends the store's connections", () => {
  let served: ServerDatabase;
  let db: Database;
  const uncaught: unknown[] = [];
  const record = (e: unknown) => void uncaught.push(e);

  beforeAll(async () => {
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
    served = await serverDatabase();
    db = await openDatabase({ kind: "postgres", url: served.url, poolSize: POOL });
  });
  afterAll(async () => {
    await ifOpened(db)?.close();
    await ifOpened(served)?.destroy();
    process.off("uncaughtException", record);
    process.off("unhandledRejection", record);
  });

  /** One organisation and its admin user, in one transaction: both rows or neither. */
  const write = (i: number) =>
    guardDatabase(() =>
      db.prisma.$transaction(async (tx) => {
        const suffix = `${i}-${randomBytes(4).toString("hex")}`;
        const org = await tx.organisation.create({
          data: { name: `Org ${suffix}`, uscc: `USCC-${suffix}`, kinds: ["supplier"], roles: [], account: `0x${suffix}`, sealedKey: "sealed" },
        });
        await tx.user.create({ data: { organisationId: org.id, email: `${suffix}@example.test`, name: "Admin", passwordHash: "x", role: "admin" } });
        return org.id;
      }, LONG_TRANSACTION),
    );

  it(`when it terminates them while ${WRITES} writes are in flight, then each write succeeds whole or fails with DATABASE_UNAVAILABLE, no error escapes, and the store works again`, async () => {
    // A session on the same database holds the users table, so that every write the pool runs stops inside its
    // transaction (its organisation inserted, its user not yet) until the backends are terminated.
    const locker = await session(served.url);
    const lockerPid = (await locker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    await locker.query(`BEGIN; LOCK TABLE "User" IN EXCLUSIVE MODE`);
    const writes = Array.from({ length: WRITES }, (_, i) => write(i).then((id) => ({ id }), (error: unknown) => ({ error })));

    // Watched from outside that transaction: pg_stat_activity is read once per transaction.
    const admin = await session(SERVER_URL);
    const backends = `FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`;
    await vi.waitFor(
      async () => {
        const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n ${backends} AND wait_event_type = 'Lock'`, [served.name, lockerPid]);
        expect(rows[0].n).toBe(POOL);
      },
      { timeout: 60_000, interval: 20 },
    );
    const terminated = await admin.query(`SELECT pg_terminate_backend(pid) ${backends}`, [served.name, lockerPid]);
    expect(terminated.rowCount).toBe(POOL);
    await admin.end();
    await locker.query("COMMIT");
    await locker.end();

    const outcomes = await Promise.all(writes);
    const failed = outcomes.filter((o) => "error" in o);
    expect(failed.length).toBeGreaterThanOrEqual(POOL);
    expect(failed.length).toBeLessThan(WRITES);
    for (const { error } of failed) expect(error).toBeInstanceOf(DatabaseUnavailableError);

    const orgs = await db.prisma.organisation.findMany({ include: { users: true } });
    expect(orgs.every((o) => o.users.length === 1)).toBe(true);
    const succeeded = outcomes.flatMap((o) => ("id" in o ? [o.id] : []));
    expect(orgs.map((o) => o.id).sort()).toEqual(succeeded.sort());

    expect(await write(WRITES)).toEqual(expect.any(String));
    expect(uncaught).toEqual([]);
  });

  it("when the server terminates the pool's idle connections, then no error escapes and the next queries are served", async () => {
    await Promise.all(Array.from({ length: POOL }, () => db.prisma.$queryRaw`SELECT pg_backend_pid()`));
    const admin = await session(SERVER_URL);
    const { rowCount } = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [served.name]);
    expect(rowCount).toBeGreaterThan(0);
    await vi.waitFor(
      async () => {
        const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [served.name]);
        expect(rows[0].n).toBe(0);
      },
      { timeout: 30_000, interval: 20 },
    );
    await admin.end();

    const reads = await Promise.allSettled(Array.from({ length: POOL }, () => guardDatabase(() => db.prisma.organisation.count())));
    for (const r of reads) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(DatabaseUnavailableError);
    expect(await db.prisma.organisation.count()).toBeGreaterThan(0);
    expect(uncaught).toEqual([]);
  });

  it("when the store is closed and its database dropped at once, then no connection of the store is left to end with an error", async () => {
    for (let round = 0; round < 5; round += 1) {
      const other = await serverDatabase();
      const store = await openDatabase({ kind: "postgres", url: other.url, poolSize: POOL });
      await Promise.all(Array.from({ length: POOL }, () => store.prisma.$queryRaw`SELECT pg_backend_pid()`));
      await store.close();
      await other.destroy();
    }
    // One more round trip, so that anything the server sent the dropped sessions has been read.
    await adminQuery(SERVER_URL, "SELECT 1");
    expect(uncaught).toEqual([]);
  });
});
