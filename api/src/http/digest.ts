import { createHash, createHmac } from "node:crypto";
import { redactSecrets } from "./secrets";

/** JSON with object keys sorted, so that the same document always has the same digest. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** SHA-256 of the canonical JSON of `value`, as 64 hex characters. For values that hold no secret. */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

export interface RequestParts {
  method: string;
  path: string;
  body: unknown;
}

/**
 * Digests of requests, for the audit log and Idempotency-Key matching: HMAC-SHA256 under the deployment's key of
 * the request with its secrets redacted. Redaction means no digest depends on a password at all; the key means
 * that even the rest of a body (amounts, names) cannot be confirmed by guessing without it. Two requests that
 * differ only in a secret therefore have the same digest: a retry with the same Idempotency-Key and another
 * password is answered as the first.
 */
export class RequestDigester {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length < 32) throw new Error("The request digest key must be at least 32 bytes");
    this.#key = Buffer.from(key);
  }

  of(request: RequestParts): string {
    const redacted = { method: request.method, path: request.path, body: redactSecrets(request.body ?? null) };
    return createHmac("sha256", this.#key).update(canonicalJson(redacted)).digest("hex");
  }

  toJSON(): string {
    return "[RequestDigester]";
  }
}
