/**
 * Offline Prisma migrations through @prisma/schema-engine-wasm.
 *
 * The Prisma CLI's `migrate` / `db push` / `migrate diff` commands need the
 * native schema-engine binary, which cannot be downloaded on these machines.
 * The same engine compiled to WebAssembly ships on npm and talks to the
 * database through a JS driver adapter (PrismaPg or PrismaPGlite), so we drive
 * it ourselves:
 *   - diffEmptyToSchema / diffMigrationsToSchema produce migration SQL;
 *   - applyMigrations applies prisma/migrations/* and records them in
 *     `_prisma_migrations`, exactly as `prisma migrate deploy` would.
 *
 * Nothing here keeps the process alive once it returns (see `pendingTimers`),
 * so it can run at server start, in vitest workers and in one-shot scripts.
 */
import { readdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
// The types of the JS glue loadGlue() imports: the package's entry point declares the same classes a second time,
// and an engine made by the glue's class is not, to the type checker, an instance of the entry point's.
import type {
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm/schema_engine_bg";

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
const LOCKFILE = "migration_lock.toml";

// ---------------------------------------------------------------------------
// Loading the wasm module
// ---------------------------------------------------------------------------

/**
 * Timers the engine asked for and that have not fired yet. The wasm module
 * imports `setTimeout` but never `clearTimeout`. applyMigrations() races its
 * `SELECT pg_advisory_lock(72707369)` against a 10 s timeout; when the lock
 * comes first the Rust future is dropped but the JS timer stays armed, and a
 * pending ref'ed timer keeps Node's event loop alive: the script "hangs" 10 s
 * after its last line (20+ s if a pg pool is also left open). We hand the
 * engine unref'ed timers (they still fire while the process is alive for other
 * reasons, e.g. a query waiting for the lock), and clear the leftovers once no
 * engine is in use.
 */
const pendingTimers = new Set<NodeJS.Timeout>();

let gluePromise: Promise<Glue> | undefined;

function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    // The package's entry point does `import * as wasm from "./x.wasm"`,
    // which Node refuses. Import the JS glue only and instantiate the wasm
    // file ourselves.
    const glue: Glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const req = createRequire(__filename); // tsx (CJS) and vitest both define __filename
    const wasmPath = path.join(
      path.dirname(req.resolve("@prisma/schema-engine-wasm")),
      "schema_engine_bg.wasm",
    );
    const bytes = await readFile(wasmPath);

    const imports: Record<string, unknown> = { ...glue };
    for (const name of Object.keys(glue)) {
      if (!name.startsWith("__wbg_setTimeout_")) continue;
      imports[name] = (cb: () => void, ms: number) => {
        const t = setTimeout(() => {
          pendingTimers.delete(t);
          cb();
        }, ms >>> 0);
        t.unref();
        pendingTimers.add(t);
        return t;
      };
    }

    // Rust panics report their message through this global before throwing.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message: string; set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      message: "",
      set_message(m: string) {
        this.message = `RuntimeError: ${m}`;
      },
    };

    // lib "ES2023" and @types/node have no WebAssembly typings.
    const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasmApi.instantiate(bytes, { "./schema_engine_bg.js": imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

/** Clears the engine's leftover timers; call when no engine is in use. */
function clearEngineTimers(): void {
  for (const t of pendingTimers) clearTimeout(t);
  pendingTimers.clear();
}

let enginesInUse = 0;

/**
 * Runs `fn` with a schema engine bound to `adapterFactory`, then frees the
 * engine and its timers. The factory's own connections (pg pool, PGlite) are
 * the caller's to close.
 */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaFiles: { path: string; content: string }[],
  fn: (engine: SchemaEngine) => Promise<T>,
  log: (line: string) => void = () => {
    // The engine's own log lines are dropped unless the caller asks for them.
  },
): Promise<T> {
  const glue = await loadGlue();
  // SchemaEngine.new() connects and runs a probe query. If that fails, the
  // wasm module throws from a queued microtask: an *uncaught exception* that
  // kills the process, while the promise from new() never settles. So check
  // the connection ourselves first, where a failure is an ordinary rejection.
  const probe = await adapterFactory.connect();
  try {
    await probe.queryRaw({ sql: "SELECT 1", args: [], argTypes: [] });
  } finally {
    await probe.dispose();
  }
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  enginesInUse++;
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: schemaFiles.map((f) => [f.path, f.content]) },
      log,
      bound,
    );
    return await fn(engine);
  } finally {
    engine?.free();
    if (--enginesInUse === 0) clearEngineTimers();
  }
}

// ---------------------------------------------------------------------------
// Reading prisma/ from disk
// ---------------------------------------------------------------------------

export async function readSchemaFiles(schemaPath: string) {
  return [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }];
}

/** Same shape as the Prisma CLI builds from a migrations directory. */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockContent = existsSync(path.join(baseDir, LOCKFILE))
    ? await readFile(path.join(baseDir, LOCKFILE), "utf8")
    : null;
  const entries = existsSync(baseDir) ? await readdir(baseDir, { withFileTypes: true }) : [];
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (name) => {
      const file = path.join(baseDir, name, "migration.sql");
      const content = await readFile(file, "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (err: unknown) => ({ tag: "error" as const, value: err instanceof Error ? err.message : String(err) }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

// ---------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------

/**
 * A driver adapter with no database behind it, for diffs between schemas
 * (no `url`/`migrations` side). SchemaEngine.new() always connects and runs
 * one probe query (schema exists? version()? server_version_num); we answer
 * it as a PostgreSQL 15 server would and refuse anything else. (The mock
 * factory in driver-adapter-utils rejects the probe, and a rejected probe is
 * thrown as an *uncaught* exception from inside the wasm module.)
 */
export function offlinePostgresAdapterFactory(): SqlMigrationAwareDriverAdapterFactory {
  const refuse = (what: string) => () =>
    Promise.reject(new Error(`offline schema engine adapter: ${what} needs a database`));
  const adapter: SqlDriverAdapter = {
    provider: "postgres",
    adapterName: "offline-postgres",
    async queryRaw(query) {
      if (query.sql === "SELECT 1") {
        return { columnNames: ["?column?"], columnTypes: [ColumnTypeEnum.Int32], rows: [[1]] };
      }
      if (!query.sql.includes("current_setting('server_version_num')")) {
        return refuse(`query ${query.sql.slice(0, 80)}`)();
      }
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 15.0 (offline)", 150000]],
      };
    },
    executeRaw: refuse("executeRaw"),
    executeScript: refuse("executeScript"),
    startTransaction: refuse("startTransaction"),
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: () => Promise.resolve(),
  };
  return {
    provider: "postgres",
    adapterName: "offline-postgres",
    connect: () => Promise.resolve(adapter),
    connectToShadowDb: refuse("a shadow database"),
  };
}

/** SQL that creates the whole schema in an empty database. No DB needed. */
export async function diffEmptyToSchema(schemaPath: string): Promise<string> {
  const files = await readSchemaFiles(schemaPath);
  return withSchemaEngine(offlinePostgresAdapterFactory(), files, async (engine) => {
    const res = await engine.diff({
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return res.stdout ?? "";
  });
}

/**
 * SQL that brings a database holding every migration in `migrationsDir` to
 * `schemaPath`. The engine replays the migrations into the shadow database
 * from `shadow.connectToShadowDb()` and introspects it to learn the starting
 * state. Use a throw-away PGlite (src/db/shadow.ts), never PrismaPg: with
 * adapter-pg 7.10.1 the introspection fails ("Column type 'char' could not be
 * deserialized": it rejects pg_catalog's "char" columns), and before that its
 * connectToShadowDb() replays the migrations into the MAIN database (it
 * spreads `database` over a config whose connectionString wins).
 */
export async function diffMigrationsToSchema(opts: {
  shadow: SqlMigrationAwareDriverAdapterFactory;
  migrationsDir: string;
  schemaPath: string;
}): Promise<string> {
  const files = await readSchemaFiles(opts.schemaPath);
  const migrations = await readMigrationList(opts.migrationsDir);
  return withSchemaEngine(opts.shadow, files, async (engine) => {
    const res = await engine.diff({
      from: { tag: "migrations", ...migrations },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return res.stdout ?? "";
  });
}

/**
 * `prisma migrate deploy`: applies the migrations of `migrationsDir` that the
 * database has not recorded yet, and returns their names.
 */
export async function applyMigrations(
  target: SqlMigrationAwareDriverAdapterFactory,
  migrationsDir: string,
): Promise<string[]> {
  const migrationsList = await readMigrationList(migrationsDir);
  // The engine refuses to start without a schema file (a Rust panic, thrown
  // as "RuntimeError: unreachable"); applying only needs the provider.
  const files = [{ path: "schema.prisma", content: 'datasource db {\n  provider = "postgresql"\n}\n' }];
  return withSchemaEngine(target, files, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return out.appliedMigrationNames;
  });
}

/** The content Prisma writes to migration_lock.toml. */
export function lockfileContent(provider = "postgresql"): string {
  return (
    "# Please do not edit this file manually\n" +
    "# It should be added in your version-control system (e.g., Git)\n" +
    `provider = "${provider}"\n`
  );
}
