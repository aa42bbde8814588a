/**
 * The test double of the peer's stub must judge transactions as a committing peer does, or the no-hot-keys and
 * MVCC tests built on it (and the gateway test server to come) would prove nothing.
 */
import { describe, expect, test } from "vitest";
import { InMemoryChaincodeStub, InMemoryWorldState, type Proposal } from "./support/in-memory-stub";

const proposal = (txId: string): Proposal => ({
  txId,
  channel: "scf",
  args: ["Fn", "a", "b"],
  creator: { mspid: "Org1MSP", idBytes: Buffer.from("cert") },
  timestamp: { seconds: 1_799_028_000n, nanos: 5_000_000 },
});

/** Runs `body` as one transaction against `world` and returns its read/write set, uncommitted. */
async function simulate(world: InMemoryWorldState, body: (stub: InMemoryChaincodeStub) => Promise<unknown>) {
  const stub = new InMemoryChaincodeStub(world, proposal("tx"));
  await body(stub);
  return stub.rwset;
}

async function seeded(): Promise<InMemoryWorldState> {
  const world = new InMemoryWorldState();
  const rwset = await simulate(world, async (s) => {
    await s.putState(s.createCompositeKey("cash", ["0xa", "t0", "0"]), Buffer.from("1"));
    await s.putState("plain", Buffer.from("x"));
  });
  expect(world.commitBlock([rwset])).toEqual(["VALID"]);
  return world;
}

describe("the in-memory stub", () => {
  test("reads the committed state with its version, never the transaction's own writes", async () => {
    const world = await seeded();
    expect(world.versionOf("plain")).toEqual({ block: 1, tx: 0 });
    await simulate(world, async (s) => {
      await s.putState("plain", Buffer.from("y"));
      expect((await s.getState("plain")).toString()).toBe("x");
      expect((await s.getState("absent")).length).toBe(0);
      expect(s.rwset.reads.get("plain")).toEqual({ block: 1, tx: 0 });
      expect(s.rwset.reads.has("absent")).toBe(true);
    });
  });

  test("invalidates a read whose key changed, and keeps blind writes of other keys valid", async () => {
    const world = await seeded();
    const reader = await simulate(world, async (s) => {
      await s.getState("plain");
      await s.putState("out", Buffer.from("1"));
    });
    const writer = await simulate(world, (s) => s.putState("plain", Buffer.from("z")));
    const blind = await simulate(world, (s) => s.putState("other", Buffer.from("1")));
    expect(world.commitBlock([writer, reader, blind])).toEqual(["VALID", "MVCC_READ_CONFLICT", "VALID"]);
    expect(world.get("out")).toBeUndefined();
    expect(world.versionOf("plain")).toEqual({ block: 2, tx: 0 });
  });

  test("a read of an absent key conflicts with its creation, and a deleted key reads as absent", async () => {
    const world = await seeded();
    const reader = await simulate(world, async (s) => {
      await s.getState("new");
    });
    const creator = await simulate(world, (s) => s.putState("new", Buffer.from("1")));
    expect(world.commitBlock([creator, reader])).toEqual(["VALID", "MVCC_READ_CONFLICT"]);
    const deleter = await simulate(world, (s) => s.deleteState("new"));
    world.commitBlock([deleter]);
    expect(world.get("new")).toBeUndefined();
  });

  test("a range query is invalidated by a key appearing in its range (a phantom), not by one outside it", async () => {
    const world = await seeded();
    const scan = async (s: InMemoryChaincodeStub) => {
      const it = await s.getStateByPartialCompositeKey("cash", ["0xa"]);
      const keys: string[] = [];
      for (let r = await it.next(); !r.done; r = await it.next()) keys.push(s.splitCompositeKey(r.value.key).attributes.join("/"));
      expect(keys).toEqual(["0xa/t0/0"]);
    };
    const outside = await simulate(world, (s) => s.putState(s.createCompositeKey("cash", ["0xab", "t1", "0"]), Buffer.from("1")));
    const reader1 = await simulate(world, scan);
    expect(world.commitBlock([outside, reader1])).toEqual(["VALID", "VALID"]);
    const inside = await simulate(world, (s) => s.putState(s.createCompositeKey("cash", ["0xa", "t2", "0"]), Buffer.from("1")));
    const reader2 = await simulate(world, scan);
    expect(world.commitBlock([inside, reader2])).toEqual(["VALID", "PHANTOM_READ_CONFLICT"]);
  });

  test("speaks the shim's composite keys, arguments, timestamp and one event", () => {
    const stub = new InMemoryChaincodeStub(new InMemoryWorldState(), proposal("tx1"));
    const key = stub.createCompositeKey("voucher", ["12", "x"]);
    expect(key).toBe("\u0000voucher\u000012\u0000x\u0000");
    expect(stub.splitCompositeKey(key)).toEqual({ objectType: "voucher", attributes: ["12", "x"] });
    expect(() => stub.createCompositeKey("voucher", ["a\u0000b"])).toThrow();
    expect(stub.getFunctionAndParameters()).toEqual({ fcn: "Fn", params: ["a", "b"] });
    expect(stub.getTxTimestamp().seconds.toString()).toBe("1799028000");
    expect(stub.getDateTimestamp().toISOString()).toBe("2027-01-04T02:00:00.005Z");
    stub.setEvent("first", Buffer.from("1"));
    stub.setEvent("second", Buffer.from("2"));
    expect(stub.event?.name).toBe("second");
  });
});
