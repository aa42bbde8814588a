/**
 * Devices' Ed25519 public keys: 32 raw bytes (RFC 8032), written in base64url without padding, as JWK's `x` is.
 * Keys are parsed once and kept per device: a device's key never changes (a new key is a new device), so the cache
 * cannot go stale; retirement is checked in the database with every reading, never here.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The bytes of `text` when it is base64url exactly as this API writes it (no padding, one spelling), else undefined. */
export function base64urlBytes(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

/** The key, or undefined when `x` is not 32 bytes of canonical base64url. */
export function ed25519Key(x: string): KeyObject | undefined {
  const raw = base64urlBytes(x);
  if (raw?.length !== 32) return undefined;
  try {
    return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
  } catch {
    return undefined;
  }
}

export function signatureValid(key: KeyObject, message: Buffer, signature: string): boolean {
  const sig = base64urlBytes(signature);
  if (sig?.length !== 64) return false;
  return verify(null, message, key, sig);
}

/** Parsed keys by device id, bounded so that a flood of made-up device ids cannot grow it. */
export class DeviceKeys {
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly max = 100_000) {}

  of(deviceId: string, x: string): KeyObject | undefined {
    let key = this.keys.get(deviceId);
    if (!key) {
      key = ed25519Key(x);
      if (!key) return undefined;
      if (this.keys.size >= this.max) this.keys.clear();
      this.keys.set(deviceId, key);
    }
    return key;
  }
}
