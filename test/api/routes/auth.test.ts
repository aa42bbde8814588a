import { SignJWT, generateKeyPair } from "jose";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../../../api/src/server";
import { DEMO_PASSWORD } from "../../../seeds/load";
import { testApi, type TestApi } from "../../helpers/api";
import { silentLog } from "../../helpers/quiet";
import { ifOpened } from "../../helpers/teardown";

describe("signing in, sessions, API keys, idempotency and rate limits", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
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

  it("when a refresh token is used, then it rotates; using the old one again revokes the whole family", async () => {
    const first = (await login(emailOf("tier1", "maker")).expect(200)).body;
    const second = (await api.http().post("/auth/refresh").send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const replay = await api.http().post("/auth/refresh").send({ refreshToken: first.refreshToken }).expect(401);
    expect(replay.body.code).toBe("REFRESH_TOKEN_INVALID");
    // The thief replayed the old token, so the legitimate newer one is revoked too.
    const after = await api.http().post("/auth/refresh").send({ refreshToken: second.refreshToken }).expect(401);
    expect(after.body.code).toBe("REFRESH_TOKEN_INVALID");
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
    expect(JSON.stringify(list.body)).not.toContain(created.body.key.split("_")[2]);
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

  it("when a client sends more than its rate allows, then 429 RATE_LIMITED with Retry-After", async () => {
    const limited = await createServer(api.platform, { log: silentLog, rateLimit: { perSecond: 1, burst: 3 }, tokens: api.server.services.tokens, jobIntervalMs: 100 });
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
    const limited = await createServer(api.platform, { log: silentLog, rateLimit: { perSecond: 1, burst: 2 }, tokens: api.server.services.tokens, jobIntervalMs: 100 });
    const statuses: number[] = [];
    for (let i = 0; i < 14; i += 1) statuses.push((await request(limited.app).get("/me").set({ Authorization: `Bearer made.up.${i}` })).status);
    // 2 × 5 = 10 from one address, each a 401; then 429 whatever the token says.
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
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
