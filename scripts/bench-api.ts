/**
 * npm run bench:api — the platform end to end on the embedded default (embedded chain, PGlite, a temporary data
 * directory): the real server in its own process, concurrent HTTP clients doing voucher transfers and whole
 * financings, and in the same run the same writes straight through the ledger port on a fresh embedded chain.
 * Prints a table and writes bench/api.json: writes per second, latency percentiles, acceptance-to-cash time, and
 * the end-to-end rate against the raw ledger's. Medians over BENCH_RUNS runs.
 *
 *   BENCH_RUNS=3  BENCH_CONCURRENCY=8,16,32  BENCH_OPS=300 (transfers per run and concurrency)
 *   BENCH_FINANCINGS=60 (whole financings per run and concurrency, two ledger writes each)
 *   BENCH_NEW_SUPPLIERS=4 (holders beyond the four seeded tiers)  BENCH_WARMUP=100
 *   BENCH_INVOICES=1 (every transfer cites a confirmed invoice; 0 sets the program's invoicesRequired off)
 *   BENCH_PROFILE=1 (0 skips it): afterwards restarts the server on the same data under --cpu-prof, with every
 *   SQL statement and the stages of each request timed, repeats the phases at the best concurrency (and
 *   transfers one at a time), and adds where the time went to the output.
 *   BENCH_KEEP=1 keeps the temporary directory (server log, profile, traces).
 *   BENCH_DATABASE_URL=postgresql://… runs the server on a fresh database there instead of PGlite and writes
 *   bench/api.postgres.json (BENCH_OUT names another file).
 *   BENCH_READS=1 (0 skips it): the read phase of scripts/bench-api/reads.ts (its own server and data directory,
 *   on PGlite), also run alone by `npm run bench:reads`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_PASSWORD } from "../seeds/load";
import { median, round } from "./bench-stats";
import { httpFinancings, httpTransfers, signIn } from "./bench-api/http-load";
import { setUp, type HttpWorld } from "./bench-api/http-setup";
import type { PhaseResult } from "./bench-api/phase";
import { dbSummary, type DbSummary } from "./bench-api/db-summary";
import { families, serverProfile, summarise, type ProfileSummary, type ProfileWindow } from "./bench-api/profile";
import { closeRawWorld, rawFinancings, rawTransfers, rawWorld } from "./bench-api/raw";
import { freshDatabase } from "./bench-api/postgres";
import { startServer } from "./bench-api/server";
import { stageSummary, type StageSummary } from "./bench-api/stage-summary";
import { PlatformClient } from "./demo/client";
import { printReads, readPhase, readsConfig } from "./bench-api/reads";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONFIG = {
  runs: env("BENCH_RUNS", 3),
  concurrency: (process.env.BENCH_CONCURRENCY ?? "8,16,32").split(",").map(Number),
  transfersPerRun: env("BENCH_OPS", 300),
  financingsPerRun: env("BENCH_FINANCINGS", 60),
  newSuppliers: env("BENCH_NEW_SUPPLIERS", 4),
  warmup: env("BENCH_WARMUP", 100),
  financingsOneAtATime: env("BENCH_SERIAL_FINANCINGS", 10),
  invoicesRequired: process.env.BENCH_INVOICES !== "0",
  transferYuan: "100.00",
  financingYuan: "1000.00",
  voucherYuan: "10000000.00",
};
const PROFILE = process.env.BENCH_PROFILE !== "0";
const DB_SERVER = process.env.BENCH_DATABASE_URL || undefined;
const OUT = process.env.BENCH_OUT ?? (DB_SERVER ? "bench/api.postgres.json" : "bench/api.json");
const fenOf = (yuan: string) => BigInt(yuan.replace(".", ""));
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const say = (line: string) => console.log(`[bench:api] ${line}`);

/** financing1: financings one at a time, for acceptance to cash on an otherwise idle platform. */
type Kind = "transfers" | "financing" | "financing1";
type Side = "e2e" | "raw";
/** results[side][kind][concurrency] = one PhaseResult per run */
const results: Record<Side, Record<Kind, Map<number, PhaseResult[]>>> = {
  e2e: { transfers: new Map(), financing: new Map(), financing1: new Map() },
  raw: { transfers: new Map(), financing: new Map(), financing1: new Map() },
};
function keep(side: Side, kind: Kind, r: PhaseResult): void {
  const m = results[side][kind];
  m.set(r.concurrency, [...(m.get(r.concurrency) ?? []), r]);
  const extra = r.acceptToCashMs ? `, accept→cash p50 ${r.acceptToCashMs.p50} ms p95 ${r.acceptToCashMs.p95} ms` : "";
  const cpu = r.cpu
    ? `, CPU/write main thread ${r.cpu.mainThreadMsPerWrite} ms (busy ${r.cpu.mainThreadBusyPct}%), other threads ${r.cpu.otherThreadsMsPerWrite} ms (${r.cpu.otherThreadsBusyPct}% of a CPU); bench process ${r.benchProcessCpuPct}% of a CPU`
    : "";
  const failed = r.failed ? `, ${r.failed} FAILED ${JSON.stringify(r.errors)}` : "";
  say(`  ${side} ${kind} c=${r.concurrency}: ${r.writesPerSecond} writes/s, p50 ${r.latencyMs.p50} ms p95 ${r.latencyMs.p95} ms${extra}${cpu}${failed}`);
}

async function rawPhases(): Promise<void> {
  for (let run = 1; run <= CONFIG.runs; run += 1) {
    say(`raw ledger, run ${run}/${CONFIG.runs}: a fresh embedded chain`);
    const w = await rawWorld({ suppliers: 4 + CONFIG.newSuppliers, invoicesRequired: CONFIG.invoicesRequired, voucherFen: fenOf(CONFIG.voucherYuan) });
    await rawTransfers(w, 8, CONFIG.warmup, fenOf(CONFIG.transferYuan));
    for (const c of CONFIG.concurrency) {
      keep("raw", "transfers", await rawTransfers(w, c, CONFIG.transfersPerRun, fenOf(CONFIG.transferYuan)));
      keep("raw", "financing", await rawFinancings(w, c, CONFIG.financingsPerRun, fenOf(CONFIG.financingYuan)));
    }
    keep("raw", "financing1", await rawFinancings(w, 1, CONFIG.financingsOneAtATime, fenOf(CONFIG.financingYuan)));
    await closeRawWorld(w);
  }
}

/** The same users on another client (a restarted server listens on another port). */
function rebind(w: HttpWorld, client: PlatformClient): HttpWorld {
  return {
    ...w,
    holders: w.holders.map((h) => ({ ...h, user: client.as(h.user.email) })),
    banks: w.banks.map((b) => ({ ...b, maker: client.as(b.maker.email), checker: client.as(b.checker.email) })),
  };
}

type ServerDatabase = { url: string; masterKey: string } | undefined;

async function httpPhases(dataDir: string, logFile: string, database: ServerDatabase): Promise<{ world: HttpWorld; setupSeconds: number; startSeconds: number }> {
  const t0 = performance.now();
  const server = await startServer({ dataDir, logFile, database });
  const startSeconds = (performance.now() - t0) / 1000;
  say(`server ready in ${startSeconds.toFixed(1)} s at ${server.baseUrl} (log: ${logFile})`);
  try {
    const client = new PlatformClient({ baseUrl: server.baseUrl, password: DEMO_PASSWORD });
    const t1 = performance.now();
    const world = await setUp(client, { newSuppliers: CONFIG.newSuppliers, invoicesRequired: CONFIG.invoicesRequired, voucherYuan: CONFIG.voucherYuan, log: (l) => say(`  ${l}`) });
    const setupSeconds = (performance.now() - t1) / 1000;
    say(`set up through HTTP in ${setupSeconds.toFixed(1)} s`);
    await signIn(world);
    await httpTransfers(world, 8, CONFIG.warmup, CONFIG.transferYuan);
    await httpFinancings(world, 8, Math.ceil(CONFIG.warmup / 10), CONFIG.financingYuan);
    for (let run = 1; run <= CONFIG.runs; run += 1) {
      say(`HTTP, run ${run}/${CONFIG.runs}`);
      for (const c of CONFIG.concurrency) {
        keep("e2e", "transfers", await httpTransfers(world, c, CONFIG.transfersPerRun, CONFIG.transferYuan, server.cpu));
        keep("e2e", "financing", await httpFinancings(world, c, CONFIG.financingsPerRun, CONFIG.financingYuan, server.cpu));
      }
      keep("e2e", "financing1", await httpFinancings(world, 1, CONFIG.financingsOneAtATime, CONFIG.financingYuan, server.cpu));
    }
    return { world, setupSeconds: round(setupSeconds), startSeconds: round(startSeconds) };
  } catch (e) {
    console.error(server.tail());
    throw e;
  } finally {
    await server.stop();
  }
}

interface Profiled {
  cpu: ProfileSummary[];
  db: DbSummary[];
  stages: StageSummary[];
}

/**
 * The same data directory again, under the profiler and with every SQL statement traced; only the load's
 * windows are summarised, not the restart.
 */
async function profiledPhases(
  dataDir: string,
  logFile: string,
  world: HttpWorld,
  concurrency: number,
  workDir: string,
  database: ServerDatabase,
): Promise<Profiled> {
  const profileDir = path.join(workDir, "cpu-profile");
  const dbTraceFile = path.join(workDir, "db-trace.json");
  const stageTraceFile = path.join(workDir, "stage-trace.json");
  mkdirSync(profileDir, { recursive: true });
  // The SQL tracer wraps PGlite; on a PostgreSQL server the statements are not traced.
  const server = await startServer({ dataDir, logFile, cpuProfileDir: profileDir, dbTraceFile: database ? undefined : dbTraceFile, stageTraceFile, database });
  const windows: (ProfileWindow & { operations: number })[] = [];
  try {
    const w = rebind(world, new PlatformClient({ baseUrl: server.baseUrl, password: DEMO_PASSWORD }));
    await signIn(w);
    await httpTransfers(w, concurrency, CONFIG.warmup, CONFIG.transferYuan);
    // One at a time first: each stage's own time, with no queueing behind other requests.
    const serialOps = Math.min(60, CONFIG.transfersPerRun);
    let from = nowUs();
    const one = await httpTransfers(w, 1, serialOps, CONFIG.transferYuan, server.cpu);
    windows.push({ label: `transfers one at a time, ${one.writesPerSecond} writes/s, main thread ${one.cpu?.mainThreadMsPerWrite} ms CPU per write`, fromUs: from, toUs: nowUs(), operations: serialOps - one.failed });
    from = nowUs();
    const t = await httpTransfers(w, concurrency, CONFIG.transfersPerRun, CONFIG.transferYuan, server.cpu);
    windows.push({ label: `transfers, c=${concurrency}, ${t.writesPerSecond} writes/s under the profiler, main thread ${t.cpu?.mainThreadMsPerWrite} ms CPU per write`, fromUs: from, toUs: nowUs(), operations: CONFIG.transfersPerRun - t.failed });
    from = nowUs();
    const f = await httpFinancings(w, concurrency, CONFIG.financingsPerRun, CONFIG.financingYuan, server.cpu);
    windows.push({ label: `financing, c=${concurrency}, ${f.writesPerSecond} writes/s under the profiler, main thread ${f.cpu?.mainThreadMsPerWrite} ms CPU per write`, fromUs: from, toUs: nowUs(), operations: CONFIG.financingsPerRun - f.failed });
  } finally {
    await server.stop();
  }
  return { cpu: summarise(serverProfile(profileDir), windows), db: database ? [] : dbSummary(dbTraceFile, windows), stages: stageSummary(stageTraceFile, windows) };
}

const med = (xs: number[]) => round(median(xs));
function summaryOf(runs: PhaseResult[]) {
  const pick = (f: (r: PhaseResult) => number | undefined) => {
    const xs = runs.map(f).filter((x): x is number => x !== undefined);
    return xs.length ? med(xs) : null;
  };
  return {
    writesPerSecond: pick((r) => r.writesPerSecond),
    writesPerSecondByRun: runs.map((r) => r.writesPerSecond),
    requestsPerSecond: pick((r) => r.requestsPerSecond),
    latencyMs: { p50: pick((r) => r.latencyMs.p50), p95: pick((r) => r.latencyMs.p95), p99: pick((r) => r.latencyMs.p99), max: pick((r) => r.latencyMs.max) },
    acceptToCashMs: runs[0]?.acceptToCashMs
      ? { p50: pick((r) => r.acceptToCashMs?.p50), p95: pick((r) => r.acceptToCashMs?.p95), p99: pick((r) => r.acceptToCashMs?.p99), max: pick((r) => r.acceptToCashMs?.max) }
      : undefined,
    serverAcceptanceToCashSeconds: runs[0]?.serverAcceptToCashS ? { p50: pick((r) => r.serverAcceptToCashS?.p50), max: Math.max(...runs.map((r) => r.serverAcceptToCashS?.max ?? 0)) } : undefined,
    cpu: runs[0]?.cpu
      ? {
          mainThreadMsPerWrite: pick((r) => r.cpu?.mainThreadMsPerWrite),
          otherThreadsMsPerWrite: pick((r) => r.cpu?.otherThreadsMsPerWrite),
          mainThreadBusyPct: pick((r) => r.cpu?.mainThreadBusyPct),
          otherThreadsBusyPct: pick((r) => r.cpu?.otherThreadsBusyPct),
          benchProcessCpuPct: pick((r) => r.benchProcessCpuPct),
        }
      : undefined,
    failed: runs.reduce((a, r) => a + r.failed, 0),
    errors: runs.reduce<Record<string, number>>((a, r) => {
      for (const [k, v] of Object.entries(r.errors)) a[k] = (a[k] ?? 0) + v;
      return a;
    }, {}),
  };
}

function byConcurrency(kind: Kind) {
  return (kind === "financing1" ? [1] : CONFIG.concurrency).map((c) => {
    const e2e = summaryOf(results.e2e[kind].get(c) ?? []);
    const raw = summaryOf(results.raw[kind].get(c) ?? []);
    return { concurrency: c, e2e, raw, e2eOverRaw: e2e.writesPerSecond && raw.writesPerSecond ? round(e2e.writesPerSecond / raw.writesPerSecond, 2) : null };
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  const workDir = mkdtempSync(path.join(os.tmpdir(), "scf-bench-api-"));
  const dataDir = path.join(workDir, "data");
  const logFile = path.join(workDir, "server.log");
  say(`config ${JSON.stringify(CONFIG)}; ${os.cpus().length} CPUs, node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  let http: Awaited<ReturnType<typeof httpPhases>>;
  let profile: Profiled | undefined;
  const database = DB_SERVER ? await freshDatabase(DB_SERVER) : undefined;
  try {
    await rawPhases();
    http = await httpPhases(dataDir, logFile, database);
    const transfers = byConcurrency("transfers");
    const best = transfers.reduce((a, b) => ((b.e2e.writesPerSecond ?? 0) > (a.e2e.writesPerSecond ?? 0) ? b : a));
    if (PROFILE) {
      say(`profiling: the same data directory under --cpu-prof, c=${best.concurrency}`);
      profile = await profiledPhases(dataDir, logFile, http.world, best.concurrency, workDir, database);
    }
    const reads = process.env.BENCH_READS !== "0" ? await readPhase(workDir, readsConfig(), (l) => say(`reads: ${l}`)) : undefined;
    const financing = byConcurrency("financing");
    const oneAtATime = byConcurrency("financing1")[0];
    const bestFinancing = financing.find((f) => f.concurrency === best.concurrency);
    const toCash = bestFinancing?.e2e.acceptToCashMs;
    if (!bestFinancing || !toCash) throw new Error(`No financing reached cash at c=${best.concurrency}: nothing to report`);
    const rawPeak = Math.max(...transfers.map((t) => t.raw.writesPerSecond ?? 0));
    const headline = {
      concurrency: best.concurrency,
      e2eWritesPerSecond: best.e2e.writesPerSecond,
      rawWritesPerSecond: best.raw.writesPerSecond,
      e2eOverRaw: best.e2eOverRaw,
      rawPeakWritesPerSecond: rawPeak,
      e2eOverRawPeak: round((best.e2e.writesPerSecond ?? 0) / rawPeak, 2),
      latencyMs: best.e2e.latencyMs,
      // The server runs JavaScript, Prisma and PGlite on one thread: 1000 ÷ its CPU per write is its ceiling.
      serverMainThreadMsPerWrite: best.e2e.cpu?.mainThreadMsPerWrite ?? null,
      serverMainThreadBusyPct: best.e2e.cpu?.mainThreadBusyPct ?? null,
      oneThreadCeilingWritesPerSecond: best.e2e.cpu?.mainThreadMsPerWrite ? round(1000 / best.e2e.cpu.mainThreadMsPerWrite) : null,
      financingWritesPerSecond: bestFinancing.e2e.writesPerSecond,
      financingAcceptToCashMs: { oneAtATime: oneAtATime.e2e.acceptToCashMs, underLoad: toCash, rawOneAtATime: oneAtATime.raw.acceptToCashMs },
      goals: {
        e2eAtLeastHalfOfRaw: { goal: 0.5, reached: best.e2eOverRaw, met: (best.e2eOverRaw ?? 0) >= 0.5 },
        writesPerSecond: { goal: 200, reached: best.e2e.writesPerSecond, met: (best.e2e.writesPerSecond ?? 0) >= 200 },
        acceptToCashUnder1s: {
          goal: "p95 < 1000 ms",
          reached: { oneAtATime: oneAtATime.e2e.acceptToCashMs?.p95 ?? null, [`underLoad c=${best.concurrency}`]: toCash.p95 },
          met: (oneAtATime.e2e.acceptToCashMs?.p95 ?? Infinity) < 1000 && (toCash.p95 ?? Infinity) < 1000,
        },
      },
    };
    const result = {
      measuredAt: new Date().toISOString(),
      target: `embedded chain + ${DB_SERVER ? "a fresh database on the PostgreSQL server of BENCH_DATABASE_URL" : "PGlite"} in a temporary data directory; the server in its own process (tsx api/src/main.ts)`,
      database: DB_SERVER ? "postgresql server" : "pglite",
      // Other work on the machine skews every figure: the load average before and after the run tells.
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((x) => round(x, 2)) },
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}`, memoryGiB: round(os.totalmem() / 2 ** 30) },
      config: {
        ...CONFIG,
        holders: 4 + CONFIG.newSuppliers,
        measured:
          "transfers: POST /vouchers/{id}/transfers, 1 ledger write each; financing: open, quote, accept (ledger write), propose, approve (ledger write) — writes/s counts the two ledger writes; raw: the same writes through chain/ledger.ts in-process (splitTransfer; financing.request + execute)",
        acceptToCash: "client-side, from sending the acceptance to the checker's approval answer (including the bank maker's proposal in between)",
      },
      headline,
      transfers,
      financing,
      financingOneAtATime: oneAtATime,
      serverStartSeconds: http.startSeconds,
      setupSeconds: http.setupSeconds,
      totalSeconds: round((performance.now() - started) / 1000),
      ...(reads ? { reads } : {}),
      ...(profile
        ? {
            profile: {
              how: "the same data directory restarted under node --cpu-prof, with every SQL statement (scripts/bench-api/db-trace.ts) and the stages of each request (scripts/bench-api/stage-trace.ts) timed; CPU is self time by function grouped by package, within the load's window only",
              cpu: profile.cpu.map((p) => ({ ...p, families: families(p) })),
              database: profile.db,
              stages: profile.stages,
            },
          }
        : {}),
    };
    print(result.transfers, [...result.financing, oneAtATime], headline, profile);
    if (reads) printReads(reads, say);
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
    say(`wrote ${OUT} in ${result.totalSeconds} s`);
  } finally {
    await database?.drop().catch((e: unknown) => say(`could not drop the benchmark's database: ${String(e)}`));
    if (process.env.BENCH_KEEP === "1") say(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

function print(
  transfers: ReturnType<typeof byConcurrency>,
  financing: ReturnType<typeof byConcurrency>,
  headline: { concurrency: number; goals: Record<string, { goal: unknown; reached: unknown; met: boolean }> },
  profile: Profiled | undefined,
): void {
  const rows: Record<string, Record<string, string | number | null>> = {};
  for (const t of transfers) {
    rows[`transfers c=${t.concurrency}`] = {
      "HTTP writes/s": t.e2e.writesPerSecond,
      "p50 ms": t.e2e.latencyMs.p50,
      "p95 ms": t.e2e.latencyMs.p95,
      "p99 ms": t.e2e.latencyMs.p99,
      "raw writes/s": t.raw.writesPerSecond,
      "HTTP ÷ raw": t.e2eOverRaw,
      "server main thread ms/write (busy %)": t.e2e.cpu ? `${t.e2e.cpu.mainThreadMsPerWrite} (${t.e2e.cpu.mainThreadBusyPct}%)` : null,
      "raw main thread ms/write": t.raw.cpu?.mainThreadMsPerWrite ?? null,
      "accept→cash p50/p95/max ms": null,
    };
  }
  for (const f of financing) {
    const c = f.e2e.acceptToCashMs;
    rows[`financing c=${f.concurrency}`] = {
      "HTTP writes/s": f.e2e.writesPerSecond,
      "p50 ms": f.e2e.latencyMs.p50,
      "p95 ms": f.e2e.latencyMs.p95,
      "p99 ms": f.e2e.latencyMs.p99,
      "raw writes/s": f.raw.writesPerSecond,
      "HTTP ÷ raw": f.e2eOverRaw,
      "server main thread ms/write (busy %)": f.e2e.cpu ? `${f.e2e.cpu.mainThreadMsPerWrite} (${f.e2e.cpu.mainThreadBusyPct}%)` : null,
      "raw main thread ms/write": f.raw.cpu?.mainThreadMsPerWrite ?? null,
      "accept→cash p50/p95/max ms": c ? `${c.p50} / ${c.p95} / ${c.max}` : null,
    };
  }
  console.table(rows);
  for (const [name, g] of Object.entries(headline.goals)) say(`goal ${name} (c=${headline.concurrency}): ${JSON.stringify(g.goal)} → ${JSON.stringify(g.reached)} ${g.met ? "met" : "NOT met"}`);
  if (!profile) return;
  for (const [i, p] of profile.cpu.entries()) {
    say(`profile — ${p.label}: server busy ${p.busyPct}% of ${p.windowMs} ms`);
    console.table(Object.fromEntries(families(p).map((f) => [f.family, { ms: f.ms, "% of busy": f.pctOfBusy }])));
    const stages = profile.stages[i];
    say(`where a request's time goes (server-side stage timings; event loop delay mean ${stages.eventLoopDelayMs.mean} ms, p99 ${stages.eventLoopDelayMs.p99} ms):`);
    console.table(Object.fromEntries(stages.stages.map((st) => [st.stage, { "per op": st.perOperation, "mean ms": st.meanMs, "p50 ms": st.p50Ms, "p95 ms": st.p95Ms }])));
    // No SQL trace on a PostgreSQL server, so no database summary either.
    const db = profile.db.at(i);
    if (db) {
      say(`database per operation: ${JSON.stringify(db.perOperation)}; PostgreSQL ran ${db.postgresPctOfWall}% of the wall time`);
      console.table(Object.fromEntries(db.top.map((t) => [t.statement, { "per op": t.perOperation, "rows/call": t.rowsPerCall }])));
    }
    console.table(Object.fromEntries(p.top.map((t, i) => [i + 1, { function: t.fn, where: t.calledFrom ? `(built-in, for ${t.calledFrom})` : t.where, group: t.group, ms: t.ms, "% of busy": t.pctOfBusy }])));
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
