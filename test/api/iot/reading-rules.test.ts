/**
 * The IoT rules as readings arrive through POST /iot/readings, signed: a pledged bay's scale weighing short of its
 * receipts, a door opened in a pledged bay without a delivery order, a bay's climate out of its commodity's range.
 * Each raises one alert to the warehouse, the owner and the bank (beside the regulator) and puts the receipts, and
 * the loans holding them, at risk until the regulator resolves it.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../chain/cst-day";
import type { SigningDevice } from "../../../scripts/iot/signing-device";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { alertSteps, type AlertJson } from "../../helpers/alert-steps";
import { status } from "../../helpers/api-steps";
import { documentHash, inventorySteps, TONNE } from "../../helpers/inventory";
import { registeredDevice, sendReadings } from "../../helpers/iot";
import { ifOpened } from "../../helpers/teardown";
import { DeviceRepository } from "../../../api/src/iot/device.repository";
import { ReadingRepository } from "../../../api/src/iot/reading.repository";
import { ReadingService } from "../../../api/src/iot/reading.service";
import type { ReadingWatch } from "../../../api/src/iot/reading-rules";

interface Risky {
  status: string;
  atRisk: boolean;
  openAlerts: { id: string; rule: string; receiptId?: string }[];
}

let api: TestApi;
let scale: SigningDevice;
let door: SigningDevice;
let probe: SigningDevice;
let loneScale: SigningDevice;
/** A second weighing platform in the pledged bay, at its gate: the lots it weighs are its own to compare. */
let gate: SigningDevice;
let loneDoor: SigningDevice;
let pledged: string;
let loanId: string;
const { as, proposeApprove, receipt, publisher, price } = inventorySteps(() => api);
const { alerts } = alertSteps(() => api, "7");
const ref = (s: string) => `0x${createHash("sha256").update(s).digest("hex")}`;
const now = () => api.platform.ledger.clock.now();
const send = async (d: SigningDevice, fields: Record<string, number>) => sendReadings(api, d.reading(fields, await now())).then(status(201));
const receiptOf = async (id: string, who: Handle = "tier1") => (await api.http().get(`/receipts/${id}`).set(await as(who)).then(status(200))).body as Risky;
const loanOf = async (who: Handle = "bank") => (await api.http().get(`/pledges/${loanId}`).set(await as(who)).then(status(200))).body as Risky;
const open = async (rule: string, who: Handle = "regulator") => (await alerts(who, { rule })).filter((a) => a.status !== "resolved");
const resolve = async (a: AlertJson) => api.http().post(`/alerts/${a.id}/resolve`).set(await as("regulator")).send({ note: "inspected on site" }).then(status(200));

beforeAll(async () => {
  api = await testApi();
  scale = await registeredDevice(api, "weighing-platform", "C-01");
  door = await registeredDevice(api, "door-sensor", "C-01");
  probe = await registeredDevice(api, "climate-probe", "C-01");
  gate = await registeredDevice(api, "weighing-platform", "C-01");
  loneScale = await registeredDevice(api, "weighing-platform", "C-02");
  loneDoor = await registeredDevice(api, "door-sensor", "C-02");
  await api.platform.ledger.cash.mint(api.orgs["settlement-bank"].account, api.orgs.bank.account, 10_000_000_00n, ref("reading-rules-bank"));
  await publisher("operator");
  await price("operator", "75000.00").then(status(201));
  await proposeApprove("operator", "put", "/pledges/bounds", { maxPledgeRateBps: 7000, warningBps: 8000, callBps: 8500, callDays: 3, graceDays: 10 });
  await proposeApprove("operator", "put", "/pledges/fee", { feeBps: 50, recipientOrgId: api.orgs.operator.id });
  await proposeApprove("bank", "put", "/pledges/rates/LI2CO3", { rateBps: 7000 });
  pledged = await receipt(scale, "tier1", 10n * TONNE);
  await receipt(loneScale, "tier1", TONNE);
}, 180_000);
afterAll(() => ifOpened(api)?.close());

describe("weight-shortfall: a pledged bay's scale weighing short of its receipts", () => {
  it("when the bay holds no pledged receipt, then a short weighing raises nothing", async () => {
    await send(scale, { grams: 5_000_000 });
    await send(loneScale, { grams: 0 });
    expect(await open("weight-shortfall")).toEqual([]);
    expect(await receiptOf(pledged)).toMatchObject({ atRisk: false, openAlerts: [] });
  });

  it("when the receipt is pledged and the scale weighs within the 0.5 % tolerance, then nothing is raised", async () => {
    const requested = await api.http().post("/pledges").set(await as("tier1")).send({ receiptIds: [pledged], bankOrgId: api.orgs.bank.id, amount: "500000.00", rateBps: 500, maturity: formatCstDay(new Date((await now()).getTime() + 90 * 86_400_000)) });
    loanId = (requested.body as { id: string }).id;
    expect(requested.status).toBe(201);
    await send(scale, { grams: 9_950_000 }); // exactly 0.5 % short
    expect(await open("weight-shortfall")).toEqual([]);
    expect(await loanOf()).toMatchObject({ atRisk: false, openAlerts: [] });
  });

  it("when the scale weighs 1 % short, then one critical alert goes to the warehouse, the owner and the bank, and the receipt and the loan are at risk", async () => {
    await send(scale, { grams: 9_900_000 });
    const [alert] = await open("weight-shortfall");
    expect(alert).toMatchObject({
      severity: "critical",
      subject: scale.id,
      parties: expect.arrayContaining([api.orgs.warehouse.account, api.orgs.tier1.account, api.orgs.bank.account]),
      facts: { bay: "C-01", receipts: pledged, pledged, measuredGrams: "9900000", recordedGrams: "10000000", shortfallGrams: "100000", shortfall: "1.00", tolerance: "0.50" },
    });
    expect(alert.explanation["en-US"]).toContain(`weighs 9.900 t, 0.100 t (1.00%, tolerance 0.50%) below the 10.000 t recorded by receipt ${pledged} (pledged: ${pledged})`);
    for (const who of ["warehouse", "tier1", "bank"] as const) expect((await open("weight-shortfall", who)).map((a) => a.id)).toEqual([alert.id]);
    expect(await open("weight-shortfall", "tier2")).toEqual([]);
    expect(await receiptOf(pledged, "bank")).toMatchObject({ status: "pledged", atRisk: true, openAlerts: [{ id: alert.id, rule: "weight-shortfall" }] });
    expect(await loanOf("tier1")).toMatchObject({ atRisk: true, openAlerts: [{ id: alert.id, rule: "weight-shortfall", receiptId: pledged }] });
    const listed = await api.http().get("/receipts").set(await as("tier1")).then(status(200));
    expect((listed.body as { items: (Risky & { id: string })[] }).items.find((r) => r.id === pledged)).toMatchObject({ atRisk: true });
  });

  it("when the scale keeps weighing short while the alert is open, then no second alert is raised", async () => {
    await sendReadings(api, [scale.reading({ grams: 9_000_000 }, await now()), scale.reading({ grams: 8_000_000 }, await now())]).then(status(201));
    expect(await open("weight-shortfall")).toHaveLength(1);
  });

  it("when the regulator resolves it, then the receipt and the loan are no longer at risk, and the next short weighing raises anew", async () => {
    const [alert] = await open("weight-shortfall");
    await resolve(alert);
    expect(await receiptOf(pledged)).toMatchObject({ atRisk: false, openAlerts: [] });
    expect(await loanOf()).toMatchObject({ atRisk: false, openAlerts: [] });
    await send(scale, { grams: 9_000_000 });
    const again = await open("weight-shortfall");
    expect(again.map((a) => a.id)).not.toContain(alert.id);
    expect(again).toHaveLength(1);
    await resolve(again[0]);
  });
});

let other: string;

describe("door-opened-without-delivery: a door opening in a pledged bay", () => {
  it("when a door opens in a bay with no pledged goods, or a pledged bay's door reports shut, then nothing is raised", async () => {
    await send(loneDoor, { open: 1 });
    await send(door, { open: 0 });
    expect(await open("door-opened-without-delivery")).toEqual([]);
  });

  it("when the door opens in the pledged bay with no delivery proposed, then a critical alert names the pledged receipt, once while open", async () => {
    await send(door, { open: 1 });
    await send(door, { open: 1 });
    const found = await open("door-opened-without-delivery");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "critical", facts: { bay: "C-01", pledged, receipts: pledged, windowHours: "24" } });
    expect(found[0].parties).toEqual(expect.arrayContaining([api.orgs.tier1.account, api.orgs.bank.account, api.orgs.warehouse.account]));
    expect(await receiptOf(pledged)).toMatchObject({ atRisk: true, openAlerts: [{ id: found[0].id, rule: "door-opened-without-delivery" }] });
    await resolve(found[0]);
    expect(await receiptOf(pledged)).toMatchObject({ atRisk: false });
  });

  it("when a delivery of the bay's other goods was proposed within 24 hours, then the door may open; a day later it may not", async () => {
    other = await receipt(gate, "tier1", TONNE);
    await api.http().post(`/receipts/${other}/deliver`).set(await as("tier1")).then(status(202));
    await send(door, { open: 1 });
    expect(await open("door-opened-without-delivery")).toEqual([]);
    await api.platform.ledger.clock.advance(25 * 3600);
    await send(door, { open: 1 });
    expect(await open("door-opened-without-delivery")).toHaveLength(1);
    await resolve((await open("door-opened-without-delivery"))[0]);
  });
});

describe("climate-out-of-range: a bay's climate outside its commodity's range", () => {
  it("when the probe measures 20 °C and 45 % in a lithium carbonate bay, then nothing is raised", async () => {
    await send(probe, { centiCelsius: 2000, humidityPermille: 450 });
    expect(await open("climate-out-of-range")).toEqual([]);
  });

  it("when humidity reaches 75 %, then one warning names the bay's live receipts, and resolving it clears them", async () => {
    await send(probe, { centiCelsius: 2000, humidityPermille: 750 });
    await send(probe, { centiCelsius: 3800, humidityPermille: 750 });
    const found = await open("climate-out-of-range");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "warning", facts: { commodity: "LI2CO3", celsius: "20.00", humidity: "75.0", maxHumidity: "60.0" } });
    expect(found[0].facts.receipts.split(",")).toEqual([pledged, other]);
    expect(found[0].explanation["zh-CN"]).toContain("相对湿度 75.0%");
    expect(await receiptOf(pledged)).toMatchObject({ atRisk: true });
    await resolve(found[0]);
    expect(await receiptOf(pledged)).toMatchObject({ atRisk: false });
  });
});

describe("a split lot in its parent's bay", () => {
  it("when a receipt of the bay is split, then its lots stay in the bay: a climate alert names them, not the closed parent", async () => {
    const parent = await receipt(gate, "tier1", 2n * TONNE);
    const split = await proposeApprove("tier1", "post", `/receipts/${parent}/split`, { lots: [{ quantity: "1500000", document: documentHash() }, { quantity: "500000", document: documentHash() }] });
    const lots = (split.lots as { id: string }[]).map((l) => l.id);
    await send(probe, { centiCelsius: -500, humidityPermille: 400 });
    const [found] = await open("climate-out-of-range");
    expect(found.facts.receipts.split(",")).toEqual([pledged, other, ...lots]);
    expect(found.facts).toMatchObject({ celsius: "-5.00", minCelsius: "0.00" });
    await resolve(found);
  });
});

describe("when the rules fail", () => {
  it("when judging a stored batch throws (the database gone mid-request), then the readings stand, the device is told they are stored, and the failure is logged", async () => {
    const prisma = api.platform.db.prisma;
    const errors: unknown[] = [];
    const failing = { inspect: () => Promise.reject(new Error("the rules' query failed")) } as unknown as ReadingWatch;
    const service = new ReadingService(new DeviceRepository(prisma), new ReadingRepository(prisma), { now: () => new Date() }, failing, { error: (e) => errors.push(e) });
    const accepted = await service.ingest([scale.reading({ grams: 1 }, await now())]);
    expect(accepted).toHaveLength(1);
    expect(await prisma.iotReading.count({ where: { id: accepted[0].id } })).toBe(1);
    expect(errors).toEqual([new Error("the rules' query failed")]);
  });
});
