import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { wallClock } from "../../api/src/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLogRepository, DIGEST_VERSION, GENESIS } from "../../api/src/audit/audit-log.repository";
import { pgliteAdapter } from "../../api/src/db/adapters";
import { MIGRATIONS_DIR, openDatabase, type Database } from "../../api/src/db/database";
import { applyMigrations, readMigrationList } from "../../api/src/db/migrator";
import { digestOf } from "../../api/src/http/digest";
import { testDatabase, type TestDatabase } from "../helpers/database";
import { ifOpened } from "../helpers/teardown";

const record = (i: number) => ({ actor: undefined, action: `POST /things/${i}`, requestDigest: String(i).padStart(64, "0"), result: "201", txHash: undefined });

describe("the audit log's hash chain under concurrent appends", () => {
  let tdb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    tdb = await testDatabase();
    db = await tdb.open();
  }, 120_000);
  afterAll(async () => {
    await ifOpened(db)?.close();
    await ifOpened(tdb)?.destroy();
  });

  it("when 200 requests append at once, then every entry is written once, in one unbroken chain whose order is the sequence order", async () => {
    const log = new AuditLogRepository(db.prisma, wallClock);
    await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(record(i))));
    const rows = await db.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.action)).size).toBe(200);
    expect(rows[0].prevHash).toBe(GENESIS);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    expect(await log.verify()).toMatchObject({ valid: true, entries: 200 });
  });

  it("when a second writer (another process) appended in between, then this one re-reads the head and chains on, never forking", async () => {
    const a = new AuditLogRepository(db.prisma, wallClock);
    const b = new AuditLogRepository(db.prisma, wallClock);
    await a.append(record(1000));
    await b.append(record(1001));
    await a.append(record(1002)); // a's remembered head is stale: its first insert collides on prevHash
    const v = await a.verify();
    expect(v).toMatchObject({ valid: true, entries: 203 });
  });
});

/** The hash rule entries were written under before keyed digests: the test's own copy, so that a change to entryHash cannot hide here. */
const legacyHash = (e: { at: Date; action: string; requestDigest: string; result: string; prevHash: string }) =>
  digestOf({ at: e.at.toISOString(), actorUserId: null, organisationId: null, action: e.action, requestDigest: e.requestDigest, result: e.result, txHash: null, prevHash: e.prevHash });

describe("the audit log across the move to keyed, redacted digests", () => {
  let root: string;
  let db: Database;
  /** Plain SHA-256 request digests of a body holding a password, as the log kept them. */
  const legacy = [0, 1, 2].map((i) => ({
    action: "POST /orgs/:id/users",
    requestDigest: digestOf({ method: "post", path: `/orgs/x/users`, body: { email: `u${i}@x.example`, password: `password number ${i}` } }),
    result: `201 u${i}`,
    at: new Date(Date.UTC(2026, 11, 1, 0, 0, i)),
  }));

  beforeAll(async () => {
    // A database migrated up to just before the move, holding entries written then, as an upgraded deployment has.
    root = mkdtempSync(path.join(tmpdir(), "scf-audit-upgrade-"));
    const before = path.join(root, "migrations");
    const all = (await readMigrationList(MIGRATIONS_DIR)).migrationDirectories.map((m) => path.basename(m.path));
    const upTo = all.findIndex((name) => name.endsWith("_login_throttle_audit_digest_version"));
    expect(upTo).toBeGreaterThan(0);
    mkdirSync(before);
    for (const name of all.slice(0, upTo)) cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
    cpSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(before, "migration_lock.toml"));
    const dataDir = path.join(root, "pglite");
    const old = await PGlite.create({ dataDir });
    await applyMigrations(pgliteAdapter(old), before);
    let prevHash = GENESIS;
    for (const e of legacy) {
      const hash = legacyHash({ ...e, prevHash });
      await old.query(
        `INSERT INTO "AuditEntry" ("at", "action", "requestDigest", "result", "prevHash", "hash") VALUES ($1, $2, $3, $4, $5, $6)`,
        [e.at, e.action, e.requestDigest, e.result, prevHash, hash],
      );
      prevHash = hash;
    }
    await old.close();
    // Opening migrates to the newest schema.
    db = await openDatabase({ kind: "pglite", dataDir });
  }, 120_000);
  afterAll(async () => {
    await ifOpened(db)?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("when the database is migrated, then the old entries are marked version 0, keep their digests, and verify with new entries after them", async () => {
    const rows = await db.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.digestVersion, r.requestDigest])).toEqual(legacy.map((e) => [0, e.requestDigest]));
    const log = new AuditLogRepository(db.prisma, wallClock);
    expect(await log.verify()).toMatchObject({ valid: true, entries: 3 });
    for (let i = 0; i < 3; i += 1) await log.append(record(100 + i));
    const after = await db.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
    expect(after.map((r) => r.digestVersion)).toEqual([0, 0, 0, DIGEST_VERSION, DIGEST_VERSION, DIGEST_VERSION]);
    expect(after[3].prevHash).toBe(after[2].hash);
    expect(await log.verify()).toMatchObject({ valid: true, entries: 6, head: after[5].hash });
  });

  it("when an old or a new entry is changed, or a new one is passed off as old, then verify finds it at that entry", async () => {
    const log = new AuditLogRepository(db.prisma, wallClock);
    const rows = await db.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
    const tamper = async (row: (typeof rows)[number], data: { result?: string; digestVersion?: number; requestDigest?: string }) => {
      await db.prisma.auditEntry.update({ where: { seq: row.seq }, data });
      try {
        expect(await log.verify()).toMatchObject({ valid: false, brokenAt: { seq: String(row.seq), reason: "its contents do not match its hash" } });
      } finally {
        await db.prisma.auditEntry.update({ where: { seq: row.seq }, data: { result: row.result, digestVersion: row.digestVersion, requestDigest: row.requestDigest } });
      }
    };
    await tamper(rows[1], { result: "201 forged" });
    await tamper(rows[4], { requestDigest: "f".repeat(64) });
    await tamper(rows[4], { digestVersion: 0 });
    await tamper(rows[1], { digestVersion: 1 });
    expect(await log.verify()).toMatchObject({ valid: true, entries: 6 });
  });
});
