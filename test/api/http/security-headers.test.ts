import request from "supertest";
import { describe, expect, it } from "vitest";
import { hygieneApp } from "./hygiene.fixture";

const HSTS = /^max-age=\d{8,}; includeSubDomains$/;

describe("security headers", () => {
  it("when any answer is sent, a success or a problem, then it may not be sniffed, framed or cached", async () => {
    const app = await hygieneApp();
    for (const res of [await request(app).get("/health").expect(200), await request(app).get("/nowhere").expect(404), await request(app).get("/whoami").expect(401)]) {
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers["strict-transport-security"]).toBeUndefined();
    }
  });

  it("when /docs is opened, then its policy lets Swagger UI run from this server and still forbids framing", async () => {
    const app = await hygieneApp();
    const csp = (await request(app).get("/docs").expect(200)).headers["content-security-policy"];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    await request(app).get("/docs/assets/swagger-ui-bundle.js").expect(200);
  });

  it("when a trusted proxy says the request came over TLS, then HSTS; when an untrusted one says so, then not", async () => {
    const trusting = await hygieneApp({ trustProxy: "loopback" });
    expect((await request(trusting).get("/health").set("X-Forwarded-Proto", "https")).headers["strict-transport-security"]).toMatch(HSTS);
    expect((await request(trusting).get("/health").set("X-Forwarded-Proto", "http")).headers["strict-transport-security"]).toBeUndefined();
    const untrusting = await hygieneApp();
    expect((await request(untrusting).get("/health").set("X-Forwarded-Proto", "https")).headers["strict-transport-security"]).toBeUndefined();
  });

  it("when SCF_HSTS is on, then HSTS on every answer, whatever the proxy says", async () => {
    const app = await hygieneApp({ hsts: true });
    expect((await request(app).get("/health")).headers["strict-transport-security"]).toMatch(HSTS);
  });
});
