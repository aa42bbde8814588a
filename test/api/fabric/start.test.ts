/**
 * Starting the platform on Fabric (SCF_LEDGER=fabric): the settings it reads and refuses, the identities it
 * needs before it touches the ledger, a peer that does not answer, and a second start that picks up where the
 * first stopped (no second genesis, no second enrolment). The peer is the gateway test server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, readConfig, type Config } from "../../../api/src/config";
import { FabricIdentityRepository } from "../../../api/src/keys/fabric-identity.repository";
import { VaultFabricIdentities } from "../../../api/src/keys/fabric-identities";
import { openPlatform } from "../../../api/src/platform";
import { StartupError } from "../../../api/src/startup-error";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { ignore } from "../../helpers/quiet";
import { ifOpened } from "../../helpers/teardown";
import { TestCaEnroller } from "../../fabric/support/fabric-platform";
import { enrol, MSP, testCa } from "../../fabric/support/fixture";
import { CHAINCODE, CHANNEL } from "../../fabric/support/gateway-fixture";
import { GatewayTestServer } from "../../fabric/support/gateway-server";

const FABRIC = { SCF_LEDGER: "fabric", FABRIC_GATEWAY_ENDPOINT: "peer0.org1.example.com:7051", FABRIC_MSP_ID: MSP };
const quiet = { info: ignore, warn: ignore };

describe("the Fabric settings", () => {
  it("when SCF_LEDGER=fabric, then the chain is Fabric with the gateway, channel, chaincode and identities directory", () => {
    const c = readConfig({ ...FABRIC, FABRIC_CHANNEL: "mychannel", FABRIC_IDENTITIES_DIR: "ids", SCF_MASTER_KEY: "11".repeat(32) });
    expect(c.chain).toMatchObject({
      mode: "fabric",
      fabric: { endpoint: "peer0.org1.example.com:7051", mspId: MSP, channel: "mychannel", chaincode: "scf-ledger" },
      identitiesDir: path.resolve("ids"),
    });
    // The demo cast's published passwords never go onto a network someone else runs, unless asked.
    expect(c.seed).toBe(false);
  });

  it.each([
    [{ SCF_LEDGER: "besu" }, "SCF_LEDGER must be evm or fabric"],
    [{ SCF_LEDGER: "fabric", FABRIC_MSP_ID: MSP }, "FABRIC_GATEWAY_ENDPOINT must be host:port"],
    [{ ...FABRIC, FABRIC_MSP_ID: "" }, "FABRIC_MSP_ID is required"],
    [{ ...FABRIC, FABRIC_TLS_CERT: "/nowhere/tls-ca.pem" }, "FABRIC_TLS_CERT names a file that cannot be read"],
    [{ ...FABRIC, CHAIN_RPC_URL: "http://127.0.0.1:8545" }, "CHAIN_RPC_URL is for an EVM ledger; unset it with SCF_LEDGER=fabric"],
    [{ FABRIC_GATEWAY_ENDPOINT: "peer0:7051" }, "FABRIC_GATEWAY_ENDPOINT is set, but SCF_LEDGER is not fabric: set SCF_LEDGER=fabric to start on Fabric"],
  ])("when the environment is %j, then start-up stops with “%s”", (env, message) => {
    expect(() => readConfig(env)).toThrow(new ConfigError(message));
  });
});

describe("starting on Fabric", () => {
  let peer: GatewayTestServer;
  let tdb: TestDatabase;
  const dataDir = mkdtempSync(path.join(tmpdir(), "scf-fabric-start-"));
  const config = (endpoint: string, extra: Record<string, string> = {}): Config => ({
    ...readConfig({ ...FABRIC, FABRIC_GATEWAY_ENDPOINT: endpoint, FABRIC_CHANNEL: CHANNEL, FABRIC_CHAINCODE: CHAINCODE, SCF_DATA_DIR: dataDir, SCF_MASTER_KEY: "66".repeat(32), ...extra }),
    database: tdb.config,
  });

  beforeAll(async () => {
    tdb = await testDatabase();
    peer = await GatewayTestServer.start({ channel: CHANNEL, chaincode: CHAINCODE, msps: { [MSP]: (await testCa()).certificate }, peerIdentity: await enrol("peer0", "") });
  });
  afterAll(async () => {
    ifOpened(peer)?.stop();
    await ifOpened(tdb)?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("when no identity is held for the operator, then start-up says which account to enrol and where, before touching the ledger", async () => {
    const blocks = peer.ledger.blocks.length;
    const e = await openPlatform(config(peer.endpoint), quiet).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StartupError);
    expect((e as Error).message).toMatch(
      /^no Fabric identity for the operator \((0x[0-9a-fA-F]{40})\): enrol one with scripts\/fabric\/enrol-identity\.sh \1 operator and set FABRIC_IDENTITIES_DIR to the directory it went into, then start again$/,
    );
    const inDir = await openPlatform(config(peer.endpoint, { FABRIC_IDENTITIES_DIR: path.join(dataDir, "ids") }), quiet).catch((x: unknown) => x);
    expect((inDir as Error).message).toContain(`into ${path.join(dataDir, "ids")}${path.sep}0x`);
    expect(peer.ledger.blocks).toHaveLength(blocks);
  });

  it("when the peer does not answer, then CHAIN_UNAVAILABLE, and nothing is left open", async () => {
    const own = await testDatabase();
    try {
      const e = await openPlatform({ ...config("127.0.0.1:1"), database: own.config }, quiet, { fabricEnroller: new TestCaEnroller() }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: "CHAIN_UNAVAILABLE", retryable: true });
    } finally {
      await own.destroy();
    }
  });

  it("when started twice, then the second start finds the chaincode initialised and the identities in the vault", async () => {
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    const enroller = new TestCaEnroller();
    const first = await openPlatform(config(peer.endpoint), log, { fabricEnroller: enroller });
    const { operator, regulator } = first.accounts;
    try {
      expect(lines).toContain("Initialised the chaincode (fabric:scf/scf-ledger)");
      expect(enroller.enrolled).toEqual([
        { account: operator, roles: ["operator"] },
        { account: regulator, roles: ["regulator"] },
      ]);
      expect(await first.ledger.participants.get(regulator)).toMatchObject({ status: "active", roles: ["regulator"] });
    } finally {
      await first.close();
    }
    lines.length = 0;
    const second = await openPlatform(config(peer.endpoint), log, { fabricEnroller: enroller });
    try {
      expect(lines.filter((l) => l.startsWith("Initialised"))).toEqual([]);
      expect(enroller.enrolled).toHaveLength(2);
      expect(second.accounts).toEqual(first.accounts);
      expect(second.deployment).toEqual(first.deployment);
      // The operator's identity, opened from the vault, signs: what refuses is the chaincode's rule, not the gateway.
      await expect(second.ledger.participants.suspend(operator, regulator)).rejects.toMatchObject({ code: "PARTICIPANT_REGULATOR_RESERVED" });

      // An organisation whose roles grew is enrolled again, for all of them; one whose roles did not, is not.
      const identities = new VaultFabricIdentities(new FabricIdentityRepository(second.db.prisma), second.vault, enroller);
      const key = await second.vault.create();
      await second.db.prisma.organisation.create({ data: { name: "Grows", uscc: "91360000MA00000001", kinds: ["supplier"], roles: ["supplier"], account: key.account, sealedKey: key.sealedKey } });
      const before = await identities.identityOf(key.account);
      expect(await identities.identityOf(key.account)).toEqual(before);
      await second.db.prisma.organisation.update({ where: { account: key.account }, data: { roles: ["supplier", "bank"] } });
      const after = await identities.identityOf(key.account);
      expect(after?.certificate).not.toBe(before?.certificate);
      expect(enroller.enrolled.slice(2)).toEqual([
        { account: key.account, roles: ["supplier"] },
        { account: key.account, roles: ["bank", "supplier"] },
      ]);
      expect(await second.db.prisma.fabricIdentity.findUnique({ where: { account: key.account } })).toMatchObject({ roles: ["bank", "supplier"] });
    } finally {
      await second.close();
    }
  });

  it("when another platform (another database, another operator) starts on the same chaincode, then it is refused, saying why", async () => {
    const other = await testDatabase();
    try {
      const e = await openPlatform({ ...config(peer.endpoint), database: other.config }, quiet, { fabricEnroller: new TestCaEnroller() }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: "CONTRACTS_MISSING", retryable: false });
      expect((e as Error).message).toMatch(/^chaincode scf-ledger on channel scf was initialised by another operator than this platform's \(0x[0-9a-fA-F]{40}\): start on the database/);
    } finally {
      await other.destroy();
    }
  });
});
