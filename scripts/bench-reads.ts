/**
 * npm run bench:reads — the read phase of bench:api on its own (scripts/bench-api/reads.ts): a large voucher tree
 * and many vouchers on the embedded default, then the tree, trace and tier-reach routes timed. Prints a table and
 * writes bench/reads.json (BENCH_OUT names another file). bench:api runs the same phase unless BENCH_READS=0.
 *
 *   BENCH_TREE_PIECES=10000  BENCH_REACH_VOUCHERS=100000  BENCH_READ_SAMPLES=30  BENCH_READ_WARMUP=3
 *   BENCH_TREE_PAGE=10000 (the page size asked of the tree route)  BENCH_KEEP=1 keeps the temporary directory
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { round } from "./bench-stats";
import { printReads, readPhase, readsConfig } from "./bench-api/reads";

const OUT = process.env.BENCH_OUT ?? "bench/reads.json";
const say = (line: string) => console.log(`[bench:reads] ${line}`);

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  const workDir = mkdtempSync(path.join(os.tmpdir(), "scf-bench-reads-"));
  const cfg = readsConfig();
  say(`config ${JSON.stringify(cfg)}; ${os.cpus().length} CPUs, node ${process.version}, load average ${loadAtStart.join(" ")}`);
  try {
    const reads = await readPhase(workDir, cfg, say);
    printReads(reads, say);
    const result = {
      measuredAt: new Date().toISOString(),
      target: "embedded chain + PGlite in a temporary data directory; the server in its own process (tsx api/src/main.ts); one client, one request at a time",
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((x) => round(x, 2)) },
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
      reads,
      totalSeconds: round((performance.now() - started) / 1000),
    };
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
    say(`wrote ${OUT} in ${result.totalSeconds} s`);
  } finally {
    if (process.env.BENCH_KEEP === "1") say(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
