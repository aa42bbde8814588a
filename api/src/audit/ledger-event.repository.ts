/**
 * Reads of the indexer's event log (LedgerEvent) for the regulator: filtered pages, the events around one voucher
 * lineage, and the audit log's anchors. Arguments are stored as JSON with bigints as decimal strings, so
 * `args->>'id'` compares as text with a voucher id's decimal form.
 */
import type { Prisma } from "../db/database";
import { jsonRows } from "../db/json-rows";
import { Prisma as Sql } from "../generated/prisma/client";
import { lineageOf, type VoucherRow } from "../vouchers/voucher.repository";
import { byPosition, paged, type Page, type PageQuery, type Position } from "../http/pagination";

export interface EventRow {
  blockNumber: number;
  logIndex: number;
  blockHash: string;
  txHash: string;
  contract: string;
  name: string;
  args: Record<string, unknown>;
}

export type EventPosition = Position;

export interface EventFilter {
  name?: string | undefined;
  contract?: string | undefined;
  fromBlock?: number | undefined;
  toBlock?: number | undefined;
  /** A ledger address that must appear as a value anywhere in the arguments. */
  account?: string | undefined;
}

const byEventPosition = byPosition<EventRow>((e) => ({ blockNumber: e.blockNumber, logIndex: e.logIndex }));

/** Events that name a voucher by one of the fields below; ERC-3525 value moves and slots are left out. */
const VOUCHER_EVENTS = [
  "VoucherIssued",
  "VoucherTransferred",
  "VoucherSplit",
  "VoucherFinanced",
  "VoucherLocked",
  "VoucherUnlocked",
  "VoucherRedeemed",
  "InvoiceUsed",
  "FinancingRequested",
  "FinancingExecuted",
  "Transfer",
];
const VOUCHER_FIELDS = ["id", "parentId", "tokenId", "voucherId", "pieceId"];
/** What happens to a financing request after it is made; these name only the request. */
const REQUEST_OUTCOMES = ["FinancingExecuted", "FinancingDeclined", "FinancingCancelled", "FinancingReleased"];

const COLUMNS = Sql.sql`"blockNumber", "logIndex", "blockHash", "txHash", "contract", "name", "args"`;

export const ANCHOR_EVENT = "AuditLogAnchored";

export class LedgerEventRepository {
  constructor(private readonly prisma: Prisma) {}

  /** Newest first, by position on the chain. */
  find(page: PageQuery, q: EventFilter): Promise<Page<EventRow>> {
    return paged(page, byEventPosition, (after, take) => this.select(q, after, take));
  }

  private select(q: EventFilter, before: EventPosition | undefined, take: number | undefined): Promise<EventRow[]> {
    const where: Sql.Sql[] = [];
    if (q.name) where.push(Sql.sql`"name" = ${q.name}`);
    if (q.contract) where.push(Sql.sql`"contract" = ${q.contract}`);
    if (q.fromBlock !== undefined) where.push(Sql.sql`"blockNumber" >= ${q.fromBlock}::int`);
    if (q.toBlock !== undefined) where.push(Sql.sql`"blockNumber" <= ${q.toBlock}::int`);
    if (before) where.push(Sql.sql`("blockNumber", "logIndex") < (${before.blockNumber}::int, ${before.logIndex}::int)`);
    if (q.account) {
      // Addresses are stored checksummed, and appear only as whole JSON string values: matching the quoted,
      // lower-cased address finds exactly the events that name it, under any key or nesting, in any letter case.
      where.push(Sql.sql`lower("args"::text) LIKE ${`%"${q.account.toLowerCase()}"%`}`);
    }
    const clause = where.length ? Sql.sql`WHERE ${Sql.join(where, " AND ")}` : Sql.empty;
    const limit = take === undefined ? Sql.empty : Sql.sql`LIMIT ${take}::int`;
    return this.prisma.$queryRaw<EventRow[]>`SELECT ${COLUMNS} FROM "LedgerEvent" ${clause} ORDER BY "blockNumber" DESC, "logIndex" DESC ${limit}`;
  }

  /**
   * Every event that names one of `ids` as a voucher, token, financed voucher or piece, in chain order. Each
   * (field, id) pair is a containment the GIN index on the arguments answers, and a trace of a large tree's piece
   * can name ten thousand events, so they come as one JSON text (db/json-rows.ts).
   */
  touchingVouchers(ids: readonly bigint[]): Promise<EventRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.naming(VOUCHER_EVENTS, VOUCHER_FIELDS, ids.map((id) => id.toString()));
  }

  /** What became of the financing requests `requestIds` (decimal strings). */
  requestOutcomes(requestIds: readonly string[]): Promise<EventRow[]> {
    if (requestIds.length === 0) return Promise.resolve([]);
    return this.naming(REQUEST_OUTCOMES, ["requestId"], requestIds);
  }

  /** Events of `names` whose argument `field` is one of `values`, for any of `fields`, in chain order. */
  private naming(names: readonly string[], fields: readonly string[], values: readonly string[]): Promise<EventRow[]> {
    const named = Sql.join(
      fields.flatMap((f) => values.map((v) => Sql.sql`"args" @> ${JSON.stringify({ [f]: v })}::jsonb`)),
      " OR ",
    );
    return jsonRows<EventRow>(
      this.prisma,
      Sql.sql`SELECT "blockNumber"::bigint * 4294967296 + "logIndex" AS "_n", ${COLUMNS} FROM "LedgerEvent" WHERE "name" IN (${Sql.join([...names])}) AND (${named})`,
    );
  }

  /** A page of the audit log's anchors as the indexer saw them, newest first. */
  anchors(page: PageQuery): Promise<Page<EventRow>> {
    return this.find(page, { name: ANCHOR_EVENT });
  }

  /** Every anchor the indexer saw, newest first. */
  allAnchors(): Promise<EventRow[]> {
    return this.select({ name: ANCHOR_EVENT }, undefined, undefined);
  }

  /** The audit entry each anchor transaction marked, by transaction hash. */
  async anchoredSeqs(txHashes: readonly string[]): Promise<Map<string, bigint>> {
    if (txHashes.length === 0) return new Map();
    const rows = await this.prisma.auditEntry.findMany({ where: { anchoredTx: { in: [...txHashes] } }, select: { seq: true, anchoredTx: true } });
    const seqs = new Map<string, bigint>();
    // The `in` filter leaves no null anchoredTx; the check only tells the type so.
    for (const r of rows) if (r.anchoredTx !== null) seqs.set(r.anchoredTx, r.seq);
    return seqs;
  }

  async invoiceRecords(keys: readonly string[]): Promise<Map<string, { kind: string; code: string | null; number: string }>> {
    if (keys.length === 0) return new Map();
    const rows = await this.prisma.invoiceRecord.findMany({ where: { key: { in: [...keys] } }, select: { key: true, kind: true, code: true, number: true } });
    return new Map(rows.map((r) => [r.key, { kind: r.kind, code: r.code, number: r.number }]));
  }

  /** Voucher `id` and its ancestors, root first; see lineageOf. */
  lineage(id: bigint): Promise<VoucherRow[]> {
    return lineageOf(this.prisma, id);
  }
}
