/** Holds on vouchers, on Prisma (the daily invoice re-check places them; resolving their alert lifts them). */
import type { Prisma } from "../db/database";

export interface ActiveHold {
  voucherId: bigint;
  alertId: string;
}

export class VoucherHoldRepository {
  constructor(private readonly prisma: Prisma) {}

  /** A hold not yet lifted on this voucher or on any voucher it was split or passed from; one query up the lineage. */
  async holdOn(id: bigint): Promise<ActiveHold | undefined> {
    const rows = await this.prisma.$queryRaw<ActiveHold[]>`
      WITH RECURSIVE above(id, parent) AS (
        SELECT id, parent FROM "VoucherState" WHERE id = ${id}
        UNION ALL
        SELECT v.id, v.parent FROM "VoucherState" v JOIN above a ON v.id = a.parent
      )
      SELECT h."voucherId", h."alertId"::text AS "alertId"
      FROM "VoucherHold" h JOIN above a ON h."voucherId" = a.id
      WHERE h."clearedAt" IS NULL
      LIMIT 1`;
    return rows.at(0);
  }

  /** `holdOn` for a page of vouchers at once: each held voucher's hold, from one walk up all their lineages. */
  async holdsOn(ids: bigint[]): Promise<Map<bigint, ActiveHold>> {
    if (!ids.length) return new Map();
    const rows = await this.prisma.$queryRaw<(ActiveHold & { origin: bigint })[]>`
      WITH RECURSIVE above(origin, id, parent) AS (
        SELECT id, id, parent FROM "VoucherState" WHERE id = ANY(${ids})
        UNION ALL
        SELECT a.origin, v.id, v.parent FROM "VoucherState" v JOIN above a ON v.id = a.parent
      )
      SELECT DISTINCT ON (a.origin) a.origin, h."voucherId", h."alertId"::text AS "alertId"
      FROM "VoucherHold" h JOIN above a ON h."voucherId" = a.id
      WHERE h."clearedAt" IS NULL
      ORDER BY a.origin, h."voucherId"`;
    return new Map(rows.map((r) => [r.origin, { voucherId: r.voucherId, alertId: r.alertId }]));
  }

  /** Whether any hold is in force at all: the usual answer, no, spares the walk up the lineages. */
  async anyInForce(): Promise<boolean> {
    return (await this.prisma.voucherHold.count({ where: { clearedAt: null }, take: 1 })) > 0;
  }
}
