/**
 * The connection settings of the Fabric ledger, from the environment: where the peer's gateway listens, the
 * TLS root that proves it is that peer, and the channel, chaincode and MSP the platform's organisations use.
 * Errors name the variable, never its value.
 */
import { readFileSync } from "node:fs";
import type { FabricConnectionOptions } from "./gateway";

export type FabricSettings = Pick<FabricConnectionOptions, "endpoint" | "tlsRootCert" | "tlsHostOverride" | "channel" | "chaincode"> & {
  mspId: string;
};

export class FabricSettingsError extends Error {}

const HOST_PORT = /^[A-Za-z0-9.-]+:[0-9]{1,5}$/;
const NAME = /^[a-z][a-z0-9.-]*$/;

export function fabricSettingsFromEnv(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): FabricSettings {
  const endpoint = env.FABRIC_GATEWAY_ENDPOINT;
  if (!endpoint || !HOST_PORT.test(endpoint)) throw new FabricSettingsError("FABRIC_GATEWAY_ENDPOINT must be host:port");
  const mspId = env.FABRIC_MSP_ID;
  if (!mspId) throw new FabricSettingsError("FABRIC_MSP_ID is required");
  const channel = env.FABRIC_CHANNEL ?? "scf";
  const chaincode = env.FABRIC_CHAINCODE ?? "scf-ledger";
  if (!NAME.test(channel)) throw new FabricSettingsError("FABRIC_CHANNEL must be a lower-case channel name");
  if (!NAME.test(chaincode)) throw new FabricSettingsError("FABRIC_CHAINCODE must be a lower-case chaincode name");
  let tlsRootCert: string | undefined;
  if (env.FABRIC_TLS_CERT) {
    try {
      tlsRootCert = readFile(env.FABRIC_TLS_CERT);
    } catch {
      throw new FabricSettingsError("FABRIC_TLS_CERT names a file that cannot be read");
    }
    if (!tlsRootCert.includes("-----BEGIN CERTIFICATE-----")) throw new FabricSettingsError("FABRIC_TLS_CERT is not a PEM certificate");
  }
  return { endpoint, mspId, channel, chaincode, tlsRootCert, tlsHostOverride: env.FABRIC_TLS_HOST || undefined };
}
