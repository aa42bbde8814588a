/** Users, refresh tokens, API keys and the organisation each acts for. */
import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";
import { ParticipantStandings } from "../indexer/participant-standings";
import type { ActingOrganisation, OrgKind, UserRole } from "./actor";

export interface UserRow {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
  disabled: boolean;
}

export interface ApiKeyRow {
  id: string;
  organisationId: string;
  /** The user the key acts for; null only for keys revoked when keys began to name users. */
  userId: string | null;
  name: string;
  prefix: string;
  secretHash: string;
  role: UserRole;
  createdAt: Date;
  revokedAt: Date | null;
}

const asUser = <U extends { role: string } & Omit<UserRow, "role">>(u: U): U & UserRow => ({ ...u, role: u.role as UserRole });
const asKey = (k: { role: string } & Omit<ApiKeyRow, "role">): ApiKeyRow => ({ ...k, role: k.role as UserRole });

/**
 * Every authenticated request looks up its user and organisation. Organisations never change what an Actor
 * holds, so they are kept; users are kept for a few seconds, and forgotten at once when this process disables
 * one, so that a disabled user's token stops working immediately.
 */
const USER_TTL_MS = 5_000;

export class IdentityRepository {
  private readonly orgs = new Map<string, ActingOrganisation>();
  private readonly users = new Map<string, { user: UserRow; at: number }>();

  constructor(
    private readonly prisma: Prisma,
    private readonly standings = new ParticipantStandings(false),
  ) {}

  async organisation(id: string): Promise<ActingOrganisation | undefined> {
    const known = this.orgs.get(id);
    if (known) return known;
    const o = await this.prisma.organisation.findUnique({ where: { id }, select: { id: true, name: true, account: true, kinds: true } });
    if (!o) return undefined;
    const org = { ...o, kinds: o.kinds as OrgKind[] };
    this.orgs.set(id, org);
    return org;
  }

  /**
   * Whether the organisation at `account` is suspended (by the operator) or frozen (by the regulator), from the
   * ledger's projection. Read on every request, and kept only as long as the projection is unchanged: a freeze
   * must stop the next request after it is indexed, not a later one.
   */
  async standing(account: string): Promise<"active" | "suspended" | "frozen"> {
    const s = (await this.standings.of([account], (accounts) => this.prisma.participantState.findMany({ where: { account: { in: accounts } }, select: { account: true, suspended: true, frozen: true } }))).get(account);
    return s?.frozen ? "frozen" : s?.suspended ? "suspended" : "active";
  }

  /** The user, from the short-lived cache when fresh: what authentication uses on every request. */
  async activeUser(id: string): Promise<UserRow | undefined> {
    const hit = this.users.get(id);
    if (hit && Date.now() - hit.at < USER_TTL_MS) return hit.user;
    const user = await this.user(id);
    if (user) this.users.set(id, { user, at: Date.now() });
    return user;
  }

  async userByEmail(email: string): Promise<UserRow | undefined> {
    const u = await this.prisma.user.findUnique({ where: { email } });
    return u ? asUser(u) : undefined;
  }

  async user(id: string): Promise<UserRow | undefined> {
    const u = await this.prisma.user.findUnique({ where: { id } });
    return u ? asUser(u) : undefined;
  }

  /** Newest first. */
  usersOf(organisationId: string, q: PageQuery): Promise<Page<UserRow & { createdAt: Date }>> {
    return paged(q, newestFirst, async (after, take) =>
      (await this.prisma.user.findMany({ where: { AND: [{ organisationId }, olderThan(after)] }, orderBy: NEWEST_FIRST, take })).map(asUser),
    );
  }

  async createUser(u: Omit<UserRow, "id" | "disabled"> & { disabled?: boolean }): Promise<UserRow> {
    return asUser(await this.prisma.user.create({ data: u }));
  }

  async setUserDisabled(id: string, disabled: boolean): Promise<void> {
    await this.prisma.user.update({ where: { id }, data: { disabled } });
    this.users.delete(id);
  }

  async setUserRole(id: string, role: UserRole): Promise<void> {
    await this.prisma.user.update({ where: { id }, data: { role } });
    this.users.delete(id);
  }

  /** Removes a user who never signed in (a rejected proposal to add them); false if they have. */
  async deleteNeverActiveUser(id: string): Promise<boolean> {
    if ((await this.prisma.refreshToken.count({ where: { userId: id } })) > 0) return false;
    const r = await this.prisma.user.deleteMany({ where: { id, disabled: true } });
    this.users.delete(id);
    return r.count === 1;
  }

  /** Whether the organisation has an active checker other than `except`: someone who could approve. */
  async hasActiveChecker(organisationId: string, except?: string): Promise<boolean> {
    return (await this.prisma.user.count({ where: { organisationId, role: "checker", disabled: false, ...(except ? { id: { not: except } } : {}) } })) > 0;
  }

  async saveRefreshToken(t: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.prisma.refreshToken.create({ data: t });
  }

  async refreshToken(tokenHash: string) {
    return this.prisma.refreshToken.findUnique({ where: { tokenHash } });
  }

  /** Marks a live token rotated; false when it was already rotated or revoked (a replay). */
  async rotate(tokenHash: string, now: Date): Promise<boolean> {
    const r = await this.prisma.refreshToken.updateMany({ where: { tokenHash, rotatedAt: null, revokedAt: null }, data: { rotatedAt: now } });
    return r.count === 1;
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
  }

  async createApiKey(k: Omit<ApiKeyRow, "id" | "createdAt" | "revokedAt">): Promise<ApiKeyRow> {
    return asKey(await this.prisma.apiKey.create({ data: k }));
  }

  async apiKeyByPrefix(prefix: string): Promise<ApiKeyRow | undefined> {
    const k = await this.prisma.apiKey.findUnique({ where: { prefix } });
    return k ? asKey(k) : undefined;
  }

  async apiKey(id: string): Promise<ApiKeyRow | undefined> {
    const k = await this.prisma.apiKey.findUnique({ where: { id } });
    return k ? asKey(k) : undefined;
  }

  /** Newest first. */
  apiKeysOf(organisationId: string, q: PageQuery): Promise<Page<ApiKeyRow>> {
    return paged(q, newestFirst, async (after, take) =>
      (await this.prisma.apiKey.findMany({ where: { AND: [{ organisationId }, olderThan(after)] }, orderBy: NEWEST_FIRST, take })).map(asKey),
    );
  }

  async revokeApiKey(id: string, now: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  }
}
