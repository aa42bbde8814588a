import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../../../api/src/config";
import { listen } from "../../../api/src/http/listen";
import type http from "node:http";
import { hygieneApp } from "./hygiene.fixture";

describe("the HTTP server's limits", () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
  });

  it("when nothing is configured, then headers within 10 s, the request within 30 s, keep-alive 5 s, at most 1,000 connections", async () => {
    const { http: limits } = readConfig({});
    server = await listen(await hygieneApp(), 0, limits);
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
    expect(server.keepAliveTimeout).toBe(5_000);
    expect(server.maxConnections).toBe(1_000);
  });

  it("when the environment sets them, then the server has them", async () => {
    const { http: limits } = readConfig({ SCF_HEADERS_TIMEOUT_MS: "2000", SCF_REQUEST_TIMEOUT_MS: "4000", SCF_KEEP_ALIVE_TIMEOUT_MS: "1000", SCF_MAX_CONNECTIONS: "7" });
    server = await listen(await hygieneApp(), 0, limits);
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout, server.maxConnections]).toEqual([2000, 4000, 1000, 7]);
  });

  it("when the connections are at the cap, then a new one is closed without an answer", async () => {
    server = await listen(await hygieneApp(), 0, { ...readConfig({}).http, maxConnections: 1 });
    const { port } = server.address() as AddressInfo;
    const first = net.connect(port, "127.0.0.1");
    await new Promise((r) => first.once("connect", r));
    // The server counts the first connection once it has accepted it: an answer on it proves that.
    first.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((r) => first.once("data", r));
    const second = net.connect(port, "127.0.0.1");
    let received = "";
    second.on("data", (d: Buffer) => (received += d.toString()));
    second.on("connect", () => second.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
    await new Promise((r) => second.once("close", r));
    expect(received).toBe("");
    first.destroy();
  });
});

describe("HTTP configuration", () => {
  it("when SCF_TRUST_PROXY is a number, true, or addresses and ranges, then that; anything else stops start-up naming it", () => {
    expect(readConfig({}).http.trustProxy).toBe(false);
    expect(readConfig({ SCF_TRUST_PROXY: "1" }).http.trustProxy).toBe(1);
    expect(readConfig({ SCF_TRUST_PROXY: "true" }).http.trustProxy).toBe(true);
    expect(readConfig({ SCF_TRUST_PROXY: "loopback, 10.0.0.0/8,::1" }).http.trustProxy).toBe("loopback,10.0.0.0/8,::1");
    expect(() => readConfig({ SCF_TRUST_PROXY: "10.0.0.0/33" })).toThrow(/SCF_TRUST_PROXY/);
    expect(() => readConfig({ SCF_TRUST_PROXY: "proxy.example" })).toThrow(/SCF_TRUST_PROXY/);
  });

  it("when the rate limits are set, then the app gets them; HSTS is off unless SCF_HSTS=1", () => {
    const c = readConfig({ SCF_RATE_LIMIT: "500", SCF_RATE_BURST: "1000", SCF_ADDRESS_RATE_LIMIT: "3", SCF_ADDRESS_RATE_BURST: "40", SCF_HSTS: "1" });
    expect(c.http.rateLimits).toEqual({ credential: { perSecond: 500, burst: 1000 }, address: { perSecond: 3, burst: 40 } });
    expect(c.http.hsts).toBe(true);
    expect(readConfig({}).http.hsts).toBe(false);
  });

  it("when the header timeout is longer than the request timeout, then the request timeout bounds both", () => {
    const c = readConfig({ SCF_HEADERS_TIMEOUT_MS: "60000", SCF_REQUEST_TIMEOUT_MS: "20000" });
    expect(c.http.headersTimeoutMs).toBe(20_000);
  });

  it("when SCF_IDEMPOTENCY_LEASE_MS is set, then claims hold that long; unset, two minutes; under a second, start-up stops", () => {
    expect(readConfig({}).http.idempotencyLeaseMs).toBe(120_000);
    expect(readConfig({ SCF_IDEMPOTENCY_LEASE_MS: "300000" }).http.idempotencyLeaseMs).toBe(300_000);
    expect(() => readConfig({ SCF_IDEMPOTENCY_LEASE_MS: "500" })).toThrow(/SCF_IDEMPOTENCY_LEASE_MS/);
  });
});
