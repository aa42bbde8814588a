import { hkdfSync } from "node:crypto";

/** What a key derived from the master key is for; each purpose gets an unrelated key. */
export type KeyPurpose = "audit-digest" | "webhook-secrets" | "access-tokens" | "document-keys";

/**
 * A 32-byte key for `purpose`, derived from the master key with HKDF-SHA256. It is a deployment secret like the
 * master key (kept where the master key is, required in production because the master key is), yet knowing it
 * tells nothing about the master key or the keys of other purposes.
 */
export function deriveKey(masterKey: Uint8Array, purpose: KeyPurpose): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", masterKey, Buffer.alloc(0), `scf-ledger/${purpose}/v1`, 32));
}
