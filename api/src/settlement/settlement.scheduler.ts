/**
 * Automatic 清分: each pass pays every live voucher of every funded slot whose maturity has come, in batches,
 * and flags unfunded slots whose grace period has run out. A pass keeps no state of its own: it reads what to do
 * from the projection, synced to the ledger's head first, so a pass after a crash (or after another process's
 * pass) simply finds less to do. Passes in this process never overlap (they run as one PeriodicJob); across
 * processes the ledger itself refuses a second redemption of a voucher, and a batch that loses such a race is
 * retried voucher by voucher.
 */
import { ChainError } from "../../../chain/errors";
import type { Account, Ledger } from "../../../chain/ledger";
import { LEDGER_LIMITS } from "../../../chain/limits";
import type { Clock } from "../clock";
import type { RunRecorder } from "./run-recorder";
import type { SettlementRepository, SlotKey, SlotRow, VoucherRow } from "./settlement.repository";

/** The ledger's largest batch. */
export const REDEEM_BATCH = LEDGER_LIMITS.maxRedeemBatch;

export type SkipReason = "frozen" | "suspended" | "inactive" | "locked";

export interface PassReport {
  ledgerTime: Date;
  redeemed: (SlotKey & { voucherIds: bigint[]; amount: bigint; txHash: string })[];
  /** Expired financing requests released because their lock kept a matured voucher from being paid. */
  released: (SlotKey & { requestId: bigint; voucherId: bigint; txHash: string })[];
  skipped: (SlotKey & { voucherId: bigint; holder: string; reason: SkipReason })[];
  overdue: (SlotKey & { txHash: string })[];
  failed: (SlotKey & { voucherId?: bigint; requestId?: bigint; code: string })[];
}

/** The ledger said no: the same transaction would fail again, so the pass records it and moves on. */
const isRefusal = (e: unknown): e is ChainError => e instanceof ChainError && !e.retryable;

export class SettlementScheduler {
  constructor(
    private readonly repo: SettlementRepository,
    private readonly runs: RunRecorder,
    private readonly ledger: Ledger,
    /** The platform's operator account, which sends the redemptions anyone may send. */
    private readonly operator: Account,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  /** One pass; the caller (a PeriodicJob) makes sure passes never overlap. */
  async pass(): Promise<PassReport> {
    const ledger = this.ledger;
    await this.afterLedgerWrite((await ledger.history.confirmedHead()).number);
    const now = this.clock.now();
    const report: PassReport = { ledgerTime: now, redeemed: [], released: [], skipped: [], overdue: [], failed: [] };
    for (const slot of await this.repo.dueFundedSlots(now)) await this.settleSlot(slot, now, report);
    const grace = await ledger.settlement.gracePeriod();
    for (const slot of await this.repo.unflaggedLateSlots(new Date(now.getTime() - grace * 1000))) await this.flagOverdue(slot, report);
    await this.runs.catchUp();
    return report;
  }

  private async settleSlot(slot: SlotRow, now: Date, report: PassReport): Promise<void> {
    let live = await this.repo.liveVouchersOf(slot);
    if (await this.releaseExpiredLocks(slot, live, now, report)) live = await this.repo.liveVouchersOf(slot);
    const holders = await this.repo.holderStates([...new Set(live.map((v) => v.owner))]);
    const payable: VoucherRow[] = [];
    for (const v of live) {
      const h = holders.get(v.owner);
      // The ledger refuses to pay a frozen or suspended holder, and one such voucher would sink its whole batch.
      const reason: SkipReason | undefined = !h ? "inactive" : h.frozen ? "frozen" : h.suspended ? "suspended" : v.locked > 0n ? "locked" : undefined;
      if (reason) report.skipped.push({ debtor: slot.debtor, maturity: slot.maturity, voucherId: v.id, holder: v.owner, reason });
      else payable.push(v);
    }
    for (let i = 0; i < payable.length; i += REDEEM_BATCH) await this.redeem(slot, payable.slice(i, i + REDEEM_BATCH), report);
  }

  /**
   * A financing request's deadline is before maturity, so a request still pending at maturity has expired; its
   * lock would keep the voucher from being paid. Anyone may release an expired request.
   */
  private async releaseExpiredLocks(slot: SlotRow, live: VoucherRow[], now: Date, report: PassReport): Promise<boolean> {
    const locked = live.filter((v) => v.locked > 0n).map((v) => v.id);
    if (locked.length === 0) return false;
    let released = false;
    for (const { id: requestId, voucherId } of await this.repo.expiredRequestsOn(locked, now)) {
      try {
        const r = await this.ledger.financing.release(this.operator, requestId);
        await this.afterLedgerWrite(r.blockNumber);
        report.released.push({ debtor: slot.debtor, maturity: slot.maturity, requestId, voucherId, txHash: r.txHash });
        released = true;
      } catch (e) {
        if (!isRefusal(e)) throw e;
        report.failed.push({ debtor: slot.debtor, maturity: slot.maturity, requestId, code: e.code });
      }
    }
    return released;
  }

  private async redeem(slot: SlotRow, batch: VoucherRow[], report: PassReport): Promise<void> {
    const ids = batch.map((v) => v.id);
    try {
      const r = await this.ledger.settlement.redeemBatch(this.operator, ids);
      await this.afterLedgerWrite(r.blockNumber);
      report.redeemed.push({ debtor: slot.debtor, maturity: slot.maturity, voucherIds: ids, amount: batch.reduce((s, v) => s + v.value, 0n), txHash: r.txHash });
    } catch (e) {
      if (!isRefusal(e)) throw e;
      if (batch.length === 1) {
        report.failed.push({ debtor: slot.debtor, maturity: slot.maturity, voucherId: ids[0], code: e.code });
        return;
      }
      // A batch is all or nothing: one voucher the projection did not yet know to be unpayable must not hold up the rest.
      for (const v of batch) await this.redeem(slot, [v], report);
    }
  }

  private async flagOverdue(slot: SlotRow, report: PassReport): Promise<void> {
    try {
      const r = await this.ledger.settlement.flagOverdue(this.operator, slot.debtor, slot.maturity);
      await this.afterLedgerWrite(r.blockNumber);
      report.overdue.push({ debtor: slot.debtor, maturity: slot.maturity, txHash: r.txHash });
    } catch (e) {
      if (!isRefusal(e)) throw e;
      // Flagged meanwhile by someone else, or funded at the last moment: nothing to record.
      if (e.code !== "SETTLEMENT_NOT_OVERDUE") report.failed.push({ debtor: slot.debtor, maturity: slot.maturity, code: e.code });
    }
  }
}
