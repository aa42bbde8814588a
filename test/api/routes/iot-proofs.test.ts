/**
 * Inclusion proofs of readings against the Merkle roots anchored on the ledger. Each proof is checked here as an
 * outsider would: with node:crypto alone, against the root as the chain records it, never with the platform's code.
 */
import { createHash, createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leafOf } from "../../../api/src/iot/anchoring";
import { jcs } from "../../../api/src/iot/jcs";
import { rootOf } from "../../../api/src/iot/merkle";
import type { SigningDevice } from "../../../scripts/iot/signing-device";
import { testApi, type TestApi } from "../../helpers/api";
import { status } from "../../helpers/api-steps";
import { iotModule, registeredDevice, sendReadings } from "../../helpers/iot";

let api: TestApi;
let scale: SigningDevice;
const AT = new Date("2026-12-04T08:00:00.000Z");

beforeAll(async () => {
  api = await testApi();
  scale = await registeredDevice(api, "weighing-platform", "A-01");
}, 180_000);
afterAll(() => api.close());

interface Proof {
  reading: { id: string; payload: Record<string, unknown> & { deviceId: string }; signature: string };
  leaf: { data: string; hash: string };
  leafIndex: number;
  treeSize: number;
  path: { side: "left" | "right"; hash: string }[];
  root: string;
  anchor: { txHash: string; blockNumber: number; firstId: string; lastId: string; count: number };
  contract: { address: string; chainId: string };
}

const sha256 = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
const bytes = (hex: string) => Buffer.from(hex.slice(2), "hex");

/** The root a proof's reading leads to, computed from the reading itself (RFC 6962 leaf and node hashes). */
function rootOfReading(p: Proof): string {
  const data = Buffer.from(jcs({ id: p.reading.id, payload: p.reading.payload, signature: p.reading.signature }), "utf8");
  let node = sha256(Buffer.of(0), data);
  for (const step of p.path) node = step.side === "left" ? sha256(Buffer.of(1), bytes(step.hash), node) : sha256(Buffer.of(1), node, bytes(step.hash));
  return `0x${node.toString("hex")}`;
}

async function send(n: number, grams = 25_000_000): Promise<string[]> {
  const batch = Array.from({ length: n }, (_, i) => scale.reading({ grams: grams + i }, AT));
  const res = await sendReadings(api, batch).then(status(201));
  return (res.body.readings as { id: string }[]).map((r) => r.id);
}

const proofOf = async (id: string, who: "warehouse" | "operator" | "regulator" = "warehouse") =>
  (await api.http().get(`/iot/readings/${id}/proof`).set(await api.as(who)).then(status(200))).body as Proof;

const anchoredEvents = async () => (await api.platform.ledger.history.events(0, (await api.platform.ledger.history.confirmedHead()).number)).filter((e) => e.name === "ReadingsAnchored");

describe("GET /iot/readings/{id}/proof", () => {
  it("when a reading is not anchored yet, then 409 IOT_READING_NOT_ANCHORED; an unknown reading is 404", async () => {
    const [id] = await send(1);
    const res = await api.http().get(`/iot/readings/${id}/proof`).set(await api.as("warehouse"));
    expect([res.status, res.body.code]).toEqual([409, "IOT_READING_NOT_ANCHORED"]);
    const missing = await api.http().get("/iot/readings/999999999/proof").set(await api.as("warehouse"));
    expect([missing.status, missing.body.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("when the job has anchored, then every reading's proof verifies against the root read from the chain, with the device's signature", async () => {
    const ids = [...(await send(36)), ...(await send(1))];
    const [batch] = await iotModule(api).anchoring.runNow();
    expect(batch.count).toBeGreaterThanOrEqual(37);
    const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: scale.publicKey }, format: "jwk" });
    for (const id of [ids[0], ids[17], ids[36]]) {
      const p = await proofOf(id);
      expect(p.reading.id).toBe(id);
      expect(sha256(Buffer.of(0), Buffer.from(p.leaf.data, "utf8")).toString("hex")).toBe(p.leaf.hash.slice(2));
      expect(rootOfReading(p)).toBe(p.root);
      expect(p.treeSize).toBe(batch.count);
      expect(p.path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(p.treeSize)));
      const signed = Buffer.from(`scf-ledger/iot-reading/v1\n${jcs(p.reading.payload)}`, "utf8");
      expect(verify(null, signed, key, Buffer.from(p.reading.signature, "base64url"))).toBe(true);
      // The chain, not the platform's database, says the root is anchored, where, and over how many readings.
      const onChain = await api.platform.ledger.readingAnchors.anchorOf(p.root);
      expect(onChain).toMatchObject({ root: p.root, count: p.treeSize, blockNumber: p.anchor.blockNumber, firstId: BigInt(p.anchor.firstId), lastId: BigInt(p.anchor.lastId) });
      const events = await api.platform.ledger.history.events(p.anchor.blockNumber, p.anchor.blockNumber);
      expect(events.filter((e) => e.name === "ReadingsAnchored").map((e) => ({ root: e.args.root, tx: e.txHash }))).toEqual([{ root: p.root, tx: p.anchor.txHash }]);
      expect(p.contract).toEqual({ address: api.platform.deployment.addresses.ReadingAnchors, chainId: api.platform.deployment.chainId });
    }
    // The operator and the regulator get the same proof.
    expect(await proofOf(ids[5], "regulator")).toEqual(await proofOf(ids[5], "operator"));
  });

  it("when a reading is changed, by a field or by its id, then it no longer leads to any root the chain holds", async () => {
    const [id] = await send(3);
    await iotModule(api).anchoring.runNow();
    const p = await proofOf(id);
    const grams = p.reading.payload.grams as number;
    for (const changed of [
      { ...p, reading: { ...p.reading, payload: { ...p.reading.payload, grams: grams - 1 } } },
      { ...p, reading: { ...p.reading, id: String(BigInt(id) + 1n) } },
      { ...p, reading: { ...p.reading, signature: p.reading.signature.replace(/^./, (c) => (c === "A" ? "B" : "A")) } },
    ]) {
      const root = rootOfReading(changed);
      expect(root).not.toBe(p.root);
      expect(await api.platform.ledger.readingAnchors.anchorOf(root)).toBeUndefined();
    }
  });

  it("when a stored reading is altered in the database after anchoring, then the platform gives no proof (a 500), rather than a false one", async () => {
    const [id] = await send(2);
    await iotModule(api).anchoring.runNow();
    const prisma = api.platform.db.prisma;
    await prisma.iotReading.update({ where: { id: BigInt(id) }, data: { values: { grams: 1 } } });
    const res = await api.http().get(`/iot/readings/${id}/proof`).set(await api.as("warehouse"));
    expect([res.status, res.body.code]).toEqual([500, "INTERNAL"]);
    expect(String(api.errors.pop())).toMatch(/does not match the ledger/);
  });

  it("when nothing is left to anchor, then a pass sends nothing", async () => {
    await iotModule(api).anchoring.runNow();
    const before = (await anchoredEvents()).length;
    expect(await iotModule(api).anchoring.runNow()).toEqual([]);
    expect((await anchoredEvents()).length).toBe(before);
  });

  it("when a pass crashed after its root reached the ledger, then the next pass records that anchor instead of sending it again", async () => {
    await send(4);
    const rows = await api.platform.db.prisma.iotReading.findMany({ where: { batchId: null }, orderBy: { id: "asc" } });
    const root = `0x${rootOf(rows.map((r) => leafOf({ ...r, values: r.values as Record<string, number> }))).toString("hex")}`;
    const sent = await api.platform.ledger.readingAnchors.anchor(api.platform.accounts.operator, { root, firstId: rows[0].id, lastId: rows[rows.length - 1].id, count: rows.length });
    const before = (await anchoredEvents()).length;
    const [batch] = await iotModule(api).anchoring.runNow();
    expect(batch).toMatchObject({ root, txHash: sent.txHash, blockNumber: sent.blockNumber, count: rows.length });
    expect((await anchoredEvents()).length).toBe(before);
    const p = await proofOf(rows[0].id.toString());
    expect(rootOfReading(p)).toBe(root);
  });

  it("when roots are anchored, then the indexer keeps each ReadingsAnchored event in the ledger's event log", async () => {
    await iotModule(api).anchoring.runNow();
    await api.platform.indexer.catchUp();
    const logged = await api.platform.db.prisma.ledgerEvent.findMany({ where: { name: "ReadingsAnchored" } });
    const batches = await api.platform.db.prisma.readingBatch.findMany();
    expect(logged.map((e) => (e.args as { root: string }).root).sort()).toEqual(batches.map((b) => b.root).sort());
    expect(api.errors).toEqual([]);
  });
});
