/**
 * The Fabric ledger adapter against the gateway test server, over real gRPC on a local port: the cast of
 * ./fixture enrolled by the throwaway CA, every organisation registered through the port, the settlement bank
 * designated. Proposals carry the client's clock, so tests move time with vitest's fake Date (no timers faked).
 */
import { getAddress } from "ethers";
import { vi } from "vitest";
import { FabricLedger } from "../../../chain/fabric/fabric-ledger";
import { StaticFabricKeyRing } from "../../../chain/fabric/identities";
import type { Role } from "../../../chain/ledger";
import { bytes32, enrol, enrolCast, members, MSP, START, testCa, type Cast } from "./fixture";
import { GatewayTestServer } from "./gateway-server";

export const CHANNEL = "scf";
export const CHAINCODE = "scf-ledger";

const ROLES: Partial<Record<keyof Cast, Role[]>> = {
  core: ["core"],
  tier1: ["supplier"],
  tier2: ["supplier"],
  tier3: ["supplier"],
  bank: ["bank"],
  bank2: ["bank"],
  cashBank: ["bank"],
};

export interface GatewayWorld {
  server: GatewayTestServer;
  ledger: FabricLedger;
  cast: Cast;
  /** Each cast member's checksummed account, as the port reports it. */
  accounts: Record<keyof Cast, string>;
  close(): Promise<void>;
}

/** Sets the client's clock (the proposals' timestamp) to `seconds`. */
export const setClock = (seconds: bigint): void => {
  vi.setSystemTime(new Date(Number(seconds) * 1000));
};

export async function startServer(): Promise<{ server: GatewayTestServer; cast: Cast }> {
  const cast = await enrolCast();
  const ca = await testCa();
  const peer = await enrol("peer0", "");
  const server = await GatewayTestServer.start({ channel: CHANNEL, chaincode: CHAINCODE, msps: { [MSP]: ca.certificate }, peerIdentity: peer });
  return { server, cast };
}

export function connectLedger(endpoint: string, cast: Cast): FabricLedger {
  const keys = new StaticFabricKeyRing();
  for (const who of members(cast)) keys.add(who.account, who);
  return new FabricLedger({ endpoint, channel: CHANNEL, chaincode: CHAINCODE, keys, reader: cast.operator.account, mspId: MSP, timeoutMs: 10_000 });
}

/** A ledger with the genesis done, everyone registered and the settlement bank designated. */
export async function gatewayWorld(): Promise<GatewayWorld> {
  vi.useFakeTimers({ toFake: ["Date"] });
  setClock(START);
  const { server, cast } = await startServer();
  const ledger = connectLedger(server.endpoint, cast);
  const accounts = Object.fromEntries((Object.keys(cast) as (keyof Cast)[]).map((k) => [k, getAddress(cast[k].account)])) as Record<keyof Cast, string>;
  const { operator, regulator } = accounts;
  await ledger.gateway.submit(operator, "Genesis:init", [regulator, MSP]);
  for (const [name, roles] of Object.entries(ROLES) as [keyof Cast, Role[]][]) {
    await ledger.participants.register(operator, { account: accounts[name], roles, usccHash: bytes32(`uscc ${name}`), kycHash: bytes32(`kyc ${name}`) });
  }
  await ledger.cash.designateSettlementBank(regulator, accounts.cashBank);
  return {
    server,
    ledger,
    cast,
    accounts,
    close: async () => {
      await ledger.close();
      server.stop();
      vi.useRealTimers();
    },
  };
}
