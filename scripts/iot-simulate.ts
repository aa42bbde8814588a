/**
 * npm run iot:simulate [-- --incident weight-drop] [--bays 3] [--ticks 60] [--interval-ms 1000] [--incident-at 10]
 * A small fleet of signing devices in the seeded bonded warehouse (宜春保税仓储), sending a batch of readings every
 * interval to the platform at SCF_API_URL (default http://localhost:$PORT, PORT 8080), until --ticks have passed or
 * Ctrl-C. The devices are registered afresh each run, by the warehouse's maker and checker of the demo cast.
 */
import { parseArgs } from "node:util";
import { DEMO_PASSWORD } from "../seeds/load";
import { seededOrganisation, seededUser } from "../seeds/organisations";
import { PlatformClient } from "./demo/client";
import { Fleet, sendBatch } from "./iot/fleet";

const baseUrl = process.env.SCF_API_URL ?? `http://localhost:${process.env.PORT ?? 8080}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      incident: { type: "string" },
      bays: { type: "string", default: "3" },
      ticks: { type: "string", default: "0" },
      "interval-ms": { type: "string", default: "1000" },
      "incident-at": { type: "string", default: "10" },
    },
  });
  if (values.incident !== undefined && values.incident !== "weight-drop") throw new Error(`Unknown incident ${values.incident}; the simulator knows weight-drop`);
  const bays = Array.from({ length: Number(values.bays) }, (_, i) => `A-${String(i + 1).padStart(2, "0")}`);
  const ticks = Number(values.ticks);
  const interval = Number(values["interval-ms"]);
  const warehouse = seededOrganisation("warehouse");
  const client = new PlatformClient({ baseUrl, password: DEMO_PASSWORD });
  const fleet = await Fleet.register(client, seededUser(warehouse, "maker").email, seededUser(warehouse, "checker").email, {
    bays,
    incident: values.incident,
    incidentAt: Number(values["incident-at"]),
  });
  console.log(`Registered ${fleet.devices.length} devices in ${bays.join(", ")} of ${warehouse.name}; sending to ${baseUrl}`);
  const run = { stopped: false };
  process.once("SIGINT", () => {
    run.stopped = true;
  });
  for (let n = 0; !run.stopped && (ticks === 0 || n < ticks); n += 1) {
    const batch = fleet.readings(n, new Date());
    const res = await sendBatch(baseUrl, batch);
    const weight = batch.find((r) => r.payload.kind === "weighing-platform" && fleet.devices[0].device.id === r.payload.deviceId)?.payload;
    const grams = weight && "grams" in weight ? weight.grams : undefined;
    console.log(`tick ${n}: ${res.status === 201 ? `${batch.length} readings stored` : `refused ${JSON.stringify(res.body)}`}; ${bays[0]} weighs ${grams === undefined ? "?" : (grams / 1e6).toFixed(3)} t`);
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
