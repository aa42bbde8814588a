/**
 * PGlite on a worker thread of its own, behind the Prisma driver adapter's interface. In-process PGlite runs
 * PostgreSQL (wasm) and its wire protocol on the API's event loop: two thirds of the main thread's CPU per write
 * in bench:api's profile. Here the worker owns the database and runs the real adapter (pglite-worker.ts); this
 * side forwards each call and raises the same errors, so Prisma cannot tell the difference.
 *
 * Order is kept: the worker answers calls in the order PGlite serves them, and PGlite runs one statement (or one
 * transaction) at a time, as in-process.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from "@prisma/driver-adapter-utils";
import { PGlite } from "@electric-sql/pglite";
import { pgliteAdapter } from "./adapters";

type Call =
  | { op: "queryRaw"; query: SqlQuery; tx?: number }
  | { op: "executeRaw"; query: SqlQuery; tx?: number }
  | { op: "executeScript"; script: string }
  | { op: "startTransaction"; isolationLevel?: IsolationLevel }
  | { op: "commit"; tx: number }
  | { op: "rollback"; tx: number }
  | { op: "close" };

export type Request = Call & { id: number };
export interface Reply {
  id: number;
  value?: unknown;
  error?: { driver?: unknown; message: string; stack?: string };
}

const PROVIDER = "postgres";
const ADAPTER_NAME = "pglite-prisma-adapter";

/** Where the worker starts; the build copies it beside the compiled files. */
export const PGLITE_WORKER_ENTRY = path.join(__dirname, "pglite-worker-entry.cjs");

/** The worker's code: TypeScript under tsx (development, tests), the compiled file beside this one in the build. */
const workerFile = () => path.join(__dirname, __filename.endsWith(".ts") ? "pglite-worker.ts" : "pglite-worker.js");

export class PGliteThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private failed: Error | undefined;
  private exited = false;
  readonly ready: Promise<void>;

  constructor(dataDir: string) {
    this.worker = new Worker(PGLITE_WORKER_ENTRY, { workerData: { dataDir, entry: workerFile() } });
    let started!: { resolve: (v: unknown) => void; reject: (e: unknown) => void };
    this.ready = new Promise<unknown>((resolve, reject) => (started = { resolve, reject })).then(() => undefined);
    this.waiting.set(0, started);
    this.worker.on("message", (r: Reply) => {
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (r.error) w.reject(raised(r.error));
      else w.resolve(r.value);
    });
    const fail = (e: Error) => {
      this.failed ??= e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => {
      this.exited = true;
      fail(new Error(`The PGlite worker exited (code ${code})`));
    });
  }

  call<T>(c: Call): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...c, id } satisfies Request);
    });
  }

  /** Closes PGlite, then lets the thread end by itself (so that what it does at exit runs), or ends it. */
  async close(): Promise<void> {
    if (this.exited) return;
    const ended = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    if (!this.failed) await this.call({ op: "close" }).catch(() => undefined);
    const timer = setTimeout(() => void this.worker.terminate(), 10_000);
    await ended;
    clearTimeout(timer);
  }

  /** The adapter factory Prisma and the migrator use; the shadow database (migrations only) stays in-process. */
  adapter(): SqlMigrationAwareDriverAdapterFactory {
    return {
      provider: PROVIDER,
      adapterName: ADAPTER_NAME,
      connect: () => Promise.resolve(this.connection()),
      connectToShadowDb: async () => {
        const shadow = await PGlite.create();
        const adapter = await pgliteAdapter(shadow).connect();
        adapter.dispose = () => shadow.close();
        return adapter;
      },
    };
  }

  private connection(): SqlDriverAdapter {
    return {
      provider: PROVIDER,
      adapterName: ADAPTER_NAME,
      queryRaw: (query) => this.call<SqlResultSet>({ op: "queryRaw", query }),
      executeRaw: (query) => this.call<number>({ op: "executeRaw", query }),
      executeScript: async (script) => {
        await this.call({ op: "executeScript", script });
      },
      startTransaction: async (isolationLevel) => {
        const t = await this.call<{ id: number; options: TransactionOptions }>({ op: "startTransaction", isolationLevel });
        return this.transaction(t.id, t.options);
      },
      getConnectionInfo: () => ({ supportsRelationJoins: true }),
      dispose: () => Promise.resolve(),
    };
  }

  private transaction(tx: number, options: TransactionOptions): Transaction {
    return {
      provider: PROVIDER,
      adapterName: ADAPTER_NAME,
      options,
      queryRaw: (query) => this.call<SqlResultSet>({ op: "queryRaw", query, tx }),
      executeRaw: (query) => this.call<number>({ op: "executeRaw", query, tx }),
      commit: async () => {
        await this.call({ op: "commit", tx });
      },
      rollback: async () => {
        await this.call({ op: "rollback", tx });
      },
    };
  }
}

function raised(e: NonNullable<Reply["error"]>): Error {
  if (e.driver) return new DriverAdapterError(e.driver as ConstructorParameters<typeof DriverAdapterError>[0]);
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}
