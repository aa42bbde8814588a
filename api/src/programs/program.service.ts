/**
 * Credit-passing programs (信用传递规则): each core enterprise's rules for how its vouchers travel down the supply
 * chain, within the bounds the platform operator sets, plus the program's supplier whitelist and eligible banks.
 * Rules and bounds are read from the ledger itself, because the ledger fills in defaults for a program that never
 * set rules and clamps rules to bounds tightened since; reading it is the only way not to restate that logic.
 */
import type { CreditPassingRules, Ledger, PlatformBounds } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { AppError } from "../errors";
import { partyOf, partyOfAccount, type Party } from "../http/party";
import { mapPage, type Page, type PageQuery } from "../http/pagination";
import type { OrganisationRepository, OrganisationView } from "../organisations/organisation.repository";
import type { MemberList, ProgramRepository } from "./program.repository";

export interface ProgramRules extends CreditPassingRules {
  program: Party;
  /** False while the program runs on the ledger's default rules. */
  configured: boolean;
}

export type Members = "suppliers" | "banks";

const LIST: Record<Members, { setting: MemberList; kind: "supplier" | "bank"; label: string }> = {
  suppliers: { setting: "whitelist", kind: "supplier", label: "a supplier" },
  banks: { setting: "eligible", kind: "bank", label: "a bank" },
};

export class ProgramService {
  constructor(
    private readonly repo: ProgramRepository,
    private readonly orgs: OrganisationRepository,
    private readonly ledger: Ledger,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  bounds(): Promise<PlatformBounds> {
    return this.ledger.rules.bounds();
  }

  async setBounds(operator: Actor, bounds: PlatformBounds): Promise<{ bounds: PlatformBounds; txHash: string }> {
    const receipt = await this.ledger.rules.setBounds(operator.org.account, bounds);
    await this.afterLedgerWrite(receipt.blockNumber);
    return { bounds: await this.bounds(), txHash: receipt.txHash };
  }

  /** Every core enterprise's program exists (on the ledger's defaults until it sets rules); anything else is 404. */
  private async program(coreOrgId: string): Promise<OrganisationView> {
    const core = await this.orgs.get(coreOrgId);
    if (!core?.kinds.includes("core")) throw new AppError("NOT_FOUND", "No such program");
    return core;
  }

  /** Changes are the core enterprise's own; for anyone else its program's lists do not exist. */
  private async ownProgram(actor: Actor, coreOrgId: string): Promise<OrganisationView> {
    if (actor.org.id !== coreOrgId) throw new AppError("NOT_FOUND", "No such program");
    return this.program(coreOrgId);
  }

  /** Rules are not secret: suppliers and banks need them to know what a voucher may do. */
  async rules(coreOrgId: string): Promise<ProgramRules> {
    const core = await this.program(coreOrgId);
    const [rules, configured] = await Promise.all([this.ledger.rules.rulesOf(core.account), this.repo.hasOwnRules(core.account)]);
    return { ...rules, program: partyOf(core), configured };
  }

  /** Whose rules a change would set: checked when a maker proposes it and again when a checker carries it out. */
  async rulesChanger(actor: Actor, coreOrgId: string): Promise<OrganisationView> {
    // The rules are public, so another core enterprise learns nothing from being told it may not change them.
    const core = await this.program(coreOrgId);
    if (actor.org.id !== coreOrgId) throw new AppError("FORBIDDEN", "Only the core enterprise sets its program's rules");
    return core;
  }

  async setRules(actor: Actor, coreOrgId: string, rules: CreditPassingRules): Promise<{ rules: ProgramRules; txHash: string }> {
    const core = await this.rulesChanger(actor, coreOrgId);
    const receipt = await this.ledger.rules.setRules(core.account, rules);
    await this.afterLedgerWrite(receipt.blockNumber);
    return { rules: await this.rules(coreOrgId), txHash: receipt.txHash };
  }

  /** The program and the organisation a list change names, checked when proposed and again when carried out. */
  async memberChange(actor: Actor, coreOrgId: string, list: Members, orgId: string): Promise<{ core: OrganisationView; org: OrganisationView }> {
    const core = await this.ownProgram(actor, coreOrgId);
    const org = await this.orgs.get(orgId);
    if (!org) throw new AppError("NOT_FOUND", "No such organisation");
    const spec = LIST[list];
    if (!org.kinds.includes(spec.kind)) throw new AppError("ORGANISATION_WRONG_KIND", `${org.name} is not ${spec.label}`);
    return { core, org };
  }

  async setMember(actor: Actor, coreOrgId: string, list: Members, orgId: string, listed: boolean): Promise<{ program: Party; organisation: Party; listed: boolean; txHash: string }> {
    const { core, org } = await this.memberChange(actor, coreOrgId, list, orgId);
    const rules = this.ledger.rules;
    const receipt =
      list === "suppliers" ? await rules.setWhitelisted(core.account, [org.account], listed) : await rules.setEligibleBanks(core.account, [org.account], listed);
    await this.afterLedgerWrite(receipt.blockNumber);
    return { program: partyOf(core), organisation: partyOf(org), listed, txHash: receipt.txHash };
  }

  /**
   * Who is on the list: the core enterprise itself, the operator and the regulator. The lists reveal a core
   * enterprise's business relationships, so nobody else learns them.
   */
  async members(actor: Actor, coreOrgId: string, list: Members, q: PageQuery): Promise<Page<{ key: string; organisation: Party }>> {
    if (actor.org.id !== coreOrgId && !seesEverything(actor)) throw new AppError("NOT_FOUND", "No such program");
    const core = await this.program(coreOrgId);
    const rows = await this.repo.members(LIST[list].setting, core.account, q);
    const byAccount = await this.orgs.byAccounts(rows.items.map((r) => r.account));
    return mapPage(rows, (r) => ({ key: r.key, organisation: partyOfAccount(r.account, byAccount) }));
  }
}
