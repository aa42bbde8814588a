/**
 * Aggregates over the ledger's projection and event log for the regulator's reports. Sums are taken as text, since
 * a sum of bigint fen is a PostgreSQL numeric, which must not pass through a float.
 */
import type { Prisma } from "../db/database";
import { Prisma as Sql } from "../generated/prisma/client";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";

export interface ReachRow {
  debtor: string;
  tier: number;
  recipient: string;
  amount: bigint;
  pieces: number;
}

export interface FinancedRow {
  debtor: string;
  tier: number;
  amount: bigint;
  net: bigint;
  count: number;
}

export interface HoldingRow {
  debtor: string;
  maturity: Date;
  owner: string;
  value: bigint;
}

export interface SlotRow {
  debtor: string;
  maturity: Date;
  outstanding: bigint;
  escrowed: bigint;
  overdue: boolean;
}

export class ReportRepository {
  constructor(private readonly prisma: Prisma) {}

  /** Core enterprises, newest first; `ids` narrows to those. */
  coreOrganisations(q: PageQuery, ids?: readonly string[]): Promise<Page<{ id: string; name: string; account: string; createdAt: Date }>> {
    return paged(q, newestFirst, (after, take) =>
      this.prisma.organisation.findMany({
        where: { AND: [{ kinds: { has: "core" } }, ids ? { id: { in: [...ids] } } : {}, olderThan(after)] },
        orderBy: NEWEST_FIRST,
        take,
        select: { id: true, name: true, account: true, createdAt: true },
      }),
    );
  }

  async bankAccounts(): Promise<Set<string>> {
    const rows = await this.prisma.organisation.findMany({ where: { kinds: { has: "bank" } }, select: { account: true } });
    return new Set(rows.map((r) => r.account));
  }

  /**
   * Value that arrived at each tier, per recipient: the issue to tier 1 and every pass-on to the depth the ledger
   * gave the new piece. Splits and financing create pieces too, but at the holder's own depth: they reach no one new.
   * Only the events after `afterBlock`, for every debtor, with the last block they came from (reports/reach-tally.ts).
   */
  async reachSince(afterBlock: number): Promise<{ rows: ReachRow[]; upTo: number | undefined }> {
    const rows = await this.prisma.$queryRaw<{ debtor: string; tier: number; recipient: string; amount: string; pieces: number; upTo: number }[]>`
      SELECT t.debtor, t.tier, t.recipient, SUM(t.amount)::text AS amount, COUNT(*)::int AS pieces, MAX(t.block)::int AS "upTo" FROM (
        SELECT e."args"->>'debtor' AS debtor, 1 AS tier, e."args"->>'holder' AS recipient, (e."args"->>'amount')::numeric AS amount, e."blockNumber" AS block
          FROM "LedgerEvent" e WHERE e."name" = 'VoucherIssued' AND e."blockNumber" > ${afterBlock}::int
        UNION ALL
        SELECT v."debtor", (e."args"->>'depth')::int, e."args"->>'to', (e."args"->>'amount')::numeric, e."blockNumber"
          FROM "LedgerEvent" e JOIN "VoucherState" v ON v."id" = (e."args"->>'id')::bigint
          WHERE e."name" = 'VoucherTransferred' AND e."blockNumber" > ${afterBlock}::int
      ) t
      GROUP BY t.debtor, t.tier, t.recipient`;
    const upTo = rows.length ? Math.max(...rows.map((r) => r.upTo)) : undefined;
    return { rows: rows.map((r) => ({ debtor: r.debtor, tier: r.tier, recipient: r.recipient, amount: BigInt(r.amount), pieces: r.pieces })), upTo };
  }

  /** Executed financing by the financed voucher's depth: the tier of the supplier who sold it to the bank. */
  async financed(debtors: readonly string[]): Promise<FinancedRow[]> {
    if (debtors.length === 0) return [];
    const rows = await this.prisma.$queryRaw<{ debtor: string; tier: number; amount: string; net: string; count: number }[]>`
      SELECT v."debtor" AS debtor, v."depth" AS tier, SUM(f."amount")::text AS amount,
             COALESCE(SUM(f."net"), 0)::text AS net, COUNT(*)::int AS count
        FROM "FinancingState" f JOIN "VoucherState" v ON v."id" = f."voucherId"
       WHERE f."status" = 'executed' AND v."debtor" IN (${Sql.join([...debtors])})
       GROUP BY v."debtor", v."depth"`;
    return rows.map((r) => ({ ...r, amount: BigInt(r.amount), net: BigInt(r.net) }));
  }

  /** Unredeemed value by debtor, maturity and holder. */
  async holdings(debtors: readonly string[] | undefined): Promise<HoldingRow[]> {
    const rows = await this.prisma.voucherState.groupBy({
      by: ["debtor", "maturity", "owner"],
      where: { value: { gt: 0n }, ...(debtors ? { debtor: { in: [...debtors] } } : {}) },
      _sum: { value: true },
    });
    return rows.map((r) => ({ debtor: r.debtor, maturity: r.maturity, owner: r.owner, value: r._sum.value ?? 0n }));
  }

  slots(debtors: readonly string[] | undefined): Promise<SlotRow[]> {
    return this.prisma.slotState.findMany({
      where: { ...(debtors ? { debtor: { in: [...debtors] } } : {}) },
      orderBy: [{ maturity: "asc" }, { debtor: "asc" }],
    });
  }
}
