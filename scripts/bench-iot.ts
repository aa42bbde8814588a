/**
 * npm run bench:iot — signed IoT readings through HTTP, and the gas of anchoring them. The server runs in its own
 * process (api/src/main.ts, embedded chain + PGlite in a temporary directory), as in bench:reads; a fleet of
 * devices is registered through the warehouse's maker and checker; every reading is signed before the clock starts,
 * so the figure is the platform's: HTTP, JSON, Ed25519 verification, the counter checks and the database writes.
 * Then the server's own anchoring job anchors them, and each proof is asked for. The gas of an anchor is measured
 * on the in-process Hardhat chain (it does not depend on the chain that runs it, nor on the batch's size beyond
 * its calldata). Then the time from a weight-drop reading to its alert: the demo's pledge story issues a receipt
 * on a reading of the seeded scale of bay A-01 and the owner pledges it; each round the scale reports the bay 10 %
 * short and the regulator polls GET /alerts until the weight-shortfall alert is there (it is raised before the
 * POST returns: the poll confirms it), then resolves it for the next round. Prints a table and writes
 * bench/iot.json (BENCH_OUT names another file).
 *
 *   BENCH_IOT_DEVICES=40  BENCH_IOT_READINGS=40000  BENCH_IOT_BATCH=100  BENCH_IOT_CONCURRENCY=4  BENCH_IOT_SINGLES=2000  BENCH_IOT_ALERT_ROUNDS=50
 *   BENCH_PROFILE=1 prints where the server's CPU time went while it ingested the batches
 */
import { keccak256, toUtf8Bytes } from "ethers";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEVICE_KINDS } from "../api/src/iot/reading-payload";
import { READINGS_PER_ROOT } from "../api/src/iot/anchoring";
import { DEMO_PASSWORD } from "../seeds/load";
import { seededOrganisation, seededUser } from "../seeds/organisations";
import { actors, as, deployLedger, mined } from "../test/helpers/ledger";
import { serverProfile, summarise, type ProfileWindow } from "./bench-api/profile";
import { startServer } from "./bench-api/server";
import { percentile, round } from "./bench-stats";
import { PlatformClient } from "./demo/client";
import { fieldsFor, SigningDevice, type SignedReading } from "./iot/signing-device";
import { formatCstDay } from "../chain/cst-day";
import { Fleet, sendBatch } from "./iot/fleet";
import { PLEDGE_STEPS, PLEDGED_GRAMS } from "./demo/pledge-story";
import { newState, type StoryContext } from "./demo/story";

const OUT = process.env.BENCH_OUT ?? "bench/iot.json";
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const cfg = {
  devices: num("BENCH_IOT_DEVICES", 40),
  readings: num("BENCH_IOT_READINGS", 40_000),
  batch: num("BENCH_IOT_BATCH", 100),
  concurrency: num("BENCH_IOT_CONCURRENCY", 4),
  singles: num("BENCH_IOT_SINGLES", 2000),
  alertRounds: num("BENCH_IOT_ALERT_ROUNDS", 50),
};
const say = (line: string) => console.log(`[bench:iot] ${line}`);

/** Sends every request body, `concurrency` at a time; the wall time and each request's latency. */
async function send(baseUrl: string, bodies: string[], concurrency: number): Promise<{ seconds: number; latenciesMs: number[]; lastId: bigint }> {
  const latenciesMs: number[] = [];
  let lastId = 0n;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const t = performance.now();
      const res = await fetch(`${baseUrl}/iot/readings`, { method: "POST", headers: { "content-type": "application/json" }, body: bodies[i] });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`request ${i}: ${res.status} ${text.slice(0, 300)}`);
      latenciesMs.push(performance.now() - t);
      for (const r of (JSON.parse(text) as { readings: { id: string }[] }).readings) if (BigInt(r.id) > lastId) lastId = BigInt(r.id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, latenciesMs, lastId };
}

/** Round-robin over the fleet, each device's counters rising: `count` signed readings. */
function signedReadings(fleet: SigningDevice[], count: number, from: number): SignedReading[] {
  return Array.from({ length: count }, (_, i) => {
    const d = fleet[(from + i) % fleet.length];
    return d.reading(fieldsFor(d.kind, i), new Date(Date.UTC(2026, 11, 4, 8) + from + i));
  });
}

/** Gas of ReadingAnchors.anchor for batches of these sizes, after a first anchor has paid for the counter's slot. */
async function anchorGas(sizes: number[]): Promise<{ readings: number; gas: number; gasPerReading: number }[]> {
  const a = await actors();
  const ledger = await deployLedger(a);
  const anchors = as(ledger.ReadingAnchors, a.operator);
  let n = 0;
  const root = () => keccak256(toUtf8Bytes(`bench root ${(n += 1)}`));
  await mined(anchors.getFunction("anchor")(root(), 1n, 1n, 1n));
  const out = [];
  for (const size of sizes) {
    const receipt = await mined(anchors.getFunction("anchor")(root(), 1_000_000n, 1_000_000n + BigInt(size) - 1n, BigInt(size)));
    if (!receipt) throw new Error("the anchor was not mined");
    const gas = Number(receipt.gasUsed);
    out.push({ readings: size, gas, gasPerReading: round(gas / size, 2) });
  }
  return out;
}

/**
 * Milliseconds from sending a weight-drop reading of a pledged bay to the regulator seeing its alert, `rounds`
 * times: the pledge story's first three steps (a receipt on the seeded scale's reading, the terms, the price), a
 * pledge request that locks the receipt, then each round a short reading, polls of GET /alerts, and a resolution.
 */
async function weightDropToAlert(client: PlatformClient, rounds: number): Promise<{ alertMs: number[]; postMs: number[]; firstPollHits: number }> {
  const ctx: StoryContext = { client, state: newState(), log: () => undefined };
  for (const step of PLEDGE_STEPS.slice(0, 3)) await step.run(ctx);
  const p = ctx.state.pledge;
  const now = new Date((await client.as(seededUser(seededOrganisation("operator"), "admin").email).get<{ now: string }>("/clock")).now);
  await client.as(seededUser(seededOrganisation("tier1"), "maker").email).post("/pledges", {
    receiptIds: [p?.receiptId],
    bankOrgId: p?.orgs.bank,
    amount: "100000.00",
    rateBps: 450,
    maturity: formatCstDay(new Date(now.getTime() + 90 * 86_400_000)),
  });
  const scale = (await Fleet.seeded(client, seededUser(seededOrganisation("warehouse"), "maker").email, { incidentAt: 0 })).first("weighing-platform");
  const regulator = client.as(seededUser(seededOrganisation("regulator"), "admin").email);
  const alertMs: number[] = [];
  const postMs: number[] = [];
  let firstPollHits = 0;
  for (let i = 0; i < rounds; i += 1) {
    const t = performance.now();
    const sent = await sendBatch(client.baseUrl, [scale.reading({ grams: Math.floor(PLEDGED_GRAMS * 0.9) }, new Date())]);
    if (sent.status !== 201) throw new Error(`the weight-drop reading was refused: ${JSON.stringify(sent.body)}`);
    postMs.push(performance.now() - t);
    for (let poll = 0; ; poll += 1) {
      const open = await regulator.get<{ items: { id: string }[] }>("/alerts?rule=weight-shortfall&status=open&limit=1");
      if (open.items.length) {
        alertMs.push(performance.now() - t);
        if (poll === 0) firstPollHits += 1;
        await regulator.post(`/alerts/${open.items[0].id}/resolve`, { note: "bench round" });
        break;
      }
      if (performance.now() - t > 30_000) throw new Error("no weight-shortfall alert within 30 s");
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return { alertMs, postMs, firstPollHits };
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  const workDir = mkdtempSync(path.join(os.tmpdir(), "scf-bench-iot-"));
  say(`config ${JSON.stringify(cfg)}; ${os.cpus().length} CPUs, node ${process.version}, load average ${loadAtStart.join(" ")}`);
  const profileDir = process.env.BENCH_PROFILE === "1" ? path.join(workDir, "profile") : undefined;
  const server = await startServer({ dataDir: path.join(workDir, "data"), logFile: path.join(workDir, "server.log"), cpuProfileDir: profileDir });
  let window: ProfileWindow | undefined;
  try {
    const client = new PlatformClient({ baseUrl: server.baseUrl, password: DEMO_PASSWORD });
    const warehouse = seededOrganisation("warehouse");
    const maker = client.as(seededUser(warehouse, "maker").email);
    const checker = client.as(seededUser(warehouse, "checker").email);
    const fleet = Array.from({ length: cfg.devices }, (_, i) => new SigningDevice(DEVICE_KINDS[i % DEVICE_KINDS.length]));
    for (const [i, d] of fleet.entries()) {
      const proposed = await maker.post<{ id: string }>("/iot/devices", { kind: d.kind, publicKey: d.publicKey, bay: `B-${i % 8}` });
      d.id = (await checker.post<{ result: { id: string } }>(`/approvals/${proposed.id}/approve`)).result.id;
    }
    say(`registered ${fleet.length} devices`);

    const batched = signedReadings(fleet, cfg.readings, 0);
    const bodies = Array.from({ length: Math.ceil(batched.length / cfg.batch) }, (_, i) => JSON.stringify(batched.slice(i * cfg.batch, (i + 1) * cfg.batch)));
    const singles = signedReadings(fleet, cfg.singles, cfg.readings).map((r) => JSON.stringify(r));
    const cpuBefore = server.cpu();
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const b = await send(server.baseUrl, bodies, cfg.concurrency);
    window = { label: "batched ingest", fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
    const cpuAfter = server.cpu();
    const s = await send(server.baseUrl, singles, cfg.concurrency * 2);
    const batchedRate = round(cfg.readings / b.seconds);
    say(`batches of ${cfg.batch}: ${cfg.readings} readings in ${round(b.seconds, 2)} s = ${batchedRate} readings/s`);
    say(`one reading a request: ${cfg.singles} in ${round(s.seconds, 2)} s = ${round(cfg.singles / s.seconds)} readings/s`);

    // The server's anchoring job (every ten job intervals) anchors them; the last reading's proof says when.
    const lastId = String(s.lastId > b.lastId ? s.lastId : b.lastId);
    const anchorStarted = performance.now();
    let proof: { treeSize: number } | undefined;
    while (!proof) {
      try {
        proof = await maker.get<{ treeSize: number }>(`/iot/readings/${lastId}/proof`);
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const anchoredAfterSeconds = round((performance.now() - anchorStarted) / 1000, 1);
    const proofTimes: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t = performance.now();
      await maker.get(`/iot/readings/${1 + Math.floor((i / 20) * cfg.readings)}/proof`);
      proofTimes.push(performance.now() - t);
    }
    const gas = await anchorGas([1, cfg.batch, proof.treeSize, READINGS_PER_ROOT]);
    const alerts = await weightDropToAlert(client, cfg.alertRounds);
    say(`weight drop to alert: ${cfg.alertRounds} rounds, p50 ${round(percentile(alerts.alertMs, 50))} ms, p95 ${round(percentile(alerts.alertMs, 95))} ms`);
    const rows = [
      [`readings/s, batches of ${cfg.batch}`, String(batchedRate), "goal ≥ 2,000/s"],
      ["readings/s, one a request", String(round(cfg.singles / s.seconds)), ""],
      ["batch request p50 / p99, ms", `${round(percentile(b.latenciesMs, 50))} / ${round(percentile(b.latenciesMs, 99))}`, ""],
      [`proof p50, ms (tree of up to ${READINGS_PER_ROOT})`, String(round(percentile(proofTimes, 50))), ""],
      ...gas.map((g) => [`gas per anchor of ${g.readings} readings`, String(g.gas), `${g.gasPerReading} per reading`]),
      ["weight drop → alert seen p50 / p95, ms", `${round(percentile(alerts.alertMs, 50))} / ${round(percentile(alerts.alertMs, 95))}`, "goal < 1,000 ms"],
    ];
    for (const r of rows) say(`${r[0].padEnd(44)} ${r[1].padStart(12)}  ${r[2]}`);
    const result = {
      measuredAt: new Date().toISOString(),
      target: "embedded chain + PGlite in a temporary data directory; the server in its own process (tsx api/src/main.ts); readings signed before timing",
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((x) => round(x, 2)) },
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
      config: cfg,
      ingest: {
        batched: { readingsPerSecond: batchedRate, seconds: round(b.seconds, 2), requestP50Ms: round(percentile(b.latenciesMs, 50)), requestP99Ms: round(percentile(b.latenciesMs, 99)) },
        single: { readingsPerSecond: round(cfg.singles / s.seconds), requestP50Ms: round(percentile(s.latenciesMs, 50)), requestP99Ms: round(percentile(s.latenciesMs, 99)) },
        serverCpuSecondsBatched: cpuBefore && cpuAfter ? round((cpuAfter.allMs - cpuBefore.allMs) / 1000, 2) : null,
        goalReadingsPerSecond: 2000,
      },
      weightDropToAlert: {
        rounds: cfg.alertRounds,
        p50Ms: round(percentile(alerts.alertMs, 50)),
        p95Ms: round(percentile(alerts.alertMs, 95)),
        readingPostP50Ms: round(percentile(alerts.postMs, 50)),
        alertOpenAtFirstPoll: alerts.firstPollHits,
        goalMs: 1000,
        how: "a reading 10 % short from the seeded scale of a pledged bay, sent alone through HTTP; the time until the regulator's GET /alerts lists the open weight-shortfall alert (the rule runs after the insert commits, before the POST answers)",
      },
      anchoring: { lastReadingAnchoredAfterSeconds: anchoredAfterSeconds, lastTreeSize: proof.treeSize, proofP50Ms: round(percentile(proofTimes, 50)), gas },
    };
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
    say(`wrote ${OUT}`);
  } finally {
    await server.stop();
    if (profileDir && window) for (const s of summarise(serverProfile(profileDir), [window], 25)) say(JSON.stringify(s, null, 1));
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
