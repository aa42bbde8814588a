/**
 * Credit lines (授信): a bank grants a core enterprise a limit until an expiry, amends it or closes it, each under
 * maker/checker dual control. Proposals are checked against the query model at once, so that a maker learns of
 * a bad proposal before a checker ever sees it; the ledger checks again when the checker approves.
 */
import type { Clock } from "../clock";
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { AppError } from "../errors";
import { formatCstDay } from "../http/cst-day";
import { partyOf, type Party } from "../http/party";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import { formatYuan } from "../money";
import type { OrganisationRepository, OrganisationView } from "../organisations/organisation.repository";
import type { CreditLineRepository, CreditLineRow } from "./credit-line.repository";

export interface CreditLineView {
  id: string;
  bank: Party;
  core: Party;
  limit: bigint;
  used: bigint;
  /** What the contract's `available` answers: nothing once closed or expired. */
  available: bigint;
  expiry: Date;
  open: boolean;
  expired: boolean;
}

/** What a checker is asked to approve, with the parties resolved. */
export interface CreditLineTerms {
  creditLineId: string;
  bank: Party;
  core: Party;
  limit: bigint;
  expiry: Date;
}

export interface Amendment extends CreditLineTerms {
  previous: { limit: bigint; expiry: Date };
}

export interface Done {
  line: CreditLineView;
  txHash: string;
}

const ID = /^([0-9a-f-]{36})\.([0-9a-f-]{36})$/;

/** A line's id names its two parties: `<bank organisation id>.<core organisation id>`. */
export const creditLineId = (bankOrgId: string, coreOrgId: string): string => `${bankOrgId}.${coreOrgId}`;

export class CreditLineService {
  constructor(
    private readonly repo: CreditLineRepository,
    private readonly orgs: OrganisationRepository,
    private readonly ledger: Ledger,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  private async views(rows: CreditLineRow[]): Promise<CreditLineView[]> {
    if (!rows.length) return [];
    const byAccount = await this.orgs.byAccounts([...new Set(rows.flatMap((r) => [r.bank, r.core]))]);
    const now = this.clock.now();
    const out: CreditLineView[] = [];
    for (const r of rows) {
      const bank = byAccount.get(r.bank);
      const core = byAccount.get(r.core);
      // Every participant is onboarded through the API; a line between accounts it does not know has no address here.
      if (!bank || !core) continue;
      const expired = now.getTime() >= r.expiry.getTime();
      out.push({
        id: creditLineId(bank.id, core.id),
        bank: partyOf(bank),
        core: partyOf(core),
        limit: r.limit,
        used: r.used,
        available: r.open && !expired ? r.limit - r.used : 0n,
        expiry: r.expiry,
        open: r.open,
        expired,
      });
    }
    return out;
  }

  /** The line's parties, if `actor` may see it; 404 otherwise, whether or not it exists. */
  private async parties(actor: Actor, id: string): Promise<{ bank: OrganisationView; core: OrganisationView }> {
    const m = ID.exec(id);
    const [bank, core] = m ? await Promise.all([this.orgs.get(m[1]), this.orgs.get(m[2])]) : [];
    const party = bank && core && (seesEverything(actor) || actor.org.id === bank.id || actor.org.id === core.id);
    if (!party) throw new AppError("NOT_FOUND", "No such credit line");
    return { bank, core };
  }

  async get(actor: Actor, id: string): Promise<CreditLineView> {
    const { bank, core } = await this.parties(actor, id);
    const row = await this.repo.get(bank.account, core.account);
    const line = row ? (await this.views([row])).at(0) : undefined;
    if (!line) throw new AppError("NOT_FOUND", "No such credit line");
    return line;
  }

  /**
   * Banks see the lines they granted, core enterprises the lines granted to them; operator and regulator all.
   * The page is cut from the projection's rows before they become views, so that a row without a view (between
   * accounts the API does not know) leaves the page short rather than ending the list early.
   */
  async list(actor: Actor, q: PageQuery & { bankOrgId?: string | undefined; coreOrgId?: string | undefined; open?: boolean | undefined }): Promise<Page<CreditLineView>> {
    const accountOf = async (orgId: string | undefined) => (orgId === undefined ? undefined : ((await this.orgs.get(orgId))?.account ?? "none"));
    const [bank, core] = await Promise.all([accountOf(q.bankOrgId), accountOf(q.coreOrgId)]);
    const rows = await this.repo.list(
      { cursor: q.cursor, limit: q.limit },
      { partyAccount: seesEverything(actor) ? undefined : actor.org.account, bank, core, open: q.open },
    );
    return mapPageAsync(rows, (r) => this.views(r));
  }

  private requireFuture(expiry: Date): void {
    if (expiry.getTime() <= this.clock.now().getTime()) {
      throw new AppError("CREDIT_LINE_EXPIRY_IN_PAST", `The expiry ${formatCstDay(expiry)} (China Standard Time) is not in the future`);
    }
  }

  async proposeGrant(maker: Actor, input: { coreOrgId: string; limit: bigint; expiry: Date }): Promise<CreditLineTerms> {
    const bank = await this.orgs.get(maker.org.id);
    const core = await this.orgs.get(input.coreOrgId);
    if (!bank || !core) throw new AppError("NOT_FOUND", "No such organisation");
    if (!core.kinds.includes("core")) throw new AppError("ORGANISATION_WRONG_KIND", `${core.name} is not a core enterprise`);
    if (core.status !== "active") throw new AppError("PARTICIPANT_NOT_ACTIVE", `${core.name} is ${core.status}`);
    if ((await this.repo.get(bank.account, core.account))?.open) throw new AppError("CREDIT_LINE_ALREADY_OPEN", `${bank.name} already has an open line to ${core.name}; amend it instead`);
    this.requireFuture(input.expiry);
    return { creditLineId: creditLineId(bank.id, core.id), bank: partyOf(bank), core: partyOf(core), limit: input.limit, expiry: input.expiry };
  }

  /** The maker's own bank's open line. */
  private async ownOpenLine(maker: Actor, id: string) {
    const { bank, core } = await this.parties(maker, id);
    if (bank.id !== maker.org.id) throw new AppError("NOT_FOUND", "No such credit line");
    const row = await this.repo.get(bank.account, core.account);
    if (!row) throw new AppError("NOT_FOUND", "No such credit line");
    if (!row.open) throw new AppError("CREDIT_LINE_NOT_FOUND", "The credit line is closed");
    return { bank, core, row };
  }

  async proposeAmend(maker: Actor, id: string, input: { limit?: bigint; expiry?: Date }): Promise<Amendment> {
    const { bank, core, row } = await this.ownOpenLine(maker, id);
    const limit = input.limit ?? row.limit;
    const expiry = input.expiry ?? row.expiry;
    if (limit < row.used) throw new AppError("CREDIT_LINE_LIMIT_BELOW_USED", `${formatYuan(row.used)} yuan of the line is in use`);
    this.requireFuture(expiry);
    return { creditLineId: id, bank: partyOf(bank), core: partyOf(core), limit, expiry, previous: { limit: row.limit, expiry: row.expiry } };
  }

  async proposeClose(maker: Actor, id: string): Promise<{ creditLineId: string; bank: Party; core: Party; used: bigint }> {
    const { bank, core, row } = await this.ownOpenLine(maker, id);
    return { creditLineId: id, bank: partyOf(bank), core: partyOf(core), used: row.used };
  }

  private async coreAccount(coreOrgId: string): Promise<string> {
    const core = await this.orgs.get(coreOrgId);
    if (!core) throw new AppError("NOT_FOUND", "No such organisation");
    return core.account;
  }

  private async done(checker: Actor, coreOrgId: string, receipt: { txHash: string; blockNumber: number }): Promise<Done> {
    await this.afterLedgerWrite(receipt.blockNumber);
    return { line: await this.get(checker, creditLineId(checker.org.id, coreOrgId)), txHash: receipt.txHash };
  }

  /** Runs as the checker's bank: the dual control already checked it is the maker's. */
  async grant(checker: Actor, t: { coreOrgId: string; limit: bigint; expiry: Date }): Promise<Done> {
    const receipt = await this.ledger.creditLines.grant(checker.org.account, await this.coreAccount(t.coreOrgId), t.limit, t.expiry);
    return this.done(checker, t.coreOrgId, receipt);
  }

  async amend(checker: Actor, t: { coreOrgId: string; limit: bigint; expiry: Date }): Promise<Done> {
    const receipt = await this.ledger.creditLines.amend(checker.org.account, await this.coreAccount(t.coreOrgId), t.limit, t.expiry);
    return this.done(checker, t.coreOrgId, receipt);
  }

  async close(checker: Actor, t: { coreOrgId: string }): Promise<Done> {
    const receipt = await this.ledger.creditLines.close(checker.org.account, await this.coreAccount(t.coreOrgId));
    return this.done(checker, t.coreOrgId, receipt);
  }
}
