/**
 * The contract tests' fixture, in the spirit of Hardhat's `loadFixture`: each test file deploys and seeds its
 * ledger once (`seededLedger`: the usual cast registered, lines granted, cash minted), runs its own `prepare` on
 * top (a voucher to work on, say), and takes a snapshot; every test then starts from that snapshot and is
 * reverted to it afterwards, so no test sees another's writes and none pays for the setup again.
 */
import { afterEach, beforeAll, beforeEach } from "vitest";
import type { Contract, Signer } from "ethers";
import { revertTo, seededLedger, snapshot, suiteErrors, type Actors, type Ledger } from "../helpers/ledger";

/** Every actor's address, by the same names. */
export type Addresses = Record<keyof Actors, string>;

export interface Seeded {
  ledger: Ledger;
  a: Actors;
  A: Addresses;
}

/**
 * A deployed contract's address. The suite's contracts are attached by address, never through an Addressable,
 * so `target` is the address itself; anything else is a mistake in the fixture, not an address to print.
 */
export function addressOf(contract: Contract): string {
  const { target } = contract;
  if (typeof target !== "string") throw new Error("the contract is attached through an Addressable, not by its address");
  return target;
}

export async function addresses(a: Actors): Promise<Addresses> {
  const entries = await Promise.all(Object.entries(a).map(async ([k, s]) => [k, await (s as Signer).getAddress()]));
  return Object.fromEntries(entries) as Addresses;
}

/**
 * Registers the hooks of the enclosing `describe`: `prepare` receives the seeded ledger once, before the
 * snapshot, and keeps what the tests need.
 */
export function useSeededLedger(prepare: (seeded: Seeded) => Promise<void> | void): void {
  let snap: string;
  beforeAll(async () => {
    const { ledger, a } = await seededLedger();
    // Loaded now, so that `revertsWith` awaits an action without delay and never leaves its rejection unhandled.
    await suiteErrors();
    await prepare({ ledger, a, A: await addresses(a) });
  });
  beforeEach(async () => {
    snap = await snapshot();
  });
  afterEach(async () => {
    await revertTo(snap);
  });
}
