/**
 * A warehouse's fleet of signing devices: in each bay a weighing platform, a climate probe, a door sensor and a
 * pallet camera. The warehouse's maker registers each and its checker approves; then every tick each device
 * measures once and the fleet's gateway sends the tick's readings as one batch. The weight-drop incident is goods
 * leaving a pledged bay unrecorded: from a given tick, the first bay's door stands open and its weight falls by a
 * twentieth of the stock each tick, to half.
 */
import type { PlatformClient } from "../demo/client";
import type { DeviceKind } from "../../api/src/iot/reading-payload";
import { SigningDevice, type Fields, type SignedReading } from "./signing-device";

export const KINDS_PER_BAY: readonly DeviceKind[] = ["weighing-platform", "climate-probe", "door-sensor", "pallet-camera"];

/** The stock on each weighing platform before any incident: 25 tonnes of lithium carbonate, in grams. */
export const STOCK_GRAMS = 25_000_000;

export interface FleetOptions {
  bays: string[];
  incident?: "weight-drop";
  /** The tick the incident starts at. */
  incidentAt: number;
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

  /** What `d` measures at tick `n`. */
  fields(d: Bayed, n: number): Fields {
    const struck = this.options.incident === "weight-drop" && d.bay === this.options.bays[0] && n >= this.options.incidentAt;
    const lost = struck ? Math.min(10, n - this.options.incidentAt + 1) : 0;
    switch (d.device.kind) {
      case "weighing-platform":
        return { grams: STOCK_GRAMS - (STOCK_GRAMS / 20) * lost + (n % 3) * 7 };
      case "climate-probe":
        return { centiCelsius: 1800 + (n % 5) * 3, humidityPermille: 450 + (n % 4) };
      case "door-sensor":
        return { open: struck ? 1 : 0 };
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
