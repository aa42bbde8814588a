import { createHash } from "node:crypto";
import { SignJWT, generateKeyPair } from "jose";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFRESH_REUSE_GRACE_MS } from "../../../api/src/auth/auth.service";
import { ACCOUNT_POLICY } from "../../../api/src/auth/login-throttle";
import { canonicalJson, digestOf, RequestDigester } from "../../../api/src/http/digest";
import { redactSecrets } from "../../../api/src/http/secrets";
import { sandboxApplicant } from "../../../seeds/registry";
import { createServer } from "../../../api/src/server";
import { DEMO_PASSWORD } from "../../../seeds/load";
import { testApi, type TestApi } from "../../helpers/api";
import { silentLog } from "../../helpers/quiet";
import { ifOpened } from "../../helpers/teardown";

describe("signing in, sessions, API keys, idempotency and rate limits", () => {
  let api: TestApi;
  /** The time failed-login delays and lockouts run on, which the tests move. */
  let loginNow = Date.UTC(2026, 11, 3, 8, 0, 0);
  const loginClock = { now: () => new Date(loginNow) };
  /** Past every failed-login window, so that one test's failures from this address do not slow the next. */
  const forgetFailures = () => (loginNow += ACCOUNT_POLICY.windowMs + ACCOUNT_POLICY.lockMs + 1000);
  beforeAll(async () => {
    api = await testApi({ loginClock });
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const login = (email: string, password = DEMO_PASSWORD) => api.http().post("/auth/login").send({ email, password });
  const emailOf = (handle: "core" | "tier1" | "bank", role: "admin" | "maker" | "checker") => api.orgs[handle].users.find((u) => u.role === role)!.email;

  it("when a user logs in, then a 15-minute EdDSA access token and a refresh token; /me names the user's organisation and role", async () => {
    const res = await login(emailOf("core", "maker")).expect(200);
    expect(res.body).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });
    expect(JSON.parse(Buffer.from(res.body.accessToken.split(".")[0], "base64url").toString())).toMatchObject({ alg: "EdDSA" });
    const me = await api.http().get("/me").set({ Authorization: `Bearer ${res.body.accessToken}` }).expect(200);
    expect(me.body).toMatchObject({ kind: "user", role: "maker", organisation: { id: api.orgs.core.id, kinds: ["core"], status: "active" } });
  });

  it("when the password is wrong or the email unknown, then the same 401 CREDENTIALS_INVALID", async () => {
    const wrong = await login(emailOf("core", "maker"), "not the password").expect(401);
    const unknown = await login("nobody@nowhere.example").expect(401);
    expect(wrong.body.code).toBe("CREDENTIALS_INVALID");
    expect(unknown.body).toEqual({ ...wrong.body, instance: unknown.body.instance });
  });

  it("when a refresh token is used, then it rotates; using the old one again past the grace revokes the whole family", async () => {
    const first = (await login(emailOf("tier1", "maker")).expect(200)).body;
    const second = (await api.http().post("/auth/refresh").send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    loginNow += REFRESH_REUSE_GRACE_MS + 1;
    const replay = await api.http().post("/auth/refresh").send({ refreshToken: first.refreshToken }).expect(401);
    expect(replay.body.code).toBe("REFRESH_TOKEN_INVALID");
    // The thief replayed the old token, so the legitimate newer one is revoked too.
    const after = await api.http().post("/auth/refresh").send({ refreshToken: second.refreshToken }).expect(401);
    expect(after.body.code).toBe("REFRESH_TOKEN_INVALID");
  });

  it("when a tab presents the token it just rotated again within the grace (its answer was lost to a reload), then a new pair in the same family, and the family stays live", async () => {
    const first = (await login(emailOf("tier1", "checker")).expect(200)).body;
    const lost = (await api.http().post("/auth/refresh").send({ refreshToken: first.refreshToken }).expect(200)).body;
    loginNow += REFRESH_REUSE_GRACE_MS;
    const again = (await api.http().post("/auth/refresh").send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(new Set([first.refreshToken, lost.refreshToken, again.refreshToken]).size).toBe(3);
    await api.http().get("/me").set({ Authorization: `Bearer ${again.accessToken}` }).expect(200);
    await api.http().post("/auth/refresh").send({ refreshToken: again.refreshToken }).expect(200);
    // A third presentation past the grace is a replay after all: the whole family goes, the tab's pair included.
    loginNow += 1;
    expect((await api.http().post("/auth/refresh").send({ refreshToken: first.refreshToken }).expect(401)).body.code).toBe("REFRESH_TOKEN_INVALID");
    await api.http().post("/auth/refresh").send({ refreshToken: lost.refreshToken }).expect(401);
  });

  it("when the token is missing, malformed, signed by another key, unsigned, for another audience or without exp, then 401", async () => {
    expect((await api.http().get("/me").expect(401)).body.code).toBe("UNAUTHENTICATED");
    expect((await api.http().get("/me").set({ Authorization: "Basic abc" }).expect(401)).body.code).toBe("UNAUTHENTICATED");
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const claims = { org: api.orgs.core.id, role: "admin", kind: "user" };
    const base = () => new SignJWT(claims).setSubject("x").setIssuer("scf-ledger").setAudience("scf-ledger-api").setIssuedAt();
    const forged = await base().setProtectedHeader({ alg: "EdDSA" }).setExpirationTime("5m").sign(privateKey);
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify({ ...claims, sub: "x", iss: "scf-ledger", aud: "scf-ledger-api", iat: 1, exp: 9999999999 })).toString("base64url")}.`;
    const real = (await login(emailOf("core", "admin")).expect(200)).body.accessToken as string;
    const [h, p, s] = real.split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: "checker" })).toString("base64url")}.${s}`;
    for (const token of [forged, none, tampered, "a.b.c"]) {
      const res = await api.http().get("/me").set({ Authorization: `Bearer ${token}` }).expect(401);
      expect(res.body.code).toMatch(/^(TOKEN_INVALID|UNAUTHENTICATED)$/);
    }
  });

  it("when an admin's proposal to disable a user is approved by a checker, then that user's live token stops working at once", async () => {
    const admin = await api.as("tier1", "admin");
    const checker = await api.as("tier1", "checker");
    const added = await api.http().post(`/orgs/${api.orgs.tier1.id}/users`).set(admin).send({ email: "temp@hongdu-battery.example", name: "临时", role: "maker", password: "temporary password 1" }).expect(202);
    const created = await api.http().post(`/approvals/${added.body.id}/approve`).set(checker).expect(200);
    const token = (await login("temp@hongdu-battery.example", "temporary password 1").expect(200)).body.accessToken;
    await api.http().get("/me").set({ Authorization: `Bearer ${token}` }).expect(200);
    const disabling = await api.http().post(`/orgs/${api.orgs.tier1.id}/users/${created.body.result.id}/disable`).set(admin).expect(202);
    await api.http().get("/me").set({ Authorization: `Bearer ${token}` }).expect(200);
    await api.http().post(`/approvals/${disabling.body.id}/approve`).set(checker).expect(200);
    expect((await api.http().get("/me").set({ Authorization: `Bearer ${token}` }).expect(401)).body.code).toBe("TOKEN_INVALID");
  });

  it("when a user is added with an email in use, or by a non-admin, or to another organisation, then 409, 403 and 404", async () => {
    const body = { email: emailOf("core", "maker"), name: "x", role: "maker", password: "long enough password" };
    expect((await api.http().post(`/orgs/${api.orgs.tier1.id}/users`).set(await api.as("tier1", "admin")).send(body).expect(409)).body.code).toBe("EMAIL_TAKEN");
    expect((await api.http().post(`/orgs/${api.orgs.tier1.id}/users`).set(await api.as("tier1", "maker")).send({ ...body, email: "n@x.example" }).expect(403)).body.code).toBe("FORBIDDEN");
    expect((await api.http().post(`/orgs/${api.orgs.core.id}/users`).set(await api.as("tier1", "admin")).send({ ...body, email: "n@x.example" }).expect(404)).body.code).toBe("NOT_FOUND");
    expect((await api.http().get(`/orgs/${api.orgs.core.id}/users`).set(await api.as("tier1", "admin")).expect(404)).body.code).toBe("NOT_FOUND");
  });

  it("when an admin creates an API key, then the ERP can call with it until it is revoked; the secret is never shown again", async () => {
    const admin = await api.as("bank", "admin");
    const maker = (await api.http().get(`/orgs/${api.orgs.bank.id}/users`).set(admin).expect(200)).body.items.find((u: { role: string }) => u.role === "maker");
    const created = await api.http().post(`/orgs/${api.orgs.bank.id}/api-keys`).set(admin).send({ name: "core banking", role: "maker", userId: maker.id }).expect(201);
    expect(created.body.userId).toBe(maker.id);
    expect(created.body.key).toMatch(/^scf_[0-9a-f]{12}_/);
    const me = await api.http().get("/me").set({ Authorization: `ApiKey ${created.body.key}` }).expect(200);
    expect(me.body).toMatchObject({ kind: "api-key", role: "maker", organisation: { id: api.orgs.bank.id } });
    const list = await api.http().get(`/orgs/${api.orgs.bank.id}/api-keys`).set(admin).expect(200);
    // The secret is everything after `scf_<prefix>_`; it may itself hold an underscore.
    expect(JSON.stringify(list.body)).not.toContain(created.body.key.slice("scf_".length + 13));
    await api.http().post(`/orgs/${api.orgs.bank.id}/api-keys/${created.body.id}/revoke`).set(admin).expect(200);
    expect((await api.http().get("/me").set({ Authorization: `ApiKey ${created.body.key}` }).expect(401)).body.code).toBe("TOKEN_INVALID");
    const wrongSecret = `${created.body.key.slice(0, -4)}AAAA`;
    await api.http().get("/me").set({ Authorization: `ApiKey ${wrongSecret}` }).expect(401);
  });

  it("when a ledger-writing POST is retried with the same Idempotency-Key and body, then the first response comes back and no second transaction is sent", async () => {
    const operator = await api.as("operator", "admin");
    const key = { ...operator, "Idempotency-Key": "suspend-tier4-0001" };
    const first = await api.http().post(`/orgs/${api.orgs.tier4.id}/suspend`).set(key).expect(200);
    const events = await api.platform.db.prisma.ledgerEvent.count();
    const again = await api.http().post(`/orgs/${api.orgs.tier4.id}/suspend`).set(key).expect(200);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toEqual(first.body);
    await api.platform.indexer.catchUp();
    expect(await api.platform.db.prisma.ledgerEvent.count()).toBe(events);
    // Without the key, the same request is a new one, which the ledger refuses: it really was not sent twice.
    const plain = await api.http().post(`/orgs/${api.orgs.tier4.id}/suspend`).set(operator).expect(409);
    expect(plain.body.code).toBe("PARTICIPANT_STATUS_UNCHANGED");
    await api.http().post(`/orgs/${api.orgs.tier4.id}/reinstate`).set(operator).expect(200);
  });

  it("when the same Idempotency-Key comes with another request, then 409 IDEMPOTENCY_KEY_REUSED and nothing happens", async () => {
    const operator = { ...(await api.as("operator", "admin")), "Idempotency-Key": "status-change-0002" };
    await api.http().post(`/orgs/${api.orgs.tier3.id}/suspend`).set(operator).expect(200);
    const res = await api.http().post(`/orgs/${api.orgs.tier2.id}/suspend`).set(operator).expect(409);
    expect(res.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await api.http().get(`/orgs/${api.orgs.tier2.id}`).set(operator).expect(200)).body.status).toBe("active");
    await api.http().post(`/orgs/${api.orgs.tier3.id}/reinstate`).set(await api.as("operator", "admin")).expect(200);
  });

  it("when an Idempotency-Key is malformed, then 400 and nothing happens", async () => {
    const res = await api.http().post(`/orgs/${api.orgs.tier2.id}/suspend`).set({ ...(await api.as("operator", "admin")), "Idempotency-Key": "x" }).expect(400);
    expect(res.body.code).toBe("VALIDATION_FAILED");
    expect((await api.http().get(`/orgs/${api.orgs.tier2.id}`).set(await api.as("tier2")).expect(200)).body.status).toBe("active");
  });

  /** The limiter's clock held still: no token refills while a slow machine sends the requests. */
  const still = () => 0;

  it("when a client sends more than its rate allows, then 429 RATE_LIMITED with Retry-After", async () => {
    const limited = await createServer(api.platform, { log: silentLog, rateLimits: { credential: { perSecond: 1, burst: 3 }, address: { perSecond: 1000, burst: 1000 } }, rateLimitClock: still, tokens: api.server.services.tokens, jobIntervalMs: 100 });
    const auth = await api.as("core");
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await request(limited.app).get("/me").set(auth)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const res = await request(limited.app).get("/me").set(auth).expect(429);
    expect(res.body.code).toBe("RATE_LIMITED");
    expect(Number(res.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // Another client has its own bucket.
    await request(limited.app).get("/me").set(await api.as("tier1")).expect(200);
  });

  it("when a client sends a new made-up token each time, then its address's own limit stops it", async () => {
    const limited = await createServer(api.platform, { log: silentLog, rateLimits: { credential: { perSecond: 1000, burst: 1000 }, address: { perSecond: 1, burst: 10 } }, rateLimitClock: still, tokens: api.server.services.tokens, jobIntervalMs: 100 });
    const statuses: number[] = [];
    for (let i = 0; i < 14; i += 1) statuses.push((await request(limited.app).get("/me").set({ Authorization: `Bearer made.up.${i}` })).status);
    // Each made-up token is a 401 charged to the address: 10 of them, then 429 whatever the token says.
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it("when a user is added with a password, then the audit entry's digest is keyed and cannot be recomputed from the password", async () => {
    const admin = await api.as("tier1", "admin");
    const body = { email: "digest@hongdu-battery.example", name: "摘要", role: "maker", password: "a password to guess 42" };
    const proposed = await api.http().post(`/orgs/${api.orgs.tier1.id}/users`).set(admin).send(body).expect(202);
    const entry = (await api.platform.db.prisma.auditEntry.findMany({ where: { result: `202 ${proposed.body.id}` } }))[0];
    expect(JSON.stringify(proposed.body)).not.toContain(body.password);
    expect(entry).toMatchObject({ action: "POST /orgs/:id/users", digestVersion: 1 });
    const request = { method: "post", path: `/orgs/${api.orgs.tier1.id}/users`, body };
    // What the log used to keep, and what anyone could compute from a guess, with or without the other fields.
    expect(entry.requestDigest).not.toBe(digestOf(request));
    expect(entry.requestDigest).not.toBe(createHash("sha256").update(JSON.stringify(body)).digest("hex"));
    expect(entry.requestDigest).not.toBe(createHash("sha256").update(canonicalJson(body)).digest("hex"));
    expect(JSON.stringify(redactSecrets(request))).not.toContain(body.password);
    // It is the deployment's keyed digest of the redacted request, and the same for any password.
    const digester = new RequestDigester(api.platform.auditDigestKey);
    expect(entry.requestDigest).toBe(digester.of(request));
    expect(digester.of({ ...request, body: { ...body, password: "any other guess" } })).toBe(entry.requestDigest);
    expect(JSON.stringify(entry, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(body.password);
  });

  it("when an application with an admin password is filed, then its audit entry is keyed and redacted too", async () => {
    const { uscc, name } = sandboxApplicant(0);
    const body = { name, uscc, kinds: ["supplier"], admin: { name: "刘", email: "digest@apply.example", password: "an applicant's password" } };
    await api.http().post("/applications").send(body).expect(201);
    const entries = await api.platform.db.prisma.auditEntry.findMany({ where: { action: "POST /applications" } });
    const request = { method: "post", path: "/applications", body };
    expect(entries).toHaveLength(1);
    expect(entries[0].requestDigest).not.toBe(digestOf(request));
    expect(entries[0]).toMatchObject({ digestVersion: 1, requestDigest: new RequestDigester(api.platform.auditDigestKey).of(request) });
  });

  const codeOf = (e: unknown) => (e as { code?: string }).code ?? String(e);

  /** A user of tier 1 only the throttling tests sign in as. */
  async function throttledUser(email: string) {
    const admin = await api.as("tier1", "admin");
    const proposed = await api.http().post(`/orgs/${api.orgs.tier1.id}/users`).set(admin).send({ email, name: "限流", role: "checker", password: "the right password!" }).expect(202);
    const approved = await api.http().post(`/approvals/${proposed.body.id}/approve`).set(await api.as("tier1", "checker")).expect(200);
    return approved.body.result.id as string;
  }
  /** Status, code and Retry-After of each attempt, moving the login clock by `wait(i)` before attempt i. */
  async function attempts(email: string, n: number, password = "a wrong password", wait: (retryAfter: number) => number = () => 0) {
    const out: [number, string | undefined, number | undefined][] = [];
    let retryAfter = 0;
    for (let i = 0; i < n; i += 1) {
      loginNow += wait(retryAfter) * 1000;
      const res = await login(email, password);
      const header = res.get("retry-after");
      retryAfter = Number(header ?? 0);
      out.push([res.status, res.body.code, header === undefined ? undefined : retryAfter]);
    }
    return out;
  }

  it("when 40 wrong passwords come at once, then after three each must wait (429 LOGIN_THROTTLED, Retry-After) and the right one is refused too", async () => {
    forgetFailures();
    await throttledUser("forty@hongdu-battery.example");
    const tries = await attempts("forty@hongdu-battery.example", 40);
    expect(tries.slice(0, 3)).toEqual(Array(3).fill([401, "CREDENTIALS_INVALID", undefined]));
    expect(tries.slice(3)).toEqual(Array(37).fill([429, "LOGIN_THROTTLED", 1]));
    expect((await attempts("forty@hongdu-battery.example", 1, "the right password!"))[0]).toEqual([429, "LOGIN_THROTTLED", 1]);
    loginNow += 1000;
    await login("forty@hongdu-battery.example", "the right password!").expect(200);
  });

  /** Three free failures, then each one after waiting as told: 1, 2, 4, … seconds, capped at a minute; the tenth locks. */
  const TEN_FAILURES: [number, string, number | undefined][] = [
    ...Array<[number, string, undefined]>(3).fill([401, "CREDENTIALS_INVALID", undefined]),
    ...[1, 2, 4, 8, 16, 32, 60].flatMap((ra): [number, string, number | undefined][] => [[429, "LOGIN_THROTTLED", ra], [401, "CREDENTIALS_INVALID", undefined]]),
  ];

  it("when failures go on as fast as allowed, then the wait doubles, ten lock the account for 15 minutes, and then it opens again", async () => {
    forgetFailures();
    await throttledUser("patient@hongdu-battery.example");
    // Each attempt waits exactly as long as the one before was told to.
    const tries = await attempts("patient@hongdu-battery.example", 17, undefined, (retryAfter) => retryAfter);
    expect(tries).toEqual(TEN_FAILURES);
    expect(await attempts("patient@hongdu-battery.example", 1)).toEqual([[429, "LOGIN_LOCKED", 900]]);
    const right = await login("patient@hongdu-battery.example", "the right password!").expect(429);
    expect(right.body.code).toBe("LOGIN_LOCKED");
    loginNow += 899_000;
    expect((await login("patient@hongdu-battery.example", "the right password!").expect(429)).headers["retry-after"]).toBe("1");
    loginNow += 1000;
    await login("patient@hongdu-battery.example", "the right password!").expect(200);
    // A good login clears the count: the next three mistakes are free again.
    expect(await attempts("patient@hongdu-battery.example", 4)).toEqual([...TEN_FAILURES.slice(0, 4)]);
  });

  it("when an email that has no account fails as often, then it gets exactly the same answers, delays and lockout", async () => {
    forgetFailures();
    await throttledUser("known@hongdu-battery.example");
    forgetFailures();
    // Through the lockout and out of it again, waiting each time as long as told.
    const known = await attempts("known@hongdu-battery.example", 19, undefined, (retryAfter) => retryAfter);
    forgetFailures();
    const unknown = await attempts("unknown@hongdu-battery.example", 19, undefined, (retryAfter) => retryAfter);
    expect(known).toEqual([...TEN_FAILURES, [429, "LOGIN_LOCKED", 900], [401, "CREDENTIALS_INVALID", undefined]]);
    expect(unknown).toEqual(known);
  });

  it("when the organisation's admin unlocks a locked user, then the right password works at once; others may not unlock", async () => {
    forgetFailures();
    const id = await throttledUser("locked@hongdu-battery.example");
    expect(await attempts("locked@hongdu-battery.example", 17, undefined, (retryAfter) => retryAfter)).toEqual(TEN_FAILURES);
    expect((await login("locked@hongdu-battery.example", "the right password!").expect(429)).body.code).toBe("LOGIN_LOCKED");
    const path = `/orgs/${api.orgs.tier1.id}/users/${id}/unlock`;
    expect((await api.http().post(path).set(await api.as("tier1", "maker")).expect(403)).body.code).toBe("FORBIDDEN");
    expect((await api.http().post(`/orgs/${api.orgs.tier2.id}/users/${id}/unlock`).set(await api.as("tier2", "admin")).expect(404)).body.code).toBe("NOT_FOUND");
    const stranger = (await api.platform.db.prisma.user.findFirst({ where: { organisationId: api.orgs.tier2.id } }))!.id;
    expect((await api.http().post(`/orgs/${api.orgs.tier1.id}/users/${stranger}/unlock`).set(await api.as("tier1", "admin")).expect(404)).body.code).toBe("NOT_FOUND");
    expect((await api.http().post(path).expect(401)).body.code).toBe("UNAUTHENTICATED");
    expect((await login("locked@hongdu-battery.example", "the right password!").expect(429)).body.code).toBe("LOGIN_LOCKED");
    const unlocked = await api.http().post(path).set(await api.as("tier1", "admin")).expect(200);
    expect(unlocked.body).toMatchObject({ id, email: "locked@hongdu-battery.example", disabled: false });
    await login("locked@hongdu-battery.example", "the right password!").expect(200);
  });

  it("when failures are counted by one API process, then another sharing the database refuses the next attempt too", async () => {
    forgetFailures();
    await throttledUser("shared@hongdu-battery.example");
    const other = await createServer(api.platform, { log: silentLog, tokens: api.server.services.tokens, jobIntervalMs: 100, loginClock });
    await attempts("shared@hongdu-battery.example", 3);
    const res = await request(other.app).post("/auth/login").send({ email: "shared@hongdu-battery.example", password: "the right password!" }).expect(429);
    expect(res.body.code).toBe("LOGIN_THROTTLED");
  });

  it("when one address fails with many different emails, then the address is slowed down while another address still signs in", async () => {
    forgetFailures();
    const auth = api.server.services.auth;
    const codes: string[] = [];
    for (let i = 0; i < 31; i += 1) {
      codes.push(await auth.login(`spray${i}@nowhere.example`, "guess", "203.0.113.9").then(() => "ok", codeOf));
    }
    expect(codes.slice(0, 30)).toEqual(Array(30).fill("CREDENTIALS_INVALID"));
    expect(codes[30]).toBe("LOGIN_THROTTLED");
    await expect(auth.login(emailOf("core", "checker"), DEMO_PASSWORD, "203.0.113.9")).rejects.toMatchObject({ code: "LOGIN_THROTTLED" });
    await expect(auth.login(emailOf("core", "checker"), DEMO_PASSWORD, "198.51.100.7")).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("when 200 logins for unknown emails are in flight from one address, then a real login from another completes before them", async () => {
    forgetFailures();
    const auth = api.server.services.auth;
    let finished = 0;
    const flood = Array.from({ length: 200 }, (_, i) =>
      auth.login(`flood${i}@nowhere.example`, "guess", "203.0.113.50").then(
        () => "ok",
        (e: unknown) => {
          const code = codeOf(e);
          if (code === "CREDENTIALS_INVALID") finished += 1;
          return code;
        },
      ),
    );
    const session = await auth.login(emailOf("bank", "checker"), DEMO_PASSWORD, "198.51.100.8");
    const finishedBeforeMe = finished;
    const codes = await Promise.all(flood);
    expect(session.tokenType).toBe("Bearer");
    const hashed = codes.filter((c) => c === "CREDENTIALS_INVALID").length;
    // Two hash at once and eight wait per address; the rest are turned away at once instead of queueing.
    expect(hashed + codes.filter((c) => c === "LOGIN_THROTTLED").length).toBe(200);
    expect(hashed).toBeLessThan(50);
    // The flood's queue was still full when the real login came; served round-robin, it did not wait for the rest.
    expect(finishedBeforeMe).toBeLessThan(hashed);
  });

  it("when /docs is opened, then Swagger UI is served from this server, pointing at /openapi.json", async () => {
    const page = await api.http().get("/docs").expect(200);
    expect(page.headers["content-type"]).toMatch(/html/);
    expect(page.text).toContain("/docs/assets/swagger-ui-bundle.js");
    const init = await api.http().get("/docs/assets/docs-init.js").expect(200);
    expect(init.text).toContain("/openapi.json");
    await api.http().get("/docs/assets/swagger-ui-bundle.js").expect(200);
  });

  it("when the audit log is walked after these mutations, then it is intact and records the actor and the ledger transaction", async () => {
    const entries = await api.platform.db.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
    const suspend = entries.find((e) => e.action === "POST /orgs/:id/suspend");
    expect(suspend?.txHash).toMatch(/^0x/);
    expect(suspend?.organisationId).toBe(api.orgs.operator.id);
    expect(entries.some((e) => e.action.includes("login"))).toBe(false);
    expect((await api.server.services.audit.verify()).valid).toBe(true);
  });
});
