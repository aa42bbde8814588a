/**
 * Standard Webhooks secrets and signatures. A secret is `whsec_` + base64 of 32 random bytes; the signature of a
 * message is `v1,` + base64 HMAC-SHA256, under the secret's bytes, of `<webhook-id>.<webhook-timestamp>.<body>`.
 * The server must sign, so it keeps the secret, sealed with AES-256-GCM under a key derived from the master key:
 * a copy of the database alone cannot forge a delivery.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

export function newWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** `<iv>.<tag>.<ciphertext>`, each base64url. */
export function sealSecret(key: Uint8Array, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString("base64url")).join(".");
}

export function openSecret(key: Uint8Array, sealed: string): string {
  const [iv, tag, data] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}
