/**
 * Electronic warehouse receipts through the API: issued by the warehouse's maker and checker against one of its own
 * weighing platform's readings, moved by the owner's maker and checker, seen by their parties only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SigningDevice } from "../../../scripts/iot/signing-device";
import { testApi, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { documentHash, freshInbound, inventorySteps, TONNE } from "../../helpers/inventory";
import { iotModule, registeredDevice } from "../../helpers/iot";

let api: TestApi;
let scale: SigningDevice;
let door: SigningDevice;
const steps = inventorySteps(() => api);
const { party } = apiSteps(() => api);
const { as, proposeApprove, weigh, receipt } = steps;

beforeAll(async () => {
  api = await testApi();
  scale = await registeredDevice(api, "weighing-platform", "A-01");
  door = await registeredDevice(api, "door-sensor", "A-01");
}, 180_000);
afterAll(() => api.close());

const issueBody = async (grams: bigint, readingId?: string) => ({
  depositorOrgId: api.orgs.tier1.id,
  commodity: "LI2CO3",
  grade: "battery-99.5",
  quantity: grams.toString(),
  readingId: readingId ?? (await weigh(scale, grams)),
  inbound: freshInbound(),
  bay: "A-01",
  document: documentHash(),
});
const proposeIssue = async (body: object) => api.http().post("/receipts").set(await as("warehouse")).send(body);
const get = async (id: string, who: Parameters<typeof as>[0] = "tier1") => api.http().get(`/receipts/${id}`).set(await as(who));

describe("POST /receipts (the warehouse's maker; a checker approves)", () => {
  it("when an inbound is weighed and the receipt approved, then the ledger holds it for the depositor, committed to the reading's Merkle leaf", async () => {
    const body = await issueBody(25n * TONNE);
    const r = await proposeApprove("warehouse", "post", "/receipts", body);
    expect(r).toMatchObject({ status: "active", owner: party("tier1"), warehouse: party("warehouse"), pledgee: null, commodity: "LI2CO3", grade: "battery-99.5", quantity: "25000000", parentId: null, loanId: null });
    expect(r.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    const onChain = await api.platform.ledger.receipts.get(BigInt(r.id as string));
    expect(onChain).toMatchObject({ owner: api.orgs.tier1.account, quantity: 25n * TONNE, document: body.document });
    // The commitment is the leaf a bank checks the reading's inclusion proof from.
    await iotModule(api).anchoring.runNow();
    const proof = await api.http().get(`/iot/readings/${body.readingId}/proof`).set(await as("warehouse")).then(status(200));
    expect((r.commitments as { reading: string }).reading).toBe((proof.body as { leaf: { hash: string } }).leaf.hash);
    expect(onChain?.location).toBe((r.commitments as { location: string }).location);
  });

  it("when the reading or the inbound already backs a receipt, then 409 RECEIPT_ATTESTATION_USED at the proposal", async () => {
    const body = await issueBody(TONNE);
    await proposeApprove("warehouse", "post", "/receipts", body);
    const again = await proposeIssue({ ...body, inbound: freshInbound(), document: documentHash() });
    expect([again.status, again.body.code]).toEqual([409, "RECEIPT_ATTESTATION_USED"]);
    const sameInbound = await proposeIssue({ ...(await issueBody(TONNE)), inbound: body.inbound });
    expect([sameInbound.status, sameInbound.body.code]).toEqual([409, "RECEIPT_ATTESTATION_USED"]);
  });

  it("when the quantity exceeds the weight, the device is not a scale, the reading or the depositor unknown, then 422 or 404, and nothing is proposed", async () => {
    const before = await api.platform.db.prisma.pendingAction.count();
    const heavy = await proposeIssue({ ...(await issueBody(TONNE)), quantity: (TONNE + 1n).toString() });
    expect([heavy.status, heavy.body.code]).toEqual([422, "RECEIPT_INVALID_QUANTITY"]);
    const doorReading = (await api.http().post("/iot/readings").send(door.reading({ open: 0 }, await api.platform.ledger.clock.now())).then(status(201))).body as { readings: { id: string }[] };
    const notScale = await proposeIssue(await issueBody(TONNE, doorReading.readings[0].id));
    expect([notScale.status, notScale.body.code]).toEqual([422, "RECEIPT_READING_NOT_WEIGHT"]);
    const noReading = await proposeIssue(await issueBody(TONNE, "999999999"));
    expect([noReading.status, noReading.body.code]).toEqual([404, "NOT_FOUND"]);
    const noDepositor = await proposeIssue({ ...(await issueBody(TONNE)), depositorOrgId: "00000000-0000-4000-8000-000000000000" });
    expect([noDepositor.status, noDepositor.body.code]).toEqual([404, "NOT_FOUND"]);
    const badCode = await proposeIssue({ ...(await issueBody(TONNE)), commodity: "li2co3" });
    expect([badCode.status, badCode.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    const zeroDoc = await proposeIssue({ ...(await issueBody(TONNE)), document: `0x${"0".repeat(64)}` });
    expect(zeroDoc.status).toBe(400);
    expect(await api.platform.db.prisma.pendingAction.count()).toBe(before);
  });

  it("when the warehouse's checker is the maker, or the caller is not a warehouse, then 403", async () => {
    const body = await issueBody(TONNE);
    const p = await proposeIssue(body).then(status(202));
    const self = await api.http().post(`/approvals/${(p.body as { id: string }).id}/approve`).set(await as("warehouse", "maker"));
    expect(self.status).toBe(403);
    const notWarehouse = await api.http().post("/receipts").set(await as("tier1")).send(body);
    expect([notWarehouse.status, notWarehouse.body.code]).toEqual([403, "FORBIDDEN"]);
  });
});

describe("GET /receipts and /receipts/{id}", () => {
  it("when listed or read, then the owner, the warehouse and the platform see a receipt, anyone else gets 404", async () => {
    const id = await receipt(scale, "tier1", TONNE);
    for (const who of ["tier1", "warehouse", "regulator", "operator"] as const) {
      expect((await get(id, who)).status, who).toBe(200);
      const list = await api.http().get("/receipts?limit=100").set(await as(who)).then(status(200));
      expect((list.body as { items: { id: string }[] }).items.map((r) => r.id), who).toContain(id);
    }
    expect((await get(id, "tier2")).status).toBe(404);
    const list = await api.http().get("/receipts").set(await as("tier2")).then(status(200));
    expect((list.body as { items: { id: string }[] }).items.map((r) => r.id)).not.toContain(id);
    expect((await get("999999999")).status).toBe(404);
    const active = await api.http().get("/receipts?status=delivered").set(await as("tier1")).then(status(200));
    expect((active.body as { items: { status: string }[] }).items.every((r) => r.status === "delivered")).toBe(true);
  });
});

describe("the owner's transfer, split, delivery and cancellation (maker, then checker)", () => {
  it("when the owner transfers, then the recipient owns it; the warehouse gets 403 RECEIPT_NOT_OWNER, a stranger 404, a self-transfer 422", async () => {
    const id = await receipt(scale, "tier1", TONNE);
    const byWarehouse = await api.http().post(`/receipts/${id}/transfer`).set(await as("warehouse")).send({ toOrgId: api.orgs.tier2.id });
    expect([byWarehouse.status, byWarehouse.body.code]).toEqual([403, "RECEIPT_NOT_OWNER"]);
    const byStranger = await api.http().post(`/receipts/${id}/transfer`).set(await as("tier3")).send({ toOrgId: api.orgs.tier2.id });
    expect(byStranger.status).toBe(404);
    const toSelf = await api.http().post(`/receipts/${id}/transfer`).set(await as("tier1")).send({ toOrgId: api.orgs.tier1.id });
    expect([toSelf.status, toSelf.body.code]).toEqual([422, "RECEIPT_INVALID_ARGUMENT"]);
    const toNobody = await api.http().post(`/receipts/${id}/transfer`).set(await as("tier1")).send({ toOrgId: "00000000-0000-4000-8000-000000000000" });
    expect(toNobody.status).toBe(404);
    const moved = await proposeApprove("tier1", "post", `/receipts/${id}/transfer`, { toOrgId: api.orgs.tier2.id });
    expect(moved.owner).toEqual(party("tier2"));
    expect((await get(id, "tier1")).status).toBe(404);
    expect(((await get(id, "tier2")).body as { owner: unknown }).owner).toEqual(party("tier2"));
  });

  it("when the owner splits into lots, then the lots add up to the whole and the parent is split; lots that do not add up are 422", async () => {
    const id = await receipt(scale, "tier1", 10n * TONNE);
    const wrong = await api.http().post(`/receipts/${id}/split`).set(await as("tier1")).send({ lots: [{ quantity: "1", document: documentHash() }, { quantity: "1", document: documentHash() }] });
    expect([wrong.status, wrong.body.code]).toEqual([422, "RECEIPT_LOTS_MISMATCH"]);
    const one = await api.http().post(`/receipts/${id}/split`).set(await as("tier1")).send({ lots: [{ quantity: "10000000", document: documentHash() }] });
    expect(one.status).toBe(400);
    const r = await proposeApprove("tier1", "post", `/receipts/${id}/split`, { lots: [{ quantity: "4000000", document: documentHash() }, { quantity: "6000000", document: documentHash() }] });
    const lots = r.lots as { quantity: string; parentId: string; owner: unknown; status: string }[];
    expect(lots.map((l) => [l.quantity, l.parentId, l.status])).toEqual([["4000000", id, "active"], ["6000000", id, "active"]]);
    expect(((await get(id)).body as { status: string }).status).toBe("split");
    const again = await api.http().post(`/receipts/${id}/split`).set(await as("tier1")).send({ lots: [{ quantity: "5000000", document: documentHash() }, { quantity: "5000000", document: documentHash() }] });
    expect([again.status, again.body.code]).toEqual([409, "RECEIPT_NOT_ACTIVE"]);
  });

  it("when the owner surrenders one for delivery and cancels another, then both are closed, and closing again is 409 RECEIPT_NOT_ACTIVE", async () => {
    const [a, b] = [await receipt(scale, "tier1", TONNE), await receipt(scale, "tier1", TONNE)];
    expect((await proposeApprove("tier1", "post", `/receipts/${a}/deliver`)).status).toBe("delivered");
    expect((await proposeApprove("tier1", "post", `/receipts/${b}/cancel`)).status).toBe("cancelled");
    for (const [id, how] of [[a, "deliver"], [b, "cancel"], [a, "cancel"]] as const) {
      const r = await api.http().post(`/receipts/${id}/${how}`).set(await as("tier1"));
      expect([r.status, r.body.code]).toEqual([409, "RECEIPT_NOT_ACTIVE"]);
    }
    const notOwner = await api.http().post(`/receipts/${a}/deliver`).set(await as("warehouse"));
    expect([notOwner.status, notOwner.body.code]).toEqual([403, "RECEIPT_NOT_OWNER"]);
    expect(api.errors).toEqual([]);
  });
});
