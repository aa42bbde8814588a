/**
 * Preloaded into the server under profile (`--import` this file, with $SCF_BENCH_STAGE_TRACE set): times the
 * stages a ledger-writing request goes through — authentication, Idempotency-Key, the service, the signing
 * and submission of the transaction, mining, waiting for the indexer, the audit-log append — by wrapping the
 * classes' prototype methods from outside, and writes every call's start and duration when the process exits.
 * Where a stage waits its turn (the audit log's queue, the indexer's catch-up), the outer and inner methods are
 * both timed, so that waiting and working can be told apart.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";

export type StageTrace = Record<string, [atUs: number, us: number][]>;

/** The event loop's delay over each 250 ms: [when, mean µs] and [when, p99 µs]. */
export const LOOP_MEAN = "(event loop delay, mean)";
export const LOOP_P99 = "(event loop delay, p99)";

/**
 * module (from the repository root) → class → methods to time, each as "Class.method" in the trace, or as
 * "Class.method <first argument>" when written "method(arg)". A method the code no longer has is skipped with a
 * warning, so that the benchmark outlives a refactoring.
 */
export const STAGES: Record<string, Record<string, string[]>> = {
  "api/src/auth/auth.service.ts": { AuthService: ["actorOf"] },
  "api/src/http/idempotency.repository.ts": { IdempotencyRepository: ["begin", "complete"] },
  "api/src/audit/audit-log.repository.ts": { AuditLogRepository: ["append", "appendOnce", "write"] },
  "api/src/indexer/indexer.ts": { Indexer: ["waitFor", "catchUpOnce"] },
  "api/src/indexer/indexer.repository.ts": { PrismaIndexerStore: ["checkpoint", "commit"] },
  "api/src/vouchers/voucher.service.ts": { VoucherService: ["transfer"] },
  "api/src/invoices/invoice.service.ts": { InvoiceService: ["keysFor"] },
  "api/src/financing/financing.service.ts": { FinancingService: ["open", "quote", "accept", "acceptedFor", "timing"] },
  "api/src/financing/financing-approval.ts": { FinancingApproval: ["propose", "execute"] },
  "api/src/approvals/dual-control.ts": { DualControl: ["approve", "propose"] },
  "chain/evm/submitter.ts": { Submitter: ["submit", "estimate", "call", "nextNonce"] },
  "chain/embedded/embedded-chain.ts": { EmbeddedChain: ["broadcast", "awaitReceipt", "mineOne"] },
  // Every round trip to the in-process EVM (Hardhat's EDR), by JSON-RPC method.
  "chain/evm/rpc.ts": { Eip1193Rpc: ["request(method)"] },
};

const out = process.env.SCF_BENCH_STAGE_TRACE;
if (out) {
  const root = path.join(__dirname, "../..");
  const req = createRequire(path.join(root, "package.json"));
  const trace: StageTrace = {};
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  for (const [file, classes] of Object.entries(STAGES)) {
    // The server requires these same files, so it gets the classes patched here.
    const mod = req(path.join(root, file)) as Record<string, { prototype: Record<string, unknown> } | undefined>;
    for (const [cls, methods] of Object.entries(classes)) {
      const proto = mod[cls]?.prototype;
      if (!proto) {
        console.warn(`[bench stage-trace] no class ${cls} in ${file}; not timed`);
        continue;
      }
      for (const spec of methods) {
        const m = spec.replace(/\(.*\)$/, "");
        const byArg = spec !== m;
        const fn = proto[m];
        if (typeof fn !== "function") {
          console.warn(`[bench stage-trace] ${cls}.${m} is gone from ${file}; not timed`);
          continue;
        }
        const callsOf = (key: string) => (trace[key] ??= []);
        proto[m] = function (this: unknown, ...args: unknown[]) {
          const calls = callsOf(byArg ? `${cls}.${m} ${String(args[0])}` : `${cls}.${m}`);
          const at = nowUs();
          const done = () => calls.push([at, nowUs() - at]);
          const r = (fn as (...a: unknown[]) => unknown).apply(this, args);
          if (r instanceof Promise) return r.finally(done);
          done();
          return r;
        };
      }
    }
  }
  // Every await in the server (a chain round trip, a query) waits behind whatever holds the one thread.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const means: [number, number][] = (trace[LOOP_MEAN] = []);
  const p99s: [number, number][] = (trace[LOOP_P99] = []);
  setInterval(() => {
    means.push([nowUs(), Math.round(loop.mean / 1000)]);
    p99s.push([nowUs(), Math.round(loop.percentile(99) / 1000)]);
    loop.reset();
  }, 250).unref();
  process.on("exit", () => writeFileSync(out, JSON.stringify(trace)));
}
