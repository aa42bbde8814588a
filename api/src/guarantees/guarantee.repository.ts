import type { Prisma } from "../db/database";
import { byLedgerId, paged, type Page, type PageQuery } from "../http/pagination";
import type { GuaranteeRow } from "../indexer/projection";

const toRow = (g: Omit<GuaranteeRow, "kind" | "status"> & { kind: string; status: string }): GuaranteeRow => ({
  ...g,
  kind: g.kind as GuaranteeRow["kind"],
  status: g.status as GuaranteeRow["status"],
});

/** Reads the projection of guarantees (the indexer writes it). */
export class GuaranteeRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(id: bigint): Promise<GuaranteeRow | undefined> {
    const g = await this.prisma.guaranteeState.findUnique({ where: { id } });
    return g ? toRow(g) : undefined;
  }

  /** Newest first; a party's own (its guarantor, its bank, or the obligor of its recourse) when `party` is given. */
  list(q: PageQuery, f: { party?: string; status?: GuaranteeRow["status"] | undefined }): Promise<Page<GuaranteeRow>> {
    return paged(q, byLedgerId<GuaranteeRow>(), async (after, take) =>
      (
        await this.prisma.guaranteeState.findMany({
          where: {
            AND: [
              f.party ? { OR: [{ guarantor: f.party }, { bank: f.party }, { obligor: f.party }] } : {},
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
}
