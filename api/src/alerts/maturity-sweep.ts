/**
 * The daily sweep's rule: a maturity coming due that is not fully funded. For each warning day of the thresholds
 * (7 and 1 by default) a maturity within that many days of now, still owed more than is escrowed for it, warns
 * its debtor and every holder once; the nearest day is critical. No single event raises these: time does.
 */
import { formatCstDay } from "../../../chain/cst-day";
import type { Clock } from "../clock";
import { formatYuan } from "../money";
import type { AlertDraft } from "./alert-draft";
import type { AlertRepository } from "./alert.repository";
import type { AlertThresholds } from "./alert-thresholds";

const DAY_MS = 86_400_000;

export class MaturitySweep {
  constructor(
    private readonly repo: AlertRepository,
    private readonly clock: Clock,
    private readonly thresholds: AlertThresholds,
  ) {}

  /**
   * Raises what is due and returns how many alerts it raised. This rule is raised by the sweep alone, which runs in
   * the one process that leads the jobs, so the maturities already warned of are read once, not asked one by one.
   */
  async run(): Promise<number> {
    const now = this.clock.now();
    const days = [...this.thresholds.maturityUnfundedDays].sort((a, b) => a - b);
    const drafts: AlertDraft[] = [];
    for (const [i, within] of days.entries()) {
      // A maturity is warned of at the nearest window it is in: one within a day is not also warned of as "7 days".
      const from = new Date(now.getTime() + (i === 0 ? 0 : days[i - 1]) * DAY_MS);
      for (const s of await this.repo.unfundedMaturities(from, new Date(now.getTime() + within * DAY_MS))) {
        drafts.push({
          rule: "maturity-unfunded",
          severity: i === 0 ? "critical" : "warning",
          subject: `${s.debtor}@${s.maturity.getTime() / 1000}:${within}d`,
          accounts: [...new Set([s.debtor, ...s.holders])],
          facts: {
            debtorAccount: s.debtor,
            maturity: formatCstDay(s.maturity),
            withinDays: String(within),
            outstanding: formatYuan(s.outstanding),
            escrowed: formatYuan(s.escrowed),
            shortfall: formatYuan(s.outstanding - s.escrowed),
          },
          blockNumber: null,
          logIndex: null,
        });
      }
    }
    return this.repo.raiseAll(drafts, now);
  }
}
