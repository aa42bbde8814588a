/**
 * Runs the rules on each batch the indexer commits, in its transaction: an alert exists exactly when the events
 * that raised it are in the projection, and a replayed batch raises nothing twice. A rule that fires again on a
 * subject whose alert of that rule is not yet resolved adds nothing: the open alert already says it.
 */
import type { LedgerEvent } from "../../../chain/events";
import type { CommitListener, Tx } from "../indexer/indexer.repository";
import { raiseUnlessOpen } from "./alert.repository";
import type { BlockTimes } from "../indexer/indexer";
import type { ProjectionState } from "../indexer/projection-state";
import type { AlertDraft } from "./alert-draft";
import { RULES } from "./alert-rules";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "./alert-thresholds";

export class AlertRaiser implements CommitListener {
  constructor(
    /** The ledger's time, which stamps each alert. */
    private readonly now: () => Date,
    private readonly thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS,
  ) {}

  async committing(tx: Tx, events: readonly LedgerEvent[], state: ProjectionState, times: BlockTimes): Promise<void> {
    if (!events.length) return;
    const drafts: AlertDraft[] = [];
    for (const rule of RULES) drafts.push(...(await rule(tx, events, this.thresholds, state, times)));
    // Two findings of one batch on the same subject raise one alert, the first.
    await raiseUnlessOpen(tx, drafts, this.now());
  }
}
