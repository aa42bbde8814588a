/**
 * The directory of organisations (every signed-in organisation may look up a counterparty's name, code and
 * kinds), the operator's suspend/reinstate, the regulator's freeze/unfreeze, and each organisation's own users
 * and API keys, which only its admin manages.
 */
import type { Ledger, Receipt } from "../../../chain/ledger";
import type { Actor, OrgKind, UserRole } from "../auth/actor";
import type { AuthService } from "../auth/auth.service";
import type { IdentityRepository, UserRow } from "../auth/identity.repository";
import { hashPassword } from "../auth/passwords";
import { isUniqueViolation } from "../db/unique";
import { AppError } from "../errors";
import { mustExist } from "../must-exist";
import type { Page, PageQuery } from "../http/pagination";
import type { OrganisationRepository, OrganisationView } from "./organisation.repository";

export type StatusChange = "suspend" | "reinstate" | "freeze" | "unfreeze";
export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  password: string;
}

export class OrganisationService {
  constructor(
    private readonly repo: OrganisationRepository,
    private readonly identities: IdentityRepository,
    private readonly auth: AuthService,
    private readonly ledger: Ledger,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  async get(id: string): Promise<OrganisationView> {
    const org = await this.repo.get(id);
    if (!org) throw new AppError("NOT_FOUND", "No such organisation");
    return org;
  }

  list(q: PageQuery & { kind?: OrgKind | undefined }): Promise<Page<OrganisationView>> {
    return this.repo.list(q);
  }

  /** Suspend and reinstate are the operator's; freeze and unfreeze the regulator's. The route checks which. */
  async changeStatus(actor: Actor, id: string, change: StatusChange): Promise<{ organisation: OrganisationView; txHash: string }> {
    const org = await this.get(id);
    const p = this.ledger.participants;
    // The regulator's role may have been granted on the ledger to an organisation of another kind: ask the ledger.
    if (change === "suspend" && (org.kinds.includes("regulator") || (await p.get(org.account)).roles.includes("regulator"))) {
      throw new AppError("PARTICIPANT_REGULATOR_RESERVED", `${org.name} is a regulator: the operator cannot suspend it`);
    }
    if (org.kinds.includes("operator") || org.kinds.includes("regulator")) {
      throw new AppError("FORBIDDEN", "The operator and the regulator cannot be suspended or frozen");
    }
    const me = actor.org.account;
    const send: Record<StatusChange, () => Promise<Receipt>> = {
      suspend: () => p.suspend(me, org.account),
      reinstate: () => p.reinstate(me, org.account),
      freeze: () => p.freeze(me, org.account),
      unfreeze: () => p.unfreeze(me, org.account),
    };
    const receipt = await send[change]();
    await this.afterLedgerWrite(receipt.blockNumber);
    return { organisation: await this.get(id), txHash: receipt.txHash };
  }

  /** Users and API keys: only the organisation's own admin, and nobody else learns they exist. */
  private ownOrg(actor: Actor, id: string): void {
    if (actor.org.id !== id) throw new AppError("NOT_FOUND", "No such organisation");
    if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only the organisation's admin manages its users and keys");
  }

  async users(actor: Actor, orgId: string, q: PageQuery) {
    this.ownOrg(actor, orgId);
    return this.identities.usersOf(orgId, q);
  }

  /** Adds an active user at once: for seeding, which loads the cast through the services. Over HTTP, users are proposed. */
  async addUser(actor: Actor, orgId: string, u: NewUser) {
    this.ownOrg(actor, orgId);
    return this.createUser(orgId, u, false);
  }

  /**
   * The admin proposes a user; a checker approves. The user is created disabled at once, so that the email is
   * reserved and no password (not even its hash) waits in the pending action, and is enabled on approval.
   */
  async proposeUser(admin: Actor, orgId: string, u: NewUser): Promise<UserRow> {
    this.ownOrg(admin, orgId);
    return this.createUser(orgId, u, true);
  }

  private async createUser(orgId: string, u: NewUser, disabled: boolean): Promise<UserRow> {
    try {
      return await this.identities.createUser({
        organisationId: orgId,
        email: u.email.trim().toLowerCase(),
        name: u.name,
        role: u.role,
        passwordHash: await hashPassword(u.password),
        disabled,
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError("EMAIL_TAKEN");
      throw e;
    }
  }

  /** Checks an admin's proposal to change another user of its organisation. */
  async proposeUserChange(admin: Actor, orgId: string, userId: string, change: { role?: UserRole }): Promise<UserRow> {
    this.ownOrg(admin, orgId);
    const user = await this.member(admin, userId);
    if (user.id === admin.userId) throw new AppError("FORBIDDEN", "An admin cannot change or disable themselves");
    if (change.role === user.role) throw new AppError("CONFLICT", `The user already is a ${user.role}`);
    return user;
  }

  /** A user of the actor's organisation; any other id is 404. */
  async member(actor: Actor, userId: string): Promise<UserRow> {
    const user = await this.identities.user(userId);
    if (user?.organisationId !== actor.org.id) throw new AppError("NOT_FOUND", "No such user");
    return user;
  }

  /** Carries out an approved change to a user (the checker's approval). */
  async applyUserChange(checker: Actor, userId: string, change: { disabled?: boolean; role?: UserRole }): Promise<UserRow> {
    await this.member(checker, userId);
    if (change.role !== undefined) await this.identities.setUserRole(userId, change.role);
    if (change.disabled !== undefined) await this.identities.setUserDisabled(userId, change.disabled);
    return mustExist(await this.identities.user(userId), `user ${userId}`);
  }

  /** A rejected proposal to add a user: the reserved email is freed. */
  async dropProposedUser(checker: Actor, userId: string): Promise<void> {
    await this.member(checker, userId);
    await this.identities.deleteNeverActiveUser(userId);
  }

  /** Whether nobody but the admin could approve a change to users: the first checker is appointed alone. */
  async withoutChecker(actor: Actor): Promise<boolean> {
    return !(await this.identities.hasActiveChecker(actor.org.id));
  }

  async unlockUser(actor: Actor, orgId: string, userId: string) {
    this.ownOrg(actor, orgId);
    const user = await this.identities.user(userId);
    if (user?.organisationId !== orgId) throw new AppError("NOT_FOUND", "No such user");
    await this.auth.unlock(user.email);
    return user;
  }

  async apiKeys(actor: Actor, orgId: string, q: PageQuery) {
    this.ownOrg(actor, orgId);
    return this.identities.apiKeysOf(orgId, q);
  }

  async createApiKey(actor: Actor, orgId: string, k: { name: string; role: UserRole; userId: string }) {
    this.ownOrg(actor, orgId);
    return this.auth.createApiKey(actor, k.name, k.role, k.userId);
  }

  async revokeApiKey(actor: Actor, orgId: string, keyId: string) {
    this.ownOrg(actor, orgId);
    const key = await this.identities.apiKey(keyId);
    if (key?.organisationId !== orgId) throw new AppError("NOT_FOUND", "No such API key");
    await this.identities.revokeApiKey(keyId, new Date());
    return mustExist(await this.identities.apiKey(keyId), `API key ${keyId}`);
  }
}
