/** Disclosures on Prisma, and the lineage reads a disclosure is built from. */
import type { Prisma } from "../db/database";
import { Prisma as Sql } from "../generated/prisma/client";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";
import type { InvoiceRow } from "../invoices/invoice.repository";
import { lineageOf, type VoucherRow } from "../vouchers/voucher.repository";

export interface DisclosureRow {
  id: string;
  voucherId: bigint;
  holderOrgId: string;
  bankOrgId: string;
  disclosedBy: string;
  fields: string[];
  openings: unknown;
  digest: string;
  txHash: string;
  blockNumber: number;
  createdAt: Date;
}

/** An invoice that backed a piece of the lineage, in the order the ledger used them. */
export interface LineageInvoice {
  key: string;
  voucherId: bigint;
}

export class DisclosureRepository {
  constructor(private readonly prisma: Prisma) {}

  lineage(voucherId: bigint): Promise<VoucherRow[]> {
    return lineageOf(this.prisma, voucherId);
  }

  /** The invoices the ledger used for these pieces (an issue's voucher, a pass's new piece), oldest first. */
  async invoicesUsedBy(voucherIds: bigint[]): Promise<LineageInvoice[]> {
    if (!voucherIds.length) return [];
    const rows = await this.prisma.$queryRaw<{ key: string; voucherId: string }[]>(
      Sql.sql`SELECT args->>'key' AS "key", args->>'voucherId' AS "voucherId" FROM "LedgerEvent"
              WHERE name = 'InvoiceUsed' AND args->>'voucherId' = ANY(${voucherIds.map(String)}::text[])
              ORDER BY "blockNumber", "logIndex"`,
    );
    return rows.map((r) => ({ key: r.key, voucherId: BigInt(r.voucherId) }));
  }

  invoicesByKey(keys: string[]): Promise<InvoiceRow[]> {
    return this.prisma.invoiceRecord.findMany({ where: { key: { in: keys } } });
  }

  create(row: Omit<DisclosureRow, "id" | "createdAt">, at: Date): Promise<DisclosureRow> {
    return this.prisma.disclosure.create({ data: { ...row, openings: row.openings as object, createdAt: at } });
  }

  find(id: string): Promise<DisclosureRow | null> {
    return this.prisma.disclosure.findUnique({ where: { id } });
  }

  /** Newest first: those `orgId` made or received, or all when undefined (the regulator, the operator). */
  list(orgId: string | undefined, q: PageQuery): Promise<Page<DisclosureRow>> {
    const mine = orgId ? { OR: [{ holderOrgId: orgId }, { bankOrgId: orgId }] } : {};
    return paged(q, newestFirst, (after, take) => this.prisma.disclosure.findMany({ where: { AND: [mine, olderThan(after)] }, orderBy: NEWEST_FIRST, take }));
  }

  /** The commitment of each of `keys` as indexed from the ledger (InvoiceState), lower-case; null for a key it lacks. */
  async indexedCommitments(keys: string[]): Promise<Map<string, string | null>> {
    const rows = keys.length ? await this.prisma.invoiceState.findMany({ where: { key: { in: keys } }, select: { key: true, commitment: true } }) : [];
    const found = new Map(rows.map((r) => [r.key, r.commitment.toLowerCase()]));
    return new Map(keys.map((k) => [k, found.get(k) ?? null]));
  }
}
