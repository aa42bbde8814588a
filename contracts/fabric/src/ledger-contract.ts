/**
 * The base of every contract class: a context that carries the world state, the caller read from its
 * certificate, and the domain events of the transaction. After a transaction succeeds, its events leave as
 * exactly one chaincode event, in the order they happened (Fabric keeps only one event per transaction).
 */
import { Context, Contract } from "fabric-contract-api";
import { callerOf, type Caller } from "./caller";
import { LedgerState, canonicalJson } from "./state";

/** The name of the one chaincode event a transaction emits. */
export const EVENT_NAME = "scf.ledger";

export type EventValue = string | number | boolean | bigint | { [key: string]: EventValue };

export interface DomainEvent {
  name: string;
  args: Record<string, EventValue>;
}

export class LedgerContext extends Context {
  state!: LedgerState;
  caller!: Caller;
  readonly events: DomainEvent[] = [];

  emit(name: string, args: Record<string, EventValue>): void {
    this.events.push({ name, args });
  }
}

export abstract class LedgerContract extends Contract {
  override createContext(): LedgerContext {
    return new LedgerContext();
  }

  override beforeTransaction(ctx: LedgerContext): Promise<void> {
    ctx.state = new LedgerState(ctx.stub);
    // Every function, queries included, needs an identity the ledger can name.
    ctx.caller = callerOf(ctx.clientIdentity);
    return Promise.resolve();
  }

  override afterTransaction(ctx: LedgerContext): Promise<void> {
    if (ctx.events.length !== 0) {
      ctx.stub.setEvent(EVENT_NAME, Buffer.from(canonicalJson({ txId: ctx.state.txId, events: ctx.events }), "utf8"));
    }
    return Promise.resolve();
  }
}
