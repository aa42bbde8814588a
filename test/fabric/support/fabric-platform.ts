/**
 * The whole platform (database, vault, indexer, HTTP API, seeded cast) started with SCF_LEDGER=fabric against
 * the gateway test server: the test double of a peer we cannot run here. Organisations' identities come from
 * the throwaway CA, enrolled the first time the platform needs each one, as Fabric CA would enrol them.
 */
import "./quiet-logs";
import { readConfig } from "../../../api/src/config";
import type { FabricEnroller, FabricIdentity } from "../../../chain/fabric/identities";
import type { Account, Role } from "../../../chain/ledger";
import type { ServerOptions } from "../../../api/src/server";
import { testApi, type TestApi } from "../../helpers/api";
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

export interface FabricPlatform {
  api: TestApi;
  peer: GatewayTestServer;
  enroller: TestCaEnroller;
  close(): Promise<void>;
}

export async function fabricPlatform(options: Partial<ServerOptions> = {}): Promise<FabricPlatform> {
  const ca = await testCa();
  const peer = await GatewayTestServer.start({ channel: CHANNEL, chaincode: CHAINCODE, msps: { [MSP]: ca.certificate }, peerIdentity: await enrol("peer0", "") });
  const enroller = new TestCaEnroller();
  try {
    const api = await testApi(
      options,
      {
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
    );
    return {
      api,
      peer,
      enroller,
      async close() {
        try {
          await api.close();
        } finally {
          peer.stop();
        }
      },
    };
  } catch (e) {
    peer.stop();
    throw e;
  }
}
