import type { AddressInfo } from "node:net";
import type { Server as HttpServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformClient } from "../../../scripts/demo/client";
import { Fleet, KINDS_PER_BAY, sendBatch, STOCK_GRAMS } from "../../../scripts/iot/fleet";
import { DEMO_PASSWORD } from "../../../seeds/load";
import { SEEDED_BAY, SEEDED_DEVICES } from "../../../seeds/devices";
import { testApi, type TestApi } from "../../helpers/api";
import { ifOpened } from "../../helpers/teardown";

let api: TestApi;
let listener: HttpServer;
let baseUrl: string;

beforeAll(async () => {
  api = await testApi();
  listener = api.server.app.listen(0);
  await new Promise((r) => listener.once("listening", r));
  baseUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
}, 180_000);
afterAll(async () => {
  ifOpened(listener)?.close();
  await ifOpened(api)?.close();
});

describe("npm run iot:simulate's fleet", () => {
  it("when it runs with the weight-drop incident, then every tick is stored, and the first bay's weight falls and its door opens from the incident on, the others unchanged", async () => {
    const warehouse = api.orgs.warehouse;
    const email = (role: string) => warehouse.users.find((u) => u.role === role)!.email;
    const client = new PlatformClient({ baseUrl, password: DEMO_PASSWORD });
    const fleet = await Fleet.register(client, email("maker"), email("checker"), { bays: ["A-01", "A-02"], incident: "weight-drop", incidentAt: 2 });
    expect(fleet.devices.map((d) => d.device.kind)).toEqual([...KINDS_PER_BAY, ...KINDS_PER_BAY]);
    for (let n = 0; n < 5; n += 1) {
      const res = await sendBatch(baseUrl, fleet.readings(n, new Date(Date.UTC(2026, 11, 4, 8, 0, n))));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const series = async (bay: string, kind: string) => {
      const device = fleet.devices.find((d) => d.bay === bay && d.device.kind === kind)!.device;
      const rows = await api.platform.db.prisma.iotReading.findMany({ where: { deviceId: device.id }, orderBy: { counter: "asc" } });
      return rows.map((r) => r.values as Record<string, number>);
    };
    // A twentieth of the stock (1.25 t) goes each tick from tick 2; the scale's own jitter is a few grams.
    const lost = [0, 0, 1, 2, 3];
    expect((await series("A-01", "weighing-platform")).map((v) => v.grams)).toEqual(lost.map((l, n) => STOCK_GRAMS - 1_250_000 * l + (n % 3) * 7));
    expect((await series("A-01", "door-sensor")).map((v) => v.open)).toEqual([0, 0, 1, 1, 1]);
    expect((await series("A-02", "weighing-platform")).every((v) => Math.abs(v.grams - STOCK_GRAMS) < 100)).toBe(true);
    expect((await series("A-02", "door-sensor")).map((v) => v.open)).toEqual([0, 0, 0, 0, 0]);
  });

  it("when it drives the seeded fleet, then it signs as the seeded devices with their derived keys, and a second run's counters follow the first's", async () => {
    const maker = api.orgs.warehouse.users.find((u) => u.role === "maker")!.email;
    const client = new PlatformClient({ baseUrl, password: DEMO_PASSWORD });
    const at = (n: number) => new Date(Date.UTC(2026, 11, 4, 9, 0, n));
    const first = await Fleet.seeded(client, maker, { incident: "climate", incidentAt: 1, stockGrams: 10_000_000 });
    expect(first.devices.map((d) => [d.bay, d.device.kind])).toEqual(SEEDED_DEVICES.map((d) => [SEEDED_BAY, d.kind]));
    for (let n = 0; n < 2; n += 1) expect((await sendBatch(baseUrl, first.readings(n, at(n)))).status).toBe(201);
    const second = await Fleet.seeded(client, maker, { incident: "door-open", incidentAt: 0, stockGrams: 10_000_000 });
    expect(second.first("door-sensor").counter).toBe(first.first("door-sensor").counter);
    expect((await sendBatch(baseUrl, second.readings(0, at(2)))).status).toBe(201);
    const values = async (kind: string) =>
      (await api.platform.db.prisma.iotReading.findMany({ where: { deviceId: second.first(kind as "door-sensor").id }, orderBy: { counter: "asc" } })).map((r) => r.values as Record<string, number>);
    expect((await values("climate-probe")).map((v) => v.humidityPermille > 600)).toEqual([false, true, false]);
    expect((await values("door-sensor")).map((v) => v.open)).toEqual([0, 0, 1]);
    expect((await values("weighing-platform")).map((v) => v.grams)).toEqual([10_000_000, 10_000_007, 10_000_000]);
  });
});
