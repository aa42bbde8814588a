import type { Prisma } from "../db/database";
import { byLedgerId, paged, type Page, type PageQuery } from "../http/pagination";
import type { CargoPolicyRow, PolicyClaimRow } from "../indexer/projection";

const toClaim = (c: Omit<PolicyClaimRow, "status"> & { status: string }): PolicyClaimRow => ({ ...c, status: c.status as PolicyClaimRow["status"] });

/** Reads the projection of cargo policies and their claims (the indexer writes both). */
export class PolicyRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(id: bigint): Promise<CargoPolicyRow | undefined> {
    return (await this.prisma.cargoPolicyState.findUnique({ where: { id } })) ?? undefined;
  }

  async claim(id: bigint): Promise<PolicyClaimRow | undefined> {
    const c = await this.prisma.policyClaimState.findUnique({ where: { id } });
    return c ? toClaim(c) : undefined;
  }

  async claimsOf(policyIds: bigint[]): Promise<PolicyClaimRow[]> {
    return (await this.prisma.policyClaimState.findMany({ where: { policyId: { in: policyIds } }, orderBy: { id: "asc" } })).map(toClaim);
  }

  /** The receipts `account` owns, or holds in pledge as a loan's bank: the policies on them are its to see. */
  async receiptsOf(account: string): Promise<bigint[]> {
    const [owned, loans] = await Promise.all([
      this.prisma.receiptState.findMany({ where: { owner: account }, select: { id: true } }),
      this.prisma.pledgeLoanState.findMany({ where: { bank: account, status: { in: ["requested", "active", "defaulted"] } }, select: { receiptIds: true } }),
    ]);
    return [...owned.map((r) => r.id), ...loans.flatMap((l) => l.receiptIds)];
  }

  /** Newest first; those `party` underwrote or whose receipts it owns or holds in pledge when given. */
  async list(q: PageQuery, f: { party?: string }): Promise<Page<CargoPolicyRow>> {
    const receipts = f.party ? await this.receiptsOf(f.party) : [];
    return paged(q, byLedgerId<CargoPolicyRow>(), (after, take) =>
      this.prisma.cargoPolicyState.findMany({
        where: {
          AND: [
            f.party ? { OR: [{ insurer: f.party }, { receiptId: { in: receipts } }] } : {},
            after === undefined ? {} : { id: { lt: after } },
          ],
        },
        orderBy: { id: "desc" },
        take,
      }),
    );
  }
}
