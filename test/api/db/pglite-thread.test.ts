/**
 * PGlite on its own worker thread behind the Prisma adapter: what Prisma sees must be what in-process PGlite
 * gives it (values, errors, transactions), and the data directory must outlive the thread.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../api/src/db/database";
import { isUniqueViolation } from "../../../api/src/db/unique";
import { ifOpened } from "../../helpers/teardown";

const claim = (principal: string) => ({ principal, key: "k", requestHash: "h", status: "started", leaseUntil: new Date("2030-01-01T00:00:00.123Z") });

describe("PGlite on a worker thread", () => {
  const root = mkdtempSync(path.join(tmpdir(), "scf-pglite-thread-"));
  const dataDir = path.join(root, "pglite");
  let db: Database | undefined;
  afterAll(async () => {
    await ifOpened(db)?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("when Prisma writes, reads, conflicts and runs transactions through it, then it sees what in-process PGlite gives", async () => {
    db = await openDatabase({ kind: "pglite", dataDir, thread: true });
    expect(db.applied.length).toBeGreaterThan(0);
    await db.prisma.idempotencyKey.create({ data: claim("a") });
    expect(await db.prisma.idempotencyKey.findUnique({ where: { principal_key: { principal: "a", key: "k" } } })).toMatchObject({
      status: "started",
      leaseUntil: new Date("2030-01-01T00:00:00.123Z"),
    });
    const conflict = await db.prisma.idempotencyKey.create({ data: claim("a") }).then(() => undefined, (e: unknown) => e);
    expect(isUniqueViolation(conflict)).toBe(true);
    // A raw statement's failure carries the driver's error too.
    const rawConflict = await db.prisma
      .$executeRawUnsafe(`INSERT INTO "IdempotencyKey" ("principal", "key", "requestHash", "status", "leaseUntil") VALUES ('a', 'k', 'h', 's', now())`)
      .then(() => undefined, (e: unknown) => e);
    expect(isUniqueViolation(rawConflict)).toBe(true);
    expect(await db.prisma.$queryRawUnsafe(`SELECT 1::bigint AS b, '{"x": [1, "2"]}'::jsonb AS j`)).toEqual([{ b: 1n, j: { x: [1, "2"] } }]);

    const inside = await db.prisma.$transaction(async (tx) => {
      await tx.idempotencyKey.create({ data: claim("b") });
      return tx.idempotencyKey.count();
    });
    expect(inside).toBe(2);
    const failed = new Error("rolled back");
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.idempotencyKey.create({ data: claim("c") });
        throw failed;
      }),
    ).rejects.toBe(failed);
    expect((await db.prisma.idempotencyKey.findMany({ orderBy: { principal: "asc" } })).map((k) => k.principal)).toEqual(["a", "b"]);
  });

  it("when it is closed and opened again, then the rows are there and the closed client refuses", async () => {
    const first = db!;
    await first.close();
    db = undefined;
    await expect(first.prisma.idempotencyKey.count()).rejects.toThrow();
    db = await openDatabase({ kind: "pglite", dataDir, thread: true });
    expect(db.applied).toEqual([]);
    expect(await db.prisma.idempotencyKey.count()).toBe(2);
  });
});
