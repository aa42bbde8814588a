/**
 * Writes, in the indexer's transaction, one notification per webhook event an organisation is party to: the same
 * derivation as the webhook outbox (webhookEventsOf), so the console and an ERP hear of the same changes. Unlike
 * the outbox it needs no endpoint: every organisation on the platform gets its notifications. Events of accounts
 * that are not an organisation here (system accounts) are dropped.
 */
import type { LedgerEvent } from "../../../chain/events";
import type { CommitListener, Tx } from "../indexer/indexer.repository";
import type { ProjectionState } from "../indexer/projection-state";
import { webhookEventsOf } from "../webhooks/webhook-events";

export class NotificationInbox implements CommitListener {
  async committing(tx: Tx, events: readonly LedgerEvent[], state: ProjectionState): Promise<void> {
    const found = events.flatMap((e) => webhookEventsOf(e, state));
    if (!found.length) return;
    const orgs = await tx.organisation.findMany({ where: { account: { in: [...new Set(found.map((w) => w.account))] } }, select: { id: true, account: true } });
    const orgOf = new Map(orgs.map((o) => [o.account, o.id]));
    const rows = found.flatMap((w) => {
      const organisationId = orgOf.get(w.account);
      return organisationId ? [{ organisationId, type: w.type, data: w.data as Record<string, string>, blockNumber: w.blockNumber, logIndex: w.logIndex }] : [];
    });
    // A batch is applied once (the indexer's checkpoint moves in the same transaction); skipping duplicates keeps a
    // replayed batch harmless all the same.
    if (rows.length) await tx.notification.createMany({ data: rows, skipDuplicates: true });
  }
}
