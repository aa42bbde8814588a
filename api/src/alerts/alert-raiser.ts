/**
 * Runs the rules on each batch the indexer commits, in its transaction: an alert exists exactly when the events
 * that raised it are in the projection, and a replayed batch raises nothing twice. A rule that fires again on a
 * subject whose alert of that rule is not yet resolved adds nothing: the open alert already says it.
 */
import type { LedgerEvent } from "../../../chain/events";
import type { CommitListener, Tx } from "../indexer/indexer.repository";
import { raiseUnlessOpen } from "./alert.repository";
import { BATCH_RULES, EVENT_RULES } from "./alert-rules";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "./alert-thresholds";

export class AlertRaiser implements CommitListener {
  constructor(
    /** The ledger's time, which stamps each alert. */
    private readonly now: () => Date,
    private readonly thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS,
  ) {}

  async committing(tx: Tx, events: readonly LedgerEvent[]): Promise<void> {
    for (const e of events) {
      for (const rule of EVENT_RULES) {
        // Two events of one batch on the same subject raise one alert: the second sees the first's row.
        const draft = await rule(tx, e, this.thresholds);
        if (draft) await raiseUnlessOpen(tx, draft, this.now());
      }
    }
    for (const rule of BATCH_RULES) for (const draft of await rule(tx, events, this.thresholds)) await raiseUnlessOpen(tx, draft, this.now());
  }
}
