import type { Clock } from "../clock";
import type { Prisma } from "../db/database";
import { NEWEST_FIRST, olderThan, type Stamped } from "../http/pagination";
import type { OffLedgerEvent, OffLedgerOutbox } from "../webhooks/webhook-outbox";

/** Where an application is. The -ing states are claims held while a ledger transaction is under way. */
export const APPLICATION_STATUSES = [
  "open",
  "accepting",
  "accepted",
  "approving",
  "executed",
  "declining",
  "declined",
  "cancelling",
  "cancelled",
  "releasing",
  "expired",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const QUOTE_STATUSES = ["open", "accepted", "lapsed"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export interface ApplicationRow {
  id: string;
  voucherId: bigint;
  holderOrgId: string;
  amount: bigint;
  status: ApplicationStatus;
  acceptedQuoteId: string | null;
  onChainRequestId: bigint | null;
  expiresAt: Date;
  createdAt: Date;
}

export interface QuoteRow {
  id: string;
  applicationId: string;
  bankOrgId: string;
  rateBps: number;
  feeBps: number;
  days: number;
  interest: bigint;
  fee: bigint;
  net: bigint;
  validUntil: Date;
  status: QuoteStatus;
  createdAt: Date;
}

export type QuoteTerms = Pick<QuoteRow, "rateBps" | "feeBps" | "days" | "interest" | "fee" | "net" | "validUntil">;

export interface VoucherView {
  id: bigint;
  owner: string;
  value: bigint;
  locked: bigint;
  financed: boolean;
  debtor: string;
  maturity: Date;
}

export interface CreditLineView {
  core: string;
  limit: bigint;
  used: bigint;
  expiry: Date;
  open: boolean;
}

/** The indexer's view of an on-chain request. */
export interface ChainRequestView {
  id: bigint;
  status: string;
  deadline: Date;
  pieceId: bigint | null;
  days: number | null;
  interest: bigint | null;
  fee: bigint | null;
  net: bigint | null;
}

/** Requests on the market, which hold voucher value the ledger has not locked, until they expire. */
const ON_MARKET: ApplicationStatus[] = ["open"];
/** Requests being sent to the ledger, whose lock may not be in the projection yet. */
const SENDING: ApplicationStatus[] = ["accepting"];
/** Requests the ledger took, whose lock the projection shows once it has seen their on-chain request. */
const ON_CHAIN: ApplicationStatus[] = ["accepted", "approving"];

const asApplication = (r: { status: string } & Omit<ApplicationRow, "status">): ApplicationRow => ({ ...r, status: r.status as ApplicationStatus });
const asQuote = (r: { status: string } & Omit<QuoteRow, "status">): QuoteRow => ({ ...r, status: r.status as QuoteStatus });

/** One page-scan step: which rows a caller may be shown is decided afterwards, by the service. */
export interface ScanFilter {
  holderOrgId?: string;
  /** A bank: requests it quoted on, plus open requests (whose eligibility the service checks). */
  bankOrgId?: string;
  everything?: boolean;
  status?: ApplicationStatus;
  openAfter: Date;
}

export class FinancingRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
    /** Where a quote's and an acceptance's webhooks are queued, in the transaction that records them. */
    private readonly outbox: OffLedgerOutbox,
  ) {}

  // ------------------------------------------------------------------ the ledger's projection (read only)

  async voucher(id: bigint): Promise<VoucherView | undefined> {
    const v = await this.prisma.voucherState.findUnique({ where: { id } });
    return v ?? undefined;
  }

  async vouchers(ids: bigint[]): Promise<Map<bigint, VoucherView>> {
    const rows = await this.prisma.voucherState.findMany({ where: { id: { in: [...new Set(ids)] } } });
    return new Map(rows.map((v) => [v.id, v]));
  }

  async creditLinesOf(bank: string): Promise<CreditLineView[]> {
    return this.prisma.creditLineState.findMany({ where: { bank } });
  }

  async creditLine(bank: string, core: string): Promise<CreditLineView | undefined> {
    return (await this.prisma.creditLineState.findUnique({ where: { bank_core: { bank, core } } })) ?? undefined;
  }

  async chainRequests(ids: bigint[]): Promise<Map<bigint, ChainRequestView>> {
    if (!ids.length) return new Map();
    const rows = await this.prisma.financingState.findMany({ where: { id: { in: ids } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Pending on-chain requests whose deadline has passed. */
  async overdueChainRequests(now: Date): Promise<bigint[]> {
    const rows = await this.prisma.financingState.findMany({ where: { status: "pending", deadline: { lt: now } }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** On-chain requests the ledger has closed (executed, declined, cancelled, released). */
  async closedChainRequests(ids: bigint[]): Promise<ChainRequestView[]> {
    if (!ids.length) return [];
    return this.prisma.financingState.findMany({ where: { id: { in: ids }, status: { not: "pending" } } });
  }

  /** The block in which the ledger recorded the request: the moment of acceptance on chain. */
  async requestedInBlock(onChainRequestId: bigint): Promise<number | undefined> {
    const e = await this.prisma.ledgerEvent.findFirst({
      where: { name: "FinancingRequested", args: { path: ["requestId"], equals: onChainRequestId.toString() } },
      select: { blockNumber: true },
    });
    return e?.blockNumber;
  }

  // ------------------------------------------------------------------ applications

  async get(id: string): Promise<ApplicationRow | undefined> {
    const r = await this.prisma.financingApplication.findUnique({ where: { id } });
    return r ? asApplication(r) : undefined;
  }

  /**
   * Records a request over part of a voucher's value, deciding between simultaneous requests on one voucher:
   * the voucher's row is locked for the transaction, so each request sees the voucher as the ledger last left
   * it and what every earlier request still reserves at `now` beyond that, and `check` (which throws to
   * refuse) passes only the requests that fit. A lock rather than a constraint: what fits is a sum over rows.
   */
  async reserve(
    a: { voucherId: bigint; holderOrgId: string; amount: bigint; expiresAt: Date },
    now: Date,
    check: (voucher: VoucherView, reserved: bigint) => void,
  ): Promise<{ app: ApplicationRow; voucher: VoucherView }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "VoucherState" WHERE id = ${a.voucherId} FOR UPDATE`;
      const voucher = await tx.voucherState.findUnique({ where: { id: a.voucherId } });
      if (!voucher) throw new Error(`voucher ${a.voucherId} left the projection`);
      const holding = await tx.financingApplication.findMany({
        where: {
          voucherId: a.voucherId,
          OR: [{ status: { in: ON_MARKET }, expiresAt: { gt: now } }, { status: { in: [...SENDING, ...ON_CHAIN] } }],
        },
        select: { amount: true, status: true, onChainRequestId: true },
      });
      // An accepted request is in the voucher's `locked` once the indexer has projected it; until then (and
      // while it is being sent) it is counted here, at worst twice for a moment, never not at all.
      const sent = holding.flatMap((h) => (h.onChainRequestId === null ? [] : [h.onChainRequestId]));
      const projected = new Set((await tx.financingState.findMany({ where: { id: { in: sent } }, select: { id: true } })).map((f) => f.id));
      const reserved = holding
        .filter((h) => !ON_CHAIN.includes(h.status as ApplicationStatus) || h.onChainRequestId === null || !projected.has(h.onChainRequestId))
        .reduce((sum, h) => sum + h.amount, 0n);
      check(voucher, reserved);
      return { app: asApplication(await tx.financingApplication.create({ data: { ...a, createdAt: this.clock.now() } })), voucher };
    });
  }

  /** Newest first; `after` is the key of the last row of the previous step. */
  async scan(f: ScanFilter, after: Stamped | undefined, take: number): Promise<(ApplicationRow & { quotedByBank: boolean })[]> {
    const or: object[] = [];
    if (f.everything) or.push({});
    if (f.holderOrgId) or.push({ holderOrgId: f.holderOrgId });
    if (f.bankOrgId) {
      or.push({ quotes: { some: { bankOrgId: f.bankOrgId } } });
      if (!f.status || f.status === "open") or.push({ status: "open", expiresAt: { gt: f.openAfter } });
    }
    if (!or.length) return [];
    const rows = await this.prisma.financingApplication.findMany({
      where: { AND: [{ OR: or }, ...(f.status ? [{ status: f.status }] : []), olderThan(after)] },
      orderBy: NEWEST_FIRST,
      take,
      include: f.bankOrgId ? { quotes: { where: { bankOrgId: f.bankOrgId }, select: { id: true } } } : undefined,
    });
    return rows.map((r) => {
      const { quotes, ...row } = r as typeof r & { quotes?: unknown[] };
      return { ...asApplication(row), quotedByBank: Boolean(quotes?.length) };
    });
  }

  /**
   * Moves the application from one of `from` to `to`, for exactly one caller: the claim every race is decided
   * by. With `notExpiredAt`, only while the request's own validity runs past that moment.
   */
  async transition(
    id: string,
    from: ApplicationStatus | ApplicationStatus[],
    to: ApplicationStatus,
    extra: { acceptedQuoteId?: string; onChainRequestId?: bigint; notExpiredAt?: Date } = {},
  ): Promise<boolean> {
    const { notExpiredAt, ...data } = extra;
    const r = await this.prisma.financingApplication.updateMany({
      where: { id, status: Array.isArray(from) ? { in: from } : from, ...(notExpiredAt ? { expiresAt: { gt: notExpiredAt } } : {}) },
      data: { status: to, ...data },
    });
    return r.count === 1;
  }

  /**
   * accepting → accepted, with the accepted quote and the ledger's request id; the other quotes lapse; and the
   * bank hears of it. One transaction: the webhook is queued exactly when the acceptance is recorded.
   */
  async recordAcceptance(id: string, quoteId: string, onChainRequestId: bigint, notice: OffLedgerEvent): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const r = await tx.financingApplication.updateMany({
        where: { id, status: "accepting" },
        data: { status: "accepted", acceptedQuoteId: quoteId, onChainRequestId },
      });
      if (r.count !== 1) return false;
      await tx.financingQuote.updateMany({ where: { applicationId: id, status: "open" }, data: { status: "lapsed" } });
      await this.outbox.queue(tx, notice);
      return true;
    });
  }

  async expireOpen(now: Date): Promise<number> {
    const r = await this.prisma.financingApplication.updateMany({ where: { status: "open", expiresAt: { lte: now } }, data: { status: "expired" } });
    return r.count;
  }

  /** Accepted applications whose on-chain request is among `ids`. */
  async liveOnChain(ids: bigint[]): Promise<ApplicationRow[]> {
    if (!ids.length) return [];
    const rows = await this.prisma.financingApplication.findMany({ where: { onChainRequestId: { in: ids }, status: { in: ["accepted", "approving"] } } });
    return rows.map(asApplication);
  }

  async liveOnChainIds(): Promise<bigint[]> {
    const rows = await this.prisma.financingApplication.findMany({
      where: { status: { in: ["accepted", "approving"] }, onChainRequestId: { not: null } },
      select: { onChainRequestId: true },
    });
    // The query leaves out null ids; the filter tells the type so.
    return rows.flatMap((r) => (r.onChainRequestId === null ? [] : [r.onChainRequestId]));
  }

  // ------------------------------------------------------------------ quotes

  async quotesOf(applicationId: string, bankOrgId?: string): Promise<QuoteRow[]> {
    const rows = await this.prisma.financingQuote.findMany({
      where: { applicationId, ...(bankOrgId ? { bankOrgId } : {}) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map(asQuote);
  }

  async quote(id: string): Promise<QuoteRow | undefined> {
    const r = await this.prisma.financingQuote.findUnique({ where: { id } });
    return r ? asQuote(r) : undefined;
  }

  /** A bank's first quote on a request, and the holder's webhook for it, in one transaction. */
  async createQuote(q: QuoteTerms & { id: string; applicationId: string; bankOrgId: string }, notice: OffLedgerEvent): Promise<QuoteRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = asQuote(await tx.financingQuote.create({ data: { ...q, createdAt: this.clock.now() } }));
      await this.outbox.queue(tx, notice);
      return row;
    });
  }

  /**
   * Replaces a bank's quote that no holder has accepted, under a new id: a holder who accepts an id accepts
   * exactly the terms it saw. Undefined when the quote was accepted (or replaced) meanwhile, and then nobody
   * hears of it.
   */
  async replaceQuote(oldId: string, newId: string, terms: QuoteTerms, notice: OffLedgerEvent): Promise<QuoteRow | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const r = await tx.financingQuote.updateMany({
        where: { id: oldId, status: { in: ["open", "lapsed"] } },
        data: { ...terms, id: newId, status: "open", createdAt: this.clock.now() },
      });
      if (r.count !== 1) return undefined;
      await this.outbox.queue(tx, notice);
      const row = await tx.financingQuote.findUniqueOrThrow({ where: { id: newId } });
      return asQuote(row);
    });
  }

  /** open → accepted while still valid at `now`, for exactly one caller. */
  async claimQuote(id: string, applicationId: string, now: Date): Promise<boolean> {
    const r = await this.prisma.financingQuote.updateMany({
      where: { id, applicationId, status: "open", validUntil: { gt: now } },
      data: { status: "accepted" },
    });
    return r.count === 1;
  }

  async reopenQuote(id: string): Promise<void> {
    await this.prisma.financingQuote.updateMany({ where: { id, status: "accepted" }, data: { status: "open" } });
  }

  /** The other banks' quotes of an application that is no longer on the market. */
  async lapseQuotesOf(applicationId: string): Promise<void> {
    await this.prisma.financingQuote.updateMany({ where: { applicationId, status: "open" }, data: { status: "lapsed" } });
  }

  /** Quotes past their validity, and quotes of requests that left the market. */
  async lapseQuotes(now: Date): Promise<number> {
    const a = await this.prisma.financingQuote.updateMany({ where: { status: "open", validUntil: { lte: now } }, data: { status: "lapsed" } });
    const b = await this.prisma.financingQuote.updateMany({
      where: { status: "open", application: { status: { notIn: ["open", "accepting"] } } },
      data: { status: "lapsed" },
    });
    return a.count + b.count;
  }
}
