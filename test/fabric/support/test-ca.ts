/**
 * A throwaway certificate authority for the chaincode tests: it issues X.509 enrolment certificates with the
 * organisation's ledger account and roles as attributes, encoded as Fabric CA encodes them (extension
 * 1.2.3.4.5.6.7.8.1 holding the JSON `{"attrs":{...}}`), so that the shim's own ClientIdentity reads them.
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the metadata polyfill loaded first.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

type CryptoKeyPair = webcrypto.CryptoKeyPair;

// Node's WebCrypto is the standard Crypto object; its declarations differ from the DOM's only in name.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const FABRIC_ATTRIBUTES_OID = "1.2.3.4.5.6.7.8.1";
const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const NOT_BEFORE = new Date("2026-01-01T00:00:00Z");
const NOT_AFTER = new Date("2036-01-01T00:00:00Z");

export interface Enrolment {
  mspId: string;
  /** The PEM certificate: what a proposal's creator carries. */
  certificate: string;
  account: string;
  /** The PKCS #8 PEM private key: what the custodial vault would hold sealed, and the gateway client signs with. */
  privateKey: string;
}

export class TestCa {
  private serial = 1;
  private readonly cert: x509.X509Certificate;
  private readonly keys: CryptoKeyPair;
  readonly mspId: string;

  private constructor(mspId: string, cert: x509.X509Certificate, keys: CryptoKeyPair) {
    this.mspId = mspId;
    this.cert = cert;
    this.keys = keys;
  }

  static async create(mspId: string): Promise<TestCa> {
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, false, ["sign", "verify"]);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "01",
      name: `CN=ca.${mspId.toLowerCase()}, O=${mspId}`,
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
    });
    return new TestCa(mspId, cert, keys);
  }

  /** Enrols `name` with `attrs` (Fabric CA adds its hf.* attributes the same way). */
  /** The CA's own certificate, PEM: what a peer's MSP configuration lists as a root of trust. */
  get certificate(): string {
    return this.cert.toString("pem");
  }

  async enrol(name: string, attrs: Record<string, string>): Promise<Enrolment> {
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
    const certificate = await this.issue(name, attrs, keys.publicKey);
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
    const privateKey = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, "$&\n").trimEnd()}\n-----END PRIVATE KEY-----\n`;
    return { mspId: this.mspId, certificate, account: attrs["scf.account"] ?? "", privateKey };
  }

  /** A PEM enrolment certificate for `publicKey` (a signing request's, as Fabric CA's enrol issues it). */
  async issue(name: string, attrs: Record<string, string>, publicKey: webcrypto.CryptoKey): Promise<string> {
    const payload = JSON.stringify({ attrs: { "hf.EnrollmentID": name, "hf.Type": "client", "hf.Affiliation": "", ...attrs } });
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: (++this.serial).toString(16).padStart(2, "0"),
      subject: `CN=${name}, OU=client`,
      issuer: this.cert.subject,
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      signingKey: this.keys.privateKey,
      publicKey,
      signingAlgorithm: ALGORITHM,
      extensions: [new x509.Extension(FABRIC_ATTRIBUTES_OID, false, Buffer.from(payload, "utf8"))],
    });
    return cert.toString("pem");
  }
}
