/**
 * npm run bench:risk — the risk work's speed, each figure beside a baseline measured in the same run:
 * - the indexer's catch-up over a realistic history with every alert rule on, against the same catch-up with none
 *   (goal: the rules keep up, ≥ 5,000 events/s);
 * - the daily maturity sweep over BENCH_SWEEP_VOUCHERS vouchers (default 100,000) in BENCH_SWEEP_SLOTS maturities
 *   due within the week, all unfunded: the first pass raises an alert per maturity, the next finds them open
 *   (goal < 10 s);
 * - a selective-disclosure proof: every field of one invoice opened and each opening verified (goal < 5 ms).
 * Medians of BENCH_RUNS runs (default 5). Prints a table and writes bench/risk.json (BENCH_OUT names another file).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { AlertRaiser } from "../api/src/alerts/alert-raiser";
import { AlertRepository } from "../api/src/alerts/alert.repository";
import { DEFAULT_ALERT_THRESHOLDS } from "../api/src/alerts/alert-thresholds";
import { MaturitySweep } from "../api/src/alerts/maturity-sweep";
import { fieldCommitment, INVOICE_FIELDS, openFields, verifyOpening, type InvoiceFields } from "../api/src/disclosure/field-commitment";
import { Indexer } from "../api/src/indexer/indexer";
import { PrismaIndexerStore } from "../api/src/indexer/indexer.repository";
import { testDatabase } from "../test/helpers/database";
import { cast, connect as connectStory, cstMidnightIn, onboard, round as storyRound } from "../test/helpers/ledger-story";
import { median, round } from "./bench-stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const SWEEP_VOUCHERS = Number(process.env.BENCH_SWEEP_VOUCHERS ?? 100_000);
const SWEEP_SLOTS = Number(process.env.BENCH_SWEEP_SLOTS ?? 1_000);
const PROOFS = Number(process.env.BENCH_PROOFS ?? 2_000);
const OUT = process.env.BENCH_OUT ?? "bench/risk.json";
const say = (line: string) => console.log(`[bench:risk] ${line}`);

/** Catch-up from an empty database, alternating with and without the rules so that both see the same machine. */
async function rulesThroughput(): Promise<{ events: number; withRules: number[]; without: number[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "scf-bench-risk-"));
  const c = cast();
  const { ledger } = await connectStory(dir, c);
  await onboard(ledger, c);
  const maturity = await cstMidnightIn(ledger, 90);
  for (let n = 0; n < ROUNDS; n += 1) await storyRound(ledger, c, maturity, n);
  const head = await ledger.history.confirmedHead();
  const events = (await ledger.history.events(0, head.number)).length;
  const withRules: number[] = [];
  const without: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    for (const rules of [false, true]) {
      const tdb = await testDatabase();
      const db = await tdb.open();
      const store = new PrismaIndexerStore(db.prisma, rules ? [new AlertRaiser(() => ledger.clock.current())] : []);
      const started = performance.now();
      await new Indexer(ledger.history, store).catchUp();
      (rules ? withRules : without).push(events / ((performance.now() - started) / 1000));
      await db.close();
      await tdb.destroy();
    }
  }
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
  return { events, withRules, without };
}

/** The projection's rows for `vouchers` pieces over `slots` unfunded maturities within the week, written at once. */
async function sweep(): Promise<{ firstSeconds: number[]; steadySeconds: number[]; raised: number }> {
  const firstSeconds: number[] = [];
  const steadySeconds: number[] = [];
  let raised = 0;
  const now = new Date();
  for (let run = 0; run < RUNS; run += 1) {
    const tdb = await testDatabase();
    const db = await tdb.open();
    try {
      const day0 = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 16);
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "SlotState" ("debtor", "maturity", "outstanding", "escrowed", "overdue")
         SELECT '0x' || lpad(to_hex(100000 + i), 40, '0'), to_timestamp(${day0 / 1000} + 86400 * (1 + i % 6)) AT TIME ZONE 'UTC', 100000000, 0, false
           FROM generate_series(0, ${SWEEP_SLOTS - 1}) AS i`,
      );
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "VoucherState" ("id", "owner", "value", "redeemedValue", "locked", "depth", "financed", "root", "parent", "debtor", "maturity", "createdBlock")
         SELECT 1 + i, '0x' || lpad(to_hex(1 + (i % 400)), 40, '0'), 100000, 0, 0, 2, false, 1, 0,
                '0x' || lpad(to_hex(100000 + i % ${SWEEP_SLOTS}), 40, '0'),
                to_timestamp(${day0 / 1000} + 86400 * (1 + (i % ${SWEEP_SLOTS}) % 6)) AT TIME ZONE 'UTC', 1
           FROM generate_series(0, ${SWEEP_VOUCHERS - 1}) AS i`,
      );
      const job = new MaturitySweep(new AlertRepository(db.prisma), { now: () => now }, DEFAULT_ALERT_THRESHOLDS);
      let t = performance.now();
      raised = await job.run();
      firstSeconds.push((performance.now() - t) / 1000);
      t = performance.now();
      const again = await job.run();
      steadySeconds.push((performance.now() - t) / 1000);
      if (again !== 0) throw new Error(`the second pass raised ${again} alerts again`);
    } finally {
      await db.close();
      await tdb.destroy();
    }
  }
  return { firstSeconds, steadySeconds, raised };
}

/** Every field of one invoice opened, and each opening verified against the root. */
function disclosureProofs(): { buildMs: number[]; verifyMs: number[] } {
  const fields: InvoiceFields = {
    invoice: "EI:26360000000000000001",
    seller: "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
    buyer: "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2",
    amount: "600000000",
    tax: "78000000",
    issueDate: "2026-11-20",
    contractRef: "HT-2026-118",
    fileDigest: "ab".repeat(32),
  };
  const buildMs: number[] = [];
  const verifyMs: number[] = [];
  for (let i = 0; i < PROOFS; i += 1) {
    const salt = randomBytes(32).toString("hex");
    let t = performance.now();
    const root = fieldCommitment(fields, salt);
    const openings = openFields(fields, salt, INVOICE_FIELDS);
    buildMs.push(performance.now() - t);
    t = performance.now();
    if (!openings.every((o) => verifyOpening(o, root))) throw new Error("an opening did not verify");
    verifyMs.push(performance.now() - t);
  }
  return { buildMs, verifyMs };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  say(`${os.cpus().length} CPUs, node ${process.version}, load average ${loadAtStart.join(" ")}; ${RUNS} runs`);
  say(`indexing ${ROUNDS} story rounds with and without the alert rules…`);
  const rules = await rulesThroughput();
  say(`sweeping ${SWEEP_VOUCHERS.toLocaleString("en")} vouchers in ${SWEEP_SLOTS} unfunded maturities…`);
  const s = await sweep();
  const proofs = disclosureProofs();
  const withRules = round(median(rules.withRules));
  const without = round(median(rules.without));
  const result = {
    measuredAt: new Date().toISOString(),
    target: "embedded chain + PGlite (worker thread) in temporary directories, in this process",
    loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((x) => round(x, 2)) },
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    rules: { events: rules.events, eventsPerSecondWithRules: withRules, eventsPerSecondWithout: without, ratio: round(withRules / without, 2), goal: 5_000 },
    sweep: {
      vouchers: SWEEP_VOUCHERS,
      maturities: SWEEP_SLOTS,
      alertsRaised: s.raised,
      firstPassSeconds: round(median(s.firstSeconds), 2),
      steadyPassSeconds: round(median(s.steadySeconds), 2),
      goalSeconds: 10,
    },
    disclosure: { fields: INVOICE_FIELDS.length, buildMs: round(median(proofs.buildMs), 3), verifyMs: round(median(proofs.verifyMs), 3), goalMs: 5 },
    totalSeconds: round((performance.now() - started) / 1000),
  };
  const rows: [string, string, string][] = [
    [`indexer with every rule, events/s (${rules.events} events)`, String(withRules), "≥ 5,000"],
    ["indexer with no rule (baseline), events/s", String(without), ""],
    ["rules / baseline", String(result.rules.ratio), ""],
    [`sweep, first pass (${s.raised} alerts raised), s`, String(result.sweep.firstPassSeconds), "< 10"],
    ["sweep, next pass (all open already), s", String(result.sweep.steadyPassSeconds), "< 10"],
    [`disclosure proof: ${INVOICE_FIELDS.length} fields opened, ms`, String(result.disclosure.buildMs), "< 5"],
    [`disclosure proof: ${INVOICE_FIELDS.length} openings verified, ms`, String(result.disclosure.verifyMs), "< 5"],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
  say(`wrote ${OUT} in ${result.totalSeconds} s`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
