/**
 * The peer's side of the chaincode, for tests: proposals run through the shim's own dispatcher against the
 * in-memory stub (a test double of the peer), endorsements are simulated without touching the state, and
 * blocks commit them with MVCC validation. The clock is the proposals' timestamp, moved only by the tests.
 */
import "./quiet-logs";
import { createHash } from "node:crypto";
import { JSONSerializer } from "fabric-contract-api";
import ChaincodeFromContract from "fabric-shim/lib/contract-spi/chaincodefromcontract";
import { contracts, EVENT_NAME } from "../../../contracts/fabric/src";
import { InMemoryChaincodeStub, InMemoryWorldState, type ChaincodeEvent, type Proposal, type ReadWriteSet, type ValidationCode } from "./in-memory-stub";
import type { Enrolment } from "./test-ca";

export interface DomainEvent {
  name: string;
  args: Record<string, unknown>;
}

export interface Endorsement {
  txId: string;
  status: number;
  message: string;
  payload: string;
  rwset: ReadWriteSet;
  events: DomainEvent[];
  /** How many chaincode events the transaction set (Fabric keeps one). */
  eventCount: number;
  /** The chaincode event as set, bytes and all: what a proposal response carries. */
  event: ChaincodeEvent | undefined;
}

/** A refused transaction: `code` is the custom-error name the chaincode threw. */
export class ChaincodeRefusal extends Error {
  readonly code: string;

  constructor(message: string) {
    super(message);
    this.code = /^([A-Za-z0-9]+)\(/.exec(message)?.[1] ?? message;
  }
}

export class TestPeer {
  readonly world = new InMemoryWorldState();
  private readonly chaincode = new ChaincodeFromContract(
    [...contracts],
    { transaction: "jsonSerializer", serializers: { jsonSerializer: JSONSerializer } },
    {},
    "scf-ledger",
    "0.1.0",
  );
  private txCount = 0;
  /** The proposals' timestamp, in seconds. */
  now: bigint;
  /** Every committed transaction's events, in commit order. */
  readonly log: { txId: string; events: DomainEvent[] }[] = [];

  constructor(start: bigint) {
    this.now = start;
  }

  advance(seconds: bigint): void {
    this.now += seconds;
  }

  /** Simulates a proposal, as an endorsing peer does: nothing is committed. */
  endorse(who: Enrolment, fn: string, ...args: string[]): Promise<Endorsement> {
    const txId = createHash("sha256").update(`tx:${String(++this.txCount)}`).digest("hex");
    return this.simulate({
      txId,
      creator: { mspid: who.mspId, idBytes: Buffer.from(who.certificate, "utf8") },
      timestamp: { seconds: this.now, nanos: 0 },
      args: [fn, ...args],
    });
  }

  /** Simulates a proposal that arrived whole: its own transaction id, creator and timestamp (the gateway's way). */
  async simulate(p: Omit<Proposal, "channel">): Promise<Endorsement> {
    const { txId } = p;
    const stub = new InMemoryChaincodeStub(this.world, { ...p, channel: "scf" });
    let eventCount = 0;
    const setEvent = stub.setEvent.bind(stub);
    stub.setEvent = (name, payload) => {
      eventCount++;
      setEvent(name, payload);
    };
    const response = await this.chaincode.Invoke(stub);
    const event = stub.event;
    if (event !== undefined && event.name !== EVENT_NAME) throw new Error(`unexpected event ${event.name}`);
    const events = event === undefined ? [] : (JSON.parse(event.payload.toString("utf8")) as { events: DomainEvent[] }).events;
    return {
      txId,
      status: response.status,
      message: response.message ?? "",
      payload: Buffer.from(response.payload ?? new Uint8Array()).toString("utf8"),
      rwset: stub.rwset,
      events,
      eventCount,
      event,
    };
  }

  /** Orders endorsed transactions into one block; the valid ones change the state. */
  commit(endorsements: readonly Endorsement[]): ValidationCode[] {
    const codes = this.world.commitBlock(endorsements.map((e) => e.rwset));
    endorsements.forEach((e, i) => {
      if (codes[i] === "VALID") this.log.push({ txId: e.txId, events: e.events });
    });
    return codes;
  }

  /** Endorses and commits; a refusal throws ChaincodeRefusal and changes nothing. */
  async submit(who: Enrolment, fn: string, ...args: string[]): Promise<Endorsement> {
    const e = await this.endorse(who, fn, ...args);
    if (e.status !== 200) throw new ChaincodeRefusal(e.message);
    const [code] = this.commit([e]);
    if (code !== "VALID") throw new Error(`${fn} failed validation: ${code}`);
    return e;
  }

  /** A query: endorsed, never committed. */
  async evaluate(who: Enrolment, fn: string, ...args: string[]): Promise<string> {
    const e = await this.endorse(who, fn, ...args);
    if (e.status !== 200) throw new ChaincodeRefusal(e.message);
    return e.payload;
  }
}
