import type { Prisma } from "../db/database";
import { paged, type Keyset, type Page, type PageQuery } from "../http/pagination";
import type { PriceRow } from "../indexer/projection";

/** Newest day first, then by commodity: `<day>|<commodity>`. */
const byDay: Keyset<PriceRow, { day: number; commodity: string }> = {
  keyOf: (r) => ({ day: r.day, commodity: r.commodity }),
  write: (k) => `${k.day}|${k.commodity}`,
  read(text) {
    const m = /^(0|[1-9]\d{0,8})\|([A-Z][A-Z0-9._-]{0,15})$/.exec(text);
    return m ? { day: Number(m[1]), commodity: m[2] } : undefined;
  },
};

/** Reads the projection of posted prices and of publishers' appointments (the indexer writes both). */
export class PriceRepository {
  constructor(private readonly prisma: Prisma) {}

  list(q: PageQuery, commodity: string | undefined): Promise<Page<PriceRow>> {
    return paged(q, byDay, (after, take) =>
      this.prisma.commodityPriceState.findMany({
        where: {
          AND: [
            commodity ? { commodity } : {},
            after ? { OR: [{ day: { lt: after.day } }, { day: after.day, commodity: { gt: after.commodity } }] } : {},
          ],
        },
        orderBy: [{ day: "desc" }, { commodity: "asc" }],
        take,
      }),
    );
  }

  /** The accounts appointed publisher and not dismissed since. */
  async publishers(): Promise<string[]> {
    const rows = await this.prisma.ledgerSetting.findMany({ where: { key: { startsWith: "publisher:" } } });
    return rows.filter((r) => r.value === true).map((r) => r.key.slice("publisher:".length)).sort();
  }
}
