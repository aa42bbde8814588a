/**
 * Logging in, refreshing, and turning credentials on a request into an Actor. Refresh tokens are opaque, stored
 * only as hashes, and rotate: each is good for one refresh, and presenting a used one again revokes its whole
 * family (someone copied it). API keys (`scf_<prefix>_<secret>`) let an organisation's ERP call the API.
 *
 * The one exception is a short grace after rotation (REFRESH_REUSE_GRACE_MS): a browser that reloads or navigates
 * while its refresh is in flight never stores the answer, and presents the same token again a moment later. Within
 * the grace that is the user's own tab, not a thief, so it gets a new pair in the same family instead of being
 * signed out everywhere.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors";
import type { Actor, UserRole } from "./actor";
import { FairGate, GateFull } from "./fair-gate";
import type { IdentityRepository } from "./identity.repository";
import { LoginThrottled, type LoginThrottle } from "./login-throttle";
import { hashPassword, verifyPassword } from "./passwords";
import { ACCESS_TOKEN_SECONDS, TokenError, type TokenService } from "./tokens";

export const REFRESH_TOKEN_DAYS = 30;
export const REFRESH_REUSE_GRACE_MS = 30_000;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const API_KEY = /^scf_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface Session {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  refreshToken: string;
}

/** A token rotated by a request that raced this one (rotatedAt still unset when read) counts as just rotated. */
function withinReuseGrace(rotatedAt: Date | null, now: Date): boolean {
  return now.getTime() - (rotatedAt ?? now).getTime() <= REFRESH_REUSE_GRACE_MS;
}

/** Whether a token that could not be rotated may still be forgiven: read again, since a replay may have revoked it meanwhile. */
async function forgivable(identities: IdentityRepository, tokenHash: string, now: Date): Promise<boolean> {
  const current = await identities.refreshToken(tokenHash);
  return current !== null && current.revokedAt === null && withinReuseGrace(current.rotatedAt, now);
}

export class AuthService {
  /** A hash to compare against when the email is unknown, so that timing does not tell which emails exist. */
  private decoy: Promise<string> | undefined;

  constructor(
    private readonly identities: IdentityRepository,
    private readonly tokens: TokenService,
    private readonly now: () => Date = () => new Date(),
    /** Failed-login delays and lockouts (the server always gives one; without it, none). */
    private readonly throttle?: LoginThrottle,
    /** At most two password hashes at once, served fairly between client addresses. */
    private readonly hashing: FairGate = new FairGate(2, 8),
  ) {}

  /**
   * An unknown email and a wrong password take the same path: the same lookups, one scrypt (against a decoy
   * hash), the same failure counted, the same answer.
   */
  async login(email: string, password: string, address?: string): Promise<Session> {
    const normalised = email.trim().toLowerCase();
    await this.throttle?.check(normalised, address);
    const user = await this.identities.userByEmail(normalised);
    const stored = user?.passwordHash ?? (await (this.decoy ??= hashPassword(randomUUID())));
    const ok = await this.hashing.run(address ?? "", () => verifyPassword(password, stored)).catch((e: unknown) => {
      if (e instanceof GateFull) throw new LoginThrottled(false, 1);
      throw e;
    });
    if (!user || !ok || user.disabled) {
      await this.throttle?.failed(normalised, address);
      throw new AppError("CREDENTIALS_INVALID");
    }
    // Only to someone who knew the password: a suspended or frozen organisation's users cannot sign in.
    await this.standingOfUser(user.organisationId);
    await this.throttle?.succeeded(normalised);
    return this.session(user.id, user.organisationId, user.role, randomUUID());
  }

  /** Lifts the failed-login delay and lockout of the account with this email. */
  async unlock(email: string): Promise<void> {
    await this.throttle?.unlock(email.trim().toLowerCase());
  }

  async refresh(refreshToken: string): Promise<Session> {
    const tokenHash = sha256(refreshToken);
    const stored = await this.identities.refreshToken(tokenHash);
    const now = this.now();
    if (!stored || stored.revokedAt || stored.expiresAt <= now) throw new AppError("REFRESH_TOKEN_INVALID");
    if (!(await this.identities.rotate(tokenHash, now)) && !(await forgivable(this.identities, tokenHash, now))) {
      await this.identities.revokeFamily(stored.familyId, now);
      throw new AppError("REFRESH_TOKEN_INVALID", "This refresh token was already used; every session from it is now signed out");
    }
    const user = await this.identities.user(stored.userId);
    if (!user || user.disabled) throw new AppError("REFRESH_TOKEN_INVALID");
    await this.standingOfUser(user.organisationId);
    return this.session(user.id, user.organisationId, user.role, stored.familyId);
  }

  /**
   * A suspended or frozen organisation acts nowhere, on the ledger or off it: its users cannot sign in or refresh,
   * and every request its tokens or API keys make, reads included, is 403 ORGANISATION_SUSPENDED or
   * ORGANISATION_FROZEN. The code is all it may still learn: it tells the organisation its own status and reveals
   * nothing else, while the operator and the regulator (who can never be suspended or frozen) keep reading
   * everything about it. Every authenticated route resolves its caller here, so this is checked once per request.
   */
  /** At sign-in and refresh, where only the user's organisation id is at hand. */
  private async standingOfUser(organisationId: string): Promise<void> {
    const org = await this.identities.organisation(organisationId);
    if (org) await this.mustBeInGoodStanding(org.account);
  }

  private async mustBeInGoodStanding(account: string): Promise<void> {
    const standing = await this.identities.standing(account);
    if (standing === "suspended") throw new AppError("ORGANISATION_SUSPENDED");
    if (standing === "frozen") throw new AppError("ORGANISATION_FROZEN");
  }

  private async session(userId: string, org: string, role: UserRole, familyId: string): Promise<Session> {
    const refreshToken = randomBytes(32).toString("base64url");
    await this.identities.saveRefreshToken({
      userId,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(this.now().getTime() + REFRESH_TOKEN_DAYS * 86_400_000),
    });
    const accessToken = await this.tokens.issue({ sub: userId, org, role, kind: "user" });
    return { accessToken, tokenType: "Bearer", expiresIn: ACCESS_TOKEN_SECONDS, refreshToken };
  }

  /**
   * A new API key acting for `userId`, a user of the actor's organisation who holds `role`: a key can do no more
   * than its person, and what it proposes is that person's, so that one person's two keys cannot check each other.
   * The secret is shown once and kept only as a hash.
   */
  async createApiKey(actor: Actor, name: string, role: UserRole, userId: string) {
    const user = await this.identities.user(userId);
    if (user?.organisationId !== actor.org.id) throw new AppError("NOT_FOUND", "No such user");
    if (user.disabled) throw new AppError("USER_DISABLED", "A disabled user's keys could not act");
    if (user.role !== role) throw new AppError("API_KEY_ROLE_NOT_HELD", `The user is a ${user.role}; a key acting for them can only be a ${user.role} key`);
    const prefix = randomBytes(6).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    const row = await this.identities.createApiKey({ organisationId: actor.org.id, userId, name, prefix, secretHash: sha256(secret), role });
    return { ...row, key: `scf_${prefix}_${secret}` };
  }

  /** The Actor behind an `Authorization` header's value: `Bearer <jwt>` or `ApiKey <key>`. */
  async actorOf(header: string | undefined): Promise<Actor> {
    if (!header) throw new AppError("UNAUTHENTICATED", "Send `Authorization: Bearer <access token>` or `Authorization: ApiKey <key>`");
    const [scheme, credential] = header.split(" ", 2);
    if (scheme === "ApiKey" && credential) return this.apiKeyActor(credential);
    if (scheme !== "Bearer" || !credential || !/^[A-Za-z0-9_\-.]+$/.test(credential)) {
      throw new AppError("UNAUTHENTICATED", "Send `Authorization: Bearer <access token>` or `Authorization: ApiKey <key>`");
    }
    let claims;
    try {
      claims = await this.tokens.verify(credential);
    } catch (e) {
      if (e instanceof TokenError) throw new AppError("TOKEN_INVALID", undefined, {}, { cause: e });
      throw e;
    }
    const user = claims.kind === "user" ? await this.identities.activeUser(claims.sub) : undefined;
    if (!user || user.disabled || user.organisationId !== claims.org) throw new AppError("TOKEN_INVALID");
    const org = await this.identities.organisation(user.organisationId);
    if (!org) throw new AppError("TOKEN_INVALID");
    await this.mustBeInGoodStanding(org.account);
    return { principalId: user.id, kind: "user", userId: user.id, role: user.role, org };
  }

  private async apiKeyActor(credential: string): Promise<Actor> {
    const m = API_KEY.exec(credential);
    const row = m ? await this.identities.apiKeyByPrefix(m[1]) : undefined;
    const ok = row && m && timingSafeEqual(Buffer.from(sha256(m[2])), Buffer.from(row.secretHash));
    if (!row || !ok || row.revokedAt || !row.userId) throw new AppError("TOKEN_INVALID", "The API key is invalid or revoked");
    // The key's person must still be active, of the key's organisation and hold the key's role: disabling a user
    // (or moving them to another role) stops their keys at once.
    const user = await this.identities.activeUser(row.userId);
    if (!user || user.disabled || user.organisationId !== row.organisationId || user.role !== row.role) {
      throw new AppError("TOKEN_INVALID", "The API key's user is disabled or no longer holds its role");
    }
    const org = await this.identities.organisation(row.organisationId);
    if (!org) throw new AppError("TOKEN_INVALID");
    await this.mustBeInGoodStanding(org.account);
    return { principalId: row.id, kind: "api-key", userId: user.id, role: row.role, org };
  }
}
