import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { SignJWT, UnsecuredJWT } from "jose";
import { ACCESS_TOKEN_SECONDS, newSigningKey, TokenError, TokenService, type AccessClaims, type SigningKey } from "../../api/src/auth/tokens";

const ISS = "https://scf-ledger.test";
const AUD = "scf-ledger-api";
const claims: AccessClaims = { sub: "u-1", org: "o-1", role: "maker", kind: "user" };

describe("access tokens", () => {
  let key: SigningKey;
  let now = 1_800_000_000;
  let tokens: TokenService;
  beforeAll(async () => {
    key = await newSigningKey("k1");
    tokens = new TokenService(key, ISS, AUD, () => now);
  });

  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

  it("when issued and verified, then the claims come back and the token lasts 15 minutes", async () => {
    const t = await tokens.issue(claims);
    expect(await tokens.verify(t)).toEqual(claims);
    const payload = JSON.parse(Buffer.from(t.split(".")[1], "base64url").toString()) as { exp: number; iat: number };
    expect(payload.exp - payload.iat).toBe(ACCESS_TOKEN_SECONDS);
    await expect(tokens.issue(claims, ACCESS_TOKEN_SECONDS + 1)).rejects.toThrow(RangeError);
  });

  it("when the token has expired, then TokenError", async () => {
    const t = await tokens.issue(claims, 60);
    now += 61;
    await expect(tokens.verify(t)).rejects.toBeInstanceOf(TokenError);
  });

  it("when the token is unsigned (alg none), then TokenError", async () => {
    const t = new UnsecuredJWT({ org: "o-1", role: "admin", kind: "user" }).setSubject("u-1").setIssuer(ISS).setAudience(AUD).setIssuedAt(now).setExpirationTime(now + 60).encode();
    await expect(tokens.verify(t)).rejects.toBeInstanceOf(TokenError);
  });

  it("when the token is HS256-signed with the public key as the secret (algorithm confusion), then TokenError", async () => {
    const header = b64({ alg: "HS256", typ: "JWT", kid: "k1" });
    const body = b64({ sub: "u-1", org: "o-1", role: "admin", kind: "user", iss: ISS, aud: AUD, iat: now, exp: now + 60 });
    const mac = createHmac("sha256", JSON.stringify(key.publicJwk)).update(`${header}.${body}`).digest("base64url");
    await expect(tokens.verify(`${header}.${body}.${mac}`)).rejects.toBeInstanceOf(TokenError);
  });

  it("when the audience or issuer is another service's, then TokenError", async () => {
    const other = new TokenService(key, ISS, "another-api", () => now);
    await expect(tokens.verify(await other.issue(claims))).rejects.toBeInstanceOf(TokenError);
    const foreign = new TokenService(key, "https://elsewhere.test", AUD, () => now);
    await expect(tokens.verify(await foreign.issue(claims))).rejects.toBeInstanceOf(TokenError);
  });

  it("when the payload is tampered with, then TokenError", async () => {
    const [h, , s] = (await tokens.issue(claims)).split(".");
    const forged = b64({ sub: "u-1", org: "o-1", role: "admin", kind: "user", iss: ISS, aud: AUD, iat: now, exp: now + 600 });
    await expect(tokens.verify(`${h}.${forged}.${s}`)).rejects.toBeInstanceOf(TokenError);
  });

  it("when a correctly signed token lacks exp, then TokenError", async () => {
    const t = await new SignJWT({ org: "o-1", role: "maker", kind: "user" })
      .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
      .setSubject("u-1")
      .setIssuer(ISS)
      .setAudience(AUD)
      .setIssuedAt(now)
      .sign(key.privateKey);
    await expect(tokens.verify(t)).rejects.toBeInstanceOf(TokenError);
  });

  it("when signed by another key, then TokenError; the JWKS publishes only the public half", async () => {
    const other = new TokenService(await newSigningKey("k1"), ISS, AUD, () => now);
    await expect(tokens.verify(await other.issue(claims))).rejects.toBeInstanceOf(TokenError);
    const [jwk] = tokens.jwks().keys;
    expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: "k1", alg: "EdDSA", use: "sig" });
    expect(jwk).not.toHaveProperty("d");
  });
});
