/**
 * npm run bench:fabric — the Fabric ledger through the gateway test server (over gRPC on this machine; a test
 * double of the peer, so these are not a real network's figures): per chaincode function, its execution time
 * on the in-memory stub and the keys it reads and writes; the MVCC conflicts of 50 concurrent transfers of
 * different vouchers and of one voucher; end-to-end writes per second beside the embedded EVM, in the same run.
 * Writes bench/fabric.json. It runs under vitest (./vitest.config.mts) for the chaincode's decorator metadata.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getAddress } from "ethers";
import { expect, test } from "vitest";
import { connectLedger } from "../../../chain/connect";
import { FabricLedger } from "../../../chain/fabric/fabric-ledger";
import { StaticFabricKeyRing } from "../../../chain/fabric/identities";
import type { Ledger, Role } from "../../../chain/ledger";
import { StaticKeyRing } from "../../../chain/static-key-ring";
import { median, round } from "../../../scripts/bench-stats";
import { GatewayTestServer } from "../support/gateway-server";
import { TestCa } from "../support/test-ca";

const OPS = Number(process.env.BENCH_OPS ?? 200);
const MSP = "Org1MSP";
const CAST: Record<string, Role[]> = { operator: ["operator"], regulator: ["regulator"], core: ["core"], tier1: ["supplier"], tier2: ["supplier"], tier3: ["supplier"], bank: ["bank"] };
const h = (s: string) => `0x${createHash("sha256").update(s).digest("hex")}`;
let refs = 0;
const ref = () => h(`bench ref ${String(++refs)}`);
const DAY = 86_400_000;
const cstMidnightIn = (days: number) => new Date((Math.floor((Date.now() + 8 * 3_600_000) / DAY) + days) * DAY - 8 * 3_600_000);

interface World {
  ledger: Ledger;
  who: Record<string, string>;
  close(): Promise<void>;
}

interface Simulation {
  ms: number[];
  keysRead: number;
  rangeQueries: number;
  keysWritten: number;
}
const simulations = new Map<string, Simulation>();

async function fabricWorld(): Promise<World & { server: GatewayTestServer }> {
  const ca = await TestCa.create(MSP);
  const keys = new StaticFabricKeyRing();
  const who: Record<string, string> = {};
  for (const [name, roles] of Object.entries(CAST)) {
    const account = getAddress(h(name).slice(0, 42));
    keys.add(account, await ca.enrol(name, { "scf.account": account, "scf.roles": roles.join(",") }));
    who[name] = account;
  }
  const server = await GatewayTestServer.start({ channel: "scf", chaincode: "scf-ledger", msps: { [MSP]: ca.certificate }, peerIdentity: await ca.enrol("peer0", {}) });
  const simulate = server.peer.simulate.bind(server.peer);
  server.peer.simulate = async (p) => {
    const started = performance.now();
    const e = await simulate(p);
    const s = simulations.get(p.args[0]) ?? { ms: [], keysRead: 0, rangeQueries: 0, keysWritten: 0 };
    s.ms.push(performance.now() - started);
    s.keysRead = Math.max(s.keysRead, e.rwset.reads.size + e.rwset.ranges.reduce((n, r) => n + r.results.length, 0));
    s.rangeQueries = Math.max(s.rangeQueries, e.rwset.ranges.length);
    s.keysWritten = Math.max(s.keysWritten, e.rwset.writes.size);
    simulations.set(p.args[0], s);
    return e;
  };
  const ledger = new FabricLedger({ endpoint: server.endpoint, channel: "scf", chaincode: "scf-ledger", keys, reader: who.operator, mspId: MSP });
  await ledger.gateway.submit(who.operator, "Genesis:init", [who.regulator, MSP]);
  return { ledger, who, server, close: async () => { await ledger.close(); server.stop(); } };
}

async function evmWorld(): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), "scf-bench-fabric-evm-"));
  const keys = new StaticKeyRing();
  const who = Object.fromEntries(Object.keys(CAST).map((n) => [n, keys.create()]));
  const { ledger } = await connectLedger({ mode: "embedded", dataDir: dir }, keys, { deployer: keys.create(), operator: who.operator, regulator: who.regulator });
  return { ledger, who, close: async () => { await ledger.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Registers the cast, makes `bank` the settlement bank with cash, grants the core a line, drops invoices. */
async function onboard({ ledger, who }: World): Promise<void> {
  for (const [name, roles] of Object.entries(CAST)) {
    if (name !== "operator" && name !== "regulator") await ledger.participants.register(who.operator, { account: who[name], roles, usccHash: h(name), kycHash: h(name) });
  }
  await ledger.cash.designateSettlementBank(who.regulator, who.bank);
  await ledger.cash.mint(who.bank, who.core, 1_000_000_00n, ref());
  await ledger.cash.mint(who.bank, who.bank, 1_000_000_00n, ref());
  await ledger.creditLines.grant(who.bank, who.core, 100_000_000_00n, cstMidnightIn(365));
  await ledger.rules.setRules(who.core, { ...(await ledger.rules.rulesOf(who.core)), invoicesRequired: false });
}

/** One of each business operation, so that every function is simulated at least once. */
async function story({ ledger, who }: World): Promise<void> {
  const maturity = cstMidnightIn(30);
  const root = (await ledger.vouchers.issue(who.core, { supplier: who.tier1, amount: 1_000_00n, maturity, invoiceKeys: [] })).result;
  const piece = (await ledger.vouchers.splitTransfer(who.tier1, { id: root, to: who.tier2, amount: 400_00n, invoiceKeys: [] })).result;
  const [small] = (await ledger.vouchers.split(who.tier2, piece, [100_00n])).result;
  const rid = (await ledger.financing.request(who.tier2, { voucherId: small, amount: 100_00n, bank: who.bank, rateBps: 365, deadline: cstMidnightIn(5) })).result;
  await ledger.financing.execute(who.bank, rid);
  await ledger.settlement.fund(who.core, maturity);
  await ledger.cash.approve(who.core, who.tier1, 1n);
  await ledger.vouchers.get(root);
  await ledger.cash.balanceOf(who.core);
}

async function writesPerSecond({ ledger, who }: World, concurrent: boolean): Promise<number> {
  const started = performance.now();
  if (concurrent) await Promise.all(Array.from({ length: OPS }, () => ledger.cash.mint(who.bank, who.tier3, 1n, ref())));
  else for (let i = 0; i < OPS; i++) await ledger.cash.mint(who.bank, who.tier3, 1n, ref());
  return round(OPS / ((performance.now() - started) / 1000));
}

/** 50 transfers at once, ordered into one block: of 50 different vouchers, or 50 times the same one. */
async function conflicts(w: World & { server: GatewayTestServer }, sameVoucher: boolean) {
  const maturity = cstMidnightIn(30);
  const ids: bigint[] = [];
  for (let i = 0; i < (sameVoucher ? 1 : 50); i++) ids.push((await w.ledger.vouchers.issue(w.who.core, { supplier: w.who.tier1, amount: 100_00n, maturity, invoiceKeys: [] })).result);
  const before = { ...w.server.ledger.counts };
  w.server.batchSize = 50;
  const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) =>
    w.ledger.vouchers.splitTransfer(w.who.tier1, { id: ids[sameVoucher ? 0 : i], to: w.who.tier2, amount: 1_00n, invoiceKeys: [] })));
  w.server.batchSize = undefined;
  const committed = results.filter((r) => r.status === "fulfilled").length;
  const mvccConflicts = w.server.ledger.counts.mvccConflicts - before.mvccConflicts;
  return { transfers: 50, committed, mvccConflicts, conflictRate: mvccConflicts / 50 };
}

async function main(): Promise<void> {
  const fabric = await fabricWorld();
  const evm = await evmWorld();
  try {
    await onboard(fabric);
    await onboard(evm);
    await story(fabric);
    const different = await conflicts(fabric, false);
    const same = await conflicts(fabric, true);
    const writes = {
      fabricGatewayTestServer: { oneAtATime: await writesPerSecond(fabric, false), concurrent: await writesPerSecond(fabric, true) },
      embeddedEvm: { oneAtATime: await writesPerSecond(evm, false), concurrent: await writesPerSecond(evm, true) },
    };
    const perFunction = Object.fromEntries(
      [...simulations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([fn, s]) => [fn, { calls: s.ms.length, medianMs: round(median(s.ms), 2), keysRead: s.keysRead, rangeQueries: s.rangeQueries, keysWritten: s.keysWritten }]),
    );
    const out = {
      note: "The gateway test server is a test double of a Fabric peer (real gRPC, in-memory world state, one process): not a real network's figures. Keys are the largest read and write sets seen per function.",
      node: process.version,
      ops: OPS,
      mvcc: { differentVouchers: different, sameVoucher: same },
      writesPerSecond: writes,
      chaincode: perFunction,
    };
    mkdirSync("bench", { recursive: true });
    writeFileSync("bench/fabric.json", `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify({ mvcc: out.mvcc, writesPerSecond: writes }, null, 2)}\n`);
  } finally {
    await fabric.close();
    await evm.close();
  }
}

test("bench:fabric", async () => {
  await main();
  expect(simulations.size).toBeGreaterThan(10);
});
