/**
 * Preloaded into the server under profile (`--import` this file): records every SQL statement PGlite runs —
 * when (CLOCK_MONOTONIC µs, like the CPU profile), how long PostgreSQL itself took (the synchronous protocol
 * call), the statement and the rows it returned — and writes them to $SCF_BENCH_DB_TRACE when the process exits.
 * The benchmark counts statements per HTTP request from it. Nothing of the server's is changed; PGlite's
 * prototype is wrapped from outside.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { isMainThread, threadId } from "node:worker_threads";

export type TraceRecord = [atUs: number, sql: string, rows: number, inTransaction: 0 | 1];

export interface DbTrace {
  statements: TraceRecord[];
  /** Every synchronous run of PostgreSQL (a protocol message batch): when it started and how long it took, µs. */
  postgres: [atUs: number, us: number][];
}

type Query = (sql: string, params?: unknown[], opts?: unknown) => Promise<{ rows: unknown[] }>;
type Exec = (sql: string, opts?: unknown) => Promise<{ rows: unknown[] }[]>;
interface Tx {
  query: Query;
  exec: Exec;
}

const out = process.env.SCF_BENCH_DB_TRACE;
if (out) {
  // The CommonJS build, the one the server's require() loads; an ESM import would patch another copy.
  const req = createRequire(path.join(__dirname, "../../package.json"));
  const { PGlite } = req("@electric-sql/pglite") as { PGlite: { prototype: Record<string, unknown> } };
  const records: TraceRecord[] = [];
  const postgres: [number, number][] = [];
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);

  const proto = PGlite.prototype;
  const rawSync = proto.execProtocolRawSync as (this: unknown, m: Uint8Array) => Uint8Array;
  proto.execProtocolRawSync = function (this: unknown, m: Uint8Array) {
    const t = nowUs();
    try {
      return rawSync.call(this, m);
    } finally {
      postgres.push([t, nowUs() - t]);
    }
  };
  const traced = <F extends Query | Exec>(fn: F, inTx: 0 | 1): F =>
    async function (this: unknown, sql: string, ...rest: unknown[]) {
      const at = nowUs();
      const r = (await (fn as (...a: unknown[]) => Promise<unknown>).call(this, sql, ...rest)) as { rows?: unknown[] } | { rows: unknown[] }[];
      const rows = Array.isArray(r) ? r.reduce((a, x) => a + x.rows.length, 0) : (r.rows?.length ?? 0);
      records.push([at, sql.replace(/\s+/g, " ").slice(0, 300), rows, inTx]);
      return r;
    } as F;
  proto.query = traced(proto.query as Query, 0);
  proto.exec = traced(proto.exec as Exec, 0);
  const transaction = proto.transaction as (this: unknown, cb: (tx: Tx) => Promise<unknown>) => Promise<unknown>;
  proto.transaction = function (this: unknown, cb: (tx: Tx) => Promise<unknown>) {
    records.push([nowUs(), "BEGIN (interactive transaction)", 0, 1]);
    return transaction.call(this, (tx: Tx) => {
      tx.query = traced(tx.query, 1);
      tx.exec = traced(tx.exec, 1);
      return cb(tx);
    });
  };
  // PGlite may run on a worker thread of its own (api/src/db/pglite-thread.ts), which loads this file too: each
  // thread writes its own file, and readDbTrace merges them.
  const file = isMainThread ? out : `${out}.thread-${threadId}`;
  process.on("exit", () => writeFileSync(file, JSON.stringify({ statements: records, postgres } satisfies DbTrace)));
}

/** The trace written at `file`, merged with those of the server's worker threads, in time order. */
export function readDbTrace(file: string): DbTrace {
  const dir = path.dirname(file);
  const files = [file, ...readdirSync(dir).filter((f) => f.startsWith(`${path.basename(file)}.thread-`)).map((f) => path.join(dir, f))].filter((f) => existsSync(f));
  const traces = files.map((f) => JSON.parse(readFileSync(f, "utf8")) as DbTrace);
  return {
    statements: traces.flatMap((t) => t.statements).sort((a, b) => a[0] - b[0]),
    postgres: traces.flatMap((t) => t.postgres).sort((a, b) => a[0] - b[0]),
  };
}
