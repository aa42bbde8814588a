/**
 * The read phase of the benchmark: a voucher tree of BENCH_TREE_PIECES pieces built through the API (issues,
 * pass-ons to three tiers, then splits of LEDGER_LIMITS.maxPiecesPerSplit pieces a call, each a real ledger write
 * the indexer projects), and BENCH_REACH_VOUCHERS vouchers for the tier-reach report. That many through the chain
 * would take the better part of an hour, so the report's vouchers are written straight into the stopped server's
 * database, in the indexer's own shapes (VoucherState rows, VoucherIssued and VoucherTransferred events, executed
 * FinancingState rows); the result says so. Then, against the restarted server, one client at a time:
 * GET /vouchers/{id}/tree (one page as large as the route allows, and every page of the tree), GET
 * /audit/vouchers/{id}/trace of the deepest piece, and GET /reports/tier-reach.
 */
import path from "node:path";
import { LEDGER_LIMITS } from "../../chain/limits";
import { openDatabase } from "../../api/src/db/database";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { percentile, round } from "../bench-stats";
import { PlatformClient } from "../demo/client";
import { setUp } from "./http-setup";
import type { CpuTimes } from "./cpu";
import { startServer, type ServerProcess } from "./server";

export interface ReadsConfig {
  treePieces: number;
  reachVouchers: number;
  /** Timed requests per route, after `warmup` untimed ones. */
  samples: number;
  warmup: number;
  /** The largest page GET /vouchers/{id}/tree allows. */
  treePageLimit: number;
}

export const readsConfig = (): ReadsConfig => {
  const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  return {
    treePieces: env("BENCH_TREE_PIECES", 10_000),
    reachVouchers: env("BENCH_REACH_VOUCHERS", 100_000),
    samples: env("BENCH_READ_SAMPLES", 30),
    warmup: env("BENCH_READ_WARMUP", 3),
    treePageLimit: env("BENCH_TREE_PAGE", 10_000),
  };
};

interface Latency {
  /** The first request, before the warm-up: what a freshly started server answers (caches and tallies empty). */
  first: number;
  requests: number;
  p50: number;
  p95: number;
  max: number;
  /**
   * The server's main thread's CPU per timed request, ms: what the request costs the server whatever else the
   * machine runs (wall times above stretch with the machine's load; this does not, or much less).
   */
  serverCpuMs: number | null;
  /** Response size of the last request, bytes of JSON. */
  bytes: number;
}

export interface ReadsResult {
  config: ReadsConfig;
  tree: { rootId: string; pieces: number; holders: number; depth: number; builtSeconds: number; ledgerWrites: number };
  trace: { voucherId: string; lineage: number; events: number };
  reach: { vouchers: number; how: string; insertSeconds: number };
  latencyMs: {
    treeOnePage: Latency & { nodes: number };
    treeAllPages: Latency & { pages: number };
    trace: Latency;
    tierReach: Latency;
    /** Tier reach before the synthetic vouchers were added: the tree's own vouchers only. */
    tierReachSmall: Latency;
  };
  goals: Record<string, { goal: string; reached: number; met: boolean }>;
}

type Say = (line: string) => void;

async function timed(samples: number, warmup: number, cpu: () => CpuTimes | undefined, once: () => Promise<number>): Promise<Latency> {
  const t0 = performance.now();
  await once();
  const first = round(performance.now() - t0);
  for (let i = 1; i < warmup; i += 1) await once();
  const ms: number[] = [];
  let bytes = 0;
  const before = cpu();
  for (let i = 0; i < samples; i += 1) {
    const t0 = performance.now();
    bytes = await once();
    ms.push(performance.now() - t0);
  }
  const after = cpu();
  const serverCpuMs = before && after ? round((after.mainMs - before.mainMs) / samples) : null;
  return { first, requests: samples, p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(Math.max(...ms)), serverCpuMs, bytes };
}

/** A signed-in reader: GETs with the body read as text, timing the whole response but not the client's parsing. */
async function reader(baseUrl: string, email: string): Promise<(url: string) => Promise<string>> {
  const login = await fetch(`${baseUrl}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async (url) => {
    const res = await fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${accessToken}` } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`);
    return text;
  };
}

interface Built {
  rootId: string;
  deepest: string;
  ledgerWrites: number;
  seconds: number;
}

/**
 * One voucher to tier 1, passed on down to tier 4, then split by all four holders at once, each splitting its
 * own piece (the ledger serialises writes per account, so four accounts keep four writes in flight).
 */
async function buildTree(client: PlatformClient, pieces: number, say: Say): Promise<Built> {
  const t0 = performance.now();
  const world = await setUp(client, { newSuppliers: 0, invoicesRequired: false, voucherYuan: "100000000.00", log: (l) => say(`  ${l}`) });
  const byName = new Map(world.holders.map((h) => [h.name, h]));
  const chain = ["tier1", "tier2", "tier3", "tier4"].map((n) => {
    const h = byName.get(n);
    if (!h) throw new Error(`${n} holds no voucher`);
    return h;
  });
  const rootId = chain[0].voucherId;
  let writes = 0;
  // Each tier keeps a piece to split; the next tier gets a slice of it.
  const held: string[] = [rootId];
  let passOn = 50_000_000;
  for (let i = 1; i < chain.length; i += 1) {
    const r = await chain[i - 1].user.post<{ id: string }>(`/vouchers/${held[i - 1]}/transfers`, { toOrgId: chain[i].orgId, amount: `${passOn}.00`, invoiceIds: [] });
    held.push(r.id);
    writes += 1;
    passOn /= 2;
  }
  let made = 1 + chain.length - 1;
  const per = LEDGER_LIMITS.maxPiecesPerSplit;
  const amounts = Array.from({ length: per }, () => "1.00");
  let deepest = held[held.length - 1];
  const remaining = () => pieces - made;
  await Promise.all(
    chain.map(async (h, i) => {
      while (remaining() > 0) {
        const n = Math.min(per, remaining());
        made += n;
        const r = await h.user.post<{ ids: string[] }>(`/vouchers/${held[i]}/splits`, { amounts: amounts.slice(0, n) });
        writes += 1;
        if (i === chain.length - 1) deepest = r.ids[r.ids.length - 1];
        if (writes % 100 === 0) say(`  ${writes} ledger writes, ${made} pieces`);
      }
    }),
  );
  return { rootId, deepest, ledgerWrites: writes, seconds: round((performance.now() - t0) / 1000) };
}

/**
 * `count` vouchers under the core enterprise, in roots of 100 (a root to tier 1, 99 pass-ons spread over tiers
 * 2–5, to 400 supplier accounts), with one executed financing in every 20: the rows the indexer would have written
 * for them. Ids are far beyond anything the chain of the benchmark reaches; the events sit in block 1, after its
 * real logs, since readers take the log to be complete up to the last block it holds.
 */
async function insertReachVouchers(dataDir: string, debtor: string, count: number): Promise<number> {
  const t0 = performance.now();
  const db = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
  try {
    const base = 1_000_000_000;
    const maturity = new Date(Date.UTC(2027, 3, 1, 16)).toISOString();
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "VoucherState" ("id", "owner", "value", "redeemedValue", "locked", "depth", "financed", "root", "parent", "debtor", "maturity", "createdBlock")
       SELECT ${base} + i, '0x' || lpad(to_hex(1 + (i % 400)), 40, '0'), 100000, 0, 0,
              CASE WHEN i % 100 = 0 THEN 1 ELSE 2 + (i % 4) END, i % 20 = 7,
              ${base} + (i / 100) * 100, CASE WHEN i % 100 = 0 THEN 0 ELSE ${base} + (i / 100) * 100 END,
              $1, $2::timestamp, 1000000
         FROM generate_series(0, ${count - 1}) AS i`,
      debtor,
      maturity,
    );
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "LedgerEvent" ("blockNumber", "logIndex", "blockHash", "txHash", "contract", "name", "args")
       SELECT 1, 1000000 + i, '0x' || lpad(to_hex(i), 64, '0'), '0x' || lpad(to_hex(i), 64, '0'), 'Vouchers',
              CASE WHEN i % 100 = 0 THEN 'VoucherIssued' ELSE 'VoucherTransferred' END,
              CASE WHEN i % 100 = 0
                THEN jsonb_build_object('id', (${base} + i)::text, 'debtor', $1::text, 'holder', '0x' || lpad(to_hex(1 + (i % 400)), 40, '0'),
                                        'amount', '10000000', 'maturity', '1806508800')
                ELSE jsonb_build_object('parentId', (${base} + (i / 100) * 100)::text, 'id', (${base} + i)::text,
                                        'to', '0x' || lpad(to_hex(1 + (i % 400)), 40, '0'), 'from', '0x' || lpad(to_hex(1 + ((i - 1) % 400)), 40, '0'),
                                        'amount', '100000', 'depth', (2 + (i % 4))::text)
              END
         FROM generate_series(0, ${count - 1}) AS i`,
      debtor,
    );
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "FinancingState" ("id", "voucherId", "holder", "bank", "amount", "rateBps", "feeBps", "deadline", "status", "pieceId", "days", "interest", "fee", "net")
       SELECT ${base} + i, ${base} + i, '0x' || lpad(to_hex(1 + (i % 400)), 40, '0'), '0x' || lpad(to_hex(9999), 40, '0'),
              100000, 500, 10, $1::timestamp, 'executed', ${base} + i, 90, 1233, 100, 98667
         FROM generate_series(0, ${count - 1}) AS i WHERE i % 20 = 7`,
      maturity,
    );
    await db.prisma.$executeRawUnsafe(`ANALYZE`);
  } finally {
    await db.close();
  }
  return round((performance.now() - t0) / 1000);
}

async function measure(server: ServerProcess, cfg: ReadsConfig, built: Built, say: Say) {
  const get = await reader(server.baseUrl, seededUser(seededOrganisation("regulator"), "admin").email);
  const tree = (q: string) => get(`/vouchers/${built.rootId}/tree${q}`);
  const one = await tree(`?limit=${cfg.treePageLimit}`);
  const first = JSON.parse(one) as { root: { debtor: { account: string } }; totals: { pieces: number; holders: number }; nodes: { depth: number }[]; nextCursor: string | null };
  say(`tree: ${first.totals.pieces} pieces, ${first.totals.holders} holders; one page of ${first.nodes.length} nodes, ${one.length} bytes`);
  const treeOnePage = { ...(await timed(cfg.samples, cfg.warmup, server.cpu, async () => (await tree(`?limit=${cfg.treePageLimit}`)).length)), nodes: first.nodes.length };
  say(`  GET /vouchers/{id}/tree?limit=${cfg.treePageLimit}: p50 ${treeOnePage.p50} ms p95 ${treeOnePage.p95} ms`);
  let pages = 0;
  const treeAllPages = {
    ...(await timed(cfg.samples, cfg.warmup, server.cpu, async () => {
      let bytes = 0;
      pages = 0;
      for (let cursor: string | null = null; ; ) {
        const text = await tree(`?limit=2000${cursor ? `&cursor=${cursor}` : ""}`);
        bytes += text.length;
        pages += 1;
        cursor = (JSON.parse(text) as { nextCursor: string | null }).nextCursor;
        if (!cursor) return bytes;
      }
    })),
    pages,
  };
  say(`  every page of 2,000 (${pages} pages): p50 ${treeAllPages.p50} ms p95 ${treeAllPages.p95} ms`);
  const traceText = await get(`/audit/vouchers/${built.deepest}/trace`);
  const traced = JSON.parse(traceText) as { lineage: { events: unknown[] }[] };
  const trace = await timed(cfg.samples, cfg.warmup, server.cpu, async () => (await get(`/audit/vouchers/${built.deepest}/trace`)).length);
  say(`  GET /audit/vouchers/${built.deepest}/trace (lineage ${traced.lineage.length}, ${traced.lineage.reduce((a, s) => a + s.events.length, 0)} events): p50 ${trace.p50} ms p95 ${trace.p95} ms`);
  return {
    treeOnePage,
    treeAllPages,
    trace,
    traceShape: { lineage: traced.lineage.length, events: traced.lineage.reduce((a, s) => a + s.events.length, 0) },
    debtor: first.root.debtor.account,
    treeShape: { pieces: first.totals.pieces, holders: first.totals.holders, depth: Math.max(...first.nodes.map((n) => n.depth)) },
    tierReach: () => timed(cfg.samples, cfg.warmup, server.cpu, async () => (await get("/reports/tier-reach?limit=100")).length),
  };
}

/** Builds the data in a fresh data directory under `workDir`, measures, and stops the server. */
export async function readPhase(workDir: string, cfg: ReadsConfig, say: Say): Promise<ReadsResult> {
  const dataDir = path.join(workDir, "reads-data");
  const logFile = path.join(workDir, "reads-server.log");
  let server = await startServer({ dataDir, logFile });
  let built: Built;
  let small: Latency;
  let coreAccount: string;
  try {
    const client = new PlatformClient({ baseUrl: server.baseUrl, password: DEMO_PASSWORD });
    say(`building a tree of ${cfg.treePieces} pieces through the API at ${server.baseUrl}`);
    built = await buildTree(client, cfg.treePieces, say);
    say(`built in ${built.seconds} s, ${built.ledgerWrites} ledger writes`);
    const m = await measure(server, cfg, built, say);
    small = await m.tierReach();
    say(`  GET /reports/tier-reach on the tree's vouchers alone: p50 ${small.p50} ms p95 ${small.p95} ms`);
    coreAccount = m.debtor;
  } catch (e) {
    console.error(server.tail());
    throw e;
  } finally {
    await server.stop();
  }
  say(`writing ${cfg.reachVouchers} vouchers under the core enterprise straight into the database`);
  const insertSeconds = await insertReachVouchers(dataDir, coreAccount, cfg.reachVouchers);
  say(`  inserted in ${insertSeconds} s`);
  server = await startServer({ dataDir, logFile });
  try {
    const m = await measure(server, cfg, built, say);
    const tierReach = await m.tierReach();
    say(`  GET /reports/tier-reach over ${cfg.reachVouchers} more vouchers: p50 ${tierReach.p50} ms p95 ${tierReach.p95} ms`);
    const goal = (ms: number, reached: number) => ({ goal: `p95 < ${ms} ms`, reached, met: reached < ms });
    return {
      config: cfg,
      tree: { rootId: built.rootId, ...m.treeShape, builtSeconds: built.seconds, ledgerWrites: built.ledgerWrites },
      trace: { voucherId: built.deepest, ...m.traceShape },
      reach: {
        vouchers: cfg.reachVouchers,
        how: "written straight into the database in the indexer's shapes (VoucherState, VoucherIssued/VoucherTransferred events, executed FinancingState), not through the chain: 100 vouchers a root, tiers 1–5, 400 holder accounts, one financing in 20",
        insertSeconds,
      },
      latencyMs: { treeOnePage: m.treeOnePage, treeAllPages: m.treeAllPages, trace: m.trace, tierReach, tierReachSmall: small },
      goals: {
        treeUnder200ms: goal(200, m.treeOnePage.nodes >= m.treeShape.pieces ? m.treeOnePage.p95 : m.treeAllPages.p95),
        traceUnder200ms: goal(200, m.trace.p95),
        tierReachUnder500ms: goal(500, tierReach.p95),
      },
    };
  } catch (e) {
    console.error(server.tail());
    throw e;
  } finally {
    await server.stop();
  }
}

export function printReads(r: ReadsResult, say: Say): void {
  const row = (l: Latency, note: string) => ({ "first ms": l.first, "p50 ms": l.p50, "p95 ms": l.p95, "max ms": l.max, "server CPU ms": l.serverCpuMs, "response kB": round(l.bytes / 1024), note });
  const t = r.latencyMs;
  console.table({
    [`tree, one page (limit ${r.config.treePageLimit})`]: row(t.treeOnePage, `${t.treeOnePage.nodes} of ${r.tree.pieces} nodes`),
    "tree, every page of 2,000": row(t.treeAllPages, `${t.treeAllPages.pages} requests`),
    trace: row(t.trace, `lineage of ${r.trace.lineage}, ${r.trace.events} events`),
    "tier-reach": row(t.tierReach, `${r.reach.vouchers} more vouchers (inserted)`),
    "tier-reach, tree only": row(t.tierReachSmall, `${r.tree.pieces} vouchers`),
  });
  for (const [name, g] of Object.entries(r.goals)) say(`goal ${name}: ${g.goal} → ${g.reached} ms ${g.met ? "met" : "NOT met"}`);
}
