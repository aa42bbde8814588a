/** Alerts on Prisma: lists newest first, and the lifecycle's moves made only from the states they start from. */
import type { Prisma } from "../db/database";
import type { Tx } from "../indexer/indexer.repository";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";
import { jsonRows, utc } from "../db/json-rows";
import { Prisma as Sql } from "../generated/prisma/client";
import type { AlertDraft, AlertRule, AlertSeverity, AlertStatus } from "./alert-draft";

export interface UnfundedMaturity {
  debtor: string;
  maturity: Date;
  outstanding: bigint;
  escrowed: bigint;
  holders: string[];
}

/**
 * Stores each draft unless an alert of its rule on its subject is open or acknowledged (that one already says it),
 * or an earlier draft of the list has the same rule and subject. Returns how many it stored. Two statements
 * however many drafts: the indexer raises a whole batch's findings at once. In the indexer's transaction (`db` a
 * Tx) or on its own (the daily sweep).
 */
export async function raiseUnlessOpen(db: Prisma | Tx, drafts: readonly AlertDraft[], at: Date): Promise<number> {
  const fresh = new Map<string, AlertDraft>();
  for (const d of drafts) if (!fresh.has(`${d.rule} ${d.subject}`)) fresh.set(`${d.rule} ${d.subject}`, d);
  if (!fresh.size) return 0;
  const byRule = new Map<string, string[]>();
  for (const d of fresh.values()) byRule.set(d.rule, [...(byRule.get(d.rule) ?? []), d.subject]);
  const open = await db.alert.findMany({
    where: { status: { not: "resolved" }, OR: [...byRule].map(([rule, subjects]) => ({ rule, subject: { in: subjects } })) },
    select: { rule: true, subject: true },
  });
  for (const o of open) fresh.delete(`${o.rule} ${o.subject}`);
  if (!fresh.size) return 0;
  return (await db.alert.createMany({ data: [...fresh.values()].map((d) => ({ ...d, createdAt: at })) })).count;
}

/** An unresolved alert naming a receipt: what makes the receipt at risk. */
export interface OpenAlert {
  id: string;
  rule: string;
}

/** The rules whose alerts name receipts (facts.receipts, comma-separated ids): the IoT rules. */
export const RECEIPT_RULES: readonly AlertRule[] = ["weight-shortfall", "door-opened-without-delivery", "climate-out-of-range", "device-silent"];

/**
 * The unresolved alerts naming each of `receiptIds`, oldest first. Derived from the alerts every time: a receipt is
 * at risk exactly while one of them is unresolved, and resolving it is all it takes to clear the receipt. One
 * statement for a whole page of receipts.
 */
export async function openOnReceipts(db: Prisma, receiptIds: readonly bigint[]): Promise<Map<bigint, OpenAlert[]>> {
  const found = new Map<bigint, OpenAlert[]>();
  if (!receiptIds.length) return found;
  const rows = await db.$queryRaw<{ receipt: string; id: string; rule: string }[]>`
    SELECT n."receipt", a."id"::text AS "id", a."rule"
      FROM "Alert" a CROSS JOIN LATERAL unnest(string_to_array(a."facts"->>'receipts', ',')) AS n("receipt")
     WHERE a."rule" = ANY(${[...RECEIPT_RULES]}::text[]) AND a."status" <> 'resolved'
       AND n."receipt" = ANY(${receiptIds.map(String)}::text[])
     ORDER BY a."createdAt", a."id"`;
  for (const r of rows) {
    const id = BigInt(r.receipt);
    found.set(id, [...(found.get(id) ?? []), { id: r.id, rule: r.rule }]);
  }
  return found;
}

export interface AlertRow {
  id: string;
  rule: string;
  severity: string;
  status: string;
  subject: string;
  accounts: string[];
  facts: unknown;
  blockNumber: number | null;
  logIndex: number | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgeNote: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolveNote: string | null;
}

export interface AlertFilter {
  /** Only alerts these parties are party to; every alert when undefined. */
  account?: string | undefined;
  status?: AlertStatus | undefined;
  rule?: AlertRule | undefined;
  severity?: AlertSeverity | undefined;
}

export class AlertRepository {
  constructor(private readonly prisma: Prisma) {}

  async raise(draft: AlertDraft, at: Date): Promise<boolean> {
    return (await raiseUnlessOpen(this.prisma, [draft], at)) === 1;
  }

  /** Stores those of `drafts` not already said by an unresolved alert; how many it stored. */
  raiseAll(drafts: readonly AlertDraft[], at: Date): Promise<number> {
    return raiseUnlessOpen(this.prisma, drafts, at);
  }

  /**
   * Maturities after `from` and up to `until` still owed more than is escrowed for them, with who holds them: one
   * query however many maturities are due, the holders gathered by the (debtor, maturity) index.
   */
  async unfundedMaturities(from: Date, until: Date): Promise<UnfundedMaturity[]> {
    const rows = await jsonRows<{ debtor: string; maturity: string; outstanding: string; escrowed: string; holders: string[] }>(
      this.prisma,
      Sql.sql`SELECT s."debtor", s."maturity", s."outstanding"::text AS "outstanding", s."escrowed"::text AS "escrowed",
                     coalesce(array_agg(DISTINCT v."owner") FILTER (WHERE v."owner" IS NOT NULL), '{}') AS "holders",
                     row_number() OVER (ORDER BY s."maturity", s."debtor") AS "_n"
                FROM "SlotState" s
                LEFT JOIN "VoucherState" v ON v."debtor" = s."debtor" AND v."maturity" = s."maturity" AND v."value" > 0
               WHERE s."maturity" > ${from} AND s."maturity" <= ${until} AND NOT s."overdue" AND s."outstanding" > s."escrowed"
               GROUP BY s."debtor", s."maturity", s."outstanding", s."escrowed"`,
    );
    return rows.map((r) => ({ debtor: r.debtor, maturity: utc(r.maturity), outstanding: BigInt(r.outstanding), escrowed: BigInt(r.escrowed), holders: r.holders }));
  }

  /** Records a refused reuse of an invoice and returns how many `orgId` made since `since`, this one included. */
  async reuseAttempt(a: { orgId: string; invoiceKey: string; code: string }, at: Date, since: Date): Promise<number> {
    await this.prisma.invoiceReuseAttempt.create({ data: { ...a, createdAt: at } });
    return this.prisma.invoiceReuseAttempt.count({ where: { orgId: a.orgId, createdAt: { gt: since } } });
  }

  list(f: AlertFilter, q: PageQuery): Promise<Page<AlertRow>> {
    return paged(q, newestFirst, (after, take) =>
      this.prisma.alert.findMany({
        where: {
          AND: [f.account ? { accounts: { has: f.account } } : {}, { status: f.status, rule: f.rule, severity: f.severity }, olderThan(after)],
        },
        orderBy: NEWEST_FIRST,
        take,
      }),
    );
  }

  find(id: string): Promise<AlertRow | null> {
    return this.prisma.alert.findUnique({ where: { id } });
  }

  /** Acknowledges an open alert; false when it was not open. */
  async acknowledge(id: string, by: string, note: string | undefined, at: Date): Promise<boolean> {
    const { count } = await this.prisma.alert.updateMany({
      where: { id, status: "open" },
      data: { status: "acknowledged", acknowledgedAt: at, acknowledgedBy: by, acknowledgeNote: note ?? null },
    });
    return count === 1;
  }

  /** Resolves an alert not yet resolved, lifting the holds it explains; false when it already was. */
  async resolve(id: string, by: string, note: string, at: Date): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.alert.updateMany({
        where: { id, status: { not: "resolved" } },
        data: { status: "resolved", resolvedAt: at, resolvedBy: by, resolveNote: note },
      });
      if (count === 1) await tx.voucherHold.updateMany({ where: { alertId: id, clearedAt: null }, data: { clearedAt: at, clearedBy: by } });
      return count === 1;
    });
  }
}
