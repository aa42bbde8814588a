import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, RequestDigester } from "../../api/src/http/digest";
import { REDACTED, redactSecrets } from "../../api/src/http/secrets";
import { deriveKey } from "../../api/src/keys/derived-key";

const master = new Uint8Array(32).fill(0x5c);
const body = { email: "a@x.example", name: "甲", role: "maker", password: "correct horse battery staple" };
const request = { method: "post", path: "/orgs/1/users", body };

describe("request digests for the audit log", () => {
  it("when a body holds secrets at any depth, then every one is redacted and nothing else changes", () => {
    const nested = { admin: { name: "n", password: "p1" }, refreshToken: "r", items: [{ newPassword: "p2", amount: "1.00" }], client_secret: "s", apiKey: "k" };
    expect(redactSecrets(nested)).toEqual({
      admin: { name: "n", password: REDACTED },
      refreshToken: REDACTED,
      items: [{ newPassword: REDACTED, amount: "1.00" }],
      client_secret: REDACTED,
      apiKey: REDACTED,
    });
    expect(nested.admin.password).toBe("p1");
    expect(JSON.stringify(redactSecrets(body))).not.toContain(body.password);
  });

  it("when a request with a password is digested, then the digest is neither the plain SHA-256 of it nor dependent on the password", () => {
    const digester = new RequestDigester(deriveKey(master, "audit-digest"));
    const d = digester.of(request);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(d).not.toBe(createHash("sha256").update(canonicalJson(request)).digest("hex"));
    expect(d).not.toBe(createHash("sha256").update(canonicalJson({ ...request, body: redactSecrets(body) })).digest("hex"));
    // Guessing the password cannot be checked against the digest: any password gives the same one.
    expect(digester.of({ ...request, body: { ...body, password: "another guess entirely" } })).toBe(d);
    // The rest of the request still counts.
    expect(digester.of({ ...request, body: { ...body, role: "checker" } })).not.toBe(d);
  });

  it("when two deployments digest the same request, then their keys make the digests differ; the key is never serialised", () => {
    const other = new Uint8Array(32).fill(0x11);
    const a = new RequestDigester(deriveKey(master, "audit-digest"));
    const b = new RequestDigester(deriveKey(other, "audit-digest"));
    expect(a.of(request)).not.toBe(b.of(request));
    expect(Buffer.from(deriveKey(master, "audit-digest")).equals(Buffer.from(master))).toBe(false);
    expect(JSON.stringify({ a })).toBe('{"a":"[RequestDigester]"}');
    expect(() => new RequestDigester(new Uint8Array(16))).toThrow();
  });
});
