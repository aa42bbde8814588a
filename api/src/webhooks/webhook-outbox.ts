/**
 * The transactional outbox: for each ledger event an organisation is party to, one delivery row per enabled
 * endpoint of that organisation that wants the event's type, written in the indexer's transaction. So a delivery
 * exists exactly when the events it reports are in the projection: none is lost, and none is sent for a batch
 * that rolled back. The sender (webhook-sender.ts) reads the rows afterwards.
 *
 * Facts that never reach the ledger (a bank's quote, a holder's acceptance) are queued the same way by whoever
 * records them, in the transaction that records them: a quote rolled back sends nothing.
 */
import { randomUUID } from "node:crypto";
import type { LedgerEvent } from "../../../chain/events";
import type { CommitListener, Tx } from "../indexer/indexer.repository";
import type { ProjectionState } from "../indexer/projection-state";
import { webhookEventsOf, type WebhookEvent, type WebhookEventType } from "./webhook-events";

/** Due at once: a new delivery waits for no clock, whatever business time the sender runs on. */
export const DUE_NOW = new Date(0);

/** An off-ledger fact one organisation hears of. */
export interface OffLedgerEvent {
  organisationId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/** Queues an off-ledger event in the caller's transaction. */
export interface OffLedgerOutbox {
  queue(tx: Tx, event: OffLedgerEvent): Promise<void>;
}

export class WebhookOutbox implements CommitListener, OffLedgerOutbox {
  async committing(tx: Tx, events: readonly LedgerEvent[], state: ProjectionState): Promise<void> {
    const found = events.flatMap((e) => webhookEventsOf(e, state));
    if (!found.length) return;
    const orgs = await tx.organisation.findMany({ where: { account: { in: [...new Set(found.map((w) => w.account))] } }, select: { id: true, account: true } });
    if (!orgs.length) return;
    const orgOf = new Map(orgs.map((o) => [o.account, o.id]));
    const endpoints = await tx.webhookEndpoint.findMany({ where: { organisationId: { in: orgs.map((o) => o.id) }, enabled: true } });
    const rows = found.flatMap((w) => {
      const orgId = orgOf.get(w.account);
      return endpoints
        .filter((ep) => ep.organisationId === orgId && ep.events.includes(w.type))
        .map((ep) => {
          const id = randomUUID();
          return { id, organisationId: ep.organisationId, endpointId: ep.id, eventType: w.type, body: bodyOf(id, w), blockNumber: w.blockNumber, logIndex: w.logIndex, nextAttemptAt: DUE_NOW };
        });
    });
    if (rows.length) await tx.webhookDelivery.createMany({ data: rows });
  }

  async queue(tx: Tx, e: OffLedgerEvent): Promise<void> {
    const endpoints = await tx.webhookEndpoint.findMany({ where: { organisationId: e.organisationId, enabled: true, events: { has: e.type } }, select: { id: true } });
    const rows = endpoints.map((ep) => {
      const id = randomUUID();
      const body = JSON.stringify({ id, type: e.type, data: e.data });
      return { id, organisationId: e.organisationId, endpointId: ep.id, eventType: e.type, body, nextAttemptAt: DUE_NOW };
    });
    if (rows.length) await tx.webhookDelivery.createMany({ data: rows });
  }
}

/** The Standard Webhooks payload, `type` and `data`; the delivery id, also sent as `webhook-id`, names the message. */
function bodyOf(id: string, w: WebhookEvent): string {
  return JSON.stringify({ id, type: w.type, data: { ...w.data, blockNumber: w.blockNumber, logIndex: w.logIndex } });
}
