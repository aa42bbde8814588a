/**
 * Access tokens: EdDSA (Ed25519) JWTs that last at most 15 minutes. Verification pins the algorithm, the issuer
 * and the audience and requires `exp` and `iat` (jose accepts a token without `exp` unless told otherwise).
 * The public keys are published as a JWKS so that other services can verify without a shared secret.
 */
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

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

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { crv: "Ed25519", extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" } };
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
