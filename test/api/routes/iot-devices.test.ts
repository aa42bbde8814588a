import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SigningDevice } from "../../../scripts/iot/signing-device";
import { sandboxApplicant } from "../../../seeds/registry";
import { testApi, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { registeredDevice, retired } from "../../helpers/iot";

let api: TestApi;
const steps = apiSteps(() => api);

beforeAll(async () => {
  api = await testApi();
}, 180_000);
afterAll(() => api.close());

const devices = () => api.platform.db.prisma.iotDevice.count();
const propose = async (body: object) => api.http().post("/iot/devices").set(await api.as("warehouse")).send(body);

describe("the new kinds of organisation", () => {
  it("when the cast is seeded, then the warehouse, the guarantor and the insurer hold their roles on the ledger", async () => {
    for (const [h, role] of [["warehouse", "warehouse"], ["guarantor", "guarantor"], ["insurer", "insurer"]] as const) {
      expect((await api.platform.ledger.participants.get(api.orgs[h].account)).roles).toEqual([role]);
      expect(api.orgs[h].kinds).toEqual([role]);
    }
    const me = await api.http().get("/me").set(await api.as("warehouse", "checker")).then(status(200));
    expect(me.body.organisation.kinds).toEqual(["warehouse"]);
  });

  it("when an enterprise applies as a warehouse, a guarantor and an insurer at once, then the operator's approval registers it with all three roles", async () => {
    const e = sandboxApplicant(0);
    const applied = await api.http().post("/applications").send({ name: e.name, uscc: e.uscc, kinds: ["warehouse", "guarantor", "insurer"], admin: { name: "柯", email: "admin@kinds.example", password: "a long enough password" } }).then(status(201));
    const approved = await api.http().post(`/applications/${applied.body.id}/approve`).set(await api.as("operator", "admin")).then(status(200));
    expect((await api.platform.ledger.participants.get(approved.body.account)).roles).toEqual(["warehouse", "guarantor", "insurer"]);
  });
});

describe("registering devices (a warehouse's maker proposes, its checker approves)", () => {
  it("when the checker approves, then the device is listed active with its key and bay, to the warehouse, the operator and the regulator", async () => {
    const device = await registeredDevice(api, "weighing-platform", "A-01");
    for (const [h, role] of [["warehouse", "admin"], ["operator", "maker"], ["regulator", "checker"]] as const) {
      const list = await api.http().get("/iot/devices").set(await api.as(h, role)).then(status(200));
      expect(list.body.items).toContainEqual(
        expect.objectContaining({ id: device.id, kind: "weighing-platform", publicKey: device.publicKey, bay: "A-01", status: "active", lastCounter: 0, warehouse: steps.party("warehouse") }),
      );
    }
  });

  it("when only proposed, then no device exists until the checker approves, and the maker cannot approve it", async () => {
    const before = await devices();
    const device = new SigningDevice("door-sensor");
    const proposed = await propose({ kind: "door-sensor", publicKey: device.publicKey, bay: "Gate 2", label: "north door" }).then(status(202));
    expect(await devices()).toBe(before);
    await steps.approve(proposed.body.id, "warehouse", "maker").then(status(403));
    const approved = await steps.approve(proposed.body.id, "warehouse").then(status(200));
    expect(approved.body.result).toMatchObject({ kind: "door-sensor", bay: "Gate 2", label: "north door" });
    expect(await devices()).toBe(before + 1);
  });

  it("when the key is not 32 bytes of base64url, then 400 IOT_DEVICE_KEY_INVALID and nothing is proposed", async () => {
    const pending = await steps.pendingCount("warehouse");
    const good = new SigningDevice("door-sensor").publicKey;
    for (const publicKey of ["", "not base64!", Buffer.alloc(31).toString("base64url"), Buffer.alloc(33).toString("base64url"), `${good}=`, Buffer.alloc(32).toString("base64")]) {
      const res = await propose({ kind: "door-sensor", publicKey, bay: "B" });
      expect(res.status, publicKey).toBe(400);
      expect(res.body.code, publicKey).toBe("IOT_DEVICE_KEY_INVALID");
    }
    expect(await steps.pendingCount("warehouse")).toBe(pending);
  });

  it("when a key is registered already, then 409 IOT_DEVICE_KEY_TAKEN at the proposal, and at the second approval of two proposals", async () => {
    const taken = await registeredDevice(api, "pallet-camera", "C-1");
    const again = await propose({ kind: "pallet-camera", publicKey: taken.publicKey, bay: "C-2" });
    expect([again.status, again.body.code]).toEqual([409, "IOT_DEVICE_KEY_TAKEN"]);
    const key = new SigningDevice("pallet-camera").publicKey;
    const first = await propose({ kind: "pallet-camera", publicKey: key, bay: "C-3" }).then(status(202));
    const second = await propose({ kind: "pallet-camera", publicKey: key, bay: "C-4" }).then(status(202));
    await steps.approve(first.body.id, "warehouse").then(status(200));
    const refused = await steps.approve(second.body.id, "warehouse");
    expect([refused.status, refused.body.code]).toEqual([409, "IOT_DEVICE_KEY_TAKEN"]);
    expect(await api.platform.db.prisma.iotDevice.count({ where: { publicKey: key } })).toBe(1);
  });

  it("when a bank, a supplier or an insurer proposes a device, then 403: only a warehouse registers devices", async () => {
    for (const h of ["bank", "tier1", "insurer"] as const) {
      const res = await api.http().post("/iot/devices").set(await api.as(h)).send({ kind: "door-sensor", publicKey: new SigningDevice("door-sensor").publicKey, bay: "X" });
      expect([res.status, res.body.code]).toEqual([403, "FORBIDDEN"]);
    }
  });
});

describe("retiring devices", () => {
  it("when the checker approves a retirement, then the device is listed retired, and only among the retired", async () => {
    const device = await registeredDevice(api, "climate-probe", "D-1");
    await retired(api, device);
    const w = await api.as("warehouse");
    const retiredList = await api.http().get("/iot/devices?status=retired").set(w).then(status(200));
    expect(retiredList.body.items).toContainEqual(expect.objectContaining({ id: device.id, status: "retired" }));
    expect(retiredList.body.items.every((d: { retiredAt: string | null }) => d.retiredAt !== null)).toBe(true);
    const active = await api.http().get("/iot/devices?status=active").set(w).then(status(200));
    expect(active.body.items.map((d: { id: string }) => d.id)).not.toContain(device.id);
  });

  it("when a retired device is retired again, then 409 IOT_DEVICE_ALREADY_RETIRED at the proposal and at a second approval", async () => {
    const device = await registeredDevice(api, "climate-probe", "D-2");
    const first = await api.http().post(`/iot/devices/${device.id}/retire`).set(await api.as("warehouse")).then(status(202));
    const second = await api.http().post(`/iot/devices/${device.id}/retire`).set(await api.as("warehouse")).then(status(202));
    await steps.approve(first.body.id, "warehouse").then(status(200));
    const late = await steps.approve(second.body.id, "warehouse");
    expect([late.status, late.body.code]).toEqual([409, "IOT_DEVICE_ALREADY_RETIRED"]);
    const again = await api.http().post(`/iot/devices/${device.id}/retire`).set(await api.as("warehouse"));
    expect([again.status, again.body.code]).toEqual([409, "IOT_DEVICE_ALREADY_RETIRED"]);
  });

  it("when the device does not exist or is another warehouse's, then 404, and that warehouse lists none of this one's devices", async () => {
    const missing = await api.http().post("/iot/devices/00000000-0000-4000-8000-000000000000/retire").set(await api.as("warehouse"));
    expect([missing.status, missing.body.code]).toEqual([404, "NOT_FOUND"]);
    const mine = await registeredDevice(api, "door-sensor", "E-1");
    const other = await otherWarehouseMaker();
    const res = await api.http().post(`/iot/devices/${mine.id}/retire`).set(other);
    expect([res.status, res.body.code]).toEqual([404, "NOT_FOUND"]);
    const list = await api.http().get("/iot/devices").set(other).then(status(200));
    expect(list.body.items).toEqual([]);
  });
});

/** A second warehouse, onboarded through the API, and a maker its admin adds: a bearer header for that maker. */
async function otherWarehouseMaker(): Promise<{ Authorization: string }> {
  const e = sandboxApplicant(1);
  const password = "a long enough password";
  const applied = await api.http().post("/applications").send({ name: e.name, uscc: e.uscc, kinds: ["warehouse"], admin: { name: "林", email: "admin@other-warehouse.example", password } }).then(status(201));
  const approved = await api.http().post(`/applications/${applied.body.id}/approve`).set(await api.as("operator", "admin")).then(status(200));
  const admin = await api.server.services.auth.login("admin@other-warehouse.example", password);
  await api.http().post(`/orgs/${approved.body.organisationId}/users`).set({ Authorization: `Bearer ${admin.accessToken}` }).send({ email: "maker@other-warehouse.example", name: "林二", role: "maker", password }).then(status(202));
  const maker = await api.server.services.auth.login("maker@other-warehouse.example", password);
  return { Authorization: `Bearer ${maker.accessToken}` };
}
