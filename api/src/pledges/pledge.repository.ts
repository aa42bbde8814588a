import type { Prisma } from "../db/database";
import { byLedgerId, paged, type Page, type PageQuery } from "../http/pagination";
import type { MarginState, PledgeLoanRow } from "../indexer/projection";

const toRow = (l: Omit<PledgeLoanRow, "status" | "margin"> & { status: string; margin: string }): PledgeLoanRow => ({
  ...l,
  status: l.status as PledgeLoanRow["status"],
  margin: l.margin as MarginState,
});

/** Reads the projection of pledge loans and of banks' pledge rates (the indexer writes both). */
export class PledgeRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(id: bigint): Promise<PledgeLoanRow | undefined> {
    const l = await this.prisma.pledgeLoanState.findUnique({ where: { id } });
    return l ? toRow(l) : undefined;
  }

  /** Newest loan first; a party's own (as borrower or bank) when `party` is given. */
  list(q: PageQuery, f: { party?: string; status?: PledgeLoanRow["status"] | undefined }): Promise<Page<PledgeLoanRow>> {
    return paged(q, byLedgerId<PledgeLoanRow>(), async (after, take) =>
      (
        await this.prisma.pledgeLoanState.findMany({
          where: {
            AND: [
              f.party ? { OR: [{ borrower: f.party }, { bank: f.party }] } : {},
              f.status ? { status: f.status } : {},
              after === undefined ? {} : { id: { lt: after } },
            ],
          },
          orderBy: { id: "desc" },
          take,
        })
      ).map(toRow),
    );
  }

  /** Every active loan, oldest first. */
  async active(): Promise<PledgeLoanRow[]> {
    return (await this.prisma.pledgeLoanState.findMany({ where: { status: "active" }, orderBy: { id: "asc" } })).map(toRow);
  }

  /** Every bank's pledge rate per commodity, as set on the ledger (a zero rate: it lends no more on it). */
  async rates(): Promise<{ bank: string; commodity: string; rateBps: number }[]> {
    const rows = await this.prisma.ledgerSetting.findMany({ where: { key: { startsWith: "pledgeRate:" } }, orderBy: { key: "asc" } });
    return rows.map((r) => {
      const [, bank, commodity] = r.key.split(":");
      return { bank, commodity, rateBps: Number(r.value) };
    });
  }
}
