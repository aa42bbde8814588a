/**
 * The regulator's audit: the ledger's events, a voucher's trace to its original confirmation, the projection
 * reconciled with the chain, and the API's own hash-chained log checked against the anchors on the ledger.
 */
import type { Ledger } from "../../../chain/ledger";
import { seesEverything, type Actor } from "../auth/actor";
import type { Clock } from "../clock";
import { AppError } from "../errors";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import { reconcile, type Difference, type ProjectionReader } from "../indexer/reconcile";
import type { OrganisationRepository, OrganisationView } from "../organisations/organisation.repository";
import type { AuditEntryView, AuditLogRepository, LedgerAnchor, Verification } from "./audit-log.repository";
import { ANCHOR_EVENT, type EventFilter, type EventRow, type LedgerEventRepository } from "./ledger-event.repository";

export type Origin = "issued" | "transferred" | "split" | "financed";
type VoucherRow = Awaited<ReturnType<LedgerEventRepository["lineage"]>>[number];

export interface TraceStep {
  voucher: VoucherRow;
  origin: Origin | undefined;
  created: EventRow | undefined;
  holders: { account: string; since: EventRow }[];
  invoices: { key: string; amount: bigint; record: { kind: string; code: string | null; number: string } | undefined }[];
  events: EventRow[];
}

/** A voucher's lineage, root first, with the organisations behind the accounts it names. */
export interface Trace {
  lineage: TraceStep[];
  orgs: ReadonlyMap<string, OrganisationView>;
}

export interface Reconciliation {
  checkedAtBlock: number;
  checkedAt: Date;
  differences: Difference[];
  /** The chain kept moving during every attempt: some differences may be writes the projection had not reached. */
  chainMoving: boolean;
}

/** Attempts at a reconciliation against a still chain before reporting what the last one found. */
const RECONCILE_ATTEMPTS = 3;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** A field every event of `e`'s kind has; the event log stores it as a string, so anything else is a corrupt log. */
const field = (e: EventRow, name: string): string => {
  const v = str(e.args[name]);
  if (v === undefined) throw new Error(`${e.name} at block ${e.blockNumber}, log ${e.logIndex} has no ${name} in the event log`);
  return v;
};

export class AuditService {
  constructor(
    private readonly events: LedgerEventRepository,
    private readonly auditLog: AuditLogRepository,
    /** The projection as reconciliation reads it. */
    private readonly projection: ProjectionReader,
    /** Brings the projection up to the chain's head. */
    private readonly indexer: { catchUp(): Promise<{ head: number }> },
    private readonly ledger: Ledger,
    private readonly clock: Clock,
    private readonly orgs: OrganisationRepository,
  ) {}

  listEvents(q: PageQuery & EventFilter): Promise<Page<EventRow>> {
    if (q.fromBlock !== undefined && q.toBlock !== undefined && q.fromBlock > q.toBlock) {
      throw new AppError("VALIDATION_FAILED", "query blockFrom: must not be after blockTo");
    }
    const { cursor, limit, ...filter } = q;
    return this.events.find({ cursor, limit }, filter);
  }

  /** The voucher's trace with the organisations of every holder and of the debtor. */
  async trace(id: bigint): Promise<Trace> {
    const lineage = await this.lineage(id);
    const accounts = new Set<string>();
    for (const s of lineage) {
      accounts.add(s.voucher.owner).add(s.voucher.debtor);
      for (const h of s.holders) accounts.add(h.account);
    }
    return { lineage, orgs: await this.orgs.byAccounts([...accounts]) };
  }

  /** The voucher and each ancestor up to its root, root first, with how each came to be and what happened to it. */
  private async lineage(id: bigint): Promise<TraceStep[]> {
    const lineage = await this.events.lineage(id);
    if (lineage.length === 0) throw new AppError("NOT_FOUND", "No such voucher");
    if (lineage[0].parent !== 0n) throw new Error(`Voucher ${lineage[0].parent}, an ancestor of ${id}, is missing from the projection`);
    const ids = new Set(lineage.map((v) => v.id.toString()));
    const touching = await this.events.touchingVouchers(lineage.map((v) => v.id));
    const requestVoucher = new Map(
      touching.filter((e) => e.name === "FinancingRequested").map((e) => [field(e, "requestId"), field(e, "voucherId")]),
    );
    const outcomes = await this.events.requestOutcomes([...requestVoucher.keys()]);
    // An execution names both the request and the piece, so both queries may return it: one per chain position.
    const byPosition = new Map([...touching, ...outcomes].map((e) => [`${e.blockNumber}:${e.logIndex}`, e]));
    const all = [...byPosition.values()].sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);

    const subjects = (e: EventRow): string[] => {
      const named = ["id", "parentId", "tokenId", "voucherId", "pieceId"].map((f) => str(e.args[f]));
      const viaRequest = requestVoucher.get(str(e.args.requestId) ?? "");
      return [...new Set([...named, viaRequest].filter((x): x is string => x !== undefined && ids.has(x)))];
    };
    const invoiceKeys = all.filter((e) => e.name === "InvoiceUsed").map((e) => field(e, "key"));
    const records = await this.events.invoiceRecords(invoiceKeys);

    // Each event's subjects once, not once per step: a large tree's root alone may name ten thousand.
    const byVoucher = new Map<string, EventRow[]>([...ids].map((id) => [id, []]));
    for (const e of all) for (const id of subjects(e)) byVoucher.get(id)?.push(e);
    return lineage.map((voucher) => {
      const me = voucher.id.toString();
      const mine = byVoucher.get(me) ?? [];
      const created = mine.find((e) => createdBy(e, me));
      return {
        voucher,
        created,
        origin: created ? originOf(created) : undefined,
        holders: mine.filter((e) => e.name === "Transfer" && str(e.args.tokenId) === me).map((e) => ({ account: field(e, "to"), since: e })),
        invoices: mine
          .filter((e) => e.name === "InvoiceUsed" && str(e.args.voucherId) === me)
          .map((e) => ({ key: field(e, "key"), amount: BigInt(field(e, "amount")), record: records.get(field(e, "key")) })),
        // Ownership is shown as holders; the ERC-721 Transfer events behind it would only repeat it.
        events: mine.filter((e) => e.name !== "Transfer"),
      };
    });
  }

  /**
   * The indexer caught up, then every projected row compared with the chain. Writes landing meanwhile show up as
   * differences that are not errors, so the check is repeated while the chain moved under it.
   */
  async reconciliation(): Promise<Reconciliation> {
    for (let attempt = 1; ; attempt++) {
      const { head } = await this.indexer.catchUp();
      const differences = await reconcile(this.ledger, this.projection);
      const after = (await this.ledger.history.confirmedHead()).number;
      if (differences.length === 0 || after === head || attempt === RECONCILE_ATTEMPTS) {
        return { checkedAtBlock: head, checkedAt: this.clock.now(), differences, chainMoving: differences.length > 0 && after !== head };
      }
    }
  }

  /** The operator and the regulator read the whole log; an organisation's admin reads its own organisation's entries. */
  log(actor: Actor, q: PageQuery & { organisationId?: string | undefined }): Promise<Page<AuditEntryView>> {
    if (seesEverything(actor)) return this.auditLog.list(q);
    if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only the operator, the regulator or an organisation's admin may read the audit log");
    if (q.organisationId !== undefined && q.organisationId !== actor.org.id) return Promise.resolve({ items: [], nextCursor: null });
    return this.auditLog.list({ ...q, organisationId: actor.org.id });
  }

  /**
   * The audit log's anchors, read from the chain itself: the event log says in which blocks to look, the chain
   * says what is there, so a database rewritten together with its copy of the events is still caught.
   */
  async ledgerAnchors(): Promise<LedgerAnchor[]> {
    await this.indexer.catchUp();
    // Oldest first, in the order the log grew.
    const blocks = [...new Set((await this.events.allAnchors()).map((e) => e.blockNumber))].reverse();
    const out: LedgerAnchor[] = [];
    for (let i = 0; i < blocks.length; i += 16) {
      const chunk = await Promise.all(blocks.slice(i, i + 16).map((b) => this.ledger.history.events(b, b)));
      for (const e of chunk.flat()) {
        if (e.name !== ANCHOR_EVENT) continue;
        const { head, entries } = e.args;
        out.push({ txHash: e.txHash, blockNumber: e.blockNumber, head, entries });
      }
    }
    return out;
  }

  async verify(): Promise<Verification & { anchorsOnLedger: number; latestAnchor: LedgerAnchor | undefined }> {
    const anchors = await this.ledgerAnchors();
    const v = await this.auditLog.verify(anchors);
    const latestAnchor = anchors.reduce<LedgerAnchor | undefined>((m, a) => (!m || a.entries > m.entries ? a : m), undefined);
    return { ...v, anchorsOnLedger: anchors.length, latestAnchor };
  }

  async anchors(q: PageQuery): Promise<Page<{ event: EventRow; seq: bigint | undefined }>> {
    return mapPageAsync(await this.events.anchors(q), async (rows) => {
      const seqs = await this.events.anchoredSeqs(rows.map((r) => r.txHash));
      return rows.map((event) => ({ event, seq: seqs.get(event.txHash) }));
    });
  }
}

/** Whether `e` is the event that brought voucher `id` into being. */
function createdBy(e: EventRow, id: string): boolean {
  if (str(e.args.id) !== id) return false;
  if (e.name === "VoucherIssued" || e.name === "VoucherTransferred" || e.name === "VoucherSplit") return true;
  // Financing the whole voucher hands over the token itself (id = parentId): nothing new is created.
  return e.name === "VoucherFinanced" && str(e.args.parentId) !== id;
}

function originOf(e: EventRow): Origin {
  switch (e.name) {
    case "VoucherIssued":
      return "issued";
    case "VoucherTransferred":
      return "transferred";
    case "VoucherSplit":
      return "split";
    default:
      return "financed";
  }
}
