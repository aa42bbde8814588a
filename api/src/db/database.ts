/**
 * The store: PostgreSQL through Prisma. Embedded PGlite in the data directory by default; a PostgreSQL server
 * when DATABASE_URL is set. Committed migrations are applied on open, offline.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { SOLE_LEADER, type Leadership } from "../jobs/leadership";
import { AdvisoryLeadership } from "./advisory-leadership";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { pgliteAdapter, postgresMigrationAdapter } from "./adapters";
import { applyMigrations } from "./migrator";
import { lockDataDir } from "./pglite-lock";
import { openPostgresPool } from "./postgres-pool";
import { PGliteThread } from "./pglite-thread";
import { guardDatabase } from "./unavailable";
import { StartupError } from "../startup-error";

export const SCHEMA_FILE = path.resolve(__dirname, "../../prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve(__dirname, "../../prisma/migrations");

export type Prisma = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Migrations applied by this open. */
  applied: string[];
  /**
   * Who leads the background jobs among the processes on this database: advisory locks on a session of its own
   * on a server; this process alone on PGlite. Each call is a new contender; close it before the database.
   */
  leadership(): Leadership;
  close(): Promise<void>;
}

/** `thread`: PGlite on a worker thread of its own (pglite-thread.ts), off the API's event loop. */
export type DatabaseConfig = { kind: "pglite"; dataDir: string; thread?: boolean } | { kind: "postgres"; url: string; poolSize?: number };

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return guardDatabase(() =>
    config.kind === "pglite" ? openPGlite(config.dataDir, config.thread ? onItsOwnThread : inThisThread) : openPostgres(config.url, config.poolSize),
  );
}

/** PGlite is one session: a transaction that waits for another must wait longer than Prisma's default 2 s. */
const PGLITE_TRANSACTIONS = { maxWait: 30_000, timeout: 60_000 };

/** PGlite in this thread or on a worker thread of its own: the adapter Prisma talks to, and how it is shut. */
interface PGliteEngine {
  adapter: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

async function inThisThread(dataDir: string): Promise<PGliteEngine> {
  const pglite = await PGlite.create({ dataDir });
  return { adapter: pgliteAdapter(pglite), close: () => pglite.close() };
}

async function onItsOwnThread(dataDir: string): Promise<PGliteEngine> {
  const thread = new PGliteThread(dataDir);
  try {
    await thread.ready;
  } catch (e) {
    await thread.close().catch(() => undefined);
    throw e;
  }
  return { adapter: thread.adapter(), close: () => thread.close() };
}

async function openPGlite(dataDir: string, start: (dataDir: string) => Promise<PGliteEngine>): Promise<Database> {
  // PGlite creates its directory but not the parents, and takes no lock of its own: two processes on one
  // directory silently lose each other's writes.
  mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const unlock = lockDataDir(dataDir);
  let engine: PGliteEngine | undefined;
  try {
    engine = await start(dataDir);
    const applied = await applyMigrations(engine.adapter, MIGRATIONS_DIR);
    const prisma = new PrismaClient({ adapter: engine.adapter, transactionOptions: PGLITE_TRANSACTIONS });
    const opened = engine;
    return {
      prisma,
      kind: "pglite",
      applied,
      // The data directory's lock already keeps every other process out.
      leadership: () => SOLE_LEADER,
      async close() {
        await prisma.$disconnect();
        await opened.close();
        unlock();
      },
    };
  } catch (e) {
    await engine?.close().catch(() => undefined);
    unlock();
    throw e;
  }
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  // Migrations on a pool of their own, ended at once: the schema engine's advisory lock is session-level and
  // never released, and would otherwise stay with an idle connection of the application's pool.
  const migrations = openPostgresPool(url, 1);
  let applied: string[];
  try {
    applied = await applyMigrations(postgresMigrationAdapter(migrations.pool), MIGRATIONS_DIR);
  } catch (e) {
    throw missingDatabase(e, url) ?? e;
  } finally {
    await migrations.end();
  }
  const pool = openPostgresPool(url, poolSize);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool.pool) });
  return {
    prisma,
    kind: "postgres",
    applied,
    leadership: () => new AdvisoryLeadership(url),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Answers when the database does; DatabaseUnavailableError when it does not. */
export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await guardDatabase(() => prisma.$queryRawUnsafe("SELECT 1"));
}

/**
 * The first thing a newcomer with a fresh server meets: DATABASE_URL names a database nobody created. Says which
 * and how to create it, in one line; the URL's password is never repeated.
 */
function missingDatabase(e: unknown, url: string): StartupError | undefined {
  const cause = (e as { cause?: { originalCode?: unknown } } | undefined)?.cause;
  if (cause?.originalCode !== "3D000") return undefined;
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  const server = `${u.hostname}:${u.port || "5432"}`;
  const createdb = ["createdb", "-h", u.hostname, "-p", u.port || "5432", ...(u.username ? ["-U", decodeURIComponent(u.username)] : []), name];
  return new StartupError(`database "${name}" does not exist on ${server}: create it with \`${createdb.join(" ")}\`, or point DATABASE_URL at one that does`, {
    cause: e,
  });
}
