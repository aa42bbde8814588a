/**
 * npm run db:migration:new -- <name> [--allow-empty]
 * Writes the SQL that takes the committed migrations to api/prisma/schema.prisma as a new migration folder.
 * The first migration is diffed from an empty database; later ones from the migrations replayed into a
 * throw-away in-memory PGlite, so that they are incremental. Works offline.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffEmptyToSchema, diffMigrationsToSchema, lockfileContent, readMigrationList } from "../api/src/db/migrator";
import { withPGliteShadow } from "../api/src/db/shadow";
import { MIGRATIONS_DIR, SCHEMA_FILE } from "../api/src/db/database";

const stamp = (d = new Date()): string => d.toISOString().replace(/[-:T]/g, "").slice(0, 14);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const allowEmpty = args.includes("--allow-empty");
  const name = args.find((a) => !a.startsWith("--"));
  if (!name || !/^[a-z0-9_]+$/i.test(name)) throw new Error("usage: npm run db:migration:new -- <name> [--allow-empty]");
  const existing = await readMigrationList(MIGRATIONS_DIR);
  const sql =
    existing.migrationDirectories.length === 0
      ? await diffEmptyToSchema(SCHEMA_FILE)
      : await withPGliteShadow((shadow) => diffMigrationsToSchema({ shadow, migrationsDir: MIGRATIONS_DIR, schemaPath: SCHEMA_FILE }));
  const empty = sql.replace(/--.*$/gm, "").trim() === "";
  if (empty && !allowEmpty) {
    console.log("No schema changes since the last migration; nothing written.");
    return;
  }
  const dir = path.join(MIGRATIONS_DIR, `${stamp()}_${name}`);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), empty ? "-- An empty migration.\n" : sql);
  await writeFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), lockfileContent("postgresql"));
  console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
