/**
 * The Fabric network a test platform starts on: the gateway test server (the test double of a peer we cannot run
 * here) and the throwaway CA, which enrols each organisation the first time the platform needs it, as Fabric CA
 * would. Kept apart from the platform itself so that test/helpers/api.ts can start either ledger.
 */
import "./quiet-logs";
import { readConfig } from "../../../api/src/config";
import type { PlatformOptions } from "../../../api/src/platform";
import type { ChainConfig } from "../../../chain/connect";
import type { FabricEnroller, FabricIdentity } from "../../../chain/fabric/identities";
import type { Account, Role } from "../../../chain/ledger";
import { enrol, MSP, testCa } from "./fixture";
import { CHAINCODE, CHANNEL } from "./gateway-fixture";
import { GatewayTestServer } from "./gateway-server";

/** Enrols with the test CA, as a Fabric CA registrar would: the account and the roles as certificate attributes. */
export class TestCaEnroller implements FabricEnroller {
  /** Every enrolment asked for, in order: account and roles. */
  readonly enrolled: { account: Account; roles: readonly Role[] }[] = [];

  async enrol(account: Account, roles: readonly Role[]): Promise<FabricIdentity> {
    this.enrolled.push({ account, roles });
    const ca = await testCa();
    return ca.enrol(`org-${account.slice(2, 12).toLowerCase()}`, { "scf.account": account.toLowerCase(), "scf.roles": roles.join(",") });
  }
}

export interface FabricTestNetwork {
  peer: GatewayTestServer;
  enroller: TestCaEnroller;
  /** What the test platform is started with. */
  ledger: { chain: (dataDir: string) => ChainConfig; platform: PlatformOptions };
  stop(): void;
}

export async function fabricTestNetwork(): Promise<FabricTestNetwork> {
  const ca = await testCa();
  const peer = await GatewayTestServer.start({ channel: CHANNEL, chaincode: CHAINCODE, msps: { [MSP]: ca.certificate }, peerIdentity: await enrol("peer0", "") });
  const enroller = new TestCaEnroller();
  return {
    peer,
    enroller,
    ledger: {
      // The settings as an operator would give them in the environment, read by the platform's own configuration.
      chain: (dataDir) =>
        readConfig({
          SCF_DATA_DIR: dataDir,
          SCF_LEDGER: "fabric",
          FABRIC_GATEWAY_ENDPOINT: peer.endpoint,
          FABRIC_MSP_ID: MSP,
          FABRIC_CHANNEL: CHANNEL,
          FABRIC_CHAINCODE: CHAINCODE,
        }).chain,
      platform: { fabricEnroller: enroller },
    },
    stop: () => peer.stop(),
  };
}

/** Starts what `start` builds on a new network: the network stops with it, or at once when it fails to start. */
export async function onFabricNetwork<T extends { close(): Promise<void> }>(
  start: (network: FabricTestNetwork) => Promise<T>,
): Promise<{ started: T; network: FabricTestNetwork; close: () => Promise<void> }> {
  const network = await fabricTestNetwork();
  try {
    const started = await start(network);
    return {
      started,
      network,
      close: async () => {
        try {
          await started.close();
        } finally {
          network.stop();
        }
      },
    };
  } catch (e) {
    network.stop();
    throw e;
  }
}
