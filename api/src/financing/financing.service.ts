/**
 * The financing marketplace (融资/贴现), up to the on-chain request: a holder asks for cash against part of a
 * voucher, every bank the debtor's program lets finance it and whose credit line has room quotes a rate, and
 * the holder accepts one quote, which sends the request to the ledger and locks the amount there. What a bank
 * does with an accepted request is in financing-approval.ts.
 *
 * All times are the ledger's clock, the one the contract prices and expires by.
 */
import type { Clock } from "../clock";
import { randomUUID } from "node:crypto";
import type { Ledger } from "../../../chain/ledger";
import { seesEverything, type Actor } from "../auth/actor";
import { isUniqueViolation } from "../db/unique";
import { AppError } from "../errors";
import { partyOf, partyOfAccount, partyOfId, type Party } from "../http/party";
import { formatYuan } from "../money";
import { mapPageAsync, newestFirst, paged, type Page, type PageQuery, type Stamped } from "../http/pagination";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import { BankEligibility } from "./eligibility";
import { acceptedNotice, quotedNotice } from "./financing-notices";
import type { ApplicationRow, ApplicationStatus, ChainRequestView, FinancingRepository, QuoteRow, QuoteTerms, VoucherView } from "./financing.repository";
import type { VoucherHolds } from "../vouchers/voucher-holds";

const HOUR = 3_600_000;
/** How long a request stays on the market unless the holder says otherwise, and the longest it may. */
export const DEFAULT_REQUEST_HOURS = 72;
export const MAX_REQUEST_HOURS = 30 * 24;
/** How long a quote stands unless the bank says otherwise, and the longest it may. */
export const DEFAULT_QUOTE_MINUTES = 24 * 60;
export const MAX_QUOTE_MINUTES = 30 * 24 * 60;
/** How long the bank has, after acceptance, to approve before the ledger lets the lock go. */
export const EXECUTION_WINDOW_HOURS = 72;

export interface QuoteView extends QuoteRow {
  bank: Party;
}

export interface ApplicationView extends ApplicationRow {
  holder: Party;
  voucher: VoucherView | undefined;
  /** The voucher's debtor, when the projection has the voucher. */
  debtor: Party | null;
  /** The quotes the caller may see: all for the holder (and the operator and regulator), its own for a bank. */
  quotes: QuoteView[];
  chain: ChainRequestView | undefined;
}

export interface Timing {
  acceptedAt: Date;
  paidAt: Date;
  acceptanceToCashSeconds: number;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const closed = (detail: string) => new AppError("FINANCING_REQUEST_CLOSED", detail);

export class FinancingService {
  constructor(
    private readonly repo: FinancingRepository,
    private readonly ledger: Ledger,
    private readonly orgs: OrganisationRepository,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly clock: Clock,
    /** Whether a voucher may be financed: a held one may not, from the request to the payout. */
    readonly holds: VoucherHolds,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  // ------------------------------------------------------------------ reading

  /** The request as `actor` may see it; 404 for anyone not party to it and not a bank it is on offer to. */
  async get(actor: Actor, id: string): Promise<ApplicationView> {
    const app = await this.repo.get(id);
    const quotes = app && (await this.visibleQuotes(actor, app, this.now()));
    if (!app || !quotes) throw new AppError("NOT_FOUND", "No such financing request");
    return (await this.views([app], quotes))[0];
  }

  /** The holder's own requests; for a bank, the open ones it may quote on and those it quoted on. */
  async list(actor: Actor, q: PageQuery & { status?: ApplicationStatus | undefined }): Promise<Page<ApplicationView>> {
    const now = this.now();
    const everything = seesEverything(actor);
    const isBank = actor.org.kinds.includes("bank");
    const filter = {
      everything,
      holderOrgId: actor.org.kinds.includes("supplier") ? actor.org.id : undefined,
      bankOrgId: isBank && !everything ? actor.org.id : undefined,
      status: q.status,
      openAfter: now,
    };
    const eligibility = new BankEligibility(this.repo, this.ledger, actor.org.account, now);
    // The store cannot tell which open requests a bank is eligible for: scan in steps and keep what it may see.
    const visible = async (from: Stamped | undefined, take: number): Promise<ApplicationRow[]> => {
      const out: ApplicationRow[] = [];
      const step = 100;
      for (let after = from; out.length < take; ) {
        const batch = await this.repo.scan(filter, after, step);
        const vouchers = await this.repo.vouchers(batch.map((r) => r.voucherId));
        for (const row of batch) {
          if (out.length >= take) break;
          const shown =
            everything ||
            row.holderOrgId === actor.org.id ||
            row.quotedByBank ||
            (filter.bankOrgId !== undefined && (await this.onOffer(eligibility, row, vouchers.get(row.voucherId), now)));
          if (shown) out.push(row);
        }
        const last = batch.at(-1);
        if (batch.length < step || !last) break;
        after = last;
      }
      return out;
    };
    return mapPageAsync(await paged(q, newestFirst, visible), (rows) => this.views(rows, []));
  }

  private async onOffer(eligibility: BankEligibility, app: ApplicationRow, voucher: VoucherView | undefined, now: Date): Promise<boolean> {
    return app.status === "open" && app.expiresAt > now && voucher !== undefined && (await eligibility.eligible(voucher.debtor, app.amount));
  }

  /** The quotes `actor` may see on `app`, or undefined when it may not see `app` at all. */
  async visibleQuotes(actor: Actor, app: ApplicationRow, now: Date): Promise<QuoteRow[] | undefined> {
    if (seesEverything(actor) || app.holderOrgId === actor.org.id) return this.repo.quotesOf(app.id);
    if (!actor.org.kinds.includes("bank")) return undefined;
    const own = await this.repo.quotesOf(app.id, actor.org.id);
    if (own.length) return own;
    const eligibility = new BankEligibility(this.repo, this.ledger, actor.org.account, now);
    return (await this.onOffer(eligibility, app, await this.repo.voucher(app.voucherId), now)) ? [] : undefined;
  }

  /** The request's holder as a party: from the organisations, which are kept in memory. */
  async holderOf(app: ApplicationRow): Promise<Party> {
    return partyOfId(app.holderOrgId, await this.orgs.byIds([app.holderOrgId]));
  }

  /** `known`: vouchers the caller read a moment ago, under the same lock or after the same indexing. */
  async views(apps: ApplicationRow[], quotes: QuoteRow[], known?: Map<bigint, VoucherView>): Promise<ApplicationView[]> {
    const missing = apps.filter((a) => !known?.has(a.voucherId));
    const vouchers = new Map([...(known ?? []), ...(missing.length ? await this.repo.vouchers(missing.map((a) => a.voucherId)) : [])]);
    const [debtors, byId] = await Promise.all([
      this.orgs.byAccounts([...new Set([...vouchers.values()].map((v) => v.debtor))]),
      this.orgs.byIds([...apps.map((a) => a.holderOrgId), ...quotes.map((q) => q.bankOrgId)]),
    ]);
    const chain = await this.repo.chainRequests(apps.flatMap((a) => (a.onChainRequestId === null ? [] : [a.onChainRequestId])));
    return apps.map((a) => {
      const voucher = vouchers.get(a.voucherId);
      return {
        ...a,
        holder: partyOfId(a.holderOrgId, byId),
        voucher,
        debtor: voucher ? partyOfAccount(voucher.debtor, debtors) : null,
        quotes: quotes.filter((q) => q.applicationId === a.id).map((q) => ({ ...q, bank: partyOfId(q.bankOrgId, byId) })),
        chain: a.onChainRequestId === null ? undefined : chain.get(a.onChainRequestId),
      };
    });
  }

  /** When the ledger recorded the acceptance and when it paid the holder, by block time. */
  async timing(onChainRequestId: bigint, paidInBlock: number): Promise<Timing | undefined> {
    const acceptedIn = await this.repo.requestedInBlock(onChainRequestId);
    if (acceptedIn === undefined) return undefined;
    const [accepted, paid] = await Promise.all([this.ledger.history.block(acceptedIn), this.ledger.history.block(paidInBlock)]);
    return {
      acceptedAt: accepted.timestamp,
      paidAt: paid.timestamp,
      acceptanceToCashSeconds: Math.round((paid.timestamp.getTime() - accepted.timestamp.getTime()) / 1000),
    };
  }

  // ------------------------------------------------------------------ the holder

  async open(actor: Actor, r: { voucherId: bigint; amount: bigint; expiresAt?: Date; validForHours?: number }): Promise<ApplicationView> {
    const seen = await this.repo.voucher(r.voucherId);
    if (!seen || !same(seen.owner, actor.org.account)) throw new AppError("NOT_FOUND", "You hold no such voucher");
    await this.holds.mustBeFree(r.voucherId);
    const now = this.now();
    const { minSplit } = await this.ledger.rules.rulesOf(seen.debtor);
    const fits = (voucher: VoucherView, reserved: bigint) => {
      if (!same(voucher.owner, actor.org.account)) throw new AppError("NOT_FOUND", "You hold no such voucher");
      if (voucher.maturity <= now) throw new AppError("VOUCHER_MATURED", "A matured voucher is redeemed, not financed");
      if (voucher.financed) throw new AppError("VOUCHER_FINANCED", "This voucher was sold to a bank; it cannot be financed again");
      const free = voucher.value - voucher.locked;
      if (r.amount > free) {
        throw new AppError("VOUCHER_INSUFFICIENT_VALUE", `The voucher has ${formatYuan(free)} yuan unlocked; ${formatYuan(r.amount)} yuan were asked for`);
      }
      if (r.amount > free - reserved) {
        throw new AppError("VOUCHER_VALUE_RESERVED", `Your open financing requests already ask for ${formatYuan(reserved)} of the voucher's ${formatYuan(free)} unlocked yuan`);
      }
      if (r.amount < minSplit || (voucher.value - r.amount > 0n && voucher.value - r.amount < minSplit)) {
        throw new AppError("VOUCHER_INVALID_AMOUNT", `The program's minimum piece is ${formatYuan(minSplit)} yuan, for the amount financed and for the rest`);
      }
    };
    fits(seen, 0n);
    const expiresAt = this.requestExpiry(r, now, seen.maturity);
    // Checked again on the locked voucher, where what another request reserved a moment ago counts.
    const { app, voucher } = await this.repo.reserve({ voucherId: r.voucherId, holderOrgId: actor.org.id, amount: r.amount, expiresAt }, now, fits);
    return (await this.views([app], [], new Map([[voucher.id, voucher]])))[0];
  }

  private requestExpiry(r: { expiresAt?: Date; validForHours?: number }, now: Date, maturity: Date): Date {
    if (r.expiresAt === undefined) {
      const wanted = new Date(now.getTime() + (r.validForHours ?? DEFAULT_REQUEST_HOURS) * HOUR);
      if (r.validForHours === undefined && wanted >= maturity) return new Date(maturity.getTime() - 60_000);
      if (wanted >= maturity) throw new AppError("FINANCING_INVALID_DEADLINE", "The request must expire before the voucher matures");
      return wanted;
    }
    if (r.expiresAt <= now) throw new AppError("VALIDATION_FAILED", "expiresAt must be in the future");
    if (r.expiresAt.getTime() > now.getTime() + MAX_REQUEST_HOURS * HOUR) {
      throw new AppError("VALIDATION_FAILED", `A request may stay on the market for at most ${MAX_REQUEST_HOURS} hours`);
    }
    if (r.expiresAt >= maturity) throw new AppError("FINANCING_INVALID_DEADLINE", "The request must expire before the voucher matures");
    return r.expiresAt;
  }

  private async holderApp(actor: Actor, id: string): Promise<ApplicationRow> {
    const app = await this.repo.get(id);
    if (app?.holderOrgId !== actor.org.id) throw new AppError("NOT_FOUND", "No such financing request");
    return app;
  }

  /**
   * Sends the request to the ledger on the accepted quote's terms. Of many simultaneous accepts, the one that
   * claims the open request goes on; the others get 409.
   */
  async accept(actor: Actor, id: string, quoteId: string): Promise<{ view: ApplicationView; txHash: string }> {
    const app = await this.holderApp(actor, id);
    const now = this.now();
    if (app.status !== "open" || app.expiresAt <= now) throw closed(`The request is ${app.status === "open" ? "expired" : app.status}`);
    const quote = await this.repo.quote(quoteId);
    if (quote?.applicationId !== app.id) throw new AppError("NOT_FOUND", "No such quote on this request");
    if (quote.status !== "open" || quote.validUntil <= now) {
      // A concurrent acceptance may have claimed the quote after this one read the request: say that, not "expired".
      if ((await this.repo.get(id))?.status !== "open") throw closed("Another acceptance or a cancellation came first");
      throw new AppError("QUOTE_EXPIRED", `The quote stood until ${quote.validUntil.toISOString()}`);
    }
    if ((await this.ledger.financing.fee()).feeBps !== quote.feeBps) throw new AppError("QUOTE_EXPIRED", "The platform fee changed since the bank quoted");
    const bank = await this.orgs.get(quote.bankOrgId);
    const voucher = await this.repo.voucher(app.voucherId);
    if (!bank || !voucher) throw new AppError("NOT_FOUND", "The quoting bank or the voucher is gone");
    await this.holds.mustBeFree(app.voucherId);

    if (!(await this.repo.transition(id, "open", "accepting", { notExpiredAt: now }))) throw closed("Another acceptance or a cancellation came first");
    if (!(await this.repo.claimQuote(quote.id, id, now))) {
      await this.repo.transition(id, "accepting", "open");
      throw new AppError("QUOTE_EXPIRED", "The quote was replaced or lapsed");
    }
    const deadline = new Date(Math.min(now.getTime() + EXECUTION_WINDOW_HOURS * HOUR, voucher.maturity.getTime() - 60_000));
    let receipt;
    try {
      receipt = await this.ledger.financing.request(actor.org.account, { voucherId: app.voucherId, amount: app.amount, bank: bank.account, rateBps: quote.rateBps, deadline });
    } catch (e) {
      await this.repo.reopenQuote(quote.id);
      await this.repo.transition(id, "accepting", "open");
      throw e;
    }
    const notice = acceptedNotice(app, quote, partyOf(actor.org), { requestId: receipt.result, txHash: receipt.txHash, deadline });
    const recorded = await this.repo.recordAcceptance(id, quote.id, receipt.result, notice);
    await this.afterLedgerWrite(receipt.blockNumber);
    if (!recorded) return { view: await this.get(actor, id), txHash: receipt.txHash };
    // The row as recordAcceptance left it; the quotes, the voucher's lock and the ledger's request changed too.
    const accepted: ApplicationRow = { ...app, status: "accepted", acceptedQuoteId: quote.id, onChainRequestId: receipt.result };
    return { view: (await this.views([accepted], await this.repo.quotesOf(id)))[0], txHash: receipt.txHash };
  }

  /** Off the market while open; once accepted, the ledger lets the lock go. */
  async cancel(actor: Actor, id: string): Promise<{ view: ApplicationView; txHash: string | null }> {
    const app = await this.holderApp(actor, id);
    if (app.status === "open") {
      if (!(await this.repo.transition(id, "open", "cancelled"))) throw closed("The request changed meanwhile");
      await this.repo.lapseQuotesOf(id);
      return { view: await this.get(actor, id), txHash: null };
    }
    const receipt = await this.onChain(app, "cancelling", "cancelled", (requestId) => this.ledger.financing.cancel(actor.org.account, requestId));
    return { view: await this.get(actor, id), txHash: receipt.txHash };
  }

  /**
   * Claims an accepted request for an on-chain closing (cancel, decline), sends it, and records the outcome;
   * a refused transaction puts the request back as it was.
   */
  async onChain(
    app: ApplicationRow,
    claim: ApplicationStatus,
    done: ApplicationStatus,
    send: (requestId: bigint) => Promise<{ txHash: string; blockNumber: number }>,
  ): Promise<{ txHash: string }> {
    const from = app.status;
    if ((from !== "accepted" && from !== "approving") || app.onChainRequestId === null) throw closed(`The request is ${from}`);
    if (!(await this.repo.transition(app.id, from, claim))) throw closed("The request changed meanwhile");
    let receipt;
    try {
      receipt = await send(app.onChainRequestId);
    } catch (e) {
      await this.repo.transition(app.id, claim, from);
      throw e;
    }
    await this.repo.transition(app.id, claim, done);
    await this.afterLedgerWrite(receipt.blockNumber);
    return receipt;
  }

  // ------------------------------------------------------------------ banks

  /**
   * A bank's quote, priced by the ledger's own discount arithmetic at the ledger's current time. Posting again
   * replaces the bank's quote while the request is open, under a new id.
   */
  async quote(actor: Actor, id: string, q: { rateBps: number; validUntil?: Date; validForMinutes?: number }): Promise<QuoteView> {
    const now = this.now();
    const { app, own, voucher } = await this.quotable(actor, id, now);
    const validUntil = this.quoteValidity(q, now);
    const terms: QuoteTerms = { ...(await this.price(app, voucher, q.rateBps, now)), validUntil };
    const bank = partyOf(actor.org);
    const quoteId = randomUUID();
    const notice = quotedNotice(app, quoteId, terms, bank);
    if (own) {
      const replaced = await this.repo.replaceQuote(own.id, quoteId, terms, notice);
      if (!replaced) throw closed("Your quote was accepted or replaced meanwhile");
      return { ...replaced, bank };
    }
    try {
      return { ...(await this.repo.createQuote({ ...terms, id: quoteId, applicationId: app.id, bankOrgId: actor.org.id }, notice)), bank };
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError("CONFLICT", "Your bank posted another quote on this request at the same moment");
      throw e;
    }
  }

  /**
   * What a quote at `rateBps` would be now, priced exactly as `quote` prices it, for a bank that may quote on the
   * request: a bank's clerk sees the interest, fee and net before committing to a rate. Nothing is stored.
   */
  async preview(actor: Actor, id: string, rateBps: number): Promise<Omit<QuoteTerms, "validUntil">> {
    const now = this.now();
    const { app, voucher } = await this.quotable(actor, id, now);
    return this.price(app, voucher, rateBps, now);
  }

  /** The open request `actor`'s bank may quote on now (404 to a bank it is not on offer to), with its voucher. */
  private async quotable(actor: Actor, id: string, now: Date): Promise<{ app: ApplicationRow; own: QuoteRow | undefined; voucher: VoucherView }> {
    const app = await this.repo.get(id);
    if (!app) throw new AppError("NOT_FOUND", "No such financing request");
    const own = (await this.repo.quotesOf(app.id, actor.org.id)).at(0);
    const voucher = await this.repo.voucher(app.voucherId);
    const eligibility = new BankEligibility(this.repo, this.ledger, actor.org.account, now);
    if (!own && !(await this.onOffer(eligibility, app, voucher, now))) throw new AppError("NOT_FOUND", "No such financing request");
    if (app.status !== "open" || app.expiresAt <= now) throw closed(`The request is ${app.status === "open" ? "expired" : app.status}`);
    if (!voucher) throw new AppError("FINANCING_BANK_NOT_ELIGIBLE", "Your bank may no longer finance this request");
    const why = await eligibility.check(voucher.debtor, app.amount);
    if (why) throw new AppError(why, "Your bank may no longer finance this request");
    return { app, own, voucher };
  }

  /** The ledger's own discount arithmetic at the platform's current fee. */
  private async price(app: ApplicationRow, voucher: VoucherView, rateBps: number, at: Date): Promise<Omit<QuoteTerms, "validUntil">> {
    const { feeBps } = await this.ledger.financing.fee();
    const price = await this.ledger.financing.quote({ amount: app.amount, rateBps, feeBps, maturity: voucher.maturity, at });
    return { rateBps, feeBps, ...price };
  }

  private quoteValidity(q: { validUntil?: Date; validForMinutes?: number }, now: Date): Date {
    if (q.validUntil === undefined) return new Date(now.getTime() + (q.validForMinutes ?? DEFAULT_QUOTE_MINUTES) * 60_000);
    if (q.validUntil <= now) throw new AppError("VALIDATION_FAILED", "validUntil must be in the future");
    if (q.validUntil.getTime() > now.getTime() + MAX_QUOTE_MINUTES * 60_000) {
      throw new AppError("VALIDATION_FAILED", `A quote may stand for at most ${MAX_QUOTE_MINUTES} minutes`);
    }
    return q.validUntil;
  }

  /** The accepted request, for the bank whose quote was accepted; 404 for banks it is not visible to. */
  async acceptedFor(actor: Actor, id: string): Promise<{ app: ApplicationRow; quote: QuoteRow }> {
    const app = await this.repo.get(id);
    const visible = app && (await this.visibleQuotes(actor, app, this.now()));
    if (!app || !visible) throw new AppError("NOT_FOUND", "No such financing request");
    // A bank sees its own quotes, so the accepted one is among them when it is this bank's.
    const quote = app.acceptedQuoteId ? (visible.find((q) => q.id === app.acceptedQuoteId) ?? (await this.repo.quote(app.acceptedQuoteId))) : undefined;
    if (app.status === "open" || app.status === "accepting") throw new AppError("FINANCING_NOT_ACCEPTED", "The holder has not accepted a quote yet");
    if (quote?.bankOrgId !== actor.org.id) throw new AppError("FINANCING_NOT_ACCEPTED", "The holder accepted another bank's quote");
    return { app, quote };
  }
}
