/**
 * A warehouse's fleet of signing devices: in each bay a weighing platform, a climate probe, a door sensor and a
 * pallet camera. The warehouse's maker registers each and its checker approves; then every tick each device
 * measures once and the fleet's gateway sends the tick's readings as one batch. Or the seeded warehouse's own
 * devices (seeds/devices.ts), whose keys are derived from the demo seed: their ids and counters are learnt from the
 * platform (GET /iot/devices), so a run picks up where the last one stopped.
 *
 * Incidents, from a given tick, in the first bay:
 * - weight-drop: goods leaving a pledged bay unrecorded: the door stands open and the weight falls by a twentieth
 *   of the stock each tick, to half;
 * - door-open: the door stands open, nothing else changes;
 * - climate: the bay grows warm and damp (31 °C, 78 % relative humidity), beyond dry storage's range.
 */
import type { PlatformClient } from "../demo/client";
import type { DeviceKind } from "../../api/src/iot/reading-payload";
import { SigningDevice, type Fields, type SignedReading } from "./signing-device";
import { SEEDED_BAY, SEEDED_DEVICES, seededDeviceKey } from "../../seeds/devices";

export const KINDS_PER_BAY: readonly DeviceKind[] = ["weighing-platform", "climate-probe", "door-sensor", "pallet-camera"];

/** The stock on each weighing platform before any incident: 25 tonnes of lithium carbonate, in grams. */
export const STOCK_GRAMS = 25_000_000;

export const INCIDENTS = ["weight-drop", "door-open", "climate"] as const;
export type Incident = (typeof INCIDENTS)[number];

export interface FleetOptions {
  bays: string[];
  incident?: Incident | undefined;
  /** The tick the incident starts at. */
  incidentAt: number;
  /** What each weighing platform weighs before any incident, grams; STOCK_GRAMS unless said. */
  stockGrams?: number;
}

interface ListedDevice {
  id: string;
  publicKey: string;
  lastCounter: number;
  status: string;
}

export interface Bayed {
  bay: string;
  device: SigningDevice;
}

export class Fleet {
  private constructor(
    readonly devices: Bayed[],
    private readonly options: FleetOptions,
  ) {}

  /** Registers a device of every kind in every bay, each proposed by `makerEmail` and approved by `checkerEmail`. */
  static async register(client: PlatformClient, makerEmail: string, checkerEmail: string, options: FleetOptions): Promise<Fleet> {
    const maker = client.as(makerEmail);
    const checker = client.as(checkerEmail);
    const devices: Bayed[] = [];
    for (const bay of options.bays) {
      for (const kind of KINDS_PER_BAY) {
        const device = new SigningDevice(kind);
        const proposed = await maker.post<{ id: string }>("/iot/devices", { kind, publicKey: device.publicKey, bay, label: `${kind} ${bay}` });
        device.id = (await checker.post<{ result: { id: string } }>(`/approvals/${proposed.id}/approve`)).result.id;
        devices.push({ bay, device });
      }
    }
    return new Fleet(devices, options);
  }

  /**
   * The seeded warehouse's devices in SEEDED_BAY, as the warehouse's `email` lists them: each signer's id and
   * counter are the platform's. Throws when one is not registered (the platform was started without seeds).
   */
  static async seeded(client: PlatformClient, email: string, options: Omit<FleetOptions, "bays">): Promise<Fleet> {
    const listed: ListedDevice[] = [];
    for (let cursor: string | null = ""; cursor !== null; ) {
      const page: { items: ListedDevice[]; nextCursor: string | null } = await client.as(email).get(`/iot/devices?status=active&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      listed.push(...page.items);
      cursor = page.nextCursor;
    }
    const devices = SEEDED_DEVICES.map((d): Bayed => {
      const device = new SigningDevice(d.kind, seededDeviceKey(d));
      const found = listed.find((l) => l.publicKey === device.publicKey);
      if (!found) throw new Error(`The seeded ${d.kind} in bay ${d.bay} is not registered: start the platform with its seeds (SCF_SEED=1)`);
      device.id = found.id;
      device.counter = found.lastCounter;
      return { bay: d.bay, device };
    });
    return new Fleet(devices, { ...options, bays: [SEEDED_BAY] });
  }

  /** The device of `kind` in the first bay. */
  first(kind: DeviceKind): SigningDevice {
    const found = this.devices.find((d) => d.bay === this.options.bays[0] && d.device.kind === kind);
    if (!found) throw new Error(`The fleet has no ${kind} in bay ${this.options.bays[0]}`);
    return found.device;
  }

  /** What `d` measures at tick `n`. */
  fields(d: Bayed, n: number): Fields {
    const struck = this.options.incident !== undefined && d.bay === this.options.bays[0] && n >= this.options.incidentAt ? this.options.incident : undefined;
    const lost = struck === "weight-drop" ? Math.min(10, n - this.options.incidentAt + 1) : 0;
    const stock = this.options.stockGrams ?? STOCK_GRAMS;
    switch (d.device.kind) {
      case "weighing-platform":
        return { grams: stock - Math.floor(stock / 20) * lost + (n % 3) * 7 };
      case "climate-probe":
        return struck === "climate" ? { centiCelsius: 3100 + (n % 5) * 3, humidityPermille: 780 + (n % 4) } : { centiCelsius: 1800 + (n % 5) * 3, humidityPermille: 450 + (n % 4) };
      case "door-sensor":
        return { open: struck === "weight-drop" || struck === "door-open" ? 1 : 0 };
      case "pallet-camera":
        return { pallets: 50 - Math.floor(lost * 2.5) };
    }
  }

  /** Every device's reading at tick `n`, measured at `at`. */
  readings(n: number, at: Date): SignedReading[] {
    return this.devices.map((d) => d.device.reading(this.fields(d, n), at));
  }
}

/** Sends one tick's batch; the ids the platform gave, or the problem it answered. */
export async function sendBatch(baseUrl: string, batch: SignedReading[]): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}/iot/readings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(batch) });
  const body: unknown = await res.json();
  return { status: res.status, body };
}
