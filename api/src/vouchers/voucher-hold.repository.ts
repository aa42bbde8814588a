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
}
