/** Reads of the indexer's projection of vouchers (VoucherState); the ledger alone writes vouchers. */
import type { Prisma } from "../db/database";

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
  after?: bigint;
  limit: number;
}

export class VoucherRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(id: bigint): Promise<VoucherRow | undefined> {
    return (await this.prisma.voucherState.findUnique({ where: { id } })) ?? undefined;
  }

  async list(f: VoucherFilter): Promise<VoucherRow[]> {
    return this.prisma.voucherState.findMany({
      where: {
        ...(f.owner ? { owner: f.owner } : {}),
        ...(f.debtor ? { debtor: f.debtor } : {}),
        ...(f.includeEmpty ? {} : { value: { gt: 0n } }),
        ...(f.maturityFrom || f.maturityTo ? { maturity: { ...(f.maturityFrom ? { gte: f.maturityFrom } : {}), ...(f.maturityTo ? { lte: f.maturityTo } : {}) } } : {}),
        ...(f.after !== undefined ? { id: { gt: f.after } } : {}),
      },
      orderBy: { id: "asc" },
      take: f.limit,
    });
  }

  /** The pieces of one tree, in id order (a parent always before its children). */
  async tree(root: bigint, opts: { after?: bigint; limit: number }): Promise<VoucherRow[]> {
    return this.prisma.voucherState.findMany({
      where: { root, ...(opts.after !== undefined ? { id: { gt: opts.after } } : {}) },
      orderBy: { id: "asc" },
      take: opts.limit,
    });
  }

  async treeTotals(root: bigint): Promise<{ pieces: number; value: bigint; redeemed: bigint; holders: number }> {
    const [agg, holders] = await Promise.all([
      this.prisma.voucherState.aggregate({ where: { root }, _count: { _all: true }, _sum: { value: true, redeemedValue: true } }),
      this.prisma.voucherState.groupBy({ by: ["owner"], where: { root } }),
    ]);
    return { pieces: agg._count._all, value: agg._sum.value ?? 0n, redeemed: agg._sum.redeemedValue ?? 0n, holders: holders.length };
  }
}
