/**
 * A data directory whose contracts were deployed before the suite gained one (ReadingAnchors, here) keeps working:
 * the next start deploys the newcomer beside the recorded contracts and records it; the old ones keep their state.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";
import { afterAll, describe, expect, it } from "vitest";
import { connectLedger, type Deployment } from "../../chain/connect";
import { ChainError } from "../../chain/errors";
import { StaticKeyRing } from "../../chain/static-key-ring";

const root = mkdtempSync(path.join(tmpdir(), "scf-upgrade-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const keys = new StaticKeyRing();
const acc = { deployer: keys.create(), operator: keys.create(), regulator: keys.create() };
const supplier = keys.create();
const h = (s: string) => keccak256(toUtf8Bytes(s));
const record = (dir: string) => path.join(dir, "chain", "deployment.json");
const read = (dir: string) => JSON.parse(readFileSync(record(dir), "utf8")) as Deployment;
/** The deployment's addresses without one contract's, as a record written before the suite had it. */
const without = (d: Deployment, name: string) => Object.fromEntries(Object.entries(d.addresses).filter(([n]) => n !== name));

describe("a deployment recorded before the suite gained a contract", () => {
  it("when the platform starts again, then it deploys only the newcomer, records it, and the older contracts keep their state", async () => {
    const dir = path.join(root, "a");
    const first = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc);
    await first.ledger.participants.register(acc.operator, { account: supplier, roles: ["supplier"], usccHash: h("s"), kycHash: h("k") });
    await first.ledger.close();
    const old = read(dir);
    const before = without(old, "ReadingAnchors");
    writeFileSync(record(dir), JSON.stringify({ ...old, addresses: before }));

    const second = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc);
    try {
      expect([second.deployedNow, second.addedNow]).toEqual([false, ["ReadingAnchors"]]);
      expect(read(dir).addresses).toEqual({ ...before, ReadingAnchors: second.deployment.addresses.ReadingAnchors });
      expect(second.deployment.addresses.ReadingAnchors).not.toBe(old.addresses.ReadingAnchors);
      expect((await second.ledger.participants.get(supplier)).roles).toEqual(["supplier"]);
      await second.ledger.readingAnchors.anchor(acc.operator, { root: h("root"), firstId: 1n, lastId: 1n, count: 1 });
      expect(await second.ledger.readingAnchors.anchorOf(h("root"))).toMatchObject({ count: 1, firstId: 1n });
    } finally {
      await second.ledger.close();
    }
    const third = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc);
    expect(third.addedNow).toEqual([]);
    await third.ledger.close();
  });

  it("when the missing contract is one the recorded ones were built to trust, then the start is refused with CONTRACTS_MISSING", async () => {
    const dir = path.join(root, "b");
    const first = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc);
    await first.ledger.close();
    const old = read(dir);
    writeFileSync(record(dir), JSON.stringify({ ...old, addresses: without(old, "Participants") }));
    const refused = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChainError);
    expect((refused as ChainError).code).toBe("CONTRACTS_MISSING");
    expect((refused as ChainError).message).toMatch(/was deployed before Participants/);
    expect(read(dir).addresses).not.toHaveProperty("Participants");
  });
});
