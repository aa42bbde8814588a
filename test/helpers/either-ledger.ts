/**
 * What differs between the two ledgers a route test may run on: the embedded chain, or the Fabric gateway test
 * double when SCF_TEST_LEDGER=fabric (npm run test:fabric-api). A test states the same story for both through these.
 */
import { expect, vi } from "vitest";
import { CHAINCODE } from "../fabric/support/gateway-fixture";
import type { TestApi } from "./api";

/** Whether the platform under test runs on the Fabric ledger. */
export const onFabric = (api: TestApi): boolean => api.platform.deployment.chainId.startsWith("fabric:");

/** A ledger transaction id: an EVM transaction hash is 0x and 32 bytes of hex; a Fabric transaction id is the same without 0x. */
export const txIdPattern = (api: TestApi): RegExp => (onFabric(api) ? /^[0-9a-f]{64}$/ : /^0x[0-9a-f]{64}$/);

/** An asymmetric matcher for a ledger transaction id, for toMatchObject and toEqual. */
export const txId = (api: TestApi): unknown => expect.stringMatching(txIdPattern(api));

/**
 * The emitter an event names: on the embedded chain the suite's contract (Vouchers, Financing, …); on Fabric the one
 * chaincode that holds them all, so the audit's `contract` filter selects every event there.
 */
export const emitter = (api: TestApi, contract: string): string => (onFabric(api) ? CHAINCODE : contract);

/**
 * Moves the ledger's time `seconds` forward. The embedded chain mines a block there. Fabric's chaincode takes its
 * time from the proposals, which carry the client's clock, so the process's Date moves instead (vitest's fake Date,
 * still advancing with real time); access tokens expire by that clock, and testApi's `as` signs in again when one has.
 * Each test file runs in a process of its own, so the moved Date ends with the file.
 */
export async function travel(api: TestApi, seconds: number): Promise<void> {
  const clock = api.platform.ledger.clock;
  if (clock.canTravel) {
    await clock.advance(seconds);
    return;
  }
  if (!onFabric(api)) throw new Error("This ledger's clock cannot be moved");
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(Date.now() + seconds * 1000);
}
