/**
 * A test double of the peer's ChaincodeStub, for running the chaincode where no Fabric peer can run. It is
 * named for what it is: the peer's side of the chaincode boundary, in memory. It keeps
 * - a world state of versioned keys (a version is the block and transaction that last wrote the key),
 * - per transaction, the read set (each key read, with the version it had), the range queries with the keys and
 *   versions they returned, the write set and the one chaincode event, as a peer's simulation records them;
 * - MVCC validation of a simulated transaction against the state at commit time, as a committing peer does:
 *   a read whose key changed version, or a range query that would now return other keys, invalidates it.
 * Reads return the committed state only, never the transaction's own writes, as on a peer.
 */
import Long from "long";

export interface Version {
  block: number;
  tx: number;
}

interface Entry {
  value: Buffer;
  version: Version;
}

export interface RangeRead {
  start: string;
  end: string;
  results: { key: string; version: Version }[];
}

export interface ReadWriteSet {
  /** Every key read, with its version then (undefined: absent). */
  reads: Map<string, Version | undefined>;
  ranges: RangeRead[];
  /** Every key written: its new value, or undefined for a delete. The last write of a key wins. */
  writes: Map<string, Buffer | undefined>;
}

export interface ChaincodeEvent {
  name: string;
  payload: Buffer;
}

export type ValidationCode = "VALID" | "MVCC_READ_CONFLICT" | "PHANTOM_READ_CONFLICT";

const NS = "\x00";
const MIN_RUNE = "\u0000";
const MAX_RUNE = "\u{10ffff}";

/** Keys order as their UTF-8 bytes, as in the peer's LevelDB, not as UTF-16 strings compare. */
const compareKeys = (a: string, b: string): number => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

export class InMemoryWorldState {
  private readonly entries = new Map<string, Entry>();
  private height = 0;

  versionOf(key: string): Version | undefined {
    return this.entries.get(key)?.version;
  }

  get(key: string): Buffer | undefined {
    return this.entries.get(key)?.value;
  }

  /** The committed keys in [start, end), in key order. */
  range(start: string, end: string): { key: string; value: Buffer; version: Version }[] {
    return [...this.entries.entries()]
      .filter(([key]) => compareKeys(key, start) >= 0 && compareKeys(key, end) < 0)
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([key, e]) => ({ key, value: e.value, version: e.version }));
  }

  /** How a committing peer would judge `rwset` now. */
  validate(rwset: ReadWriteSet): ValidationCode {
    for (const [key, version] of rwset.reads) {
      if (!sameVersion(this.versionOf(key), version)) return "MVCC_READ_CONFLICT";
    }
    for (const range of rwset.ranges) {
      const now = this.range(range.start, range.end);
      const same =
        now.length === range.results.length &&
        now.every((e, i) => e.key === range.results[i].key && sameVersion(e.version, range.results[i].version));
      if (!same) return "PHANTOM_READ_CONFLICT";
    }
    return "VALID";
  }

  /**
   * Orders `rwsets` into the next block, validating each against the state left by the ones before it, and
   * applies the valid ones. Returns each one's validation code.
   */
  commitBlock(rwsets: readonly ReadWriteSet[]): ValidationCode[] {
    const block = ++this.height;
    return rwsets.map((rwset, tx) => {
      const code = this.validate(rwset);
      if (code !== "VALID") return code;
      for (const [key, value] of rwset.writes) {
        if (value === undefined) this.entries.delete(key);
        else this.entries.set(key, { value, version: { block, tx } });
      }
      return code;
    });
  }

  get blockHeight(): number {
    return this.height;
  }

  /** Every committed key, for tests that look at the state as a whole. */
  keys(): string[] {
    return [...this.entries.keys()].sort(compareKeys);
  }
}

const sameVersion = (a: Version | undefined, b: Version | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.block === b.block && a.tx === b.tx;

class StateIterator {
  private index = 0;
  private readonly rows: { key: string; value: Buffer }[];

  constructor(rows: { key: string; value: Buffer }[]) {
    this.rows = rows;
  }

  next(): Promise<{ value: { namespace: string; key: string; value: Uint8Array }; done: boolean }> {
    if (this.index >= this.rows.length) return Promise.resolve({ value: { namespace: "", key: "", value: Buffer.alloc(0) }, done: true });
    const row = this.rows[this.index++];
    return Promise.resolve({ value: { namespace: "scf", key: row.key, value: row.value }, done: false });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function validateAttribute(attribute: string): void {
  if (attribute.includes(MIN_RUNE) || attribute.includes(MAX_RUNE)) throw new Error(`invalid composite key attribute: ${attribute}`);
}

export interface Proposal {
  txId: string;
  channel: string;
  /** The function name, then its arguments, as the client sends them. */
  args: string[];
  creator: { mspid: string; idBytes: Uint8Array };
  /** Whole seconds and nanoseconds since the epoch: the proposal's timestamp. */
  timestamp: { seconds: bigint; nanos: number };
}

/** One transaction's view of the world state, recording what it reads and writes. */
export class InMemoryChaincodeStub {
  private readonly world: InMemoryWorldState;
  private readonly proposal: Proposal;
  readonly rwset: ReadWriteSet = { reads: new Map(), ranges: [], writes: new Map() };
  event: ChaincodeEvent | undefined;

  constructor(world: InMemoryWorldState, proposal: Proposal) {
    this.world = world;
    this.proposal = proposal;
  }

  getBufferArgs(): Buffer[] {
    return this.proposal.args.map((a) => Buffer.from(a, "utf8"));
  }

  getArgs(): string[] {
    return [...this.proposal.args];
  }

  getStringArgs(): string[] {
    return [...this.proposal.args];
  }

  getFunctionAndParameters(): { fcn: string; params: string[] } {
    const [fcn = "", ...params] = this.proposal.args;
    return { fcn, params };
  }

  getTxID(): string {
    return this.proposal.txId;
  }

  getChannelID(): string {
    return this.proposal.channel;
  }

  getCreator(): { mspid: string; idBytes: Uint8Array } {
    return this.proposal.creator;
  }

  getMspID(): string {
    return this.proposal.creator.mspid;
  }

  getTxTimestamp(): { seconds: Long; nanos: number } {
    return { seconds: Long.fromString(this.proposal.timestamp.seconds.toString(), true), nanos: this.proposal.timestamp.nanos };
  }

  getDateTimestamp(): Date {
    return new Date(Number(this.proposal.timestamp.seconds) * 1000 + Math.floor(this.proposal.timestamp.nanos / 1e6));
  }

  getState(key: string): Promise<Buffer> {
    this.rwset.reads.set(key, this.world.versionOf(key));
    return Promise.resolve(Buffer.from(this.world.get(key) ?? Buffer.alloc(0)));
  }

  putState(key: string, value: Uint8Array): Promise<void> {
    if (key === "") throw new Error("key must not be empty");
    this.rwset.writes.set(key, Buffer.from(value));
    return Promise.resolve();
  }

  deleteState(key: string): Promise<void> {
    this.rwset.writes.set(key, undefined);
    return Promise.resolve();
  }

  getStateByRange(start: string, end: string): Promise<StateIterator> {
    const rows = this.world.range(start, end);
    this.rwset.ranges.push({ start, end, results: rows.map(({ key, version }) => ({ key, version })) });
    return Promise.resolve(new StateIterator(rows));
  }

  getStateByPartialCompositeKey(objectType: string, attributes: string[]): Promise<StateIterator> {
    const partial = this.createCompositeKey(objectType, attributes);
    return this.getStateByRange(partial, partial + MAX_RUNE);
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    validateAttribute(objectType);
    return NS + objectType + MIN_RUNE + attributes.map((a) => (validateAttribute(a), a + MIN_RUNE)).join("");
  }

  splitCompositeKey(compositeKey: string): { objectType: string | null; attributes: string[] } {
    if (!compositeKey.startsWith(NS) || compositeKey.length < 2) return { objectType: null, attributes: [] };
    const parts = compositeKey.substring(1).split(MIN_RUNE);
    parts.pop();
    const [objectType = null, ...attributes] = parts;
    return { objectType, attributes };
  }

  /** Fabric keeps one event per transaction: a second call replaces the first. */
  setEvent(name: string, payload: Uint8Array): void {
    if (name === "") throw new Error("event name must not be empty");
    this.event = { name, payload: Buffer.from(payload) };
  }
}
