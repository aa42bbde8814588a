/**
 * The whole platform (database, vault, indexer, HTTP API, seeded cast) started with SCF_LEDGER=fabric against
 * the gateway test server, with the peer and the enroller at hand for the tests that look at them.
 */
import type { ServerOptions } from "../../../api/src/server";
import { testApi, type TestApi } from "../../helpers/api";
import { onFabricNetwork, type TestCaEnroller } from "./fabric-network";
import type { GatewayTestServer } from "./gateway-server";

export { TestCaEnroller } from "./fabric-network";

export interface FabricPlatform {
  api: TestApi;
  peer: GatewayTestServer;
  enroller: TestCaEnroller;
  close(): Promise<void>;
}

export async function fabricPlatform(options: Partial<ServerOptions> = {}): Promise<FabricPlatform> {
  const { started, network, close } = await onFabricNetwork((n) => testApi(options, n.ledger));
  return { api: started, peer: network.peer, enroller: network.enroller, close };
}
