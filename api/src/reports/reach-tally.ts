/**
 * The tier-reach figures kept as a running tally of the event log. The log only grows, a block's events are
 * committed together and in block order, and a voucher's debtor never changes: so what the events up to block N
 * add to each (debtor, tier, recipient) never changes either, and a report needs only the events after the last
 * block it counted. Over 100,000 vouchers a report then reads a few rows instead of re-adding the whole log.
 */
import type { ReachRow } from "./report.repository";

export interface ReachSource {
  /** What the issue and pass-on events after `afterBlock` add, per (debtor, tier, recipient), and the last block they came from. */
  reachSince(afterBlock: number): Promise<{ rows: ReachRow[]; upTo: number | undefined }>;
}

const keyOf = (r: Pick<ReachRow, "debtor" | "tier" | "recipient">) => `${r.debtor}\u0000${r.tier}\u0000${r.recipient}`;

export class ReachTally {
  private readonly groups = new Map<string, ReachRow>();
  private upTo = -1;
  /** The catch-up under way: two reports at once must not add the same events twice. */
  private catchingUp: Promise<void> | undefined;

  constructor(private readonly source: ReachSource) {}

  /** Every (debtor, tier, recipient) of `debtors`, up to the events committed when this is called. */
  async reach(debtors: readonly string[]): Promise<ReachRow[]> {
    await this.catchUp();
    const wanted = new Set(debtors);
    return [...this.groups.values()].filter((g) => wanted.has(g.debtor)).map((g) => ({ ...g }));
  }

  private catchUp(): Promise<void> {
    // Whoever comes while a catch-up runs waits for it and then takes its own turn, which sees what it missed.
    const turn = (this.catchingUp ?? Promise.resolve()).then(() => this.addNew());
    this.catchingUp = turn.catch(() => undefined);
    return turn;
  }

  private async addNew(): Promise<void> {
    const { rows, upTo } = await this.source.reachSince(this.upTo);
    for (const r of rows) {
      const g = this.groups.get(keyOf(r));
      if (g) {
        g.amount += r.amount;
        g.pieces += r.pieces;
      } else this.groups.set(keyOf(r), { ...r });
    }
    if (upTo !== undefined) this.upTo = upTo;
  }
}
