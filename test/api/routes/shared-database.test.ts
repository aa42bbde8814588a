/**
 * Two API processes on one database, as behind a load balancer without sticky sessions: each is a server built
 * over the same platform, so they share nothing but the database and the master key, as separate processes do.
 */
import { calculateJwkThumbprint, type JWK } from "jose";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signingKeyFromSeed } from "../../../api/src/auth/tokens";
import type { Clock } from "../../../api/src/clock";
import { DEFAULT_IDEMPOTENCY_LEASE_MS } from "../../../api/src/http/idempotency.repository";
import { RequestDigester } from "../../../api/src/http/digest";
import { deriveKey } from "../../../api/src/keys/derived-key";
import { parseMasterKey } from "../../../api/src/keys/master-key";
import { createServer, type Server } from "../../../api/src/server";
import { DEMO_PASSWORD } from "../../../seeds/load";
import { testApi, type TestApi } from "../../helpers/api";
import { silentLog } from "../../helpers/quiet";
import { ifOpened } from "../../helpers/teardown";

/** The master key helpers/api.ts opens the platform with. */
const MASTER_KEY = "5c".repeat(32);

describe("several API processes on one database", () => {
  let api: TestApi;
  /** A second process: its own server, its own signer, the same database. */
  let other: Server;
  beforeAll(async () => {
    api = await testApi();
    other = await createServer(api.platform, { log: silentLog, jobIntervalMs: 100 });
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const emailOf = (handle: "core" | "tier1", role: "admin" | "maker") => api.orgs[handle].users.find((u) => u.role === role)!.email;
  const loginAt = async (server: Server, email: string) =>
    (await request(server.app).post("/auth/login").send({ email, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
  const jwksOf = async (server: Server) => (await request(server.app).get("/.well-known/jwks.json").expect(200)).body as { keys: JWK[] };

  describe("access tokens", () => {
    it("when a user signs in at one process, then the other accepts the token, and the other way round", async () => {
      const fromFirst = await loginAt(api.server, emailOf("core", "maker"));
      const me = await request(other.app).get("/me").set({ Authorization: `Bearer ${fromFirst}` }).expect(200);
      expect(me.body).toMatchObject({ kind: "user", role: "maker", organisation: { id: api.orgs.core.id } });
      const fromOther = await loginAt(other, emailOf("tier1", "admin"));
      await request(api.server.app).get("/me").set({ Authorization: `Bearer ${fromOther}` }).expect(200);
    });

    it("when a process restarts with the same master key, then its JWKS is the same, with a kid derived from the public key and no private part", async () => {
      const restarted = await createServer(api.platform, { log: silentLog, jobIntervalMs: 100 });
      const [first, second, third] = await Promise.all([jwksOf(api.server), jwksOf(other), jwksOf(restarted)]);
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(first.keys).toHaveLength(1);
      const [jwk] = first.keys;
      expect(jwk).toEqual({ kty: "OKP", crv: "Ed25519", x: expect.any(String), kid: await calculateJwkThumbprint(jwk), alg: "EdDSA", use: "sig" });
      // A function of the master key alone: derived again from it here, the key is the one the processes publish.
      const derived = await signingKeyFromSeed(deriveKey(parseMasterKey(MASTER_KEY), "access-tokens"));
      expect(derived.publicJwk).toEqual(jwk);
      // Signed tokens name that kid, so a verifier elsewhere finds the key in the JWKS.
      const token = await loginAt(restarted, emailOf("core", "maker"));
      expect(JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString())).toMatchObject({ alg: "EdDSA", kid: jwk.kid });
    });

    it("when a process has another master key, then its tokens are refused with 401 and its JWKS names another kid", async () => {
      const stranger = await createServer(
        { ...api.platform, accessTokenSeed: deriveKey(parseMasterKey("a7".repeat(32)), "access-tokens") },
        { log: silentLog, jobIntervalMs: 100 },
      );
      const token = await loginAt(stranger, emailOf("core", "maker"));
      // The stranger trusts its own token, so it is the key, not the token, that the others refuse.
      await request(stranger.app).get("/me").set({ Authorization: `Bearer ${token}` }).expect(200);
      for (const server of [api.server, other]) {
        const res = await request(server.app).get("/me").set({ Authorization: `Bearer ${token}` }).expect(401);
        expect(res.body.code).toBe("TOKEN_INVALID");
      }
      expect((await jwksOf(stranger)).keys[0].kid).not.toBe((await jwksOf(api.server)).keys[0].kid);
    });
  });

  describe("Idempotency-Key claims", () => {
    /** The wall clock both processes' leases run on, moved by the tests. */
    let now = Date.UTC(2026, 11, 3, 9, 0, 0);
    const clock: Clock = { now: () => new Date(now) };
    const LEASE_MS = 60_000;
    /** The process that claims a key and is then killed before it answers; and the one the client retries at. */
    let killed: Server;
    let retried: Server;
    beforeAll(async () => {
      killed = await createServer(api.platform, { log: silentLog, jobIntervalMs: 100, idempotencyLeaseMs: LEASE_MS, idempotencyClock: clock });
      retried = await createServer(api.platform, { log: silentLog, jobIntervalMs: 100, idempotencyLeaseMs: LEASE_MS, idempotencyClock: clock });
    });

    const suspendPath = () => `/orgs/${api.orgs.tier4.id}/suspend`;
    /** Claims `key` for the operator's suspension of tier 4 in `server`, as the route does, and never finishes it. */
    const claimAndDie = async (server: Server, key: string) => {
      const operator = await api.as("operator", "admin");
      const actor = await api.server.services.auth.actorOf(operator.Authorization);
      const digest = new RequestDigester(api.platform.auditDigestKey).of({ method: "post", path: suspendPath(), body: null });
      expect(await server.services.domain.guard.idempotency.begin(actor.principalId, key, digest)).toBe("claimed");
    };
    /** The client's retry at the other process: the problem code of its 409. */
    const retry = async (key: string) => {
      const res = await request(retried.app).post(suspendPath()).set({ ...(await api.as("operator", "admin")), "Idempotency-Key": key }).expect(409);
      return res.body.code as string;
    };
    const tier4Status = async () =>
      (await api.http().get(`/orgs/${api.orgs.tier4.id}`).set(await api.as("operator", "admin")).expect(200)).body.status as string;

    it("when another process's claim is within its lease, then a retry is 409 IDEMPOTENCY_IN_PROGRESS; past it, 409 IDEMPOTENCY_INTERRUPTED and the request is not run again", async () => {
      await claimAndDie(killed, "lease-killed-0001");
      const events = await api.platform.db.prisma.ledgerEvent.count();
      now += LEASE_MS - 1;
      expect(await retry("lease-killed-0001")).toBe("IDEMPOTENCY_IN_PROGRESS");
      now += 1;
      expect(await retry("lease-killed-0001")).toBe("IDEMPOTENCY_INTERRUPTED");
      // The retry does not take the key over: the outcome stays unknown for every later retry, and nothing was sent.
      now += LEASE_MS;
      expect(await retry("lease-killed-0001")).toBe("IDEMPOTENCY_INTERRUPTED");
      await api.platform.indexer.catchUp();
      expect(await api.platform.db.prisma.ledgerEvent.count()).toBe(events);
      expect(await tier4Status()).toBe("active");
      expect(await api.platform.db.prisma.idempotencyKey.findMany({ where: { key: "lease-killed-0001" } })).toMatchObject([{ status: "started" }]);
    });

    it("when the process that claimed a key is the one retried at, then its lease is judged the same way", async () => {
      await claimAndDie(retried, "lease-killed-0002");
      now += LEASE_MS - 1;
      expect(await retry("lease-killed-0002")).toBe("IDEMPOTENCY_IN_PROGRESS");
      now += 1;
      expect(await retry("lease-killed-0002")).toBe("IDEMPOTENCY_INTERRUPTED");
    });

    it("when a request finished within its lease, then a retry long after the lease gets its response back", async () => {
      const operator = { ...(await api.as("operator", "admin")), "Idempotency-Key": "lease-finished-0003" };
      const first = await request(killed.app).post(suspendPath()).set(operator).expect(200);
      now += 10 * LEASE_MS;
      const again = await request(retried.app).post(suspendPath()).set(operator).expect(200);
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(again.body).toEqual(first.body);
      await request(retried.app).post(`/orgs/${api.orgs.tier4.id}/reinstate`).set(await api.as("operator", "admin")).expect(200);
    });

    it("when no lease is configured, then a claim holds for two minutes", async () => {
      const plain = await createServer(api.platform, { log: silentLog, jobIntervalMs: 100, idempotencyClock: clock });
      await claimAndDie(plain, "lease-default-0004");
      const row = await api.platform.db.prisma.idempotencyKey.findFirstOrThrow({ where: { key: "lease-default-0004" } });
      expect(DEFAULT_IDEMPOTENCY_LEASE_MS).toBe(120_000);
      expect(row.leaseUntil.getTime() - now).toBe(DEFAULT_IDEMPOTENCY_LEASE_MS);
    });

    it("when a process starts after a claim was made, then on PGlite (one process) the claim was cut off by a crash, and on a server database it still holds its lease", async () => {
      await claimAndDie(killed, "lease-restart-0005");
      const restarted = await createServer(api.platform, { log: silentLog, jobIntervalMs: 100, idempotencyLeaseMs: LEASE_MS, idempotencyClock: clock });
      const res = await request(restarted.app)
        .post(suspendPath())
        .set({ ...(await api.as("operator", "admin")), "Idempotency-Key": "lease-restart-0005" })
        .expect(409);
      expect(res.body.code).toBe(api.platform.db.kind === "pglite" ? "IDEMPOTENCY_INTERRUPTED" : "IDEMPOTENCY_IN_PROGRESS");
    });
  });
});
