/**
 * The audit log: every accepted mutation, append-only, each entry hashed together with the previous entry's
 * hash. Changing, removing or reordering any entry breaks every hash after it, which `verify` finds. The head
 * hash is anchored on the ledger from time to time, so that rewriting the whole log is caught too.
 * `prevHash` is unique in the table, so two writers can never fork the chain: the second insert fails and
 * retries on the new head.
 */
import type { Clock } from "../clock";
import type { Prisma } from "../db/database";
import { isUniqueViolation } from "../db/unique";
import { digestOf } from "../http/digest";
import { bigintKey, paged, type Keyset, type Page, type PageQuery } from "../http/pagination";
import type { AuditPort, AuditRecord } from "../http/route";

export const GENESIS = "0".repeat(64);

/** By sequence number: `<seq>`. */
const bySeq: Keyset<{ seq: bigint }, bigint> = {
  keyOf: (e) => e.seq,
  write: (seq) => seq.toString(),
  read: bigintKey,
};

export interface AuditEntryView {
  seq: bigint;
  at: Date;
  actorUserId: string | null;
  organisationId: string | null;
  action: string;
  requestDigest: string;
  /** How `requestDigest` was made and the hash computed: see DIGEST_VERSION. */
  digestVersion: number;
  result: string;
  txHash: string | null;
  prevHash: string;
  hash: string;
  anchoredTx: string | null;
}

/**
 * Entries written now: the request digest is keyed and redacted (RequestDigester) and the version is inside the
 * hash. Version 0 entries were written before: a plain SHA-256 of the whole request, and a hash without the
 * version. They keep both, since rewriting them would break the chain and the ledger's anchors; verify checks
 * each entry by the rule it was written under, and a version changed after the fact breaks its hash.
 */
export const DIGEST_VERSION = 1;

type Hashed = Omit<AuditEntryView, "seq" | "hash" | "anchoredTx">;

/**
 * The hash of an entry: over everything it records and the previous hash; never over its position or anchor.
 * Plain SHA-256, so that anyone holding the log can check the chain without the deployment's key: what it covers
 * is already keyed and free of secrets.
 */
export function entryHash(e: Hashed): string {
  const fields = {
    at: e.at.toISOString(),
    actorUserId: e.actorUserId,
    organisationId: e.organisationId,
    action: e.action,
    requestDigest: e.requestDigest,
    result: e.result,
    txHash: e.txHash,
    prevHash: e.prevHash,
  };
  return digestOf(e.digestVersion === 0 ? fields : { ...fields, digestVersion: e.digestVersion });
}

export interface Verification {
  entries: number;
  valid: boolean;
  head: string;
  /** The first entry whose hash, link or anchor is wrong; `seq` null when entries the ledger anchored are missing at the end. */
  brokenAt?: { seq: string | null; reason: string };
  /** How many of the given ledger anchors were found at their position and matched. */
  anchorsMatched: number;
}

/** The audit log's head as recorded on the ledger by an AuditLogAnchored event. */
export interface LedgerAnchor {
  txHash: string;
  blockNumber: number;
  /** The anchored entry's hash (0x-prefixed or not). */
  head: string;
  /** The log's length, counting from the first entry, up to and including the anchored one. */
  entries: bigint;
}

const bare = (hash: string) => hash.toLowerCase().replace(/^0x/, "");

interface Queued {
  record: AuditRecord;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Most entries written by one INSERT. */
const GROUP = 200;

/**
 * The group's entries, and the Idempotency-Key claims their requests answer marked done, in one statement: one
 * round trip instead of one per request, and a key is never done without its entry or the other way round. The
 * entries are inserted in the order `i` gives, so that they take their sequence numbers in chain order.
 */
const APPEND = `
  WITH entries AS (
    INSERT INTO "AuditEntry" ("at", "actorUserId", "organisationId", "action", "requestDigest", "digestVersion", "result", "txHash", "prevHash", "hash")
    SELECT "at", "actorUserId", "organisationId", "action", "requestDigest", "digestVersion", "result", "txHash", "prevHash", "hash"
    FROM jsonb_to_recordset($1::jsonb) AS r("i" integer, "at" timestamp(3), "actorUserId" uuid, "organisationId" uuid, "action" text,
      "requestDigest" text, "digestVersion" integer, "result" text, "txHash" text, "prevHash" text, "hash" text)
    ORDER BY "i"
  )
  UPDATE "IdempotencyKey" AS k SET "status" = 'done', "responseStatus" = c."status", "responseBody" = c."body"
  FROM jsonb_to_recordset($2::jsonb) AS c("principal" text, "key" text, "status" integer, "body" jsonb)
  WHERE k."principal" = c."principal" AND k."key" = c."key"`;

/** Prisma keeps DateTime as UTC in timestamp(3): an ISO string without the zone lands the same way. */
const entryJson = (e: Hashed & { hash: string }, i: number) => ({ ...e, i, at: e.at.toISOString().replace("Z", "") });

const completionJson = (r: AuditRecord) =>
  r.completes ? [{ principal: r.completes.principal, key: r.completes.key, status: r.completes.response.status, body: r.completes.response.body ?? null }] : [];

export class AuditLogRepository implements AuditPort {
  private readonly queue: Queued[] = [];
  private flushing = false;
  /** The hash of the newest entry this process wrote; re-read whenever a write fails. */
  private lastHash: string | undefined;

  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends are serialised in this process and committed in groups: while one INSERT runs, the requests that
   * finish meanwhile queue up and go into the next one, chained in the order they arrived. The unique prevHash
   * guards against other processes: a write that lost the race re-reads the head and chains again.
   */
  append(record: AuditRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, GROUP);
        try {
          await this.write(group.map((q) => q.record));
          for (const q of group) q.resolve();
        } catch (e) {
          for (const q of group) q.reject(e);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async write(records: AuditRecord[], attempt = 0): Promise<void> {
    let prevHash = this.lastHash ?? (await this.head());
    const at = this.clock.now();
    const rows = records.map((record) => {
      const entry: Hashed = {
        at,
        actorUserId: record.actor?.userId ?? null,
        organisationId: record.actor?.org.id ?? null,
        action: record.actor?.kind === "api-key" ? `${record.action} (api key ${record.actor.principalId})` : record.action,
        requestDigest: record.requestDigest,
        digestVersion: DIGEST_VERSION,
        result: record.result,
        txHash: record.txHash ?? null,
        prevHash,
      };
      const hash = entryHash(entry);
      prevHash = hash;
      return { ...entry, hash };
    });
    try {
      await this.prisma.$executeRawUnsafe(APPEND, JSON.stringify(rows.map(entryJson)), JSON.stringify(records.flatMap(completionJson)));
      this.lastHash = prevHash;
    } catch (e) {
      this.lastHash = undefined;
      if (isUniqueViolation(e) && attempt < 5) return this.write(records, attempt + 1);
      throw e;
    }
  }

  async head(): Promise<string> {
    const last = await this.prisma.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
    return last?.hash ?? GENESIS;
  }

  /** Newest first, by sequence number. */
  list(q: PageQuery & { organisationId?: string | undefined }): Promise<Page<AuditEntryView>> {
    return paged(q, bySeq, (after, take) =>
      this.prisma.auditEntry.findMany({
        where: { ...(after !== undefined ? { seq: { lt: after } } : {}), ...(q.organisationId ? { organisationId: q.organisationId } : {}) },
        orderBy: { seq: "desc" },
        take,
      }),
    );
  }

  /** Oldest first, as the hash chain runs. */
  private async page(opts: { after?: bigint; limit: number; organisationId?: string }): Promise<AuditEntryView[]> {
    return this.prisma.auditEntry.findMany({
      where: { ...(opts.after !== undefined ? { seq: { gt: opts.after } } : {}), ...(opts.organisationId ? { organisationId: opts.organisationId } : {}) },
      orderBy: { seq: "asc" },
      take: opts.limit,
    });
  }

  /**
   * Walks the whole chain from the genesis, recomputing every hash. With the ledger's anchors, also checks that the
   * entry at each anchored length has the anchored hash (a log rewritten consistently from some entry on still
   * fails there) and that every entry marked anchored names an anchor transaction that recorded its hash.
   */
  async verify(anchors?: readonly LedgerAnchor[]): Promise<Verification> {
    const byLength = new Map<bigint, LedgerAnchor[]>();
    for (const a of anchors ?? []) byLength.set(a.entries, [...(byLength.get(a.entries) ?? []), a]);
    const byTx = new Map((anchors ?? []).map((a) => [a.txHash.toLowerCase(), a]));
    let prev = GENESIS;
    let entries = 0;
    let matched = 0;
    let after: bigint | undefined;
    const broken = (e: AuditEntryView, reason: string): Verification => ({
      entries,
      valid: false,
      head: prev,
      brokenAt: { seq: e.seq.toString(), reason },
      anchorsMatched: matched,
    });
    for (;;) {
      const batch = await this.page({ after, limit: 1000 });
      for (const e of batch) {
        entries += 1;
        if (e.prevHash !== prev) return broken(e, "does not link to the entry before it");
        if (entryHash(e) !== e.hash) return broken(e, "its contents do not match its hash");
        for (const a of byLength.get(BigInt(entries)) ?? []) {
          if (bare(a.head) !== e.hash) {
            return broken(e, `the ledger anchored a different hash at this length (transaction ${a.txHash}): this entry or one before it was rewritten`);
          }
          matched += 1;
        }
        if (anchors && e.anchoredTx) {
          const a = byTx.get(e.anchoredTx.toLowerCase());
          if (!a) return broken(e, `its anchor transaction ${e.anchoredTx} recorded nothing on the ledger`);
          if (bare(a.head) !== e.hash || a.entries !== BigInt(entries)) {
            return broken(e, `its anchor transaction ${e.anchoredTx} recorded another hash or length`);
          }
        }
        prev = e.hash;
      }
      if (batch.length < 1000) break;
      after = batch[batch.length - 1].seq;
    }
    const longest = (anchors ?? []).reduce((m, a) => (a.entries > m ? a.entries : m), 0n);
    if (longest > BigInt(entries)) {
      return {
        entries,
        valid: false,
        head: prev,
        brokenAt: { seq: null, reason: `the ledger anchored ${longest} entries but the log has ${entries}: entries were removed` },
        anchorsMatched: matched,
      };
    }
    return { entries, valid: true, head: prev, anchorsMatched: matched };
  }

  /** How many entries the log holds up to and including `seq` (sequence numbers may skip). */
  countUpTo(seq: bigint): Promise<number> {
    return this.prisma.auditEntry.count({ where: { seq: { lte: seq } } });
  }

  /** The newest entry not yet anchored on the ledger, if any. */
  async unanchoredHead(): Promise<{ seq: bigint; hash: string } | undefined> {
    const last = await this.prisma.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true, anchoredTx: true } });
    return last && !last.anchoredTx ? { seq: last.seq, hash: last.hash } : undefined;
  }

  async markAnchored(seq: bigint, txHash: string): Promise<void> {
    await this.prisma.auditEntry.update({ where: { seq }, data: { anchoredTx: txHash } });
  }
}
