/**
 * World state as the rules use it. Fabric's reads return the committed state, never this transaction's own
 * writes, so records are cached here once read or written: a batch that touches one voucher twice sees its
 * own change, as on the EVM. Records are JSON with sorted keys, so that every endorsing peer writes the same
 * bytes.
 *
 * Running totals that the EVM keeps in one storage slot would be one hot key here: every transaction that
 * moves them would write it, and all but one of any concurrent set would fail MVCC validation. They are
 * instead delta keys, one per change, named after the transaction that made it, and summed on read.
 */
import { createHash } from "node:crypto";
import type { Context } from "fabric-contract-api";
import { refusal } from "./errors";

type Stub = Context["stub"];
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with object keys sorted, so that the same record always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const source = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(source).sort().map((k) => [k, source[k]]));
    }
    return v;
  });
}

interface PendingDelta {
  key: string;
  amount: bigint;
}

export class LedgerState {
  private readonly stub: Stub;
  private readonly cache = new Map<string, Json | undefined>();
  private readonly pending: PendingDelta[] = [];
  private sequence = 0;
  /** The transaction's time in whole seconds: the client's proposal timestamp, the same on every peer. */
  readonly now: bigint;
  readonly txId: string;

  constructor(stub: Stub) {
    this.stub = stub;
    this.now = BigInt(stub.getTxTimestamp().seconds.toString());
    this.txId = stub.getTxID();
  }

  key(type: string, attributes: readonly string[]): string {
    return this.stub.createCompositeKey(type, [...attributes]);
  }

  async get<T>(type: string, attributes: readonly string[]): Promise<T | undefined> {
    const key = this.key(type, attributes);
    if (this.cache.has(key)) return this.cache.get(key) as T | undefined;
    const bytes = await this.stub.getState(key);
    const value = bytes.length === 0 ? undefined : (JSON.parse(Buffer.from(bytes).toString("utf8")) as Json);
    this.cache.set(key, value);
    return value as T | undefined;
  }

  async put(type: string, attributes: readonly string[], value: object): Promise<void> {
    const key = this.key(type, attributes);
    const text = canonicalJson(value);
    this.cache.set(key, JSON.parse(text) as Json);
    await this.stub.putState(key, Buffer.from(text, "utf8"));
  }

  async delete(type: string, attributes: readonly string[]): Promise<void> {
    const key = this.key(type, attributes);
    this.cache.set(key, undefined);
    await this.stub.deleteState(key);
  }

  /** Every committed record under `type` whose first attributes are `prefix`, with its attributes. */
  async scan(type: string, prefix: readonly string[]): Promise<{ attributes: string[]; value: unknown }[]> {
    const out: { attributes: string[]; value: unknown }[] = [];
    const iterator = await this.stub.getStateByPartialCompositeKey(type, [...prefix]);
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const { attributes } = this.stub.splitCompositeKey(next.value.key);
        out.push({ attributes, value: JSON.parse(Buffer.from(next.value.value).toString("utf8")) as unknown });
      }
    } finally {
      await iterator.close();
    }
    return out;
  }

  /** Records a change of `amount` to the total under `type`/`attributes`, as a key of its own. */
  async addDelta(type: string, attributes: readonly string[], amount: bigint): Promise<void> {
    const key = this.key(type, [...attributes, this.txId, String(this.sequence++)]);
    this.pending.push({ key, amount });
    await this.stub.putState(key, Buffer.from(canonicalJson({ amount }), "utf8"));
  }

  /** The total under `type` whose attributes start with `prefix`: committed deltas plus this transaction's. */
  async sumDeltas(type: string, prefix: readonly string[]): Promise<bigint> {
    let total = 0n;
    for (const { value } of await this.scan(type, prefix)) total += BigInt((value as { amount: string }).amount);
    const partial = this.key(type, prefix);
    for (const delta of this.pending) if (delta.key.startsWith(partial)) total += delta.amount;
    return total;
  }

  /**
   * A new id without a counter (a counter would be a key every mint writes): 60 bits of
   * SHA-256(txId, label, sequence), so it fits a signed 64-bit column. A collision with an existing record is
   * refused rather than overwritten; at 2^60 it is not expected in the ledger's lifetime.
   */
  newId(label: string): bigint {
    const digest = createHash("sha256").update(`${this.txId}:${label}:${String(this.sequence++)}`).digest("hex");
    const id = BigInt(`0x${digest.slice(0, 15)}`);
    if (id === 0n) throw refusal("LedgerIdCollision", label, id);
    return id;
  }
}
