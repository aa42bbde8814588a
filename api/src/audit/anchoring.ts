/**
 * Anchors the audit log on the ledger: the newest entry's hash and the log's length, in an AuditLogAnchored event
 * sent by the platform's operator account. Once anchored, rewriting any entry up to it — even recomputing every
 * later hash — no longer matches the ledger, which `verify` checks.
 *
 * The job does not write an audit entry of its own: that entry would be a new unanchored head, and the next run
 * would anchor again forever. The anchor is recorded on the entry it anchors (`anchoredTx`) and on the ledger.
 */
import type { DomainContext } from "../domain/module";

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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: DomainContext,
    private readonly intervalMs = ctx.jobIntervalMs * ANCHOR_EVERY_JOB_INTERVALS,
  ) {}

  /** Anchors the current head unless it already is. Runs are serialised, so one head is anchored once per process. */
  anchorNow(): Promise<Anchored | undefined> {
    const run = this.running.then(() => this.anchorOnce());
    this.running = run.catch(() => undefined);
    return run;
  }

  start(): void {
    if (this.timer) return;
    const tick = async () => {
      try {
        await this.anchorNow();
      } catch (e) {
        // The chain or the database is away; the head stays unanchored and the next run tries again.
        this.ctx.log.warn(`Audit anchoring: ${(e as Error).message}`);
      }
      if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async anchorOnce(): Promise<Anchored | undefined> {
    const { audit, platform } = this.ctx;
    const head = await audit.unanchoredHead();
    if (!head) return undefined;
    const entries = await audit.countUpTo(head.seq);
    const receipt = await platform.ledger.participants.anchorAuditLog(platform.accounts.operator, `0x${head.hash}`, BigInt(entries));
    // Marked only once the anchor is confirmed and indexed, so that verify never looks for an anchor it cannot see
    // yet. A crash in between leaves the head unmarked; the next run anchors it again, which is harmless.
    await this.ctx.afterLedgerWrite(receipt.blockNumber);
    await audit.markAnchored(head.seq, receipt.txHash);
    return { seq: head.seq, hash: head.hash, entries, txHash: receipt.txHash, blockNumber: receipt.blockNumber };
  }
}
