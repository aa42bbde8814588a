/**
 * What a device signs, byte for byte, and what a leaf of the anchored Merkle tree holds.
 *
 * The payload is a flat JSON object: `deviceId` (the id the platform gave the device), `counter` (a positive
 * integer, greater in every reading than in the one before), `measuredAt` (milliseconds since 1970-01-01 UTC),
 * `kind` (the device's kind) and the kind's own fields, all integers in the units their names say. The device
 * signs, with Ed25519 (RFC 8032, pure), the UTF-8 bytes of
 *
 *   "scf-ledger/iot-reading/v1\n" + JCS(payload)
 *
 * where JCS is the JSON Canonicalization Scheme (RFC 8785). The prefix keeps a device key's signature on a reading
 * from meaning anything else. A leaf of the anchored tree is the UTF-8 bytes of
 *
 *   JCS({ "id": "<the reading's id, decimal>", "payload": payload, "signature": "<base64url>" })
 *
 * so a proof carries everything needed to check both the device's signature and the reading's place in the tree.
 */
import { z } from "zod";
import { jcs } from "./jcs";

export const DEVICE_KINDS = ["weighing-platform", "climate-probe", "door-sensor", "pallet-camera"] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const SIGNING_PREFIX = "scf-ledger/iot-reading/v1\n";

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Each kind's fields: a weight to the gram, a temperature to 0.01 °C and humidity to 0.1 %, a door, a pallet count. */
export const READING_FIELDS = {
  "weighing-platform": { grams: int(0, 1_000_000_000_000).meta({ description: "Net weight on the platform, grams" }) },
  "climate-probe": {
    centiCelsius: int(-10_000, 15_000).meta({ description: "Temperature, hundredths of a degree Celsius" }),
    humidityPermille: int(0, 1000).meta({ description: "Relative humidity, tenths of a percent" }),
  },
  "door-sensor": { open: int(0, 1).meta({ description: "1 when the door is open, 0 when shut" }) },
  "pallet-camera": { pallets: int(0, 100_000).meta({ description: "Pallets counted in the bay" }) },
} as const satisfies Record<DeviceKind, Record<string, z.ZodType>>;

const common = {
  deviceId: z.uuid().max(36),
  counter: int(1, Number.MAX_SAFE_INTEGER).meta({ description: "Greater than in every earlier reading of the device" }),
  measuredAt: int(0, 253_402_300_799_999).meta({ description: "When it was measured: milliseconds since 1970-01-01 UTC" }),
};

export const readingPayload = z
  .discriminatedUnion("kind", [
    z.strictObject({ ...common, kind: z.literal("weighing-platform"), ...READING_FIELDS["weighing-platform"] }),
    z.strictObject({ ...common, kind: z.literal("climate-probe"), ...READING_FIELDS["climate-probe"] }),
    z.strictObject({ ...common, kind: z.literal("door-sensor"), ...READING_FIELDS["door-sensor"] }),
    z.strictObject({ ...common, kind: z.literal("pallet-camera"), ...READING_FIELDS["pallet-camera"] }),
  ])
  .meta({ description: "What the device signed: its id, counter, time, kind and the kind's integer fields" });

export type ReadingPayload = z.output<typeof readingPayload>;

/** The bytes a device signs for `payload`. */
export const signedBytes = (payload: ReadingPayload): Buffer => Buffer.from(SIGNING_PREFIX + jcs(payload), "utf8");

/** The measured fields of a payload: everything but the four common members. */
const COMMON = new Set(["deviceId", "counter", "measuredAt", "kind"]);
export function valuesOf(payload: ReadingPayload): Record<string, number> {
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !COMMON.has(k))) as Record<string, number>;
}

/** A stored reading as a Merkle leaf sees it. */
export interface LeafReading {
  id: bigint;
  payload: ReadingPayload;
  signature: string;
}

export const leafData = (r: LeafReading): Buffer => Buffer.from(jcs({ id: r.id.toString(), payload: r.payload, signature: r.signature }), "utf8");
