/**
 * What a peer checks of every signed message before it looks inside: the creator is a serialized identity of
 * a known MSP, its certificate was issued by that MSP's CA, and the signature over the bytes is the
 * certificate key's (ECDSA P-256 over SHA-256, DER-encoded, as Fabric signs).
 */
import { createHash, verify, X509Certificate } from "node:crypto";
import { msp } from "@hyperledger/fabric-protos";

export interface Creator {
  mspId: string;
  /** The serialized identity's bytes: the PEM certificate. */
  idBytes: Buffer;
  /** The SerializedIdentity message itself, as signature headers carry it. */
  serialized: Uint8Array;
}

export class AccessDenied extends Error {}

export class MspRegistry {
  private readonly roots = new Map<string, X509Certificate>();

  /** Trusts `caCertificate` (PEM) as the root of `mspId`. */
  trust(mspId: string, caCertificate: string): void {
    this.roots.set(mspId, new X509Certificate(caCertificate));
  }

  /** The creator of `serialized`, once its certificate and `signature` over `signed` check out. */
  check(serialized: Uint8Array, signed: Uint8Array, signature: Uint8Array): Creator {
    const id = msp.SerializedIdentity.deserializeBinary(serialized);
    const root = this.roots.get(id.getMspid());
    if (!root) throw new AccessDenied(`access denied: unknown MSP ${id.getMspid()}`);
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(Buffer.from(id.getIdBytes_asU8()));
    } catch {
      throw new AccessDenied("access denied: the creator is not a certificate");
    }
    if (!cert.checkIssued(root) || !cert.verify(root.publicKey)) {
      throw new AccessDenied(`access denied: the certificate was not issued by ${id.getMspid()}`);
    }
    if (signature.length === 0 || !verify("sha256", signed, cert.publicKey, signature)) {
      throw new AccessDenied("access denied: the signature does not verify against the creator's certificate");
    }
    return { mspId: id.getMspid(), idBytes: Buffer.from(id.getIdBytes_asU8()), serialized };
  }
}

/** A proposal's transaction id, as a peer recomputes it: SHA-256 of the nonce and the creator, in hex. */
export const expectedTxId = (nonce: Uint8Array, creator: Uint8Array): string =>
  createHash("sha256").update(Buffer.concat([Buffer.from(nonce), Buffer.from(creator)])).digest("hex");
