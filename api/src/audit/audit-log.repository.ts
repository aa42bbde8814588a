/**
 * The audit log: every accepted mutation, append-only, each entry hashed together with the previous entry's
 * hash. Changing, removing or reordering any entry breaks every hash after it, which `verify` finds. The head
 * hash is anchored on the ledger from time to time, so that rewriting the whole log is caught too.
 * `prevHash` is unique in the table, so two writers can never fork the chain: the second insert fails and
 * retries on the new head.
 */
import type { Prisma } from "../db/database";
import { isUniqueViolation } from "../db/unique";
import { digestOf } from "../http/digest";
import type { AuditPort, AuditRecord } from "../http/route";

export const GENESIS = "0".repeat(64);

export interface AuditEntryView {
  seq: bigint;
  at: Date;
  actorUserId: string | null;
  organisationId: string | null;
  action: string;
  requestDigest: string;
  result: string;
  txHash: string | null;
  prevHash: string;
  hash: string;
  anchoredTx: string | null;
}

type Hashed = Omit<AuditEntryView, "seq" | "hash" | "anchoredTx">;

/** The hash of an entry: over everything it records and the previous hash; never over its position or anchor. */
export function entryHash(e: Hashed): string {
  return digestOf({
      at: e.at.toISOString(),
      actorUserId: e.actorUserId,
      organisationId: e.organisationId,
      action: e.action,
      requestDigest: e.requestDigest,
      result: e.result,
      txHash: e.txHash,
      prevHash: e.prevHash,
  });
}

export interface Verification {
  entries: number;
  valid: boolean;
  head: string;
  /** The first entry whose hash or link is wrong. */
  brokenAt?: { seq: string; reason: string };
}

export class AuditLogRepository implements AuditPort {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly prisma: Prisma) {}

  /** Appends are serialised in this process; the unique prevHash guards against other processes. */
  append(record: AuditRecord): Promise<void> {
    const run = this.tail.then(() => this.appendOnce(record));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendOnce(record: AuditRecord, attempt = 0): Promise<void> {
    const prevHash = await this.head();
    const entry: Hashed = {
      at: new Date(),
      actorUserId: record.actor?.userId ?? null,
      organisationId: record.actor?.org.id ?? null,
      action: record.actor?.kind === "api-key" ? `${record.action} (api key ${record.actor.principalId})` : record.action,
      requestDigest: record.requestDigest,
      result: record.result,
      txHash: record.txHash ?? null,
      prevHash,
    };
    try {
      await this.prisma.auditEntry.create({ data: { ...entry, hash: entryHash(entry) } });
    } catch (e) {
      if (isUniqueViolation(e) && attempt < 5) return this.appendOnce(record, attempt + 1);
      throw e;
    }
  }

  async head(): Promise<string> {
    const last = await this.prisma.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
    return last?.hash ?? GENESIS;
  }

  async page(opts: { after?: bigint; limit: number; organisationId?: string }): Promise<AuditEntryView[]> {
    return this.prisma.auditEntry.findMany({
      where: { ...(opts.after !== undefined ? { seq: { gt: opts.after } } : {}), ...(opts.organisationId ? { organisationId: opts.organisationId } : {}) },
      orderBy: { seq: "asc" },
      take: opts.limit,
    });
  }

  /** Walks the whole chain from the genesis, recomputing every hash. */
  async verify(): Promise<Verification> {
    let prev = GENESIS;
    let entries = 0;
    let after: bigint | undefined;
    for (;;) {
      const batch = await this.page({ after, limit: 1000 });
      for (const e of batch) {
        entries += 1;
        if (e.prevHash !== prev) return { entries, valid: false, head: prev, brokenAt: { seq: e.seq.toString(), reason: "does not link to the entry before it" } };
        if (entryHash(e) !== e.hash) return { entries, valid: false, head: prev, brokenAt: { seq: e.seq.toString(), reason: "its contents do not match its hash" } };
        prev = e.hash;
      }
      if (batch.length < 1000) return { entries, valid: true, head: prev };
      after = batch[batch.length - 1]!.seq;
    }
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
