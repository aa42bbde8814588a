/**
 * Migrations on the PostgreSQL server run as PostgreSQL parses them: a semicolon in a comment or a string is
 * text, and a migration that fails leaves nothing of itself behind. (@prisma/adapter-pg splits scripts on every
 * semicolon; two of this repo's migrations once broke on that, on the server only.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { postgresMigrationAdapter } from "../../../api/src/db/adapters";
import { applyMigrations } from "../../../api/src/db/migrator";
import { openPostgresPool } from "../../../api/src/db/postgres-pool";
import { adminQuery, serverDatabase } from "../../helpers/database";

const root = mkdtempSync(path.join(tmpdir(), "scf-migrations-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function migrationsDir(name: string, migrations: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [folder, sql] of Object.entries(migrations)) {
    mkdirSync(path.join(dir, folder), { recursive: true });
    writeFileSync(path.join(dir, folder, "migration.sql"), sql);
  }
  writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  return dir;
}

async function migrate(url: string, dir: string): Promise<string[]> {
  const migrations = openPostgresPool(url, 1);
  try {
    return await applyMigrations(postgresMigrationAdapter(migrations.pool), dir);
  } finally {
    await migrations.end();
  }
}

describe("migrations on the PostgreSQL server", () => {
  it("when a migration has semicolons in a comment and in a string, then it applies whole", async () => {
    const db = await serverDatabase();
    try {
      const dir = migrationsDir("semicolons", {
        "20260101000000_notes": `-- A note; with a semicolon.
CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY, "text" TEXT NOT NULL);
INSERT INTO "Note" VALUES (1, 'first; second');
`,
      });
      expect(await migrate(db.url, dir)).toEqual(["20260101000000_notes"]);
      expect((await adminQuery(db.url, `SELECT "text" FROM "Note"`)).rows).toEqual([{ text: "first; second" }]);
    } finally {
      await db.destroy();
    }
  });

  it("when a migration fails halfway, then none of its statements stay applied", async () => {
    const db = await serverDatabase();
    try {
      const dir = migrationsDir("halfway", {
        "20260101000000_halfway": `CREATE TABLE "Kept" ("id" INTEGER PRIMARY KEY);
INSERT INTO "Nowhere" VALUES (1);
`,
      });
      await expect(migrate(db.url, dir)).rejects.toThrow(/Nowhere/);
      expect((await adminQuery(db.url, `SELECT to_regclass('"Kept"') AS t`)).rows).toEqual([{ t: null }]);
    } finally {
      await db.destroy();
    }
  });
});
