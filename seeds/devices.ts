/**
 * The seeded warehouse's IoT fleet: in its bay A-01, where the demo's lithium carbonate is stored, a weighing
 * platform, a climate probe and a door sensor. Each device's Ed25519 key is derived from a public demo seed and the
 * device's place, so that the simulator and the demo (separate processes) sign as the registered devices without
 * the platform ever holding a device's private key. Like DEMO_PASSWORD, these are development keys, known to anyone
 * with the source: a real device generates its key inside itself and the warehouse registers only the public half.
 * Never logged.
 */
import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from "node:crypto";
import type { DeviceKind } from "../api/src/iot/reading-payload";

export interface SeedDevice {
  kind: DeviceKind;
  bay: string;
  label: string;
}

/** The bay the seeded devices supervise. */
export const SEEDED_BAY = "A-01";

export const SEEDED_DEVICES: readonly SeedDevice[] = [
  { kind: "weighing-platform", bay: SEEDED_BAY, label: "A-01 地磅 (weighing platform)" },
  { kind: "climate-probe", bay: SEEDED_BAY, label: "A-01 温湿度探头 (climate probe)" },
  { kind: "door-sensor", bay: SEEDED_BAY, label: "A-01 门磁 (door sensor)" },
];

const DEMO_DEVICE_SEED = "scf-ledger demo devices: development keys, never for production";

/** PKCS #8 for an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** The seeded device's private key, derived from the demo seed and its place. */
export function seededDeviceKey(d: SeedDevice): KeyObject {
  const seed = Buffer.from(hkdfSync("sha256", DEMO_DEVICE_SEED, Buffer.alloc(0), `scf-ledger/demo-device/${d.bay}/${d.kind}/v1`, 32));
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
}

/** Its raw public key, base64url: what the warehouse registers. */
export function seededPublicKey(d: SeedDevice): string {
  const { x } = createPublicKey(seededDeviceKey(d)).export({ format: "jwk" });
  if (!x) throw new Error("An Ed25519 key exports its x");
  return x;
}
