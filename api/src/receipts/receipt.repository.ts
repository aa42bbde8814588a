import type { Prisma } from "../db/database";
import { byLedgerId, paged, type Page, type PageQuery } from "../http/pagination";
import type { ReceiptRow } from "../indexer/projection";
import { openOnReceipts, type OpenAlert } from "../alerts/alert.repository";

export interface ReceiptFilter {
  /** Receipts this account owns, holds as warehouse, or holds in pledge as the loan's bank; all when absent. */
  party?: string;
  status?: ReceiptRow["status"] | undefined;
}

const toRow = (r: Omit<ReceiptRow, "status"> & { status: string }): ReceiptRow => ({ ...r, status: r.status as ReceiptRow["status"] });

/** Reads the projection of warehouse receipts (the indexer writes it). */
export class ReceiptRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(id: bigint): Promise<ReceiptRow | undefined> {
    const r = await this.prisma.receiptState.findUnique({ where: { id } });
    return r ? toRow(r) : undefined;
  }

  async byIds(ids: bigint[]): Promise<ReceiptRow[]> {
    return (await this.prisma.receiptState.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } })).map(toRow);
  }

  /** The unresolved alerts naming each receipt: what puts it at risk. */
  openAlerts(ids: readonly bigint[]): Promise<Map<bigint, OpenAlert[]>> {
    return openOnReceipts(this.prisma, ids);
  }

  /** The accounts of the banks whose loans hold `loanIds`. */
  async banksOf(loanIds: bigint[]): Promise<Map<bigint, string>> {
    const loans = await this.prisma.pledgeLoanState.findMany({ where: { id: { in: loanIds } }, select: { id: true, bank: true } });
    return new Map(loans.map((l) => [l.id, l.bank]));
  }

  /** Newest receipt first. */
  list(q: PageQuery, f: ReceiptFilter): Promise<Page<ReceiptRow>> {
    return paged(q, byLedgerId<ReceiptRow>(), async (after, take) => {
      const party = f.party;
      const rows = await this.prisma.receiptState.findMany({
        where: {
          AND: [
            party
              ? {
                  OR: [
                    { owner: party },
                    { warehouse: party },
                    { loanId: { in: (await this.prisma.pledgeLoanState.findMany({ where: { bank: party }, select: { id: true } })).map((l) => l.id) } },
                  ],
                }
              : {},
            f.status ? { status: f.status } : {},
            after === undefined ? {} : { id: { lt: after } },
          ],
        },
        orderBy: { id: "desc" },
        take,
      });
      return rows.map(toRow);
    });
  }
}
