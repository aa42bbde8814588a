import express from "express";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { authenticate, principalOf } from "../../api/src/http/authenticate";
import { newSigningKey, TokenService } from "../../api/src/auth/tokens";
import { notFound, problemHandler } from "../../api/src/http/problem-handler";
import { ignore } from "../helpers/quiet";

describe("bearer authentication", () => {
  let tokens: TokenService;
  let app: express.Express;
  beforeAll(async () => {
    tokens = new TokenService(await newSigningKey("k1"), "https://scf-ledger.test", "scf-ledger-api");
    app = express();
    app.get("/me", authenticate(tokens), (_req, res) => {
      res.json(principalOf(res));
    });
    app.use(notFound);
    app.use(problemHandler(ignore));
  });

  it("when a valid access token is sent, then the handler sees its principal", async () => {
    const token = await tokens.issue({ sub: "u-1", org: "o-1", role: "checker", kind: "user" });
    await request(app).get("/me").set("authorization", `Bearer ${token}`).expect(200, { sub: "u-1", org: "o-1", role: "checker", kind: "user" });
  });

  it.each([
    ["no Authorization header", undefined, "UNAUTHENTICATED"],
    ["another scheme", "Basic dXNlcjpwYXNz", "UNAUTHENTICATED"],
    ["a bearer token that is not a JWT", "Bearer not-a-jwt", "TOKEN_INVALID"],
    ["an empty bearer", "Bearer ", "UNAUTHENTICATED"],
  ])("when the request has %s, then 401 %s as problem+json", async (_, header, code) => {
    const r = request(app).get("/me");
    const res = await (header === undefined ? r : r.set("authorization", header)).expect(401);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
  });

  it("when the token was signed by someone else's key, then 401 TOKEN_INVALID", async () => {
    const forger = new TokenService(await newSigningKey("k1"), "https://scf-ledger.test", "scf-ledger-api");
    const token = await forger.issue({ sub: "u-1", org: "o-1", role: "admin", kind: "user" });
    const res = await request(app).get("/me").set("authorization", `Bearer ${token}`).expect(401);
    expect(res.body.code).toBe("TOKEN_INVALID");
  });
});
