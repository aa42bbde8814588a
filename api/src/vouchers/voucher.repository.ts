/** Reads of the indexer's projection of vouchers (VoucherState); the ledger alone writes vouchers. */
import type { Prisma } from "../db/database";
import { jsonRows, utc } from "../db/json-rows";
import { Prisma as Sql } from "../generated/prisma/client";
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

/** A VoucherState row with its bigints as text and its timestamp as json_agg writes it. */
type TextVoucherRow = { [K in keyof VoucherRow]: VoucherRow[K] extends bigint | Date ? string : VoucherRow[K] };

const TEXT_COLUMNS = Sql.sql`"id"::text AS "id", "owner", "value"::text AS "value", "redeemedValue"::text AS "redeemedValue",
  "locked"::text AS "locked", "depth", "financed", "root"::text AS "root", "parent"::text AS "parent", "debtor", "maturity", "createdBlock"`;

const voucherOfText = (r: TextVoucherRow): VoucherRow => ({
  id: BigInt(r.id),
  owner: r.owner,
  value: BigInt(r.value),
  redeemedValue: BigInt(r.redeemedValue),
  locked: BigInt(r.locked),
  depth: r.depth,
  financed: r.financed,
  root: BigInt(r.root),
  parent: BigInt(r.parent),
  debtor: r.debtor,
  maturity: utc(r.maturity),
  createdBlock: r.createdBlock,
});

/**
 * Voucher `id` and every ancestor the projection holds, root first, in one query however many splits and passes
 * lie between: empty if there is no such voucher. The first row's parent is 0 unless an ancestor is missing.
 */
export async function lineageOf(prisma: Prisma, id: bigint): Promise<VoucherRow[]> {
  const rows = await jsonRows<TextVoucherRow>(
    prisma,
    Sql.sql`WITH RECURSIVE up AS (
              SELECT v.*, 0 AS "steps" FROM "VoucherState" v WHERE v."id" = ${id}
              UNION ALL
              SELECT v.*, up."steps" + 1 FROM "VoucherState" v JOIN up ON v."id" = up."parent" WHERE up."parent" <> 0
            )
            SELECT -"steps" AS "_n", ${TEXT_COLUMNS} FROM up`,
  );
  return rows.map(voucherOfText);
}

export class VoucherRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(id: bigint): Promise<VoucherRow | undefined> {
    return (await this.prisma.voucherState.findUnique({ where: { id } })) ?? undefined;
  }

  /** The voucher and its ancestors, root first (see lineageOf). */
  lineage(id: bigint): Promise<VoucherRow[]> {
    return lineageOf(this.prisma, id);
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

  /**
   * The pieces of one tree, oldest first: a tree reads top down, a parent always before its children. A page may
   * hold a whole large tree, so its rows come as one JSON text (db/json-rows.ts).
   */
  tree(root: bigint, q: PageQuery): Promise<Page<VoucherRow>> {
    return paged(q, byLedgerId<VoucherRow>(), async (after, take) => {
      const rows = await jsonRows<TextVoucherRow>(
        this.prisma,
        Sql.sql`SELECT "id" AS "_n", ${TEXT_COLUMNS} FROM "VoucherState"
                WHERE "root" = ${root} ${after !== undefined ? Sql.sql`AND "id" > ${after}` : Sql.empty} ORDER BY "_n" LIMIT ${take}::int`,
      );
      return rows.map(voucherOfText);
    });
  }

  async treeTotals(root: bigint): Promise<{ pieces: number; value: bigint; redeemed: bigint; holders: number }> {
    const [t] = await this.prisma.$queryRaw<{ pieces: number; value: string; redeemed: string; holders: number }[]>`
      SELECT COUNT(*)::int AS pieces, COALESCE(SUM("value"), 0)::text AS value, COALESCE(SUM("redeemedValue"), 0)::text AS redeemed,
             COUNT(DISTINCT "owner")::int AS holders
        FROM "VoucherState" WHERE "root" = ${root}`;
    return { pieces: t.pieces, value: BigInt(t.value), redeemed: BigInt(t.redeemed), holders: t.holders };
  }
}
