/**
 * A real PostgreSQL for each test file: a copy of a migrated PGlite template by default, or a fresh database
 * on the server named by DATABASE_URL (CI sets it). Never a mock.
 */
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { pgliteAdapter } from "../../api/src/db/adapters";
import { MIGRATIONS_DIR, openDatabase, type Database, type DatabaseConfig } from "../../api/src/db/database";
import { applyMigrations, readMigrationList } from "../../api/src/db/migrator";
import { ignore } from "./quiet";
import { TcpProxy } from "./tcp-proxy";

export const TEMPLATE_DIR = path.resolve(__dirname, "../../cache/pglite-template");
const STAMP = `${TEMPLATE_DIR}.sha256`;

async function migrationsHash(): Promise<string> {
  const h = createHash("sha256");
  for (const m of (await readMigrationList(MIGRATIONS_DIR)).migrationDirectories) {
    h.update(m.path).update(JSON.stringify(m.migrationFile.content));
  }
  return h.digest("hex");
}

/** Builds the migrated PGlite template once (initdb takes seconds; a copy takes a fraction of one). */
export async function ensureTemplate(): Promise<void> {
  const hash = await migrationsHash();
  if (existsSync(TEMPLATE_DIR) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) return;
  rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  mkdirSync(path.dirname(TEMPLATE_DIR), { recursive: true });
  const db = await PGlite.create({ dataDir: TEMPLATE_DIR });
  await applyMigrations(pgliteAdapter(db), MIGRATIONS_DIR);
  await db.close();
  writeFileSync(STAMP, hash);
}

export interface TestDatabase {
  config: DatabaseConfig;
  open(): Promise<Database>;
  /** Removes the database for good. */
  destroy(): Promise<void>;
}

/** A new, empty, migrated database for one test file. */
export async function testDatabase(): Promise<TestDatabase> {
  if (process.env.DATABASE_URL) {
    const served = await serverDatabase(process.env.DATABASE_URL);
    const config: DatabaseConfig = { kind: "postgres", url: served.url };
    return { config, open: () => openDatabase(config), destroy: () => served.destroy() };
  }
  await ensureTemplate();
  const root = mkdtempSync(path.join(os.tmpdir(), "scf-db-"));
  const dataDir = path.join(root, "pglite");
  cpSync(TEMPLATE_DIR, dataDir, { recursive: true });
  const config: DatabaseConfig = { kind: "pglite", dataDir, thread: true };
  return { config, open: () => openDatabase(config), destroy: () => rm(root, { recursive: true, force: true }) };
}

/** The PostgreSQL server these machines run, unless DATABASE_URL names another. */
export const SERVER_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** Runs one statement on a connection of its own to `url`. */
export async function adminQuery(url: string, sql: string, values?: unknown[]): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  // Without a listener, an error the server sends on this connection outside a query would be an uncaught exception.
  c.on("error", ignore);
  await c.connect();
  try {
    return await c.query(sql, values);
  } finally {
    await c.end();
  }
}

export interface ServerDatabase {
  name: string;
  /** The new database's URL. */
  url: string;
  /** Drops the database; close every pool on it first. */
  destroy(): Promise<void>;
}

/** A fresh, empty database on the PostgreSQL server at `server`, named so that parallel test files never share one. */
export async function serverDatabase(server = SERVER_URL): Promise<ServerDatabase> {
  const name = `scf_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(server, `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE ends any session still open, such as one a failed test left behind.
    destroy: async () => {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * A fresh database on the PostgreSQL server, reached through a TCP proxy that a test can cut to simulate an
 * outage.
 */
export async function serverDatabaseBehindProxy(): Promise<{ url: string; proxy: TcpProxy; destroy(): Promise<void> }> {
  const served = await serverDatabase();
  const target = new URL(served.url);
  const proxy = new TcpProxy(Number(target.port || 5432), target.hostname);
  await proxy.start();
  const url = new URL(served.url);
  url.port = String(proxy.port);
  return {
    url: url.toString(),
    proxy,
    destroy: async () => {
      await proxy.cut();
      await served.destroy();
    },
  };
}
