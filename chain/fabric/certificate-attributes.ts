/**
 * The attributes Fabric CA writes into an enrolment certificate: the extension 1.2.3.4.5.6.7.8.1, whose value
 * is the JSON `{"attrs":{"name":"value",…}}`. Node's X509Certificate does not expose unknown extensions, so the
 * JSON is found in the certificate's DER bytes, where the extension keeps it verbatim.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";

const MARKER = Buffer.from('{"attrs":', "utf8");

export function certificateAttributes(certificatePem: string): Partial<Record<string, string>> {
  const der = new X509Certificate(certificatePem).raw;
  const start = der.indexOf(MARKER);
  if (start < 0) return {};
  const text = der.subarray(start).toString("latin1");
  // The JSON ends at one of the closing braces that follow; the first prefix that parses is it.
  for (let end = text.indexOf("}"); end >= 0; end = text.indexOf("}", end + 1)) {
    try {
      const parsed = JSON.parse(text.slice(0, end + 1)) as { attrs?: unknown };
      const attrs = parsed.attrs;
      if (attrs === null || typeof attrs !== "object") return {};
      return Object.fromEntries(Object.entries(attrs).filter((e): e is [string, string] => typeof e[1] === "string"));
    } catch {
      // Not yet the end of the JSON.
    }
  }
  return {};
}

/** Whether `privateKeyPem` is the key of `certificatePem`. */
export function keyMatchesCertificate(certificatePem: string, privateKeyPem: string): boolean {
  const fromKey = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: "spki", format: "der" });
  const fromCert = new X509Certificate(certificatePem).publicKey.export({ type: "spki", format: "der" });
  return Buffer.compare(fromKey, fromCert) === 0;
}
