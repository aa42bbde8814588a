/**
 * The request log's two lines that do not wait for an answer: a client that leaves before the answer is logged
 * (499), and a request still running after a while is reported while it runs. The slow-request timer is driven
 * by the test, not waited for.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { requestLog, type RequestLine, type SlowRequestLine } from "../../../api/src/http/request-log";

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) await new Promise((r) => s.close(r));
});

/** An app whose GET /hold/:id answers only when the test lets it, with the log's lines and warnings collected. */
async function holdingApp() {
  const lines: RequestLine[] = [];
  const warnings: SlowRequestLine[] = [];
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const arrived: (() => void)[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  let lineWritten: (l: RequestLine) => void = () => undefined;
  const app = express();
  app.use(
    requestLog(
      (l) => {
        lines.push(l);
        lineWritten(l);
      },
      undefined,
      {
        afterMs: 10_000,
        warn: (w) => warnings.push(w),
        schedule: (fn, ms) => {
          const t = { fn, ms, cancelled: false };
          timers.push(t);
          return () => (t.cancelled = true);
        },
      },
    ),
  );
  app.get("/hold/:id", async (_req, res) => {
    arrived.shift()?.();
    await released;
    res.json({ ok: true });
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server?.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    lines,
    warnings,
    timers,
    release,
    /** Resolves once the next request reached the route. */
    arrival: () => new Promise<void>((r) => arrived.push(r)),
    nextLine: () => new Promise<RequestLine>((r) => (lineWritten = r)),
  };
}

describe("the request log, for requests that have not ended", () => {
  it("when a request runs past the threshold, then a warning names its route while it runs, and its line follows when it ends", async () => {
    const a = await holdingApp();
    const reached = a.arrival();
    const answer = fetch(`${a.url}/hold/7`, { headers: { "X-Request-Id": "slow-1" } });
    await reached;
    expect(a.timers).toHaveLength(1);
    expect(a.timers[0]?.ms).toBe(10_000);
    a.timers[0]?.fn();
    expect(a.warnings).toEqual([expect.objectContaining({ requestId: "slow-1", method: "GET", route: "/hold/:id" })]);
    expect(a.lines).toHaveLength(0);
    const line = a.nextLine();
    a.release();
    expect((await answer).status).toBe(200);
    expect(await line).toMatchObject({ requestId: "slow-1", status: 200 });
    expect((await line).aborted).toBeUndefined();
  });

  it("when a request ends in time, then its warning is cancelled", async () => {
    const a = await holdingApp();
    a.release();
    const line = a.nextLine();
    expect((await fetch(`${a.url}/hold/1`)).status).toBe(200);
    await line;
    expect(a.timers.map((t) => t.cancelled)).toEqual([true]);
    expect(a.warnings).toHaveLength(0);
    // The connection's "close" after the answer is not a second ending.
    await new Promise((r) => setImmediate(r));
    expect(a.lines).toHaveLength(1);
  });

  it("when the client leaves before the answer, then the line says so with 499, once, and the warning is cancelled", async () => {
    const a = await holdingApp();
    const reached = a.arrival();
    const client = new AbortController();
    const answer = fetch(`${a.url}/hold/2`, { signal: client.signal }).catch((e: unknown) => e);
    await reached;
    const line = a.nextLine();
    client.abort();
    expect(await answer).toBeInstanceOf(Error);
    expect(await line).toMatchObject({ method: "GET", route: "/hold/:id", status: 499, aborted: true });
    expect(a.timers.map((t) => t.cancelled)).toEqual([true]);
    a.release();
    // The handler's late answer goes nowhere and writes no second line.
    await new Promise((r) => setImmediate(r));
    expect(a.lines).toHaveLength(1);
  });
});
