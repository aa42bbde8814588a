/**
 * Access tokens: EdDSA (Ed25519) JWTs that last at most 15 minutes. Verification pins the algorithm, the issuer
 * and the audience and requires `exp` and `iat` (jose accepts a token without `exp` unless told otherwise).
 * The public keys are published as a JWKS so that other services can verify without a shared secret.
 */
import { createPrivateKey, createPublicKey, webcrypto } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const ALG = "EdDSA";

export interface AccessClaims {
  /** The user's id, or the API key's id for an ERP system. */
  sub: string;
  /** The organisation the principal acts for. */
  org: string;
  role: "admin" | "maker" | "checker";
  kind: "user" | "api-key";
}

const ROLES: readonly AccessClaims["role"][] = ["admin", "maker", "checker"];
const KINDS: readonly AccessClaims["kind"][] = ["user", "api-key"];
const isOneOf = <T extends string>(allowed: readonly T[], v: unknown): v is T => (allowed as readonly unknown[]).includes(v);

export class TokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TokenError";
  }
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A fresh random key, for tests that want a signer no server shares. */
export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { crv: "Ed25519", extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" } };
}

/** RFC 8410's PKCS#8 header for an Ed25519 private key: the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * The key every API process derives from the same 32-byte seed (itself derived from the master key), so that a
 * token one process signed verifies in every other and survives a restart. The `kid` is the public key's RFC 7638
 * thumbprint: the JWKS stays the same across processes and restarts, and changes only with the master key.
 * The private half is imported non-extractable: nothing can serialise it back out.
 */
export async function signingKeyFromSeed(seed: Uint8Array): Promise<SigningKey> {
  if (seed.length !== 32) throw new RangeError("an Ed25519 seed is 32 bytes");
  const pkcs8 = Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
  const privateKey = await webcrypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]);
  const publicKey = createPublicKey(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }));
  const { kty, crv, x } = publicKey.export({ format: "jwk" });
  const kid = await calculateJwkThumbprint({ kty, crv, x });
  return { kid, privateKey, publicJwk: { kty, crv, x, kid, alg: ALG, use: "sig" } };
}

export class TokenService {
  constructor(
    private readonly key: SigningKey,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async issue(claims: AccessClaims, seconds = ACCESS_TOKEN_SECONDS): Promise<string> {
    if (seconds > ACCESS_TOKEN_SECONDS) throw new RangeError(`access tokens last at most ${ACCESS_TOKEN_SECONDS} s`);
    const iat = this.now();
    return new SignJWT({ org: claims.org, role: claims.role, kind: claims.kind })
      .setProtectedHeader({ alg: ALG, kid: this.key.kid, typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + seconds)
      .sign(this.key.privateKey);
  }

  async verify(token: string): Promise<AccessClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key.publicJwk, {
        algorithms: [ALG],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ["exp", "iat", "sub"],
        currentDate: new Date(this.now() * 1000),
        maxTokenAge: ACCESS_TOKEN_SECONDS,
      }));
    } catch (e) {
      throw new TokenError("The access token is invalid or expired", { cause: e });
    }
    const { sub, org, role, kind } = payload;
    // jwtVerify has already refused a token without a string `sub` (requiredClaims); the check only narrows its type.
    if (typeof sub !== "string" || typeof org !== "string" || !isOneOf(ROLES, role) || !isOneOf(KINDS, kind)) {
      throw new TokenError("The access token lacks the organisation, role or kind");
    }
    return { sub, org, role, kind };
  }

  /** The public keys, for `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.key.publicJwk] };
  }
}
