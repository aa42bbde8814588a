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
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `scf_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const config: DatabaseConfig = { kind: "postgres", url: u.toString() };
    return {
      config,
      open: () => openDatabase(config),
      destroy: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  await ensureTemplate();
  const root = mkdtempSync(path.join(os.tmpdir(), "scf-db-"));
  const dataDir = path.join(root, "pglite");
  cpSync(TEMPLATE_DIR, dataDir, { recursive: true });
  const config: DatabaseConfig = { kind: "pglite", dataDir };
  return { config, open: () => openDatabase(config), destroy: () => rm(root, { recursive: true, force: true }) };
}

/**
 * A fresh database on the PostgreSQL server these machines run, reached through a TCP proxy that a test can
 * cut to simulate an outage.
 */
export async function serverDatabaseBehindProxy(): Promise<{ url: string; proxy: TcpProxy; destroy(): Promise<void> }> {
  const server = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const name = `scf_test_proxied_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const proxy = new TcpProxy(Number(new URL(server).port || 5432), new URL(server).hostname);
  await proxy.start();
  const url = new URL(server);
  url.port = String(proxy.port);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    proxy,
    destroy: async () => {
      await proxy.cut();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
