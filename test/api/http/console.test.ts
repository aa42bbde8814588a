/**
 * The web console's place in the server: `/` sends a browser to /console/; every path under /console/ answers the
 * console's index.html (a reload of a deep link) with the console's own Content-Security-Policy; its hashed
 * assets are cached for a year and sent gzipped to a browser that accepts it; its files never spend the per-address allowance that guards sign-in; and the
 * API's own paths, /docs and /openapi.json, are untouched. A server whose console is not built says how to build it.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_CSP } from "../../../api/src/http/security-headers";
import { CONSOLE_CSP } from "../../../api/src/http/console";
import { testApi, type TestApi } from "../../helpers/api";

let api: TestApi;
let unbuilt: TestApi;
const dir = mkdtempSync(path.join(tmpdir(), "scf-console-"));

beforeAll(async () => {
  mkdirSync(path.join(dir, "assets"));
  writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>console</title>");
  writeFileSync(path.join(dir, "assets", "index-abc123.js"), "console.log(1)");
  // Different from the plain file, to tell which one was sent.
  writeFileSync(path.join(dir, "assets", "index-abc123.js.gz"), gzipSync("console.log('gzipped')"));
  writeFileSync(path.join(dir, "assets", "plain-def456.css"), "body{}");
  // One request per address a second, a burst of two: a page load's files would be refused if they counted.
  api = await testApi({ consoleDir: dir, rateLimits: { credential: { perSecond: 1000, burst: 1000 }, address: { perSecond: 1, burst: 2 } }, rateLimitClock: () => 0 });
  unbuilt = await testApi({ consoleDir: path.join(dir, "nowhere") });
});

afterAll(async () => {
  await api.close();
  await unbuilt.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the web console in the server", () => {
  it("when a browser opens /, then it is sent to /console/", async () => {
    const res = await api.http().get("/").expect(302);
    expect(res.headers.location).toBe("/console/");
  });

  it("when any path under /console/ is opened, then the console's page answers with the console's policy", async () => {
    for (const p of ["/console/", "/console", "/console/vouchers/42", "/console/regulator/graph"]) {
      const res = await api.http().get(p).expect(200);
      expect(res.text).toContain("<title>console</title>");
      expect(res.headers["content-security-policy"]).toBe(CONSOLE_CSP);
      expect(res.headers["x-frame-options"]).toBe("DENY");
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });

  it("when an asset is fetched, then it is cached for a year; a missing one is a 404 problem", async () => {
    const res = await api.http().get("/console/assets/index-abc123.js").expect(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const missing = await api.http().get("/console/assets/nope.js").expect(404);
    expect(missing.body.code).toBe("NOT_FOUND");
  });

  it("when a browser accepts gzip, then an asset's gzipped copy is sent with the asset's own type; otherwise the plain file", async () => {
    const gz = await api.http().get("/console/assets/index-abc123.js").set("Accept-Encoding", "gzip, deflate, br").expect(200);
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers["content-type"]).toMatch(/^text\/javascript|^application\/javascript/);
    expect(gz.headers.vary).toContain("Accept-Encoding");
    expect(gz.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(gz.headers["content-security-policy"]).toBe(CONSOLE_CSP);
    expect(gz.text).toBe("console.log('gzipped')");
    const plain = await api.http().get("/console/assets/index-abc123.js").set("Accept-Encoding", "identity").expect(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.text).toBe("console.log(1)");
    // An asset without a gzipped copy is sent as it is.
    const css = await api.http().get("/console/assets/plain-def456.css").set("Accept-Encoding", "gzip").expect(200);
    expect(css.headers["content-encoding"]).toBeUndefined();
  });

  it("when a page load fetches many files from one address, then none is rate limited, while the API still is", async () => {
    for (let i = 0; i < 10; i++) await api.http().get("/console/assets/index-abc123.js").expect(200);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.http().get("/openapi.json")).status);
    expect(statuses).toContain(429);
  });

  it("when the API's own paths are asked for (a server with the usual limits), then they answer as before", async () => {
    const res = await unbuilt.http().get("/vouchers").expect(401);
    expect(res.headers["content-security-policy"]).toBe(API_CSP);
    expect(res.body.code).toBe("UNAUTHENTICATED");
    await unbuilt.http().get("/docs").expect(200);
  });

  it("when the console is not built, then /console/ is a 404 problem that says how to build it", async () => {
    const res = await unbuilt.http().get("/console/").expect(404);
    expect(res.body.code).toBe("NOT_FOUND");
    expect(res.body.detail).toContain("npm run web:build");
  });
});
