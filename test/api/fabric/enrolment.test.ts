/**
 * The platform enrolling its own Fabric identities with Fabric CA (FABRIC_CA_URL, FABRIC_CA_REGISTRAR_DIR):
 * on the first start the operator's and the regulator's, with no administrator's step; start-up errors when
 * the registrar's enrolment is missing. The CA and the peer are test doubles (test/fabric/support/).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, readConfig, type Config } from "../../../api/src/config";
import { openPlatform } from "../../../api/src/platform";
import { StartupError } from "../../../api/src/startup-error";
import { certificateAttributes } from "../../../chain/fabric/certificate-attributes";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { ignore } from "../../helpers/quiet";
import { ifOpened } from "../../helpers/teardown";
import { FabricCaTestServer } from "../../fabric/support/fabric-ca-server";
import { enrol, MSP, testCa } from "../../fabric/support/fixture";
import { CHAINCODE, CHANNEL } from "../../fabric/support/gateway-fixture";
import { GatewayTestServer } from "../../fabric/support/gateway-server";

const quiet = { info: ignore, warn: ignore };
const dir = mkdtempSync(path.join(tmpdir(), "scf-fabric-ca-"));
const registrarDir = path.join(dir, "registrar");
let peer: GatewayTestServer;
let ca: FabricCaTestServer;
let tdb: TestDatabase;

const env = (extra: Record<string, string> = {}) => ({
  SCF_LEDGER: "fabric",
  FABRIC_GATEWAY_ENDPOINT: peer.endpoint,
  FABRIC_MSP_ID: MSP,
  FABRIC_CHANNEL: CHANNEL,
  FABRIC_CHAINCODE: CHAINCODE,
  FABRIC_CA_URL: ca.url,
  FABRIC_CA_REGISTRAR_DIR: registrarDir,
  SCF_DATA_DIR: dir,
  SCF_MASTER_KEY: "77".repeat(32),
  ...extra,
});
const config = (extra?: Record<string, string>): Config => ({ ...readConfig(env(extra)), database: tdb.config });

beforeAll(async () => {
  const root = await testCa();
  ca = await FabricCaTestServer.start(root);
  peer = await GatewayTestServer.start({ channel: CHANNEL, chaincode: CHAINCODE, msps: { [MSP]: root.certificate }, peerIdentity: await enrol("peer0", "") });
  tdb = await testDatabase();
});
afterAll(async () => {
  ifOpened(peer)?.stop();
  await ifOpened(ca)?.stop();
  await ifOpened(tdb)?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("enrolling with Fabric CA", () => {
  it("when FABRIC_CA_URL is set without the registrar, then start-up stops naming FABRIC_CA_REGISTRAR_DIR", () => {
    expect(() => readConfig({ ...env(), FABRIC_CA_REGISTRAR_DIR: "" })).toThrow(
      new ConfigError("FABRIC_CA_REGISTRAR_DIR is required with FABRIC_CA_URL: the MSP folder of the CA registrar's enrolment"),
    );
    expect(readConfig(env({ FABRIC_CA_NAME: "ca-org1" })).chain).toMatchObject({ ca: { url: ca.url, caName: "ca-org1", registrarDir } });
  });

  it("when the registrar's folder holds no enrolment, then start-up says where to enrol it", async () => {
    const e = await openPlatform(config(), quiet).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StartupError);
    expect((e as Error).message).toBe(`FABRIC_CA_REGISTRAR_DIR (${registrarDir}) holds no enrolment: enrol the CA's registrar there with fabric-ca-client enroll -M`);
  });

  it("when the registrar is enrolled, then the first start enrols the operator and the regulator itself and initialises the chaincode", async () => {
    const admin = await (await testCa()).enrol("admin", {});
    mkdirSync(path.join(registrarDir, "signcerts"), { recursive: true });
    mkdirSync(path.join(registrarDir, "keystore"), { recursive: true });
    writeFileSync(path.join(registrarDir, "signcerts", "cert.pem"), admin.certificate);
    writeFileSync(path.join(registrarDir, "keystore", "priv_sk"), admin.privateKey);

    const platform = await openPlatform(config(), quiet);
    try {
      const { operator, regulator } = platform.accounts;
      expect([...ca.identities.keys()].sort()).toEqual([`scf-${operator.toLowerCase()}`, `scf-${regulator.toLowerCase()}`].sort());
      const held = await platform.db.prisma.fabricIdentity.findUnique({ where: { account: operator } });
      expect(certificateAttributes(held!.certificate)).toMatchObject({ "scf.account": operator.toLowerCase(), "scf.roles": "operator" });
      expect(await platform.ledger.participants.get(regulator)).toMatchObject({ status: "active", roles: ["regulator"] });
    } finally {
      await platform.close();
    }
  });
});
