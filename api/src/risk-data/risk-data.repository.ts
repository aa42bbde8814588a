/** Consents and risk queries on Prisma: the platform's records beside the ledger's (ConsentGranted, RiskQueried). */
import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";

export interface ConsentRow {
  id: string;
  subjectOrgId: string;
  bankOrgId: string;
  until: Date;
  grantedBy: string;
  txHash: string;
  createdAt: Date;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  withdrawTxHash: string | null;
}

export interface QueryRow {
  id: string;
  bankOrgId: string;
  subjectOrgId: string;
  queriedBy: string;
  profile: unknown;
  digest: string;
  fee: bigint;
  txHash: string;
  blockNumber: number;
  createdAt: Date;
}

/** Rows `orgId` is party to, as subject or bank; every row when undefined (the regulator, the operator). */
const partyTo = (orgId: string | undefined) => (orgId ? { OR: [{ subjectOrgId: orgId }, { bankOrgId: orgId }] } : {});

export class RiskDataRepository {
  constructor(private readonly prisma: Prisma) {}

  /**
   * Records a grant. The ledger keeps one consent per subject and bank, so a grant replaces the consent in force:
   * that one is closed with the same transaction.
   */
  async grant(row: Omit<ConsentRow, "id" | "createdAt" | "withdrawnAt" | "withdrawnBy" | "withdrawTxHash">, at: Date): Promise<ConsentRow> {
    return this.prisma.$transaction(async (tx) => {
      await tx.riskConsent.updateMany({
        where: { subjectOrgId: row.subjectOrgId, bankOrgId: row.bankOrgId, withdrawnAt: null, until: { gt: at } },
        data: { withdrawnAt: at, withdrawnBy: row.grantedBy, withdrawTxHash: row.txHash },
      });
      return tx.riskConsent.create({ data: { ...row, createdAt: at } });
    });
  }

  findConsent(id: string): Promise<ConsentRow | null> {
    return this.prisma.riskConsent.findUnique({ where: { id } });
  }

  async withdraw(id: string, by: string, txHash: string, at: Date): Promise<ConsentRow> {
    return this.prisma.riskConsent.update({ where: { id }, data: { withdrawnAt: at, withdrawnBy: by, withdrawTxHash: txHash } });
  }

  consents(orgId: string | undefined, q: PageQuery): Promise<Page<ConsentRow>> {
    return paged(q, newestFirst, (after, take) => this.prisma.riskConsent.findMany({ where: { AND: [partyTo(orgId), olderThan(after)] }, orderBy: NEWEST_FIRST, take }));
  }

  recordQuery(row: Omit<QueryRow, "id" | "createdAt">, at: Date): Promise<QueryRow> {
    return this.prisma.riskQuery.create({ data: { ...row, profile: row.profile as object, createdAt: at } });
  }

  queries(orgId: string | undefined, q: PageQuery): Promise<Page<QueryRow>> {
    return paged(q, newestFirst, (after, take) => this.prisma.riskQuery.findMany({ where: { AND: [partyTo(orgId), olderThan(after)] }, orderBy: NEWEST_FIRST, take }));
  }
}
