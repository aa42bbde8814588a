/**
 * Enrolment through Fabric CA's REST API (chain/fabric/fabric-ca.ts) against a test double of the CA over real
 * HTTP: register with the registrar's token, update when the identity exists, enrol with a signing request;
 * and the certificate it gets signs for the organisation on the chaincode through the gateway test server.
 */
import "./support/quiet-logs";
import { getAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificateAttributes, keyMatchesCertificate } from "../../chain/fabric/certificate-attributes";
import { FabricCaEnroller } from "../../chain/fabric/fabric-ca";
import { FabricLedger } from "../../chain/fabric/fabric-ledger";
import { StaticFabricKeyRing } from "../../chain/fabric/identities";
import { bytes32, enrol, MSP, testCa } from "./support/fixture";
import { FabricCaTestServer } from "./support/fabric-ca-server";
import { CHAINCODE, CHANNEL } from "./support/gateway-fixture";
import { GatewayTestServer } from "./support/gateway-server";

const ACCOUNT = getAddress("0x00000000000000000000000000000000000c0de1");
let ca: FabricCaTestServer;
let enroller: FabricCaEnroller;

beforeAll(async () => {
  const root = await testCa();
  ca = await FabricCaTestServer.start(root);
  const admin = await root.enrol("admin", { "hf.Registrar.Roles": "client", "hf.Registrar.Attributes": "scf.*" });
  enroller = new FabricCaEnroller({ url: ca.url, mspId: MSP, registrar: admin });
});
afterAll(() => ca.stop());

describe("enrolment with Fabric CA", () => {
  it("when an account is enrolled, then its certificate carries the account and roles, and matches the key the platform keeps", async () => {
    const id = await enroller.enrol(ACCOUNT, ["core"]);
    expect(id.mspId).toBe(MSP);
    expect(certificateAttributes(id.certificate)).toMatchObject({ "scf.account": ACCOUNT.toLowerCase(), "scf.roles": "core", "hf.EnrollmentID": `scf-${ACCOUNT.toLowerCase()}` });
    expect(keyMatchesCertificate(id.certificate, id.privateKey)).toBe(true);
    expect(ca.requests).toEqual(["POST /api/v1/register", "POST /api/v1/enroll"]);
  });

  it("when it is enrolled again with more roles, then the identity is updated, not registered twice, and the new certificate grants them", async () => {
    ca.requests.length = 0;
    const id = await enroller.enrol(ACCOUNT, ["bank", "core"]);
    expect(certificateAttributes(id.certificate)["scf.roles"]).toBe("bank,core");
    expect(ca.requests).toEqual(["POST /api/v1/register", "PUT /api/v1/identities/scf-0x00000000000000000000000000000000000c0de1", "POST /api/v1/enroll"]);
    expect(ca.identities.size).toBe(1);
  });

  it("when the registrar is not the CA's admin, then the CA's refusal is the error, and nothing is registered", async () => {
    const stranger = await (await testCa()).enrol("not-the-admin", {});
    const other = new FabricCaEnroller({ url: ca.url, mspId: MSP, registrar: stranger });
    await expect(other.enrol(getAddress("0x00000000000000000000000000000000000c0de2"), ["supplier"])).rejects.toMatchObject({
      code: "SIGNER_UNKNOWN",
      message: "Fabric CA refused to register the identity: Authentication failure",
    });
    expect(ca.identities.size).toBe(1);
  });

  it("when the CA does not answer, then CHAIN_UNAVAILABLE", async () => {
    const admin = await (await testCa()).enrol("admin", {});
    const away = new FabricCaEnroller({ url: "http://127.0.0.1:1", mspId: MSP, registrar: admin });
    await expect(away.enrol(ACCOUNT, ["core"])).rejects.toMatchObject({ code: "CHAIN_UNAVAILABLE", retryable: true });
  });

  it("when the enrolled identity signs on the chaincode, then the peer accepts it as the organisation, in its roles", async () => {
    const operator = await enrol("operator", "operator");
    const peer = await GatewayTestServer.start({ channel: CHANNEL, chaincode: CHAINCODE, msps: { [MSP]: (await testCa()).certificate }, peerIdentity: await enrol("peer0", "") });
    const keys = new StaticFabricKeyRing();
    keys.add(operator.account, operator);
    keys.add(ACCOUNT, await enroller.enrol(ACCOUNT, ["core"]));
    const ledger = new FabricLedger({ endpoint: peer.endpoint, channel: CHANNEL, chaincode: CHAINCODE, keys, reader: operator.account, mspId: MSP });
    try {
      await ledger.gateway.submit(operator.account, "Genesis:init", [(await enrol("regulator", "regulator")).account, MSP]);
      await ledger.participants.register(operator.account, { account: ACCOUNT, roles: ["core"], usccHash: bytes32("uscc"), kycHash: bytes32("kyc") });
      const rules = await ledger.rules.rulesOf(ACCOUNT);
      await ledger.rules.setRules(ACCOUNT, { ...rules, invoicesRequired: false });
      expect((await ledger.rules.rulesOf(ACCOUNT)).invoicesRequired).toBe(false);
    } finally {
      await ledger.close();
      peer.stop();
    }
  });
});
