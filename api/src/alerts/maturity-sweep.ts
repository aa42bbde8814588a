/**
 * The daily sweep's rule: a maturity coming due that is not fully funded. For each warning day of the thresholds
 * (7 and 1 by default) a maturity within that many days of now, still owed more than is escrowed for it, warns
 * its debtor and every holder once; the nearest day is critical. No single event raises these: time does.
 */
import { formatCstDay } from "../../../chain/cst-day";
import type { Clock } from "../clock";
import { formatYuan } from "../money";
import type { AlertRepository } from "./alert.repository";
import type { AlertThresholds } from "./alert-thresholds";

const DAY_MS = 86_400_000;

export class MaturitySweep {
  constructor(
    private readonly repo: AlertRepository,
    private readonly clock: Clock,
    private readonly thresholds: AlertThresholds,
  ) {}

  /** Raises what is due and returns how many alerts it raised. */
  async run(): Promise<number> {
    const now = this.clock.now();
    const days = [...this.thresholds.maturityUnfundedDays].sort((a, b) => a - b);
    let raised = 0;
    for (const [i, within] of days.entries()) {
      // A maturity is warned of at the nearest window it is in: one within a day is not also warned of as "7 days".
      const from = new Date(now.getTime() + (i === 0 ? 0 : days[i - 1]) * DAY_MS);
      for (const s of await this.repo.unfundedMaturities(from, new Date(now.getTime() + within * DAY_MS))) {
        const draft = {
          rule: "maturity-unfunded" as const,
          severity: i === 0 ? ("critical" as const) : ("warning" as const),
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
        };
        if (await this.repo.raise(draft, now)) raised += 1;
      }
    }
    return raised;
  }
}
