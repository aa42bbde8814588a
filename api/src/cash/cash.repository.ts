import type { Clock } from "../clock";
import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";
import { isUniqueViolation } from "../db/unique";

export type CashOrderKind = "deposit" | "withdrawal";

export interface CashOrderRow {
  id: string;
  bankOrgId: string;
  organisationId: string;
  kind: string;
  amount: bigint;
  reference: string;
  txHash: string;
  createdAt: Date;
}

/** A reserved order has no transaction yet; it is nobody's business until the ledger took it. */
const RESERVED = "";

export class CashRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  async balance(account: string): Promise<bigint> {
    return (await this.prisma.cashBalance.findUnique({ where: { account } }))?.balance ?? 0n;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.cashOrder.findUnique({ where: { id }, select: { id: true } })) !== null;
  }

  async get(id: string): Promise<CashOrderRow | undefined> {
    return (await this.prisma.cashOrder.findUnique({ where: { id } })) ?? undefined;
  }

  /** Claims the order's id before the ledger write; false when the id (the bank's reference) is taken. */
  async reserve(o: Omit<CashOrderRow, "txHash" | "createdAt">): Promise<boolean> {
    try {
      await this.prisma.cashOrder.create({ data: { ...o, txHash: RESERVED, createdAt: this.clock.now() } });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async complete(id: string, txHash: string): Promise<void> {
    await this.prisma.cashOrder.update({ where: { id }, data: { txHash } });
  }

  async release(id: string): Promise<void> {
    await this.prisma.cashOrder.deleteMany({ where: { id, txHash: RESERVED } });
  }

  /** Newest first. `organisationId` absent: every order. */
  list(q: PageQuery & { organisationId?: string }): Promise<Page<CashOrderRow>> {
    const mine = q.organisationId ? { OR: [{ organisationId: q.organisationId }, { bankOrgId: q.organisationId }] } : {};
    return paged(q, newestFirst, (after, take) =>
      this.prisma.cashOrder.findMany({ where: { AND: [mine, { txHash: { not: RESERVED } }, olderThan(after)] }, orderBy: NEWEST_FIRST, take }),
    );
  }
}
