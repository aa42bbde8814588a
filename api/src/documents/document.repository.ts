/** Documents on Prisma: metadata, the sealed content, and the salted commitment the ledger holds. */
import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";

export const DOCUMENT_KINDS = ["invoice-image", "contract", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentRow {
  id: string;
  orgId: string;
  kind: string;
  name: string;
  mediaType: string;
  size: number;
  sealed: string;
  salt: string;
  commitment: string;
  invoiceId: string | null;
  uploadedBy: string;
  txHash: string;
  blockNumber: number;
  createdAt: Date;
}

/** Everything but the sealed content, which is read only to open it. */
export type DocumentMeta = Omit<DocumentRow, "sealed">;
const META = { sealed: false } as const;

export class DocumentRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(row: Omit<DocumentRow, "id" | "createdAt">, at: Date): Promise<DocumentMeta> {
    return this.prisma.document.create({ data: { ...row, createdAt: at }, omit: META });
  }

  find(id: string): Promise<DocumentMeta | null> {
    return this.prisma.document.findUnique({ where: { id }, omit: META });
  }

  async sealed(id: string): Promise<string> {
    return (await this.prisma.document.findUniqueOrThrow({ where: { id }, select: { sealed: true } })).sealed;
  }

  /** Newest first: `orgId`'s, or everyone's when undefined (the regulator). */
  list(orgId: string | undefined, q: PageQuery): Promise<Page<DocumentMeta>> {
    return paged(q, newestFirst, (after, take) => this.prisma.document.findMany({ where: { AND: [orgId ? { orgId } : {}, olderThan(after)] }, orderBy: NEWEST_FIRST, omit: META, take }));
  }

  /** The owner (lower-case) of each of `commitments` the indexed ledger shows committed (DocumentCommitted). */
  async indexedOwners(commitments: string[]): Promise<Map<string, string>> {
    if (!commitments.length) return new Map();
    const rows = await this.prisma.$queryRaw<{ commitment: string; owner: string }[]>`
      SELECT lower(args->>'commitment') AS commitment, lower(args->>'owner') AS owner
        FROM "LedgerEvent" WHERE name = 'DocumentCommitted' AND lower(args->>'commitment') = ANY(${commitments.map((c) => c.toLowerCase())}::text[])`;
    return new Map(rows.map((r) => [r.commitment, r.owner]));
  }

  /** The invoice, if `orgId` is its seller or buyer. */
  invoiceOf(orgId: string, invoiceId: string) {
    return this.prisma.invoiceRecord.findFirst({ where: { id: invoiceId, OR: [{ sellerOrgId: orgId }, { buyerOrgId: orgId }] }, select: { id: true } });
  }
}
