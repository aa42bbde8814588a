/**
 * Devices gone silent: the sweep warns a warehouse of each device in service it has heard nothing from for longer
 * than the threshold (30 minutes), counting from the last reading received or from the registration of one that
 * never spoke; a device that keeps talking, or a retired one, raises nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ALERT_THRESHOLDS } from "../../../api/src/alerts/alert-thresholds";
import type { SigningDevice } from "../../../scripts/iot/signing-device";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { alertSteps } from "../../helpers/alert-steps";
import { status } from "../../helpers/api-steps";
import { registeredDevice, retired, sendReadings } from "../../helpers/iot";
import { ifOpened } from "../../helpers/teardown";
import { SEEDED_BAY, SEEDED_DEVICES } from "../../../seeds/devices";
import { inventorySteps } from "../../helpers/inventory";

describe("devices gone silent", () => {
  let api: TestApi;
  let scale: SigningDevice;
  let door: SigningDevice;
  let probe: SigningDevice;
  let spare: SigningDevice;
  const sweep = () => api.server.services.jobs.find((j) => j.name === "Device silence sweep")!.runNow();
  const minutes = async (n: number) => api.platform.ledger.clock.advance(n * 60);
  const { alerts } = alertSteps(() => api, "5");
  /** The silent devices `who` is warned of, but for the seeded fleet (bay A-01), which never speaks in these tests. */
  const everySilent = (who: Handle) => alerts(who, { rule: "device-silent" });
  const silent = async (who: Handle) => (await everySilent(who)).filter((a) => a.facts.bay !== SEEDED_BAY);
  const speak = async (d: SigningDevice) => sendReadings(api, d.reading(d.kind === "climate-probe" ? { centiCelsius: 1800, humidityPermille: 450 } : { grams: 25_000_000 }, new Date())).then(status(201));

  beforeAll(async () => {
    api = await testApi();
    await api.server.services.jobs.find((j) => j.name === "Device silence sweep")!.stop();
    scale = await registeredDevice(api, "weighing-platform", "B-07");
    door = await registeredDevice(api, "door-sensor", "B-07");
    probe = await registeredDevice(api, "climate-probe", "B-08");
    spare = await registeredDevice(api, "pallet-camera", "B-09");
    await speak(scale);
    await speak(probe);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  it("when every device was heard from within the threshold, then the sweep raises nothing", async () => {
    await minutes(20);
    await speak(scale);
    await sweep();
    expect(await silent("regulator")).toEqual([]);
  });

  it("when a device last spoke, or was registered, longer ago than the threshold, then its warehouse and the regulator are warned; one that kept talking, or was retired, is not reported", async () => {
    await retired(api, spare);
    await minutes(DEFAULT_ALERT_THRESHOLDS.deviceSilentMinutes - 20 + 5);
    await sweep();
    const alerts = await silent("regulator");
    expect(alerts.map((a) => a.subject).sort()).toEqual([door.id, probe.id].sort());
    const forProbe = alerts.find((a) => a.subject === probe.id)!;
    expect(forProbe).toMatchObject({ severity: "warning", parties: [api.orgs.warehouse.account] });
    expect(forProbe.facts).toMatchObject({ kind: "climate-probe", bay: "B-08", silentMinutes: "35", threshold: "30" });
    expect(forProbe.explanation["zh-CN"]).toContain("B-08 仓位的温湿度探头已 35 分钟没有读数");
    expect(forProbe.explanation["en-US"]).toContain("has sent nothing for 35 minutes");
    expect((await silent("warehouse")).length).toBe(2);
    const seeded = (await everySilent("warehouse")).filter((a) => a.facts.bay === SEEDED_BAY);
    expect(seeded.map((a) => a.facts.kind).sort()).toEqual(SEEDED_DEVICES.map((d) => d.kind).sort());
    for (const who of ["bank", "tier1"] as const) expect(await silent(who)).toEqual([]);
  });

  it("when the sweep runs again while those alerts are open, then it adds nothing", async () => {
    await minutes(10);
    await sweep();
    expect((await silent("regulator")).length).toBe(2);
  });

  it("when a silent device's bay holds a receipt, then its alert names the receipt and goes to its owner, and the receipt is at risk until resolved", async () => {
    const { receipt } = inventorySteps(() => api);
    const bayScale = await registeredDevice(api, "weighing-platform", "B-10");
    const bayDoor = await registeredDevice(api, "door-sensor", "B-10");
    const id = await receipt(bayScale, "tier1", 1_000_000n);
    await minutes(DEFAULT_ALERT_THRESHOLDS.deviceSilentMinutes + 1);
    await sweep();
    const named = (await silent("tier1")).filter((a) => a.facts.bay === "B-10");
    expect(named.map((a) => a.subject).sort()).toEqual([bayScale.id, bayDoor.id].sort());
    for (const a of named) expect(a).toMatchObject({ facts: { receipts: id }, parties: [api.orgs.warehouse.account, api.orgs.tier1.account] });
    expect(named[0].explanation["en-US"]).toContain(`receipt ${id} is at risk`);
    const seen = async () => (await api.http().get(`/receipts/${id}`).set(await api.as("tier1")).then(status(200))).body as { atRisk: boolean; openAlerts: { rule: string }[] };
    expect(await seen()).toMatchObject({ atRisk: true, openAlerts: [{ rule: "device-silent" }, { rule: "device-silent" }] });
    for (const a of named) await api.http().post(`/alerts/${a.id}/resolve`).set(await api.as("regulator")).send({ note: "gateway restarted" }).then(status(200));
    expect(await seen()).toMatchObject({ atRisk: false, openAlerts: [] });
  });
});
