/**
 * What every contract's model stands on: the ledger's state, replaced wholesale when a call reverts (as the EVM
 * does), and the record of what calls wrote and read, which the property test reads back from the chain.
 */
import { ACTORS, noneTouched, Revert, type Addresses, type Outcome, type State, type Touched } from "./state";

export class ModelCore {
  /** What calls wrote (or would have, up to their revert) since the executor last reset it. */
  touched: Touched = noneTouched();
  /** What calls read since the executor last reset it: read back after a revert, to show it changed nothing. */
  seen: Touched = noneTouched();
  readonly names = new Map<string, string>();

  constructor(
    public s: State,
    readonly addr: Addresses,
  ) {
    for (const n of ACTORS) this.names.set(addr.actors[n], n);
    this.names.set(addr.settlement, "Settlement");
    this.names.set(addr.financing, "Financing");
  }

  /** Runs one contract call against the model: all or nothing, like a transaction. */
  run<T>(call: () => T): Outcome<T> {
    const saved = structuredClone(this.s);
    try {
      return { ok: true, value: call() };
    } catch (e) {
      if (!(e instanceof Revert)) throw e;
      this.s = saved;
      return { ok: false, error: e.errorName };
    }
  }

  name(a: string): string {
    return this.names.get(a) ?? a;
  }
}

/** A contract's model: reads and writes the shared state through the core, so that a rollback reaches it. */
export abstract class ContractModel {
  constructor(protected readonly ledger: ModelCore) {}

  protected get s(): State {
    return this.ledger.s;
  }
  protected get touched(): Touched {
    return this.ledger.touched;
  }
  protected get seen(): Touched {
    return this.ledger.seen;
  }
}
