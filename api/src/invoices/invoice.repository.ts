import type { Clock } from "../clock";
import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";
import { isUniqueViolation } from "../db/unique";

export type InvoiceStatus = "submitted" | "confirming" | "confirmed" | "disputed";

export interface InvoiceRow {
  id: string;
  key: string;
  kind: string;
  code: string | null;
  number: string;
  sellerOrgId: string;
  buyerOrgId: string;
  amount: bigint;
  tax: bigint;
  issueDate: Date;
  contractRef: string | null;
  fileDigest: string | null;
  salt: string;
  commitment: string;
  commitmentScheme: string;
  status: string;
  disputeReason: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

/** The indexer's projection of an invoice on the ledger. */
export interface InvoiceStateRow {
  key: string;
  seller: string;
  buyer: string;
  amount: bigint;
  used: bigint;
  confirmed: boolean;
}

export type NewInvoiceRow = Omit<InvoiceRow, "id" | "status" | "disputeReason" | "createdAt" | "decidedAt" | "commitmentScheme">;

export class InvoiceRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  /** The stored invoice, or "taken" when its canonical key is already stored (the unique index decides races). */
  async create(row: NewInvoiceRow): Promise<InvoiceRow | "taken"> {
    try {
      return await this.prisma.invoiceRecord.create({ data: { ...row, createdAt: this.clock.now() } });
    } catch (e) {
      if (isUniqueViolation(e)) return "taken";
      throw e;
    }
  }

  async get(id: string): Promise<InvoiceRow | undefined> {
    return (await this.prisma.invoiceRecord.findUnique({ where: { id } })) ?? undefined;
  }

  async byIds(ids: string[]): Promise<InvoiceRow[]> {
    return this.prisma.invoiceRecord.findMany({ where: { id: { in: ids } } });
  }

  /** Whether the key is known off chain or on the ledger (registered some other way). */
  async keyInUse(key: string): Promise<boolean> {
    const [record, state] = await Promise.all([
      this.prisma.invoiceRecord.findUnique({ where: { key }, select: { id: true } }),
      this.prisma.invoiceState.findUnique({ where: { key }, select: { key: true } }),
    ]);
    return record !== null || state !== null;
  }

  /** Newest first. `orgId` undefined lists everyone's (operator, regulator). */
  /** Newest first. */
  list(opts: PageQuery & { orgId?: string; role?: "seller" | "buyer"; status?: InvoiceStatus | undefined }): Promise<Page<InvoiceRow>> {
    const mine =
      opts.orgId === undefined
        ? {}
        : opts.role === "seller"
          ? { sellerOrgId: opts.orgId }
          : opts.role === "buyer"
            ? { buyerOrgId: opts.orgId }
            : { OR: [{ sellerOrgId: opts.orgId }, { buyerOrgId: opts.orgId }] };
    return paged(opts, newestFirst, (after, take) =>
      this.prisma.invoiceRecord.findMany({
        where: { AND: [mine, opts.status ? { status: opts.status } : {}, olderThan(after)] },
        orderBy: NEWEST_FIRST,
        take,
      }),
    );
  }

  /** submitted → `to`, for exactly one caller; false for everyone else. */
  async claim(id: string, to: "confirming" | "disputed", reason?: string): Promise<boolean> {
    const r = await this.prisma.invoiceRecord.updateMany({
      where: { id, status: "submitted" },
      data: { status: to, ...(to === "disputed" ? { disputeReason: reason ?? null, decidedAt: this.clock.now() } : {}) },
    });
    return r.count === 1;
  }

  async markConfirmed(id: string): Promise<void> {
    await this.prisma.invoiceRecord.updateMany({ where: { id, status: "confirming" }, data: { status: "confirmed", decidedAt: this.clock.now() } });
  }

  /** A confirmation that did not complete: the buyer may try again. */
  async release(id: string): Promise<void> {
    await this.prisma.invoiceRecord.updateMany({ where: { id, status: "confirming" }, data: { status: "submitted" } });
  }

  async states(keys: string[]): Promise<Map<string, InvoiceStateRow>> {
    if (keys.length === 0) return new Map();
    const rows = await this.prisma.invoiceState.findMany({ where: { key: { in: keys } } });
    return new Map(rows.map((r) => [r.key, r]));
  }
}
