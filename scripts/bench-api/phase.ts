/**
 * A measured phase: `concurrency` workers take operations from one shared count until `total` are done, each as
 * fast as it can (closed loop). Rates are successful ledger writes per second of wall time.
 */
import { percentile, round } from "../bench-stats";
import { cpuBetween, type CpuTimes } from "./cpu";

export interface OpResult {
  /** Ledger writes the operation made. */
  writes: number;
  /** Latency of each of those writes as its caller saw it, ms. */
  latencies: number[];
  /** HTTP requests the operation sent (writes and the reads and off-chain steps around them). */
  requests?: number;
  /** Financing: from sending the acceptance to the answer that the holder has been paid, ms. */
  acceptToCashMs?: number;
  /** Financing: the server's own figure, by block timestamps (whole seconds). */
  serverAcceptToCashS?: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PhaseResult {
  concurrency: number;
  operations: number;
  failed: number;
  errors: Record<string, number>;
  seconds: number;
  writes: number;
  writesPerSecond: number;
  requestsPerSecond: number | undefined;
  latencyMs: Percentiles;
  acceptToCashMs: Percentiles | undefined;
  serverAcceptToCashS: Percentiles | undefined;
  /** CPU of the process doing the ledger work (the server, or this process for the raw ledger), per write. */
  cpu: ReturnType<typeof cpuBetween>;
  /** This process's CPU (all threads) as a share of one CPU: the HTTP clients, or the whole raw ledger. */
  benchProcessCpuPct: number;
}

export const percentiles = (xs: number[]): Percentiles => ({
  p50: round(percentile(xs, 50)),
  p95: round(percentile(xs, 95)),
  p99: round(percentile(xs, 99)),
  max: round(percentile(xs, 100)),
});

const codeOf = (e: unknown): string => {
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return e instanceof Error ? e.message.slice(0, 80) : String(e);
};

export async function runPool(
  concurrency: number,
  total: number,
  op: (worker: number, index: number) => Promise<OpResult>,
  cpu: () => CpuTimes | undefined = () => undefined,
): Promise<PhaseResult> {
  let next = 0;
  let failed = 0;
  let writes = 0;
  // Per operation, like the latencies: only HTTP operations count their requests.
  const requests: number[] = [];
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const toCash: number[] = [];
  const serverToCash: number[] = [];
  const cpuBefore = cpu();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) {
        try {
          const r = await op(worker, i);
          writes += r.writes;
          latencies.push(...r.latencies);
          if (r.requests !== undefined) requests.push(r.requests);
          if (r.acceptToCashMs !== undefined) toCash.push(r.acceptToCashMs);
          if (r.serverAcceptToCashS !== undefined) serverToCash.push(r.serverAcceptToCashS);
        } catch (e) {
          failed += 1;
          const c = codeOf(e);
          errors[c] = (errors[c] ?? 0) + 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpu();
  const own = process.cpuUsage(ownBefore);
  return {
    concurrency,
    operations: total,
    failed,
    errors,
    seconds: round(seconds, 2),
    writes,
    writesPerSecond: round(writes / seconds),
    requestsPerSecond: requests.length ? round(requests.reduce((a, b) => a + b, 0) / seconds) : undefined,
    latencyMs: percentiles(latencies),
    acceptToCashMs: toCash.length ? percentiles(toCash) : undefined,
    serverAcceptToCashS: serverToCash.length ? percentiles(serverToCash) : undefined,
    cpu: cpuBetween(cpuBefore, cpuAfter, seconds * 1000, writes),
    benchProcessCpuPct: Math.round((own.user + own.system) / 10 / (seconds * 1000)),
  };
}
