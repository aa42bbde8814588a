import { Wallet, getAddress } from "ethers";
import type { Account, KeyRing } from "./ledger";

/** A key ring over keys held in memory: for tests, benchmarks and tools that generate their own accounts. */
export class StaticKeyRing implements KeyRing {
  private readonly keys = new Map<string, string>();

  /** Adds a new random account and returns its address. */
  create(): Account {
    const w = Wallet.createRandom();
    this.keys.set(w.address, w.privateKey);
    return w.address;
  }

  add(privateKey: string): Account {
    const w = new Wallet(privateKey);
    this.keys.set(w.address, w.privateKey);
    return w.address;
  }

  privateKeyOf(account: Account): Promise<string | undefined> {
    // The executor runs at once, and a malformed address (getAddress throws) still becomes a rejection.
    return new Promise((resolve) => {
      resolve(this.keys.get(getAddress(account)));
    });
  }
}
