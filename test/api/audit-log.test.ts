import { wallClock } from "../../api/src/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLogRepository, GENESIS } from "../../api/src/audit/audit-log.repository";
import type { Database } from "../../api/src/db/database";
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
