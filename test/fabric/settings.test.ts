import { describe, expect, test } from "vitest";
import { fabricSettingsFromEnv, FabricSettingsError } from "../../chain/fabric/settings";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const files = new Map([
  ["/tls/ca.pem", PEM],
  ["/tls/key.pem", "-----BEGIN PRIVATE KEY-----\nsecret\n"],
]);
const read = (p: string) => {
  const f = files.get(p);
  if (f === undefined) throw new Error("ENOENT");
  return f;
};
const base = { FABRIC_GATEWAY_ENDPOINT: "peer0.org1.example.com:7051", FABRIC_MSP_ID: "Org1MSP" };

describe("Fabric settings from the environment", () => {
  test("the defaults, and a TLS root read from its file", () => {
    expect(fabricSettingsFromEnv(base, read)).toEqual({ ...{ endpoint: base.FABRIC_GATEWAY_ENDPOINT, mspId: "Org1MSP" }, channel: "scf", chaincode: "scf-ledger", tlsRootCert: undefined, tlsHostOverride: undefined });
    const s = fabricSettingsFromEnv({ ...base, FABRIC_TLS_CERT: "/tls/ca.pem", FABRIC_TLS_HOST: "peer0", FABRIC_CHANNEL: "mychannel", FABRIC_CHAINCODE: "scf" }, read);
    expect(s).toMatchObject({ tlsRootCert: PEM, tlsHostOverride: "peer0", channel: "mychannel", chaincode: "scf" });
  });

  test.each([
    [{ FABRIC_MSP_ID: "Org1MSP" }, "FABRIC_GATEWAY_ENDPOINT"],
    [{ ...base, FABRIC_GATEWAY_ENDPOINT: "https://peer0:7051" }, "FABRIC_GATEWAY_ENDPOINT"],
    [{ FABRIC_GATEWAY_ENDPOINT: "peer0:7051" }, "FABRIC_MSP_ID"],
    [{ ...base, FABRIC_CHANNEL: "My Channel" }, "FABRIC_CHANNEL"],
    [{ ...base, FABRIC_CHAINCODE: "" }, "FABRIC_CHAINCODE"],
    [{ ...base, FABRIC_TLS_CERT: "/tls/missing.pem" }, "FABRIC_TLS_CERT"],
    [{ ...base, FABRIC_TLS_CERT: "/tls/key.pem" }, "FABRIC_TLS_CERT"],
  ])("refuses %j, naming %s and never a value", (env, variable) => {
    let error: unknown;
    try {
      fabricSettingsFromEnv(env, read);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FabricSettingsError);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).not.toContain("secret");
    expect((error as Error).message).not.toContain("/tls/");
  });
});
