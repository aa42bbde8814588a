/**
 * Participants: who may act, in which roles, and whether they may act now (contracts/Participants.sol).
 * The operator registers, changes roles and suspends; only a regulator freezes and grants the regulator's role.
 * On Fabric a participant also names the MSP its identities are enrolled in, so that a certificate from another
 * organisation's CA cannot speak for it.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { refusal } from "./errors";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { ALL_ROLES, ROLE, U64_MAX, ZERO_ACCOUNT, ZERO_BYTES32, parseAccount, parseBytes32, parseSmall, parseUint } from "./values";
import { canonicalJson } from "./state";

export interface ParticipantRecord {
  roles: number;
  suspended: boolean;
  frozen: boolean;
  usccHash: string;
  kycHash: string;
  mspId: string;
}

/** Participants.Status: None, Active, Suspended, Frozen. */
export const STATUS = { none: 0, active: 1, suspended: 2, frozen: 3 } as const;

const PARTICIPANT = "participant";

export const loadParticipant = (ctx: LedgerContext, account: string) =>
  ctx.state.get<ParticipantRecord>(PARTICIPANT, [account]);

export function statusOf(p: ParticipantRecord | undefined): number {
  if (p === undefined) return STATUS.none;
  if (p.frozen) return STATUS.frozen;
  if (p.suspended) return STATUS.suspended;
  return STATUS.active;
}

/** Refuses unless `account` is active and holds every bit of `role`. */
export async function requireActive(ctx: LedgerContext, account: string, role: number): Promise<ParticipantRecord> {
  const p = await loadParticipant(ctx, account);
  const status = statusOf(p);
  if (p === undefined || status !== STATUS.active) throw refusal("ParticipantsNotActive", account, status);
  if ((p.roles & role) !== role) throw refusal("ParticipantsMissingRole", account, role);
  return p;
}

export async function isActiveAs(ctx: LedgerContext, account: string, role: number): Promise<boolean> {
  const p = await loadParticipant(ctx, account);
  return p !== undefined && statusOf(p) === STATUS.active && (p.roles & role) === role;
}

/**
 * Refuses unless the caller is active in `role` on the ledger, its certificate comes from the participant's MSP,
 * and the certificate grants the role too: the ledger says what the organisation may do, the certificate what
 * this identity of it may do.
 */
export async function requireCaller(ctx: LedgerContext, role: number): Promise<ParticipantRecord> {
  const { account, mspId, roles } = ctx.caller;
  const p = await requireActive(ctx, account, role);
  if (p.mspId !== mspId) throw refusal("IdentityMspMismatch", account, mspId);
  if ((roles & role) !== role) throw refusal("ParticipantsMissingRole", account, role);
  return p;
}

/**
 * For what a caller may do without any role or status, as on the EVM (decline, cancel, approve): the
 * certificate must still come from the MSP of the participant it names, or another organisation's CA could act
 * for it.
 */
export async function requireOwnIdentity(ctx: LedgerContext): Promise<void> {
  const { account, mspId } = ctx.caller;
  const p = await loadParticipant(ctx, account);
  if (p !== undefined && p.mspId !== mspId) throw refusal("IdentityMspMismatch", account, mspId);
}

async function registered(ctx: LedgerContext, account: string): Promise<ParticipantRecord> {
  const p = await loadParticipant(ctx, account);
  if (p === undefined) throw refusal("ParticipantsNotRegistered", account);
  return p;
}

function requireValidRoles(roles: number): void {
  if (roles === 0 || (roles & ~ALL_ROLES) !== 0) throw refusal("ParticipantsInvalidRoles", roles);
}

export function parseMsp(raw: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) throw refusal("LedgerInvalidArgument", "mspId");
  return raw;
}

export async function registerParticipant(
  ctx: LedgerContext,
  account: string,
  roles: number,
  hashes: { usccHash: string; kycHash: string },
  mspId: string,
): Promise<void> {
  if (account === ZERO_ACCOUNT) throw refusal("ParticipantsZeroAddress");
  requireValidRoles(roles);
  if ((await loadParticipant(ctx, account)) !== undefined) throw refusal("ParticipantsAlreadyRegistered", account);
  const record: ParticipantRecord = { roles, suspended: false, frozen: false, ...hashes, mspId };
  await ctx.state.put(PARTICIPANT, [account], record);
  ctx.emit("ParticipantRegistered", { account, roles, usccHash: hashes.usccHash, kycHash: hashes.kycHash });
}

async function setRoles(ctx: LedgerContext, account: string, p: ParticipantRecord, roles: number): Promise<void> {
  await ctx.state.put(PARTICIPANT, [account], { ...p, roles });
  ctx.emit("ParticipantRolesChanged", { account, roles });
}

async function setFlag(ctx: LedgerContext, account: string, flag: "suspended" | "frozen", value: boolean): Promise<void> {
  const p = await registered(ctx, account);
  if (p[flag] === value) throw refusal("ParticipantsStatusUnchanged", account);
  if (account === ctx.caller.account) throw refusal("ParticipantsSelfLockout", account);
  await ctx.state.put(PARTICIPANT, [account], { ...p, [flag]: value });
  if (flag === "suspended") ctx.emit("ParticipantSuspensionChanged", { account, suspended: value });
  else ctx.emit("ParticipantFreezeChanged", { account, frozen: value });
}

@Info({ title: "Participants", description: "Who may act on the ledger, in which roles, and whether now" })
export class ParticipantsContract extends LedgerContract {
  constructor() {
    super("Participants");
  }

  @Transaction()
  async register(
    ctx: LedgerContext,
    account: string,
    roles: string,
    usccHash: string,
    kycHash: string,
    mspId: string,
  ): Promise<void> {
    await requireCaller(ctx, ROLE.operator);
    const target = parseAccount(account, "account");
    const bits = parseSmall(roles, "roles", ALL_ROLES);
    const hashes = { usccHash: parseBytes32(usccHash, "usccHash"), kycHash: parseBytes32(kycHash, "kycHash") };
    const msp = parseMsp(mspId);
    requireValidRoles(bits);
    if ((bits & ROLE.regulator) !== 0) throw refusal("ParticipantsRegulatorRoleReserved", target);
    await registerParticipant(ctx, target, bits, hashes, msp);
  }

  @Transaction()
  async setRoles(ctx: LedgerContext, account: string, roles: string): Promise<void> {
    await requireCaller(ctx, ROLE.operator);
    const target = parseAccount(account, "account");
    const bits = parseSmall(roles, "roles", ALL_ROLES);
    const p = await registered(ctx, target);
    requireValidRoles(bits);
    if (target === ctx.caller.account && (bits & ROLE.operator) === 0) throw refusal("ParticipantsSelfLockout", target);
    if (((p.roles ^ bits) & ROLE.regulator) !== 0) throw refusal("ParticipantsRegulatorRoleReserved", target);
    await setRoles(ctx, target, p, bits);
  }

  @Transaction()
  async grantRegulator(ctx: LedgerContext, account: string): Promise<void> {
    await requireCaller(ctx, ROLE.regulator);
    const target = parseAccount(account, "account");
    const p = await registered(ctx, target);
    if ((p.roles & ROLE.regulator) !== 0) throw refusal("ParticipantsStatusUnchanged", target);
    await setRoles(ctx, target, p, p.roles | ROLE.regulator);
  }

  @Transaction()
  async revokeRegulator(ctx: LedgerContext, account: string): Promise<void> {
    await requireCaller(ctx, ROLE.regulator);
    const target = parseAccount(account, "account");
    const p = await registered(ctx, target);
    if ((p.roles & ROLE.regulator) === 0) throw refusal("ParticipantsStatusUnchanged", target);
    if (target === ctx.caller.account) throw refusal("ParticipantsSelfLockout", target);
    await setRoles(ctx, target, p, p.roles & ~ROLE.regulator);
  }

  @Transaction()
  async updateKyc(ctx: LedgerContext, account: string, kycHash: string): Promise<void> {
    await requireCaller(ctx, ROLE.operator);
    const target = parseAccount(account, "account");
    const hash = parseBytes32(kycHash, "kycHash");
    const p = await registered(ctx, target);
    await ctx.state.put(PARTICIPANT, [target], { ...p, kycHash: hash });
    ctx.emit("ParticipantKycUpdated", { account: target, kycHash: hash });
  }

  @Transaction()
  async suspend(ctx: LedgerContext, account: string): Promise<void> {
    await requireCaller(ctx, ROLE.operator);
    const target = parseAccount(account, "account");
    // The operator is the regulated party: it must not be able to silence its regulator.
    const p = await loadParticipant(ctx, target);
    if (p !== undefined && (p.roles & ROLE.regulator) !== 0) throw refusal("ParticipantsRegulatorRoleReserved", target);
    await setFlag(ctx, target, "suspended", true);
  }

  @Transaction()
  async reinstate(ctx: LedgerContext, account: string): Promise<void> {
    await requireCaller(ctx, ROLE.operator);
    await setFlag(ctx, parseAccount(account, "account"), "suspended", false);
  }

  @Transaction()
  async freeze(ctx: LedgerContext, account: string): Promise<void> {
    await requireCaller(ctx, ROLE.regulator);
    await setFlag(ctx, parseAccount(account, "account"), "frozen", true);
  }

  @Transaction()
  async unfreeze(ctx: LedgerContext, account: string): Promise<void> {
    await requireCaller(ctx, ROLE.regulator);
    await setFlag(ctx, parseAccount(account, "account"), "frozen", false);
  }

  /** Nothing is stored: the event is the record. */
  @Transaction()
  async anchorAuditLog(ctx: LedgerContext, head: string, entries: string): Promise<void> {
    await requireCaller(ctx, ROLE.operator);
    const hash = parseBytes32(head, "head");
    const count = parseUint(entries, "entries", U64_MAX);
    ctx.emit("AuditLogAnchored", { operator: ctx.caller.account, head: hash, entries: count });
  }

  /** The participant's record and status; roles 0 and status 0 when unregistered. */
  @Transaction(false)
  @Returns("string")
  async get(ctx: LedgerContext, account: string): Promise<string> {
    const target = parseAccount(account, "account");
    const p = await loadParticipant(ctx, target);
    const zero = ZERO_BYTES32;
    return canonicalJson({
      account: target,
      roles: p?.roles ?? 0,
      status: statusOf(p),
      usccHash: p?.usccHash ?? zero,
      kycHash: p?.kycHash ?? zero,
      mspId: p?.mspId ?? "",
    });
  }
}
