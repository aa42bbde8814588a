/** Reads of the indexer's projection of vouchers (VoucherState); the ledger alone writes vouchers. */
import type { Prisma } from "../db/database";
import { byLedgerId, paged, type Page, type PageQuery } from "../http/pagination";

export interface VoucherRow {
  id: bigint;
  owner: string;
  value: bigint;
  redeemedValue: bigint;
  locked: bigint;
  depth: number;
  financed: boolean;
  root: bigint;
  parent: bigint;
  debtor: string;
  maturity: Date;
  createdBlock: number;
}

export interface VoucherFilter {
  owner?: string;
  debtor?: string;
  /** Include vouchers with nothing left (passed on whole, redeemed). */
  includeEmpty: boolean;
  maturityFrom?: Date;
  maturityTo?: Date;
}

export class VoucherRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(id: bigint): Promise<VoucherRow | undefined> {
    return (await this.prisma.voucherState.findUnique({ where: { id } })) ?? undefined;
  }

  /** The rows of `ids` that exist, by id. */
  async many(ids: bigint[]): Promise<Map<bigint, VoucherRow>> {
    const rows = await this.prisma.voucherState.findMany({ where: { id: { in: [...new Set(ids)] } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Newest first: the ledger numbers vouchers in the order it creates them. */
  list(q: PageQuery, f: VoucherFilter): Promise<Page<VoucherRow>> {
    return paged(q, byLedgerId<VoucherRow>(), (after, take) =>
      this.prisma.voucherState.findMany({
        where: {
          ...(f.owner ? { owner: f.owner } : {}),
          ...(f.debtor ? { debtor: f.debtor } : {}),
          ...(f.includeEmpty ? {} : { value: { gt: 0n } }),
          ...(f.maturityFrom || f.maturityTo ? { maturity: { ...(f.maturityFrom ? { gte: f.maturityFrom } : {}), ...(f.maturityTo ? { lte: f.maturityTo } : {}) } } : {}),
          ...(after !== undefined ? { id: { lt: after } } : {}),
        },
        orderBy: { id: "desc" },
        take,
      }),
    );
  }

  /** The pieces of one tree, oldest first: a tree reads top down, a parent always before its children. */
  tree(root: bigint, q: PageQuery): Promise<Page<VoucherRow>> {
    return paged(q, byLedgerId<VoucherRow>(), (after, take) =>
      this.prisma.voucherState.findMany({ where: { root, ...(after !== undefined ? { id: { gt: after } } : {}) }, orderBy: { id: "asc" }, take }),
    );
  }

  async treeTotals(root: bigint): Promise<{ pieces: number; value: bigint; redeemed: bigint; holders: number }> {
    const [agg, holders] = await Promise.all([
      this.prisma.voucherState.aggregate({ where: { root }, _count: { _all: true }, _sum: { value: true, redeemedValue: true } }),
      this.prisma.voucherState.groupBy({ by: ["owner"], where: { root } }),
    ]);
    return { pieces: agg._count._all, value: agg._sum.value ?? 0n, redeemed: agg._sum.redeemedValue ?? 0n, holders: holders.length };
  }
}
