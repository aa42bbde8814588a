/**
 * Onboarding: an organisation applies with its USCC; the operator approves, which creates the organisation, its
 * admin user and its custodial ledger key, and registers it on the ledger with the roles its kinds need.
 */
import { createHash } from "node:crypto";
import type { Ledger, Role } from "../../../chain/ledger";
import type { Actor, OrgKind } from "../auth/actor";
import { hashPassword } from "../auth/passwords";
import { isUniqueViolation } from "../db/unique";
import { AppError } from "../errors";
import { canonicalJson } from "../http/digest";
import type { Page, PageQuery } from "../http/pagination";
import type { KeyVault } from "../keys/key-vault";
import type { BusinessRegistry, RegistryRecord } from "../verification/business-registry";
import { VerifierUnavailableError } from "../verification/verifier-unavailable";
import type { ApplicationRow, OnboardingRepository } from "./onboarding.repository";
import { isValidUscc, normaliseUscc } from "./uscc";

/** Every kind but the platform's own two: a warehouse (仓储/监管方), a guarantor (担保机构) and an insurer (保险机构) apply like the rest. */
export const APPLICANT_KINDS = ["core", "supplier", "bank", "warehouse", "guarantor", "insurer"] as const satisfies readonly OrgKind[];
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

export interface NewApplication {
  name: string;
  nameEn?: string;
  uscc: string;
  kinds: ApplicantKind[];
  admin: { name: string; email: string; password: string };
}

/** What the registry says of an application's USCC now, as the operator sees it beside the application. */
export type RegistryView = { status: "found"; record: RegistryRecord } | { status: "not-registered" } | { status: "unavailable" };

/**
 * Names compare as the registry would read them: full-width and half-width forms alike (（） and ()), spaces
 * ignored. Anything else, a missing 有限 or another word, is another name.
 */
export const sameRegisteredName = (a: string, b: string) => {
  const plain = (n: string) => n.normalize("NFKC").replace(/\s+/gu, "");
  return plain(a) === plain(b);
};

const bytes32 = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}`;

export class OnboardingService {
  constructor(
    private readonly repo: OnboardingRepository,
    private readonly vault: KeyVault,
    private readonly ledger: Ledger,
    private readonly operatorAccount: string,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly registry: BusinessRegistry,
  ) {}

  async apply(a: NewApplication): Promise<ApplicationRow> {
    const uscc = normaliseUscc(a.uscc);
    if (!isValidUscc(uscc)) throw new AppError("USCC_INVALID", `"${a.uscc}" fails the GB 32100-2015 check`);
    if (await this.repo.usccInUse(uscc)) throw new AppError("USCC_TAKEN");
    await this.refuseUnregistered(uscc, a.name);
    // The email is not checked here: the answer would tell anyone which emails have accounts. One that has an
    // account is refused at approval, to the operator (EMAIL_TAKEN), who rejects the application with a note.
    const application = {
      name: a.name,
      nameEn: a.nameEn ?? null,
      uscc,
      kinds: [...new Set(a.kinds)],
      contactName: a.admin.name,
      contactEmail: a.admin.email.trim().toLowerCase(),
      adminPasswordHash: await hashPassword(a.admin.password),
    };
    try {
      return await this.repo.create(application);
    } catch (e) {
      // Of simultaneous applications with one USCC, the database's unique index lets one in.
      if (isUniqueViolation(e)) throw new AppError("USCC_TAKEN");
      throw e;
    }
  }

  /**
   * Only an enterprise the business registry holds as active (存续), applying under its registered name, may apply:
   * a revoked (吊销) or deregistered (注销) one cannot trade, and another name is someone else's code.
   */
  private async refuseUnregistered(uscc: string, name: string): Promise<void> {
    const record = await this.registry.lookUp(uscc);
    if (!record) throw new AppError("USCC_NOT_REGISTERED", `The business registry has no enterprise ${uscc}`);
    if (record.status === "revoked") throw new AppError("USCC_REVOKED", `${record.name}'s business licence is revoked`);
    if (record.status === "cancelled") throw new AppError("USCC_CANCELLED", `${record.name} is deregistered`);
    if (!sameRegisteredName(record.name, name)) throw new AppError("REGISTERED_NAME_MISMATCH", `The enterprise ${uscc} is registered as ${record.name}`);
  }

  /** The registry's record of the application's USCC, asked now: a record may change after the application. */
  async registryView(app: ApplicationRow): Promise<RegistryView> {
    try {
      const record = await this.registry.lookUp(app.uscc);
      return record ? { status: "found", record } : { status: "not-registered" };
    } catch (e) {
      // The operator still sees the application when the registry is down; the view says so.
      if (e instanceof VerifierUnavailableError) return { status: "unavailable" };
      throw e;
    }
  }

  async get(id: string): Promise<ApplicationRow> {
    const app = await this.repo.get(id);
    if (!app) throw new AppError("NOT_FOUND", "No such application");
    return app;
  }

  list(q: PageQuery & { status?: string | undefined }): Promise<Page<ApplicationRow>> {
    return this.repo.list(q);
  }

  async approve(actor: Actor, id: string): Promise<{ application: ApplicationRow; organisationId: string; account: string; txHash: string }> {
    const app = await this.get(id);
    // Applications never ask for it (APPLICANT_KINDS); a row that does is refused here rather than by the ledger.
    if (app.kinds.includes("regulator") || app.kinds.includes("operator")) {
      throw new AppError("PARTICIPANT_REGULATOR_RESERVED", "The operator cannot register a regulator or another operator; only a regulator grants the regulator's role");
    }
    if (!(await this.repo.claim(id, "approving", actor.userId))) throw new AppError("ALREADY_DECIDED", `The application is ${app.status}`);
    let created: { organisationId: string } | undefined;
    let registered = false;
    try {
      await this.refuseDuplicate(app);
      const key = await this.vault.create();
      const roles: Role[] = [...app.kinds];
      try {
        created = await this.repo.createOrganisation(app, { account: key.account, sealedKey: key.sealedKey, roles });
      } catch (e) {
        // Another approval created the organisation or the user a moment ago.
        if (isUniqueViolation(e)) await this.refuseDuplicate(app);
        throw e;
      }
      const receipt = await this.ledger.participants.register(this.operatorAccount, {
        account: key.account,
        roles,
        usccHash: bytes32(app.uscc),
        kycHash: bytes32(canonicalJson({ name: app.name, uscc: app.uscc, kinds: app.kinds, application: app.id })),
      });
      registered = true;
      await this.ledger.ensureGas(key.account);
      await this.afterLedgerWrite(receipt.blockNumber);
      return { application: await this.get(id), organisationId: created.organisationId, account: key.account, txHash: receipt.txHash };
    } catch (e) {
      // Once the ledger knows the organisation, the records stay: the key must never be lost.
      if (registered) throw e;
      if (created) await this.repo.removeOrganisation(id, created.organisationId).catch(() => undefined);
      else await this.repo.release(id).catch(() => undefined);
      throw e;
    }
  }

  /**
   * An organisation with the application's USCC (one made outside onboarding, as the platform's own are), or a
   * user with its admin's email, makes approval impossible; the application stays pending for the operator to
   * reject with a note.
   */
  private async refuseDuplicate(app: ApplicationRow): Promise<void> {
    if (await this.repo.organisationByUscc(app.uscc)) throw new AppError("USCC_TAKEN", "An organisation with this USCC is registered; reject the application");
    if (await this.repo.hasAccount(app.contactEmail)) {
      throw new AppError("EMAIL_TAKEN", "The applicant's admin email already signs in to the platform; reject the application with a note asking for another");
    }
  }

  async reject(actor: Actor, id: string, note: string): Promise<ApplicationRow> {
    const app = await this.get(id);
    if (!(await this.repo.claim(id, "rejected", actor.userId, note))) throw new AppError("ALREADY_DECIDED", `The application is ${app.status}`);
    return this.get(id);
  }

  /** The first admin of a platform organisation, so that someone can sign in to approve the rest. */
  async bootstrapAdmin(organisationId: string, admin: { email: string; name: string; password: string }): Promise<void> {
    if (await this.repo.hasUsers(organisationId)) return;
    await this.repo.createAdmin(organisationId, { email: admin.email.trim().toLowerCase(), name: admin.name, passwordHash: await hashPassword(admin.password) });
  }

  /**
   * The operator's or the regulator's organisation, bound to the system account the contracts were deployed
   * with. Idempotent: a second start finds it.
   */
  async ensurePlatformOrganisation(o: { kind: "operator" | "regulator"; name: string; nameEn: string; uscc: string }): Promise<string> {
    const existing = await this.repo.organisationByUscc(o.uscc);
    if (existing) return existing.id;
    const sys = await this.repo.systemKey(o.kind);
    if (!sys) throw new Error(`The ${o.kind} system account does not exist; open the platform first`);
    return (await this.repo.createPlatformOrganisation({ ...o, account: sys.account, sealedKey: sys.sealedKey })).id;
  }
}
