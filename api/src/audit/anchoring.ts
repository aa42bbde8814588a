/**
 * Anchors the audit log on the ledger: the newest entry's hash and the log's length, in an AuditLogAnchored event
 * sent by the platform's operator account. Once anchored, rewriting any entry up to it — even recomputing every
 * later hash — no longer matches the ledger, which `verify` checks.
 *
 * The job does not write an audit entry of its own: that entry would be a new unanchored head, and the next run
 * would anchor again forever. The anchor is recorded on the entry it anchors (`anchoredTx`) and on the ledger.
 */
import type { Account, Ledger } from "../../../chain/ledger";
import type { AuditLogRepository } from "./audit-log.repository";

/** The job runs every this many background-job intervals: ten minutes at the default one-second interval. */
export const ANCHOR_EVERY_JOB_INTERVALS = 600;

export interface Anchored {
  seq: bigint;
  hash: string;
  entries: number;
  txHash: string;
  blockNumber: number;
}

export class AuditAnchoring {
  constructor(
    private readonly audit: AuditLogRepository,
    private readonly ledger: Ledger,
    private readonly operator: Account,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  /**
   * Anchors the current head unless it already is. The caller (a PeriodicJob) serialises runs, so one head is
   * anchored once per process.
   */
  async anchor(): Promise<Anchored | undefined> {
    const head = await this.audit.unanchoredHead();
    if (!head) return undefined;
    const entries = await this.audit.countUpTo(head.seq);
    const receipt = await this.ledger.participants.anchorAuditLog(this.operator, `0x${head.hash}`, BigInt(entries));
    // Marked only once the anchor is confirmed and indexed, so that verify never looks for an anchor it cannot see
    // yet. A crash in between leaves the head unmarked; the next run anchors it again, which is harmless.
    await this.afterLedgerWrite(receipt.blockNumber);
    await this.audit.markAnchored(head.seq, receipt.txHash);
    return { seq: head.seq, hash: head.hash, entries, txHash: receipt.txHash, blockNumber: receipt.blockNumber };
  }
}
