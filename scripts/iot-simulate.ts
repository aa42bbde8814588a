/**
 * npm run iot:simulate [-- --incident weight-drop|door-open|climate] [--incident-at 10] [--ticks 60] [--interval-ms 1000]
 *                      [--stock-grams 25000000] [--extra-bays 0]
 * The seeded bonded warehouse's (宜春保税仓储) devices in bay A-01 (a weighing platform, a climate probe and a door
 * sensor, seeds/devices.ts), signing with their derived development keys, send a batch of readings every interval
 * to the platform at SCF_API_URL (default http://localhost:$PORT, PORT 8080), until --ticks have passed or Ctrl-C.
 * From --incident-at, the incident strikes bay A-01; the IoT rules then alert the receipts' owner, bank, warehouse
 * and the regulator if the bay holds receipts (a pledged one for weight and door). --extra-bays registers that many
 * more bays of fresh devices (B-01, …; each kind, through the warehouse's maker and checker) as background traffic.
 */
import { parseArgs } from "node:util";
import { DEMO_PASSWORD } from "../seeds/load";
import { seededOrganisation, seededUser } from "../seeds/organisations";
import { PlatformClient } from "./demo/client";
import { Fleet, INCIDENTS, sendBatch, type Incident } from "./iot/fleet";

const baseUrl = process.env.SCF_API_URL ?? `http://localhost:${process.env.PORT ?? 8080}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      incident: { type: "string" },
      "extra-bays": { type: "string", default: "0" },
      ticks: { type: "string", default: "0" },
      "interval-ms": { type: "string", default: "1000" },
      "incident-at": { type: "string", default: "10" },
      "stock-grams": { type: "string", default: "25000000" },
    },
  });
  const incident = values.incident as Incident | undefined;
  if (incident !== undefined && !INCIDENTS.includes(incident)) throw new Error(`Unknown incident ${incident}; the simulator knows ${INCIDENTS.join(", ")}`);
  const ticks = Number(values.ticks);
  const interval = Number(values["interval-ms"]);
  const warehouse = seededOrganisation("warehouse");
  const client = new PlatformClient({ baseUrl, password: DEMO_PASSWORD });
  const options = { incident, incidentAt: Number(values["incident-at"]), stockGrams: Number(values["stock-grams"]) };
  const fleet = await Fleet.seeded(client, seededUser(warehouse, "maker").email, options);
  const extraBays = Array.from({ length: Number(values["extra-bays"]) }, (_, i) => `B-${String(i + 1).padStart(2, "0")}`);
  const extra = extraBays.length ? await Fleet.register(client, seededUser(warehouse, "maker").email, seededUser(warehouse, "checker").email, { bays: extraBays, incidentAt: 0 }) : undefined;
  console.log(`Driving ${fleet.devices.length + (extra?.devices.length ?? 0)} devices of ${warehouse.name} (bay A-01${extraBays.length ? `, ${extraBays.join(", ")}` : ""}); sending to ${baseUrl}`);
  const run = { stopped: false };
  process.once("SIGINT", () => {
    run.stopped = true;
  });
  const scale = fleet.first("weighing-platform");
  for (let n = 0; !run.stopped && (ticks === 0 || n < ticks); n += 1) {
    const now = new Date();
    const batch = [...fleet.readings(n, now), ...(extra?.readings(n, now) ?? [])];
    const res = await sendBatch(baseUrl, batch);
    const weight = batch.find((r) => r.payload.deviceId === scale.id)?.payload;
    const grams = weight && "grams" in weight ? weight.grams : undefined;
    const struck = incident && n >= options.incidentAt ? ` [${incident}]` : "";
    console.log(`tick ${n}: ${res.status === 201 ? `${batch.length} readings stored` : `refused ${JSON.stringify(res.body)}`}; A-01 weighs ${grams === undefined ? "?" : (grams / 1e6).toFixed(3)} t${struck}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
