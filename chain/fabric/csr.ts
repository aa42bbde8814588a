/**
 * A PKCS #10 certificate signing request (RFC 2986) for a new P-256 key, with the enrolment id as its common
 * name, as Fabric CA's enrol takes it. DER written by hand: three constructions, not worth a dependency.
 */
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";

const tlv = (tag: number, content: Buffer): Buffer => {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
};
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
// 2.5.4.3 (commonName) and 1.2.840.10045.4.3.2 (ecdsa-with-SHA256), DER-encoded.
const COMMON_NAME = Buffer.from("0603550403", "hex");
const ECDSA_WITH_SHA256 = seq(Buffer.from("06082a8648ce3d040302", "hex"));

export interface SigningRequest {
  /** PEM CSR. */
  csr: string;
  /** PKCS #8 PEM of the new key. */
  privateKey: string;
}

/** `sign` signs a SHA-256 digest, returning a DER ECDSA signature (the gateway client's signer does). */
export async function signingRequest(commonName: string, sign: (key: KeyObject) => (digest: Uint8Array) => Promise<Uint8Array>): Promise<SigningRequest> {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const subject = seq(tlv(0x31, seq(COMMON_NAME, tlv(0x0c, Buffer.from(commonName, "utf8")))));
  const info = seq(Buffer.from([0x02, 0x01, 0x00]), subject, publicKey.export({ type: "spki", format: "der" }), Buffer.from([0xa0, 0x00]));
  const signature = await sign(privateKey)(createHash("sha256").update(info).digest());
  const der = seq(info, ECDSA_WITH_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), Buffer.from(signature)])));
  const body = der.toString("base64").replace(/.{64}/g, "$&\n").trimEnd();
  return { csr: `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`, privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
