/**
 * The whole platform (database, vault, indexer, HTTP API, seeded cast) started with SCF_LEDGER=fabric against
 * the gateway test server, with the peer and the enroller at hand for the tests that look at them.
 */
import type { ServerOptions } from "../../../api/src/server";
import { testApi, type TestApi } from "../../helpers/api";
import { fabricTestNetwork, type TestCaEnroller } from "./fabric-network";
import type { GatewayTestServer } from "./gateway-server";

export { TestCaEnroller } from "./fabric-network";

export interface FabricPlatform {
  api: TestApi;
  peer: GatewayTestServer;
  enroller: TestCaEnroller;
  close(): Promise<void>;
}

export async function fabricPlatform(options: Partial<ServerOptions> = {}): Promise<FabricPlatform> {
  const network = await fabricTestNetwork();
  try {
    const api = await testApi(options, network.ledger);
    return {
      api,
      peer: network.peer,
      enroller: network.enroller,
      async close() {
        try {
          await api.close();
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
