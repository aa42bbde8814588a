/**
 * Consented risk data (风险数据服务): an organisation lets one bank, for a period, query a risk profile computed
 * from the platform's records; each query is recorded on the ledger and pays the data-service fee in settlement
 * cash, drawn on a budget the bank's maker and checker set (an allowance to the ledger's data services). The
 * ledger decides whether a consent is in force, so a withdrawal stops the next query whatever this process
 * remembers.
 */
import { createHash } from "node:crypto";
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import type { Clock } from "../clock";
import { AppError } from "../errors";
import { canonicalJson } from "../http/digest";
import { cstDaysBetween } from "../http/cst-day";
import { partyOfAccount, partyOfId, type Party } from "../http/party";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import type { Fen } from "../money";
import type { OrganisationRepository, OrganisationView } from "../organisations/organisation.repository";
import type { ConsentRow, QueryRow, RiskDataRepository } from "./risk-data.repository";
import { profileJson, type RiskProfileJson } from "./risk-profile-json";
import type { RiskProfiles } from "./risk-profile";

/** As the ledger bounds it (DataServices.MAX_CONSENT): a consent is for a period, a year and a day at most. */
export const MAX_CONSENT_DAYS = 366;

export type ConsentStatus = "active" | "withdrawn" | "expired";

export interface ConsentView extends Omit<ConsentRow, "subjectOrgId" | "bankOrgId"> {
  subject: Party;
  bank: Party;
  status: ConsentStatus;
}

export interface QueryView extends Omit<QueryRow, "subjectOrgId" | "bankOrgId" | "profile"> {
  subject: Party;
  bank: Party;
  profile: RiskProfileJson;
}

export interface QueryFee {
  fee: Fen;
  recipient: Party | null;
}

export class RiskDataService {
  constructor(
    private readonly repo: RiskDataRepository,
    private readonly profiles: RiskProfiles,
    private readonly orgs: OrganisationRepository,
    private readonly ledger: Ledger,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  async grant(actor: Actor, bankOrgId: string, until: Date): Promise<ConsentView> {
    const now = this.clock.now();
    if (until <= now || cstDaysBetween(now, until) > MAX_CONSENT_DAYS) {
      throw new AppError("VALIDATION_FAILED", `A consent ends after today and within ${MAX_CONSENT_DAYS} days`, {
        errors: [{ in: "body", path: "until", message: `must be after today and within ${MAX_CONSENT_DAYS} days` }],
      });
    }
    const bank = await this.bank(bankOrgId);
    const r = await this.ledger.dataServices.grantConsent(actor.org.account, bank.account, until);
    await this.afterLedgerWrite(r.blockNumber);
    const row = await this.repo.grant({ subjectOrgId: actor.org.id, bankOrgId: bank.id, until, grantedBy: actor.userId, txHash: r.txHash }, this.clock.now());
    return (await this.consentViews([row]))[0];
  }

  /** The subject withdraws; from the block that records it, the bank's queries are refused. */
  async withdraw(actor: Actor, consentId: string): Promise<ConsentView> {
    const row = await this.repo.findConsent(consentId);
    if (!row || !(row.subjectOrgId === actor.org.id || row.bankOrgId === actor.org.id || seesEverything(actor))) throw new AppError("NOT_FOUND", "No such consent");
    if (row.subjectOrgId !== actor.org.id) throw new AppError("FORBIDDEN", "Only the organisation that gave the consent may withdraw it");
    if (this.statusOf(row) !== "active") throw new AppError("CONSENT_ENDED", "The consent was already withdrawn or has run out");
    const bank = await this.orgs.get(row.bankOrgId);
    if (!bank) throw new Error(`organisation ${row.bankOrgId} is missing`);
    const r = await this.ledger.dataServices.withdrawConsent(actor.org.account, bank.account);
    await this.afterLedgerWrite(r.blockNumber);
    return (await this.consentViews([await this.repo.withdraw(row.id, actor.userId, r.txHash, this.clock.now())]))[0];
  }

  async consents(actor: Actor, q: PageQuery): Promise<Page<ConsentView>> {
    return mapPageAsync(await this.repo.consents(seesEverything(actor) ? undefined : actor.org.id, q), (rows) => this.consentViews(rows));
  }

  /**
   * A bank's query: refused before anything is computed or charged unless the ledger holds a consent in force and
   * the bank's budget covers the fee; then the profile, its digest on the ledger with the fee, and the record.
   */
  async query(actor: Actor, subjectOrgId: string): Promise<QueryView> {
    const subject = await this.orgs.get(subjectOrgId);
    if (!subject || subject.id === actor.org.id) throw new AppError("NOT_FOUND", "No such organisation");
    const bank = actor.org.account;
    if (!(await this.ledger.dataServices.consentUntil(subject.account, bank))) {
      throw new AppError("CONSENT_NOT_IN_FORCE", `${subject.name} has not consented to your bank's queries, or its consent ended`);
    }
    const { fee } = await this.ledger.dataServices.queryFee();
    if (fee > 0n && (await this.ledger.cash.allowance(bank, this.ledger.dataServices.address)) < fee) {
      throw new AppError("RISK_QUERY_BUDGET_EXHAUSTED", "The data-service budget does not cover the query fee: propose a larger one at PUT /risk-data/budget");
    }
    const at = this.clock.now();
    const profile = profileJson(await this.profiles.of(subject, at));
    const digest = `0x${createHash("sha256").update(canonicalJson({ subject: subject.account, bank, profile })).digest("hex")}`;
    const r = await this.ledger.dataServices.recordQuery(bank, subject.account, digest);
    await this.afterLedgerWrite(r.blockNumber);
    const row = await this.repo.recordQuery(
      { bankOrgId: actor.org.id, subjectOrgId: subject.id, queriedBy: actor.userId, profile, digest, fee, txHash: r.txHash, blockNumber: r.blockNumber },
      this.clock.now(),
    );
    return (await this.queryViews([row]))[0];
  }

  /** A bank's own queries; an organisation sees every query made about it, profile included. */
  async queries(actor: Actor, q: PageQuery): Promise<Page<QueryView>> {
    return mapPageAsync(await this.repo.queries(seesEverything(actor) ? undefined : actor.org.id, q), (rows) => this.queryViews(rows));
  }

  async fee(): Promise<QueryFee> {
    const f = await this.ledger.dataServices.queryFee();
    return { fee: f.fee, recipient: f.recipient ? partyOfAccount(f.recipient, await this.orgs.byAccounts([f.recipient])) : null };
  }

  /** Run by the operator's checker; the ledger checks the operator role of both again. */
  async setFee(actor: Actor, fee: Fen, recipientOrgId: string): Promise<QueryFee & { txHash: string }> {
    const recipient = await this.operator(recipientOrgId);
    const r = await this.ledger.dataServices.setQueryFee(actor.org.account, fee, recipient.account);
    await this.afterLedgerWrite(r.blockNumber);
    return { ...(await this.fee()), txHash: r.txHash };
  }

  async budget(actor: Actor): Promise<{ remaining: Fen } & QueryFee> {
    return { remaining: await this.ledger.cash.allowance(actor.org.account, this.ledger.dataServices.address), ...(await this.fee()) };
  }

  /** Run by the bank's checker: the allowance the data services may draw fees on, replacing the previous one. */
  async setBudget(actor: Actor, amount: Fen): Promise<{ remaining: Fen; txHash: string }> {
    const r = await this.ledger.cash.approve(actor.org.account, this.ledger.dataServices.address, amount);
    await this.afterLedgerWrite(r.blockNumber);
    return { remaining: amount, txHash: r.txHash };
  }

  async operator(orgId: string): Promise<Party> {
    const o = await this.orgs.get(orgId);
    if (!o) throw new AppError("NOT_FOUND", "No such organisation");
    if (!o.kinds.includes("operator")) throw new AppError("ORGANISATION_WRONG_KIND", "The data-service fee is paid to the platform's operator");
    return { id: o.id, name: o.name, account: o.account };
  }

  private async bank(orgId: string): Promise<OrganisationView> {
    const bank = await this.orgs.get(orgId);
    if (!bank) throw new AppError("NOT_FOUND", "No such bank");
    if (!bank.kinds.includes("bank")) throw new AppError("ORGANISATION_WRONG_KIND", "A consent is given to a bank");
    return bank;
  }

  private statusOf(row: ConsentRow): ConsentStatus {
    if (row.withdrawnAt) return "withdrawn";
    return row.until > this.clock.now() ? "active" : "expired";
  }

  private async consentViews(rows: ConsentRow[]): Promise<ConsentView[]> {
    const orgs = await this.orgs.byIds(rows.flatMap((r) => [r.subjectOrgId, r.bankOrgId]));
    return rows.map(({ subjectOrgId, bankOrgId, ...r }) => ({ ...r, subject: partyOfId(subjectOrgId, orgs), bank: partyOfId(bankOrgId, orgs), status: this.statusOf({ subjectOrgId, bankOrgId, ...r }) }));
  }

  private async queryViews(rows: QueryRow[]): Promise<QueryView[]> {
    const orgs = await this.orgs.byIds(rows.flatMap((r) => [r.subjectOrgId, r.bankOrgId]));
    return rows.map(({ subjectOrgId, bankOrgId, profile, ...r }) => ({ ...r, subject: partyOfId(subjectOrgId, orgs), bank: partyOfId(bankOrgId, orgs), profile: profile as RiskProfileJson }));
  }
}
