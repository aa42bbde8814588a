/**
 * npm run bench:chain — the chain layer's speed on the embedded default, medians over several runs:
 * raw ledger operations per second (one at a time, and many per block), block-log replay time per 1,000
 * transactions (and for 10,000), and indexer catch-up in events per second. Writes bench/chain.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { connectLedger, type PlatformAccounts } from "../chain/connect";
import { generateAccountKey } from "../chain/account-keys";
import { EmbeddedChain } from "../chain/embedded/embedded-chain";
import { signTransfer } from "../chain/evm/sign";
import type { Account, Ledger } from "../chain/ledger";
import { StaticKeyRing } from "../chain/static-key-ring";
import { Indexer } from "../api/src/indexer/indexer";
import { PrismaIndexerStore } from "../api/src/indexer/indexer.repository";
import { testDatabase } from "../test/helpers/database";
import { cast, connect as connectStory, cstMidnightIn, h, onboard, round as storyRound } from "../test/helpers/ledger-story";
import { median, round } from "./bench-stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OPS = Number(process.env.BENCH_OPS ?? 300);
const REPLAY_TXS = Number(process.env.BENCH_REPLAY_TXS ?? 10_000);
const H = h("bench");
let refs = 0;
/** A fresh deposit reference: the ledger takes each one once. */
const ref = (): string => h(`bench deposit ${(refs += 1)}`);

interface World {
  dir: string;
  keys: StaticKeyRing;
  accounts: PlatformAccounts;
  ledger: Ledger;
  bank: Account;
  core: Account;
  suppliers: Account[];
}

async function world(suppliers: number): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), "scf-bench-chain-"));
  const keys = new StaticKeyRing();
  const accounts = { deployer: keys.create(), operator: keys.create(), regulator: keys.create() };
  const { ledger } = await connectLedger({ mode: "embedded", dataDir: dir }, keys, accounts);
  const bank = keys.create();
  const core = keys.create();
  const list = Array.from({ length: suppliers }, () => keys.create());
  await ledger.participants.register(accounts.operator, { account: bank, roles: ["bank"], usccHash: H, kycHash: H });
  await ledger.participants.register(accounts.operator, { account: core, roles: ["core"], usccHash: H, kycHash: H });
  await Promise.all(
    list.map((s) => ledger.participants.register(accounts.operator, { account: s, roles: ["supplier"], usccHash: H, kycHash: H })),
  );
  await ledger.cash.designateSettlementBank(accounts.regulator, bank);
  return { dir, keys, accounts, ledger, bank, core, suppliers: list };
}

/** One mint per call: the simplest ledger write, from one bank. */
async function opsPerSecond(w: World, concurrent: boolean): Promise<number> {
  const started = performance.now();
  if (concurrent) {
    await Promise.all(Array.from({ length: OPS }, (_, i) => w.ledger.cash.mint(w.bank, w.suppliers[i % w.suppliers.length], 1n, ref())));
  } else {
    for (let i = 0; i < OPS; i += 1) await w.ledger.cash.mint(w.bank, w.suppliers[i % w.suppliers.length], 1n, ref());
  }
  return OPS / ((performance.now() - started) / 1000);
}

/**
 * The floor under every ledger write: the same embedded chain (mining, block log, fsync) carrying plain value
 * transfers, signed up front, with no preflight, no ABI and no contract code. Ledger writes are quoted against it.
 */
async function chainFloorPerSecond(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "scf-bench-floor-"));
  const { chain } = await EmbeddedChain.start({ dataDir: dir });
  const key = generateAccountKey();
  const signed = Array.from({ length: OPS }, (_, nonce) => signTransfer(key.privateKey, chain.chainId, nonce));
  const started = performance.now();
  await Promise.all(signed.map(async ({ raw, hash }) => {
    await chain.broadcast(raw, hash);
    await chain.awaitReceipt(raw, hash);
  }));
  const rate = OPS / ((performance.now() - started) / 1000);
  await chain.close();
  rmSync(dir, { recursive: true, force: true });
  return rate;
}

async function replayMsPer1000(txs: number): Promise<{ msPer1000: number; totalMs: number; txs: number }> {
  const w = await world(20);
  const batch = 500;
  for (let done = 0; done < txs; done += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, txs - done) }, (_, i) => w.ledger.cash.mint(w.bank, w.suppliers[i % 20], 1n, ref())));
  }
  await w.ledger.close();
  const { ledger, replay } = await connectLedger({ mode: "embedded", dataDir: w.dir }, w.keys, w.accounts);
  await ledger.close();
  rmSync(w.dir, { recursive: true, force: true });
  if (!replay) throw new Error("The embedded chain reopened without replaying its block log");
  return { msPer1000: (replay.replayMs / replay.replayedTxs) * 1000, totalMs: replay.replayMs, txs: replay.replayedTxs };
}

/** Indexer catch-up from an empty database over a realistic history: events per second. */
async function catchUpRates(rounds: number): Promise<{ events: number; rates: number[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), "scf-bench-index-"));
  const c = cast();
  const { ledger } = await connectStory(dir, c);
  await onboard(ledger, c);
  const maturity = await cstMidnightIn(ledger, 90);
  for (let n = 0; n < rounds; n += 1) await storyRound(ledger, c, maturity, n);
  const head = await ledger.history.confirmedHead();
  const events = (await ledger.history.events(0, head.number)).length;
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const tdb = await testDatabase();
    const db = await tdb.open();
    const started = performance.now();
    await new Indexer(ledger.history, new PrismaIndexerStore(db.prisma)).catchUp();
    rates.push(events / ((performance.now() - started) / 1000));
    await db.close();
    await tdb.destroy();
  }
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
  return { events, rates };
}

async function main(): Promise<void> {
  const sequential: number[] = [];
  const batched: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    floor.push(await chainFloorPerSecond());
    const w = await world(10);
    sequential.push(await opsPerSecond(w, false));
    batched.push(await opsPerSecond(w, true));
    await w.ledger.close();
    rmSync(w.dir, { recursive: true, force: true });
  }
  const replays = [];
  for (let run = 0; run < RUNS; run += 1) replays.push(await replayMsPer1000(run === 0 ? REPLAY_TXS : 2_000));
  const catchUp = await catchUpRates(Number(process.env.BENCH_ROUNDS ?? 60));
  const result = {
    measuredAt: new Date().toISOString(),
    database: process.env.DATABASE_URL ? "postgresql server" : "pglite",
    runs: RUNS,
    opsPerRun: OPS,
    ledgerOpsPerSecond: {
      sequential: round(median(sequential)),
      batched: round(median(batched)),
      chainFloorBatched: round(median(floor)),
      batchedVsFloor: round(median(batched) / median(floor), 2),
    },
    replay: {
      msPer1000TxsMedian: round(median(replays.map((r) => r.msPer1000))),
      largest: { txs: replays[0].txs, seconds: round(replays[0].totalMs / 1000, 2) },
    },
    indexerCatchUp: { events: catchUp.events, eventsPerSecondMedian: round(median(catchUp.rates)), goal: 5_000 },
  };
  console.table({
    "ledger writes/s, one at a time": result.ledgerOpsPerSecond.sequential,
    "ledger writes/s, many per block": result.ledgerOpsPerSecond.batched,
    "baseline: plain transfers/s on the same chain, many per block": result.ledgerOpsPerSecond.chainFloorBatched,
    "ledger writes ÷ baseline": result.ledgerOpsPerSecond.batchedVsFloor,
    "replay ms per 1,000 txs": result.replay.msPer1000TxsMedian,
    [`replay of ${result.replay.largest.txs} txs, s`]: result.replay.largest.seconds,
    [`indexer catch-up events/s (${catchUp.events} events, ${result.database})`]: result.indexerCatchUp.eventsPerSecondMedian,
  });
  mkdirSync("bench", { recursive: true });
  const out = process.env.DATABASE_URL ? "bench/chain.postgres.json" : "bench/chain.json";
  writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${out}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
