import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS, rateLimit, type RateLimits } from "../../../api/src/http/rate-limit";
import { problemHandler } from "../../../api/src/http/problem-handler";
import { GOOD, hygieneApp } from "./hygiene.fixture";

/** Refills so slow that no token comes back while a test runs: the counts below do not depend on its speed. */
const SLOW = 0.001;

/** The limiter alone over a route that answers 401 to any credential but GOOD, on a clock the test moves. */
function clockedApp(limits: RateLimits) {
  let t = 1_000_000;
  const app = express();
  app.use(rateLimit(limits, () => t));
  app.get("/x", (req, res) => {
    const auth = req.get("authorization");
    res.status(auth === undefined || auth === GOOD ? 200 : 401).json({});
  });
  app.use(problemHandler(() => undefined));
  return { app, advance: (ms: number) => (t += ms) };
}

describe("rate limits", () => {
  it("when nothing is configured, then an address without a credential is held to what a person sends", () => {
    expect(DEFAULT_RATE_LIMITS.address.perSecond).toBeLessThanOrEqual(5);
    expect(DEFAULT_RATE_LIMITS.address.burst).toBeLessThanOrEqual(50);
    expect(DEFAULT_RATE_LIMITS.credential.perSecond).toBeGreaterThanOrEqual(20);
  });

  it("when an address sends too much, then 429 RATE_LIMITED problem with Retry-After and RateLimit headers, and it passes again after Retry-After", async () => {
    const { app, advance } = clockedApp({ credential: { perSecond: 100, burst: 100 }, address: { perSecond: 2, burst: 3 } });
    const first = await request(app).get("/x").expect(200);
    expect(first.headers).toMatchObject({ "ratelimit-limit": "3", "ratelimit-remaining": "2", "ratelimit-reset": "1" });
    await request(app).get("/x").expect(200);
    await request(app).get("/x").expect(200);
    const refused = await request(app).get("/x").expect(429);
    expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    expect(refused.headers).toMatchObject({ "retry-after": "1", "ratelimit-limit": "3", "ratelimit-remaining": "0" });
    // Half a second refills half a token at 2/s; Retry-After rounds up to whole seconds.
    advance(499);
    await request(app).get("/x").expect(429);
    advance(501);
    await request(app).get("/x").expect(200);
  });

  it("when an ERP sends many calls with a working key from one address, then only its key's limit applies", async () => {
    const { app } = clockedApp({ credential: { perSecond: SLOW, burst: 40 }, address: { perSecond: SLOW, burst: 2 } });
    for (let i = 0; i < 40; i += 1) await request(app).get("/x").set("Authorization", GOOD).expect(200);
    const res = await request(app).get("/x").set("Authorization", GOOD).expect(429);
    expect(res.headers["ratelimit-limit"]).toBe("40");
    // The address's own small bucket is untouched: a person there can still sign in.
    await request(app).get("/x").expect(200);
  });

  it("when a client sends a new made-up credential each time, then each 401 is charged to its address, which stops it", async () => {
    const { app } = clockedApp({ credential: { perSecond: 100, burst: 100 }, address: { perSecond: SLOW, burst: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await request(app).get("/x").set("Authorization", `Bearer made.up.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The address is refused whatever it sends next, a working key too, until its bucket refills.
    await request(app).get("/x").set("Authorization", GOOD).expect(429);
  });

  it("when the app trusts its proxy, then each X-Forwarded-For address has its own bucket; when not, they share the proxy's", async () => {
    const limits = { credential: { perSecond: 100, burst: 100 }, address: { perSecond: SLOW, burst: 2 } };
    const trusting = await hygieneApp({ trustProxy: "loopback", rateLimits: limits });
    for (let i = 0; i < 2; i += 1) await request(trusting).get("/health").set("X-Forwarded-For", "203.0.113.7").expect(200);
    await request(trusting).get("/health").set("X-Forwarded-For", "203.0.113.7").expect(429);
    await request(trusting).get("/health").set("X-Forwarded-For", "203.0.113.8").expect(200);

    const untrusting = await hygieneApp({ rateLimits: limits });
    for (let i = 0; i < 2; i += 1) await request(untrusting).get("/health").set("X-Forwarded-For", "203.0.113.7").expect(200);
    await request(untrusting).get("/health").set("X-Forwarded-For", "203.0.113.8").expect(429);
  });

  it("when the whole app answers a made-up token, then the 401 is charged to the address", async () => {
    const app = await hygieneApp({ rateLimits: { credential: { perSecond: 100, burst: 100 }, address: { perSecond: SLOW, burst: 2 } } });
    await request(app).get("/whoami").set("Authorization", "Bearer made.up.1").expect(401);
    await request(app).get("/whoami").set("Authorization", "Bearer made.up.2").expect(401);
    await request(app).get("/whoami").set("Authorization", "Bearer made.up.3").expect(429);
  });
});
