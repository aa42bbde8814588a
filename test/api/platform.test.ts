import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, readConfig, type Config } from "../../api/src/config";
import { SUITE } from "../../chain/evm/suite";
import { openPlatform } from "../../api/src/platform";
import { PrismaProjectionReader } from "../../api/src/indexer/indexer.repository";
import { reconcile } from "../../api/src/indexer/reconcile";
import { testDatabase } from "../helpers/database";
import { h } from "../helpers/ledger-story";

const ADDRESS = "0x00000000000000000000000000000000000000aa";
const CONTRACTS = Object.fromEntries(SUITE.map((name) => [name, ADDRESS]));

describe("configuration from the environment", () => {
  it("when nothing is set, then the embedded chain and PGlite in ./data on port 8080", () => {
    const c = readConfig({});
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe(path.resolve("./data"));
    expect(c.database).toEqual({ kind: "pglite", dataDir: path.resolve("./data/pglite"), thread: true });
    expect(readConfig({ SCF_PGLITE_THREAD: "0" }).database).toMatchObject({ kind: "pglite", thread: false });
    expect(c.chain).toMatchObject({ mode: "embedded", dataDir: path.resolve("./data") });
  });

  it("when DATABASE_URL and CHAIN_RPC_URL are set, then the server and the external chain", () => {
    const c = readConfig({
      DATABASE_URL: "postgresql://u@db:5432/scf",
      CHAIN_RPC_URL: "http://besu:8545",
      CHAIN_ID: "1337",
      CHAIN_CONFIRMATIONS: "2",
      CHAIN_GAS_PRICE: "0",
      SCF_DATA_DIR: "/var/lib/scf",
    });
    expect(c.database).toMatchObject({ kind: "postgres", url: "postgresql://u@db:5432/scf" });
    expect(c.chain).toMatchObject({ mode: "external", rpcUrl: "http://besu:8545", chainId: 1337n, confirmations: 2, gasPrice: 0n });
  });

  it.each([
    ["PORT", "eighty"],
    ["CHAIN_CONFIRMATIONS", "-1"],
    ["DATABASE_URL", "mysql://x"],
    ["CHAIN_ID", "0"],
    ["CHAIN_RPC_URL", "ftp://x:8545"],
    ["CHAIN_CONTRACTS", "{not json"],
    ["CHAIN_CONTRACTS", JSON.stringify({ ...CONTRACTS, Vouchers: "0x1234" })],
    ["CHAIN_CONTRACTS", JSON.stringify({ ...CONTRACTS, Settlement: undefined })],
    ["CHAIN_CONTRACTS", JSON.stringify({ ...CONTRACTS, Extra: ADDRESS })],
    ["SCF_SEED", "yes"],
    ["SCF_JOB_INTERVAL_MS", "5"],
    ["DATABASE_POOL_SIZE", "0"],
    ["SCF_METRICS_ALLOW", "10.0.0.1,not-an-address"],
  ])("when %s is %s, then start-up stops with a ConfigError naming it, and not the value", (name, value) => {
    const env: Record<string, string> = { [name]: value };
    if (name.startsWith("CHAIN_") && name !== "CHAIN_RPC_URL") env.CHAIN_RPC_URL = "http://x:8545";
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(name);
    expect(() => readConfig({ ...env, DATABASE_URL: "mysql://u:hunter2@db/scf" })).not.toThrow("hunter2");
  });

  it("when CHAIN_CONTRACTS names every contract of the suite, then the external chain is given those addresses", () => {
    const c = readConfig({ CHAIN_RPC_URL: "http://besu:8545", CHAIN_CONTRACTS: JSON.stringify(CONTRACTS) });
    expect(c.chain).toMatchObject({ mode: "external", contracts: CONTRACTS });
  });

  it("when SCF_SEED is 0, then the first start loads no demo cast; unset or empty, it does on the embedded default", () => {
    expect(readConfig({ SCF_SEED: "0" }).seed).toBe(false);
    expect(readConfig({ SCF_SEED: "" }).seed).toBe(true);
    expect(readConfig({}).seed).toBe(true);
    expect(readConfig({}).jobIntervalMs).toBe(1000);
    expect(readConfig({ SCF_JOB_INTERVAL_MS: "250" }).jobIntervalMs).toBe(250);
    expect(readConfig({}).metricsAllow).toEqual([]);
    expect(readConfig({ SCF_METRICS_ALLOW: " 10.1.2.3, ::1 " }).metricsAllow).toEqual(["10.1.2.3", "::1"]);
  });

  it.each([
    ["a database server", { DATABASE_URL: "postgresql://u@db:5432/scf" }],
    ["an external chain", { CHAIN_RPC_URL: "http://besu:8545" }],
  ])("when the platform runs on %s, then the demo cast with its published passwords is loaded only if SCF_SEED=1", (_, env) => {
    expect(readConfig(env).seed).toBe(false);
    expect(readConfig({ ...env, SCF_SEED: "" }).seed).toBe(false);
    expect(readConfig({ ...env, SCF_SEED: "1" }).seed).toBe(true);
  });
});

describe("closing the platform", () => {
  it("when the chain fails to close, then the database is closed all the same and the failure is reported", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "scf-close-"));
    const tdb = await testDatabase();
    const config: Config = { ...readConfig({ SCF_DATA_DIR: dir }), database: tdb.config, masterKey: "44".repeat(32) };
    const platform = await openPlatform(config, { info: () => undefined, warn: () => undefined });
    const failure = new Error("the chain would not close");
    const closeChain = platform.ledger.close.bind(platform.ledger);
    platform.ledger.close = async () => {
      await closeChain();
      throw failure;
    };
    try {
      await expect(platform.close()).rejects.toBe(failure);
      await expect(platform.db.prisma.organisation.count()).rejects.toThrow();
    } finally {
      await tdb.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the platform across a restart", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "scf-platform-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("when started twice on the same data directory, then the second start keeps the accounts, contracts and checkpoint", async () => {
    const tdb = await testDatabase();
    const config: Config = { ...readConfig({ SCF_DATA_DIR: dataDir }), database: tdb.config };
    const log = { lines: [] as string[], info: (m: string) => log.lines.push(`info ${m}`), warn: (m: string) => log.lines.push(`warn ${m}`) };
    if (tdb.config.kind === "postgres") config.masterKey = "33".repeat(32);

    const first = await openPlatform(config, log);
    expect(log.lines.some((l) => l.startsWith("info Deployed"))).toBe(true);
    const { operator } = first.accounts;
    await first.ledger.participants.register(operator, { account: first.accounts.deployer, roles: ["bank"], usccHash: h("b"), kycHash: h("k") });
    await first.ledger.cash.designateSettlementBank(first.accounts.regulator, first.accounts.deployer);
    await first.ledger.cash.mint(first.accounts.deployer, first.accounts.regulator, 5n, h("d"));
    await first.indexer.catchUp();
    const checkpoint = await first.db.prisma.indexerCheckpoint.findUnique({ where: { id: 1 } });
    const events = await first.db.prisma.ledgerEvent.count();
    await first.close();

    log.lines.length = 0;
    const second = await openPlatform(config, log);
    try {
      expect(second.accounts).toEqual(first.accounts);
      expect(second.deployment).toEqual(first.deployment);
      expect(log.lines.some((l) => l.startsWith("info Deployed"))).toBe(false);
      expect(log.lines.some((l) => /Replayed \d+ blocks/.test(l))).toBe(true);
      expect(await second.db.prisma.indexerCheckpoint.findUnique({ where: { id: 1 } })).toMatchObject({
        blockNumber: checkpoint!.blockNumber,
        blockHash: checkpoint!.blockHash,
      });
      expect(await second.db.prisma.ledgerEvent.count()).toBe(events);
      expect(await second.ledger.cash.balanceOf(second.accounts.regulator)).toBe(5n);
      expect(await reconcile(second.ledger, new PrismaProjectionReader(second.db.prisma))).toEqual([]);
    } finally {
      await second.close();
      await tdb.destroy();
    }
  });
});
