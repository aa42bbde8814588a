/**
 * Commodity prices of the day: the valuation every pledge loan is measured against. The operator appoints and
 * dismisses price publishers under dual control (price.actions.ts); an appointed publisher posts each commodity's
 * price once per China Standard Time day, and the ledger never lets it be rewritten.
 */
import { cstDayNumber } from "../../../chain/cst-day";
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import type { Clock } from "../clock";
import { AppError } from "../errors";
import { partyOfAccount, type Party } from "../http/party";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import type { PriceRow } from "../indexer/projection";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { PriceRepository } from "./price.repository";

export interface PriceView extends PriceRow {
  publisherParty: Party;
}

export class PriceService {
  constructor(
    private readonly ledger: Ledger,
    private readonly repo: PriceRepository,
    private readonly orgs: OrganisationRepository,
    private readonly clock: Clock,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  async list(q: PageQuery & { commodity?: string | undefined }): Promise<Page<PriceView>> {
    return mapPageAsync(await this.repo.list(q, q.commodity), async (rows) => {
      const byAccount = await this.orgs.byAccounts([...new Set(rows.map((r) => r.publisher))]);
      return rows.map((r) => ({ ...r, publisherParty: partyOfAccount(r.publisher, byAccount) }));
    });
  }

  async publishers(): Promise<Party[]> {
    const accounts = await this.repo.publishers();
    const byAccount = await this.orgs.byAccounts(accounts);
    return accounts.map((a) => partyOfAccount(a, byAccount));
  }

  /** The organisation an appointment or dismissal names, checked when the maker proposes and again at approval. */
  async candidate(orgId: string, appointed: boolean): Promise<Party> {
    const o = await this.orgs.get(orgId);
    if (!o) throw new AppError("NOT_FOUND", "No such organisation");
    if ((await this.ledger.prices.isPublisher(o.account)) === appointed) throw new AppError("PRICE_PUBLISHER_UNCHANGED");
    return { id: o.id, name: o.name, account: o.account };
  }

  async setPublisher(checker: Actor, orgId: string, appointed: boolean): Promise<{ publisher: Party; appointed: boolean; txHash: string }> {
    const p = await this.candidate(orgId, appointed);
    const r = appointed ? await this.ledger.prices.appointPublisher(checker.org.account, p.account) : await this.ledger.prices.dismissPublisher(checker.org.account, p.account);
    await this.afterLedgerWrite(r.blockNumber);
    return { publisher: p, appointed, txHash: r.txHash };
  }

  /** An appointed publisher posts today's (CST) price; a second post of the day is refused before the ledger is asked. */
  async post(actor: Actor, commodity: string, fenPerTonne: bigint): Promise<PriceView & { txHash: string }> {
    if (!(await this.ledger.prices.isPublisher(actor.org.account))) throw new AppError("PRICE_NOT_PUBLISHER");
    const day = cstDayNumber(this.clock.now());
    if (await this.ledger.prices.priceOn(commodity, day)) throw new AppError("PRICE_ALREADY_POSTED", `${commodity} is already priced for today`);
    const r = await this.ledger.prices.post(actor.org.account, commodity, fenPerTonne);
    await this.afterLedgerWrite(r.blockNumber);
    const posted = await this.ledger.prices.priceOn(commodity, day);
    if (!posted) throw new Error(`the price of ${commodity} posted in ${r.txHash} is not on the ledger`);
    return { ...posted, postedBlock: r.blockNumber, publisherParty: partyOfAccount(posted.publisher, await this.orgs.byAccounts([posted.publisher])), txHash: r.txHash };
  }
}
