/**
 * The worker thread that owns PGlite (see pglite-thread.ts): it opens the data directory and answers the Prisma
 * driver adapter's calls, run here on the real adapter, so that PostgreSQL's work (the wasm, the wire protocol,
 * the row parsing) leaves the API's event loop. Only plain data crosses: queries in, result sets out.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";
import { pgliteAdapter } from "./adapters";
import type { Reply, Request } from "./pglite-thread";

if (!parentPort) throw new Error("pglite-worker runs as a worker thread");
const port: MessagePort = parentPort;

async function serve(dataDir: string): Promise<void> {
  const pglite = await PGlite.create({ dataDir });
  const adapter: SqlDriverAdapter = await pgliteAdapter(pglite).connect();
  const txs = new Map<number, Transaction>();
  let nextTx = 1;
  const tx = (id: number): Transaction => {
    const t = txs.get(id);
    if (!t) throw new Error(`No transaction ${id} is open`);
    return t;
  };
  const run = async (r: Request): Promise<unknown> => {
    switch (r.op) {
      case "queryRaw":
        return (r.tx ? tx(r.tx) : adapter).queryRaw(r.query);
      case "executeRaw":
        return (r.tx ? tx(r.tx) : adapter).executeRaw(r.query);
      case "executeScript":
        return adapter.executeScript(r.script);
      case "startTransaction": {
        const t = await adapter.startTransaction(r.isolationLevel);
        const id = nextTx++;
        txs.set(id, t);
        return { id, options: t.options };
      }
      case "commit":
      case "rollback": {
        const t = tx(r.tx);
        txs.delete(r.tx);
        return r.op === "commit" ? t.commit() : t.rollback();
      }
      case "close":
        await pglite.close();
        return undefined;
    }
  };
  port.on("message", (r: Request) => {
    run(r).then(
      (value) => {
        port.postMessage({ id: r.id, value } satisfies Reply);
        // Nothing more to serve: the thread ends once the port is closed.
        if (r.op === "close") port.close();
      },
      (e: unknown) => port.postMessage({ id: r.id, error: errorOf(e) } satisfies Reply),
    );
  });
  port.postMessage({ id: 0, value: "ready" } satisfies Reply);
}

/** What the main thread needs to raise the same error: a driver error's cause (kind, PostgreSQL's code…), or the message. */
function errorOf(e: unknown): Reply["error"] {
  const o = (e ?? {}) as { name?: string; message?: string; cause?: unknown; stack?: string };
  if (o.name === "DriverAdapterError") return { driver: o.cause, message: String(o.message) };
  return { message: String(o.message ?? e), stack: o.stack };
}

serve((workerData as { dataDir: string }).dataDir).catch((e: unknown) => port.postMessage({ id: 0, error: errorOf(e) } satisfies Reply));
