/**
 * The settlement history (SettlementRun rows) is written from the ledger's own events, not from what a caller
 * believes it did: a run is recorded even when the process died between the transaction and the insert, or when
 * someone funded or redeemed outside the API. Each row's id is derived from its transaction and slot, so the
 * same event recorded twice, by two passes or two processes, stays one row.
 */
import { createHash } from "node:crypto";
import type { HistoryPort } from "../../../chain/ledger";
import { mustExist } from "../must-exist";
import type { RunRow, SettlementEventRow, SettlementRepository, SlotKey } from "./settlement.repository";
import { slotId } from "./settlement.repository";

export type RunKind = "funded" | "redeemed" | "overdue";
/** A run to record; it is dated by its block's ledger time, so the history reads in the ledger's order and clock. */
export type NewRun = Omit<RunRow, "id" | "createdAt" | "kind"> & { kind: RunKind; blockNumber: number };

const PAGE = 2000;

/** A UUID-shaped digest of what the run records. */
export function runId(r: { kind: RunKind; txHash: string } & SlotKey): string {
  const h = createHash("sha256").update(`${r.kind}|${r.txHash}|${r.debtor}|${r.maturity.toISOString()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class RunRecorder {
  /** Events at or below this block are recorded. In memory: after a restart the first catch-up reads them all again, harmlessly. */
  private recordedUpTo = -1;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repo: SettlementRepository,
    private readonly history: HistoryPort,
  ) {}

  async record(runs: NewRun[]): Promise<void> {
    const withIds = runs.map((r) => ({ ...r, id: runId(r) }));
    // After a restart the whole history is read again; only what is missing costs a block look-up.
    const known = await this.repo.existingRunIds(withIds.map((r) => r.id));
    const missing = withIds.filter((r) => !known.has(r.id));
    const times = new Map<number, Date>();
    for (const n of new Set(missing.map((r) => r.blockNumber))) times.set(n, (await this.history.block(n)).timestamp);
    await this.repo.recordRuns(missing.map(({ blockNumber, ...r }) => ({ ...r, createdAt: mustExist(times.get(blockNumber), `block ${blockNumber}'s time`) })));
  }

  /** Records every settlement event the projection holds that is not recorded yet. Serialised. */
  catchUp(): Promise<void> {
    const run = this.running.then(() => this.catchUpOnce());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async catchUpOnce(): Promise<void> {
    for (;;) {
      const events = await this.repo.settlementEvents(this.recordedUpTo, PAGE);
      if (events.length === 0) return;
      const full = events.length === PAGE;
      const last = events[events.length - 1].blockNumber;
      // Never stop inside a block: a full page is cut back to the blocks it holds whole, or, when it is all
      // one crowded block, that block is read whole.
      let batch = full ? events.filter((e) => e.blockNumber < last) : events;
      if (batch.length === 0) batch = await this.repo.settlementEvents(this.recordedUpTo, undefined, last);
      await this.record(await this.runsFrom(batch));
      this.recordedUpTo = batch[batch.length - 1].blockNumber;
      if (!full) return;
    }
  }

  private async runsFrom(events: SettlementEventRow[]): Promise<NewRun[]> {
    const runs: NewRun[] = [];
    const redeemed = events.filter((e) => e.name === "VoucherRedeemed");
    const slots = await this.repo.slotsOfVouchers(redeemed.map((e) => BigInt(e.args.id)));
    const batches = new Map<string, NewRun>();
    for (const e of events) {
      if (e.name === "SlotFundedBy" || e.name === "SlotOverdue") {
        const amount = BigInt(e.name === "SlotFundedBy" ? e.args.amount : e.args.shortfall);
        const kind = e.name === "SlotFundedBy" ? "funded" : "overdue";
        runs.push({ kind, debtor: e.args.debtor, maturity: new Date(e.args.maturity), vouchers: 0, amount, txHash: e.txHash, blockNumber: e.blockNumber });
        continue;
      }
      const slot = slots.get(BigInt(e.args.id));
      if (!slot) continue;
      // One transaction may redeem vouchers of several slots; each slot gets its own run.
      const key = `${e.txHash}|${slotId(slot)}`;
      const run = batches.get(key) ?? { kind: "redeemed", ...slot, vouchers: 0, amount: 0n, txHash: e.txHash, blockNumber: e.blockNumber };
      run.vouchers += 1;
      run.amount += BigInt(e.args.value);
      batches.set(key, run);
    }
    return [...runs, ...batches.values()];
  }
}
