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

  it("when the inventory-pledge contracts (and the cover built on them) are missing, then the start deploys them together, each wired to the others", async () => {
    const dir = path.join(root, "c");
    const first = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc);
    await first.ledger.close();
    const old = read(dir);
    const added = ["CommodityPrices", "WarehouseReceipts", "Pledges", "Guarantees", "CargoPolicies", "WarehouseFees"];
    const before = Object.fromEntries(Object.entries(old.addresses).filter(([n]) => !added.includes(n)));
    writeFileSync(record(dir), JSON.stringify({ ...old, addresses: before }));

    const second = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc);
    try {
      expect(second.addedNow).toEqual(added);
      const l = second.ledger;
      const warehouse = keys.create();
      await l.participants.register(acc.operator, { account: warehouse, roles: ["warehouse"], usccHash: h("w"), kycHash: h("k") });
      await l.participants.register(acc.operator, { account: supplier, roles: ["supplier"], usccHash: h("s"), kycHash: h("k") });
      await l.prices.appointPublisher(acc.operator, acc.operator);
      await l.prices.post(acc.operator, "CU", 7_000_000n);
      const terms = { depositor: supplier, commodity: "CU", grade: "A", quantity: 1_000_000n, weighed: 1_000_000n, inbound: h("i"), reading: h("r"), location: h("l"), document: h("d") };
      const id = (await l.receipts.issue(warehouse, terms)).result;
      // The receipts trust the newly deployed pledge module: a request reaches them and is refused only for want of a rate.
      const bank = keys.create();
      await l.participants.register(acc.operator, { account: bank, roles: ["bank"], usccHash: h("b"), kycHash: h("kb") });
      const maturity = new Date(Date.now() + 30 * 86_400_000);
      const refused = await l.pledges.request(supplier, { receiptIds: [id], bank, amount: 1n, rateBps: 100, maturity }).catch((e: unknown) => e);
      expect((refused as ChainError).code).toBe("PLEDGE_NO_RATE");
      await l.pledges.setPledgeRate(bank, "CU", 5000);
      await l.pledges.request(supplier, { receiptIds: [id], bank, amount: 1n, rateBps: 100, maturity });
      expect((await l.receipts.get(id))?.status).toBe("pledged");
      // The fees trust the newly deployed receipts: opening an account reaches them and is refused for want of a tariff.
      expect(((await l.fees.open(warehouse, id).catch((e: unknown) => e)) as ChainError).code).toBe("FEE_NO_TARIFF");
    } finally {
      await second.ledger.close();
    }
  });
});
