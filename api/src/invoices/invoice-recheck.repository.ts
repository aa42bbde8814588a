/**
 * What the daily re-check reads and writes, on Prisma: the invoices used on the ledger that are due for a check,
 * and, when the tax bureau has reversed one, the invoice's new status, the holds on the vouchers it backs and the
 * alert that explains them, all in one transaction.
 */
import type { Prisma } from "../db/database";
import { Prisma as Sql } from "../generated/prisma/client";
import { raiseUnlessOpen } from "../alerts/alert.repository";
import type { AlertDraft } from "../alerts/alert-draft";

export interface DueInvoice {
  id: string;
  key: string;
  code: string | null;
  number: string;
  issueDate: Date;
  amount: bigint;
  sellerOrgId: string;
  buyerOrgId: string;
}

export class InvoiceRecheckRepository {
  constructor(private readonly prisma: Prisma) {}

  /**
   * Confirmed invoices that back value on the ledger, not found reversed yet and not asked since `since`, oldest
   * check first; at most `limit`.
   */
  async due(since: Date, limit: number): Promise<DueInvoice[]> {
    // One join, not the list of every used key: a ledger with a hundred thousand used invoices asks the same.
    return this.prisma.$queryRaw<DueInvoice[]>(Sql.sql`
      SELECT r."id"::text AS "id", r."key", r."code", r."number", r."issueDate", r."amount", r."sellerOrgId"::text AS "sellerOrgId", r."buyerOrgId"::text AS "buyerOrgId"
        FROM "InvoiceRecord" r JOIN "InvoiceState" s ON s."key" = r."key" AND s."used" > 0
       WHERE r."status" = 'confirmed' AND (r."taxStatus" IS NULL OR r."taxStatus" = 'valid')
         AND (r."checkedAt" IS NULL OR r."checkedAt" < ${since})
       ORDER BY r."checkedAt" ASC NULLS FIRST, r."id" ASC
       LIMIT ${limit}`);
  }

  /** Asked today; `valid` records the tax bureau's word, anything else leaves the last word as it was. */
  async markChecked(id: string, at: Date, valid: boolean): Promise<void> {
    await this.prisma.invoiceRecord.update({ where: { id }, data: { checkedAt: at, ...(valid ? { taxStatus: "valid" } : {}) } });
  }

  /** The vouchers minted with this invoice (an issue's voucher, a pass's new piece), from the ledger's events. */
  async vouchersBackedBy(key: string): Promise<bigint[]> {
    const events = await this.prisma.ledgerEvent.findMany({ where: { name: "InvoiceUsed", args: { path: ["key"], equals: key } }, select: { args: true } });
    return [...new Set(events.map((e) => BigInt((e.args as { voucherId: string }).voucherId)))];
  }

  /** The current holders of these vouchers and of every piece split or passed from them, with value left. */
  async holdersBelow(ids: bigint[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.prisma.$queryRaw<{ owner: string }[]>`
      WITH RECURSIVE below(id, owner, value) AS (
        SELECT id, owner, value FROM "VoucherState" WHERE id = ANY(${ids})
        UNION ALL
        SELECT v.id, v.owner, v.value FROM "VoucherState" v JOIN below b ON v.parent = b.id
      )
      SELECT DISTINCT owner FROM below WHERE value > 0`;
    return rows.map((r) => r.owner);
  }

  /** The tax bureau reversed the invoice: record it, hold the vouchers it backs, raise the alert; one transaction. */
  async recordReversal(invoiceId: string, outcome: "void" | "red-flushed", vouchers: bigint[], alert: AlertDraft, at: Date): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.invoiceRecord.update({ where: { id: invoiceId }, data: { taxStatus: outcome, checkedAt: at } });
      await raiseUnlessOpen(tx, [alert], at);
      const raised = await tx.alert.findFirstOrThrow({ where: { rule: alert.rule, subject: alert.subject, status: { not: "resolved" } }, select: { id: true } });
      await tx.voucherHold.createMany({ data: vouchers.map((voucherId) => ({ voucherId, invoiceId, alertId: raised.id, createdAt: at })), skipDuplicates: true });
    });
  }
}
