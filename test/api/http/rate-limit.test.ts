import express from "express";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { openDatabase, type Database } from "../../../api/src/db/database";
import { openPostgresPool } from "../../../api/src/db/postgres-pool";
import { PrismaClient } from "../../../api/src/generated/prisma/client";
import { DEFAULT_RATE_LIMITS, MemoryBuckets, rateLimit, type BucketStore, type RateLimits } from "../../../api/src/http/rate-limit";
import { DatabaseBuckets } from "../../../api/src/http/rate-limit.repository";
import { problemHandler } from "../../../api/src/http/problem-handler";
import { serverDatabase, testDatabase, type ServerDatabase, type TestDatabase } from "../../helpers/database";
import { ifOpened } from "../../helpers/teardown";
import { GOOD, hygieneApp } from "./hygiene.fixture";

/** Refills so slow that no token comes back while a test runs: the counts below do not depend on its speed. */
const SLOW = 0.001;

/** The limiter alone over a route that answers 401 to any credential but GOOD, on a clock the test moves. */
function clockedApp(limits: RateLimits, store: BucketStore = new MemoryBuckets(), clock = { t: 1_000_000 }) {
  const app = express();
  app.use(rateLimit(limits, () => clock.t, store));
  app.get("/x", (req, res) => {
    const auth = req.get("authorization");
    res.status(auth === undefined || auth === GOOD ? 200 : 401).json({});
  });
  app.use(problemHandler(() => undefined));
  return { app, advance: (ms: number) => (clock.t += ms) };
}

describe("rate limits", () => {
  it("when nothing is configured, then an address without a credential is held to what a person sends", () => {
    expect(DEFAULT_RATE_LIMITS.address.perSecond).toBeLessThanOrEqual(5);
    expect(DEFAULT_RATE_LIMITS.address.burst).toBeLessThanOrEqual(50);
    expect(DEFAULT_RATE_LIMITS.credential.perSecond).toBeGreaterThanOrEqual(20);
  });
});

// The same rules whether the buckets are in memory (PGlite: one process) or in the database (a server: several).
describe.each(["memory", "database"] as const)("rate limits with the buckets in %s", (kind) => {
  let tdb: TestDatabase;
  let db: Database;
  let store: () => BucketStore = () => new MemoryBuckets();

  beforeAll(async () => {
    if (kind === "memory") return;
    tdb = await testDatabase();
    db = await tdb.open();
    store = () => new DatabaseBuckets(db.prisma);
  });
  beforeEach(async () => {
    if (kind === "database") await db.prisma.rateLimitBucket.deleteMany();
  });
  afterAll(async () => {
    await ifOpened(db)?.close();
    await ifOpened(tdb)?.destroy();
  });
  const clockedApp_ = (limits: RateLimits) => clockedApp(limits, store());

  it("when an address sends too much, then 429 RATE_LIMITED problem with Retry-After and RateLimit headers, and it passes again after Retry-After", async () => {
    const { app, advance } = clockedApp_({ credential: { perSecond: 100, burst: 100 }, address: { perSecond: 2, burst: 3 } });
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
    const { app } = clockedApp_({ credential: { perSecond: SLOW, burst: 40 }, address: { perSecond: SLOW, burst: 2 } });
    for (let i = 0; i < 40; i += 1) await request(app).get("/x").set("Authorization", GOOD).expect(200);
    const res = await request(app).get("/x").set("Authorization", GOOD).expect(429);
    expect(res.headers["ratelimit-limit"]).toBe("40");
    // The address's own small bucket is untouched: a person there can still sign in.
    await request(app).get("/x").expect(200);
  });

  it("when a client sends a new made-up credential each time, then each 401 is charged to its address, which stops it", async () => {
    const { app } = clockedApp_({ credential: { perSecond: 100, burst: 100 }, address: { perSecond: SLOW, burst: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await request(app).get("/x").set("Authorization", `Bearer made.up.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The address is refused whatever it sends next, a working key too, until its bucket refills.
    await request(app).get("/x").set("Authorization", GOOD).expect(429);
  });
});

describe("rate limits in the whole app", () => {
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

describe("when two API processes share a server database", () => {
  let served: ServerDatabase;
  const dbs: Database[] = [];

  beforeAll(async () => {
    served = await serverDatabase();
    // Two stores, each on its own pool: what two processes behind one load balancer hold.
    for (let i = 0; i < 2; i += 1) dbs.push(await openDatabase({ kind: "postgres", url: served.url, poolSize: 4 }));
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await ifOpened(served)?.destroy();
  });

  const limits = { credential: { perSecond: SLOW, burst: 6 }, address: { perSecond: SLOW, burst: 4 } };

  it("when a client's requests alternate between them, then it has one limit, not one per process", async () => {
    const clock = { t: 1_000_000 };
    const [a, b] = dbs.map((db) => clockedApp(limits, new DatabaseBuckets(db.prisma), clock).app);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await request(i % 2 ? b : a).get("/x").set("Authorization", GOOD)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it("then the buckets' table writes no WAL: a bucket changes on every request, and a crash only fills them", async () => {
    const rows = await dbs[0].prisma.$queryRawUnsafe<{ persistence: string }[]>(`SELECT relpersistence::text AS persistence FROM pg_class WHERE relname = 'RateLimitBucket'`);
    expect(rows).toEqual([{ persistence: "u" }]);
  });

  it("when both serve one client at once, then every token is taken once", async () => {
    const clock = { t: 2_000_000 };
    const [a, b] = dbs.map((db) => clockedApp(limits, new DatabaseBuckets(db.prisma), clock).app);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => request(i % 2 ? b : a).get("/x").then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16);
  });
});

describe("when the rate limits' database does not answer", () => {
  it("then requests pass the limiter, and what is behind it answers for itself", async () => {
    const pool = openPostgresPool("postgresql://postgres@127.0.0.1:1/nowhere", 1);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool.pool) });
    try {
      const { app } = clockedApp({ credential: { perSecond: SLOW, burst: 1 }, address: { perSecond: SLOW, burst: 1 } }, new DatabaseBuckets(prisma));
      await request(app).get("/x").expect(200);
      await request(app).get("/x").set("Authorization", GOOD).expect(200);
    } finally {
      await prisma.$disconnect();
      await pool.end();
    }
  });
});
