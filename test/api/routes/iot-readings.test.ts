import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { valuesOf } from "../../../api/src/iot/reading-payload";
import { SigningDevice, type SignedReading } from "../../../scripts/iot/signing-device";
import { testApi, type TestApi } from "../../helpers/api";
import { status } from "../../helpers/api-steps";
import { registeredDevice, retired, sendReadings } from "../../helpers/iot";

let api: TestApi;
let scale: SigningDevice;
let probe: SigningDevice;
const AT = new Date("2026-12-04T08:00:00.000Z");

beforeAll(async () => {
  api = await testApi();
  scale = await registeredDevice(api, "weighing-platform", "A-01");
  probe = await registeredDevice(api, "climate-probe", "A-01");
}, 180_000);
afterAll(() => api.close());

/** `r` with its payload changed after it was signed. */
const tampered = (r: SignedReading, fields: Record<string, number>): SignedReading => ({ ...r, payload: { ...r.payload, ...fields } });

const stored = () => api.platform.db.prisma.iotReading.count();
const lastCounter = async (d: SigningDevice) => Number((await api.platform.db.prisma.iotDevice.findUniqueOrThrow({ where: { id: d.id } })).lastCounter);

/** Sends `body`, expects the refusal `code` at `index`, and checks nothing was stored or moved. */
async function refused(body: SignedReading | SignedReading[], httpStatus: number, code: string, index = 0) {
  const before = { rows: await stored(), scale: await lastCounter(scale), probe: await lastCounter(probe) };
  const res = await sendReadings(api, body);
  expect([res.status, res.body.code], JSON.stringify(res.body)).toEqual([httpStatus, code]);
  expect(res.body.reading).toMatchObject({ index, deviceId: (Array.isArray(body) ? body[index] : body).payload.deviceId });
  expect({ rows: await stored(), scale: await lastCounter(scale), probe: await lastCounter(probe) }).toEqual(before);
  return res;
}

describe("POST /iot/readings: signed readings", () => {
  it("when a device sends one signed reading, then it is stored with its id and the device's counter moves to it", async () => {
    const r = scale.reading({ grams: 25_000_000 }, AT);
    const res = await sendReadings(api, r).then(status(201));
    expect(res.body).toEqual({ accepted: 1, readings: [{ id: expect.stringMatching(/^\d+$/), deviceId: scale.id, counter: r.payload.counter }] });
    const row = await api.platform.db.prisma.iotReading.findUniqueOrThrow({ where: { id: BigInt(res.body.readings[0].id) } });
    expect(row).toMatchObject({ deviceId: scale.id, kind: "weighing-platform", values: { grams: 25_000_000 }, measuredAt: AT, signature: r.signature });
    expect(await lastCounter(scale)).toBe(r.payload.counter);
  });

  it("when a batch mixes devices, then every reading is stored in the batch's order, and counters may skip ahead", async () => {
    const batch = [scale.reading({ grams: 1 }, AT), probe.reading({ centiCelsius: -550, humidityPermille: 800 }, AT), scale.reading({ grams: 2 }, AT)];
    scale.counter += 10;
    batch.push(scale.reading({ grams: 3 }, AT));
    const res = await sendReadings(api, batch).then(status(201));
    expect(res.body.accepted).toBe(4);
    const accepted = res.body.readings as { id: string; deviceId: string; counter: number }[];
    const ids = accepted.map((r) => BigInt(r.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(accepted.map((r) => ({ deviceId: r.deviceId, counter: r.counter }))).toEqual(batch.map((r) => ({ deviceId: r.payload.deviceId, counter: r.payload.counter })));
    const rows = await api.platform.db.prisma.iotReading.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => ({ deviceId: r.deviceId, counter: Number(r.counter), values: r.values }))).toEqual(
      batch.map(({ payload }) => ({ deviceId: payload.deviceId, counter: payload.counter, values: valuesOf(payload) })),
    );
    expect(await lastCounter(scale)).toBe(scale.counter);
  });

  it("when the signature is another key's, or the payload was changed after signing, then 401 IOT_SIGNATURE_INVALID", async () => {
    const forger = new SigningDevice("weighing-platform");
    forger.id = scale.id;
    forger.counter = scale.counter;
    await refused(forger.reading({ grams: 9 }, AT), 401, "IOT_SIGNATURE_INVALID");
    const honest = scale.reading({ grams: 25_000_000 }, AT);
    await refused(tampered(honest, { grams: 1 }), 401, "IOT_SIGNATURE_INVALID");
    await refused({ ...honest, signature: honest.signature.slice(0, -2) }, 401, "IOT_SIGNATURE_INVALID");
    await refused({ ...honest, signature: "*".repeat(86) }, 401, "IOT_SIGNATURE_INVALID");
    // The honest reading itself is still good: nothing was burned by the forgeries.
    await sendReadings(api, honest).then(status(201));
  });

  it("when the device is not registered, then 401 IOT_DEVICE_UNKNOWN", async () => {
    const stranger = new SigningDevice("door-sensor");
    stranger.id = "00000000-0000-4000-8000-000000000000";
    await refused(stranger.reading({ open: 1 }, AT), 401, "IOT_DEVICE_UNKNOWN");
  });

  it("when a reading is sent again, then 409 IOT_READING_REPLAYED, alone or inside a batch of new readings", async () => {
    const r = scale.reading({ grams: 7 }, AT);
    await sendReadings(api, r).then(status(201));
    await refused(r, 409, "IOT_READING_REPLAYED");
    await refused([probe.reading({ centiCelsius: 1, humidityPermille: 1 }, AT), r], 409, "IOT_READING_REPLAYED", 1);
  });

  it("when a counter is below the latest but was never sent, then 409 IOT_READING_OUT_OF_ORDER", async () => {
    const skipped = scale.reading({ grams: 8 }, AT);
    await sendReadings(api, scale.reading({ grams: 9 }, AT)).then(status(201));
    await refused(skipped, 409, "IOT_READING_OUT_OF_ORDER");
  });

  it("when a batch repeats a counter or goes backwards, then the repeat is IOT_READING_REPLAYED and the step back IOT_READING_OUT_OF_ORDER", async () => {
    const a = scale.reading({ grams: 10 }, AT);
    const b = scale.reading({ grams: 11 }, AT);
    await refused([a, b, a], 409, "IOT_READING_REPLAYED", 2);
    await refused([b, a], 409, "IOT_READING_OUT_OF_ORDER", 1);
    await sendReadings(api, [a, b]).then(status(201));
  });

  it("when the device is retired, then its correctly signed readings are 403 IOT_DEVICE_RETIRED", async () => {
    const door = await registeredDevice(api, "door-sensor", "Gate 1");
    await sendReadings(api, door.reading({ open: 0 }, AT)).then(status(201));
    await retired(api, door);
    await refused(door.reading({ open: 1 }, AT), 403, "IOT_DEVICE_RETIRED");
  });

  it("when a device signs another kind's reading, then 422 IOT_READING_KIND_MISMATCH", async () => {
    const r = probe.signed({ deviceId: probe.id, counter: probe.counter + 1, measuredAt: AT.getTime(), kind: "door-sensor", open: 1 });
    await refused(r, 422, "IOT_READING_KIND_MISMATCH");
  });

  it("when one reading of a batch is bad, then the whole batch is refused with its index, and the good ones can be sent again", async () => {
    const good = [scale.reading({ grams: 20 }, AT), probe.reading({ centiCelsius: 2, humidityPermille: 2 }, AT)];
    const bad = scale.reading({ grams: 21 }, AT);
    await refused([...good, tampered(bad, { grams: 22 })], 401, "IOT_SIGNATURE_INVALID", 2);
    const res = await sendReadings(api, [...good, bad]).then(status(201));
    expect(res.body.accepted).toBe(3);
  });

  it("when one batch is sent twice at once, then exactly one is stored and the other is IOT_READING_REPLAYED", async () => {
    const batch = [scale.reading({ grams: 30 }, AT), scale.reading({ grams: 31 }, AT)];
    const before = await stored();
    const results = await Promise.all([sendReadings(api, batch), sendReadings(api, batch)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe("IOT_READING_REPLAYED");
    expect(await stored()).toBe(before + 2);
  });

  it("when a batch is empty or longer than 200, or a reading malformed, then 400 VALIDATION_FAILED and nothing is stored", async () => {
    const before = await stored();
    const r = scale.reading({ grams: 40 }, AT);
    for (const body of [[], Array<SignedReading>(201).fill(r), { payload: r.payload }, { ...r, extra: 1 }, tampered(r, { grams: 1.5 })]) {
      const res = await sendReadings(api, body as SignedReading[]);
      expect([res.status, res.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    }
    expect(await stored()).toBe(before);
  });

  it("when hostile bodies are sent, then every answer is a 4xx problem and nothing is stored", async () => {
    const before = await stored();
    const hostile = fc.oneof(
      fc.anything(),
      fc.record({ payload: fc.anything(), signature: fc.string() }),
      fc.record({
        payload: fc.record({ deviceId: fc.oneof(fc.uuid(), fc.constant(scale.id)), counter: fc.integer(), measuredAt: fc.integer(), kind: fc.constantFrom("weighing-platform", "door-sensor", "x"), grams: fc.integer() }),
        signature: fc.oneof(fc.string(), fc.base64String()),
      }),
      fc.array(fc.record({ payload: fc.object(), signature: fc.string() }), { maxLength: 5 }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (body) => {
        // JSON.stringify(undefined) is undefined, though its type says string: such a body is sent as null.
        const text = body === undefined ? "null" : JSON.stringify(body);
        const res = await api.http().post("/iot/readings").set("Content-Type", "application/json").send(text);
        expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        expect(res.type).toBe("application/problem+json");
      }),
      { numRuns: 150 },
    );
    expect(await stored()).toBe(before);
    expect(api.errors).toEqual([]);
  });
});
