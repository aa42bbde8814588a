import type { Prisma } from "../db/database";
import { paged, type Keyset, type Page, type PageQuery } from "../http/pagination";
import type { FeeAccountRow } from "../indexer/projection";

const byReceipt: Keyset<FeeAccountRow, bigint> = {
  keyOf: (r) => r.receiptId,
  write: (k) => k.toString(),
  read: (t) => (/^[1-9]\d{0,18}$/.test(t) ? BigInt(t) : undefined),
};

/** The events the fee report reads, in ledger order: each fee, and who received fees of its kind at the time. */
export const REVENUE_EVENTS = ["FeesPaid", "PledgeFeeChanged", "LoanDrawn", "FeeChanged", "FinancingExecuted", "QueryFeeChanged", "RiskQueried"] as const;

/** Reads the projection of warehouse fee accounts and tariffs, and the ledger's fee events (the indexer writes all). */
export class FeeRepository {
  constructor(private readonly prisma: Prisma) {}

  async account(receiptId: bigint): Promise<FeeAccountRow | undefined> {
    return (await this.prisma.feeAccountState.findUnique({ where: { receiptId } })) ?? undefined;
  }

  /** Newest receipt first; the warehouse's own, or those on receipts `owner` owns, when given. */
  list(q: PageQuery, f: { party?: string }): Promise<Page<FeeAccountRow>> {
    return paged(q, byReceipt, async (after, take) => {
      const owned = f.party ? (await this.prisma.receiptState.findMany({ where: { owner: f.party }, select: { id: true } })).map((r) => r.id) : [];
      return this.prisma.feeAccountState.findMany({
        where: {
          AND: [
            f.party ? { OR: [{ warehouse: f.party }, { receiptId: { in: owned } }] } : {},
            after === undefined ? {} : { receiptId: { lt: after } },
          ],
        },
        orderBy: { receiptId: "desc" },
        take,
      });
    });
  }

  /** Every warehouse's tariff per commodity, as set on the ledger. */
  async tariffs(): Promise<{ warehouse: string; commodity: string; storageFenPerTonneDay: bigint; supervisionFenPerTonneDay: bigint }[]> {
    const rows = await this.prisma.ledgerSetting.findMany({ where: { key: { startsWith: "tariff:" } }, orderBy: { key: "asc" } });
    return rows.map((r) => {
      const [, warehouse, commodity] = r.key.split(":");
      const v = r.value as { storageFenPerTonneDay: string; supervisionFenPerTonneDay: string };
      return { warehouse, commodity, storageFenPerTonneDay: BigInt(v.storageFenPerTonneDay), supervisionFenPerTonneDay: BigInt(v.supervisionFenPerTonneDay) };
    });
  }

  /** The fee events, oldest first. */
  async revenueEvents(): Promise<{ name: string; args: Record<string, unknown> }[]> {
    const rows = await this.prisma.ledgerEvent.findMany({
      where: { name: { in: [...REVENUE_EVENTS] } },
      select: { name: true, args: true },
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    });
    return rows.map((r) => ({ name: r.name, args: r.args as Record<string, unknown> }));
  }
}
