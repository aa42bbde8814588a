import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { buildApp } from "../../api/src/app";
import { newSigningKey, TokenService } from "../../api/src/auth/tokens";
import { openDatabase, pingDatabase, type Database } from "../../api/src/db/database";
import { AppError } from "../../api/src/errors";
import { HttpRpc } from "../../chain/evm/rpc";
import type { Ledger } from "../../chain/ledger";
import { connect } from "../helpers/ledger-story";
import { serverDatabaseBehindProxy } from "../helpers/database";


describe("the HTTP application shell", () => {
  const chainDir = mkdtempSync(path.join(tmpdir(), "scf-app-"));
  let served: Awaited<ReturnType<typeof serverDatabaseBehindProxy>>;
  let ledger: Ledger;
  let db: Database;
  let tokens: TokenService;
  const logged: unknown[] = [];

  beforeAll(async () => {
    ({ ledger } = await connect(chainDir));
    served = await serverDatabaseBehindProxy();
    db = await openDatabase({ kind: "postgres", url: served.url, poolSize: 2 });
    tokens = new TokenService(await newSigningKey("k1"), "https://scf-ledger.test", "scf-ledger-api");
  });
  afterAll(async () => {
    await db.close().catch(() => undefined);
    await ledger.close();
    await served.destroy();
    rmSync(chainDir, { recursive: true, force: true });
  });

  const app = (chain = () => ledger.ping()) =>
    buildApp({ health: { chain, database: () => pingDatabase(db.prisma) }, tokens, logError: (e) => logged.push(e) });

  it("when asked for /health, then 200 ok", async () => {
    await request(app()).get("/health").expect(200, { status: "ok" });
  });

  it("when the chain and the database answer, then /ready is 200", async () => {
    await request(app()).get("/ready").expect(200, { status: "ready", chain: "ok", database: "ok" });
  });

  it("when the chain does not answer, then /ready is 503 CHAIN_UNAVAILABLE as problem+json", async () => {
    const closedPort = new HttpRpc("http://127.0.0.1:1", 500);
    const res = await request(app(async () => {
      await closedPort.request("eth_blockNumber");
    })).get("/ready").expect(503);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: "CHAIN_UNAVAILABLE", instance: "/ready" });
  });

  it("when the database is cut off, then /ready is 503 DATABASE_UNAVAILABLE, and 200 again once it is back", async () => {
    await served.proxy.cut();
    const res = await request(app()).get("/ready").expect(503);
    expect(res.body).toMatchObject({ code: "DATABASE_UNAVAILABLE" });
    await served.proxy.start();
    await request(app()).get("/ready").expect(200);
  });

  it("when a route does not exist, then 404 NOT_FOUND as problem+json", async () => {
    const res = await request(app()).get("/nowhere").expect(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: "NOT_FOUND", type: "/problems/not-found" });
  });

  it("when the body is not JSON, then 400 VALIDATION_FAILED; when it is over the limit, then 413", async () => {
    const bad = await request(app()).post("/health").set("content-type", "application/json").send("{not json").expect(400);
    expect(bad.body).toMatchObject({ code: "VALIDATION_FAILED" });
    const big = await request(app())
      .post("/health")
      .set("content-type", "application/json")
      .send(JSON.stringify({ pad: "x".repeat(70_000) }))
      .expect(413);
    expect(big.body).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("when a handler fails unexpectedly, then 500 INTERNAL without message or stack, and the error is logged", async () => {
    const a = app(() => Promise.reject(new TypeError("relation \"secret_table\" does not exist at db.ts:42")));
    const res = await request(a).get("/ready").expect(500);
    expect(JSON.stringify(res.body)).not.toMatch(/secret_table|db\.ts|TypeError/);
    expect(logged.at(-1)).toBeInstanceOf(TypeError);
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("when an AppError is thrown, then its own status and code", async () => {
    const res = await request(app(() => Promise.reject(new AppError("RATE_LIMITED")))).get("/ready").expect(429);
    expect(res.body.code).toBe("RATE_LIMITED");
  });

  it("when the JWKS is fetched, then it holds the Ed25519 public key only", async () => {
    const res = await request(app()).get("/.well-known/jwks.json").expect(200);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
    expect(res.body.keys[0]).not.toHaveProperty("d");
  });

  it("when /openapi.json is fetched, then it is a valid OpenAPI 3.1 document describing the routes", async () => {
    const res = await request(app()).get("/openapi.json").expect(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/health", "/ready"]));
    const result = await new Validator().validate(res.body);
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
  });
});
