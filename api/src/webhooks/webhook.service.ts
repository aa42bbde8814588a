/**
 * An organisation's admin registers webhook endpoints, lists and disables them, reads the delivery log and
 * replays a delivery. Another organisation's endpoint or delivery is a 404, like any object one is not party to.
 */
import type { Actor } from "../auth/actor";
import type { Clock } from "../clock";
import { AppError } from "../errors";
import type { PageQuery } from "../http/pagination";
import { DUE_NOW } from "./webhook-outbox";
import type { WebhookEventType } from "./webhook-events";
import { newWebhookSecret, sealSecret } from "./webhook-secret";
import type { WebhookRepository } from "./webhook.repository";
import type { WebhookTargets } from "./webhook-target";

export interface NewEndpoint {
  url: string;
  events: WebhookEventType[];
}

export class WebhookService {
  constructor(
    private readonly repo: WebhookRepository,
    private readonly secretKey: Uint8Array,
    private readonly clock: Clock,
    private readonly targets: WebhookTargets,
  ) {}

  /** The secret is returned here only; afterwards it exists only sealed. */
  async register(actor: Actor, orgId: string, e: NewEndpoint) {
    this.ownOrg(actor, orgId);
    const refused = await this.targets.refusal(e.url);
    if (refused) throw new AppError("WEBHOOK_URL_FORBIDDEN", refused);
    const secret = newWebhookSecret();
    const row = await this.repo.createEndpoint({ organisationId: orgId, url: e.url, events: [...new Set(e.events)], sealedSecret: sealSecret(this.secretKey, secret), createdAt: this.clock.now() });
    return { ...row, secret };
  }

  endpoints(actor: Actor, orgId: string, q: PageQuery) {
    this.ownOrg(actor, orgId);
    return this.repo.endpointsOf(orgId, q);
  }

  async disable(actor: Actor, orgId: string, endpointId: string) {
    this.ownOrg(actor, orgId);
    const ep = await this.repo.endpoint(endpointId);
    if (ep?.organisationId !== orgId) throw new AppError("NOT_FOUND", "No such webhook endpoint");
    return this.repo.disable(endpointId);
  }

  deliveries(actor: Actor, orgId: string, q: PageQuery & { endpointId?: string | undefined }) {
    this.ownOrg(actor, orgId);
    return this.repo.deliveriesOf(orgId, q);
  }

  /** Sends it again from a fresh retry schedule at the sender's next pass, delivered or failed before. */
  async replay(actor: Actor, orgId: string, deliveryId: string) {
    this.ownOrg(actor, orgId);
    const d = await this.repo.delivery(deliveryId);
    if (d?.organisationId !== orgId) throw new AppError("NOT_FOUND", "No such webhook delivery");
    return this.repo.requeue(deliveryId, DUE_NOW);
  }

  private ownOrg(actor: Actor, orgId: string): void {
    if (actor.org.id !== orgId) throw new AppError("NOT_FOUND", "No such organisation");
  }
}
