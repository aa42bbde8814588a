/**
 * A device as the platform sees one from outside: its own Ed25519 key pair and counter, signing each reading the
 * way api/src/iot/reading-payload.ts defines. The simulator, the benchmark and the tests send through it, so that
 * what they sign is what a real device must sign.
 */
import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { signedBytes, type DeviceKind, type ReadingPayload } from "../../api/src/iot/reading-payload";

export interface SignedReading {
  payload: ReadingPayload;
  signature: string;
}

/** The kind's own fields, e.g. { grams: 1_000_000 } for a weighing platform. */
export type Fields = Record<string, number>;

export class SigningDevice {
  private readonly privateKey: KeyObject;
  /** The raw public key, base64url: what the warehouse registers. */
  readonly publicKey: string;
  /** The id the platform gave it at registration. */
  id = "";
  counter = 0;

  /** A device with a fresh key pair, or with `privateKey` (an Ed25519 key, such as a seeded device's). */
  constructor(
    readonly kind: DeviceKind,
    privateKey?: KeyObject,
  ) {
    this.privateKey = privateKey ?? generateKeyPairSync("ed25519").privateKey;
    const { x } = createPublicKey(this.privateKey).export({ format: "jwk" });
    if (!x) throw new Error("An Ed25519 key exports its x");
    this.publicKey = x;
  }

  /** The next reading, with the next counter, signed. */
  reading(fields: Fields, measuredAt: Date): SignedReading {
    this.counter += 1;
    return this.signed({ deviceId: this.id, counter: this.counter, measuredAt: measuredAt.getTime(), kind: this.kind, ...fields } as ReadingPayload);
  }

  /** Any payload, signed with this device's key: for readings a test tampers with or replays. */
  signed(payload: ReadingPayload): SignedReading {
    return { payload, signature: sign(null, signedBytes(payload), this.privateKey).toString("base64url") };
  }
}

/** Plausible fields for each kind, varying a little with `n`. */
export function fieldsFor(kind: DeviceKind, n: number): Fields {
  switch (kind) {
    case "weighing-platform":
      return { grams: 25_000_000 + (n % 7) * 13 };
    case "climate-probe":
      return { centiCelsius: 1850 + (n % 11), humidityPermille: 420 + (n % 5) };
    case "door-sensor":
      return { open: 0 };
    case "pallet-camera":
      return { pallets: 50 };
  }
}
