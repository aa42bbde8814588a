/** HTTP for webhooks: an organisation's admin manages its endpoints and reads and replays its deliveries. */
import { z } from "zod";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { page, uuid } from "../http/schemas";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events";
import type { DeliveryRow, EndpointRow } from "./webhook.repository";
import type { WebhookService } from "./webhook.service";

const endpoint = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  createdAt: z.string(),
});
const endpointJson = (e: EndpointRow) => ({ id: e.id, url: e.url, events: e.events, enabled: e.enabled, createdAt: e.createdAt.toISOString() });

const delivery = z.object({
  id: z.string().meta({ description: "Also the message's `webhook-id`: the same on every attempt, so a receiver can drop repeats" }),
  endpointId: z.string(),
  eventType: z.enum(WEBHOOK_EVENT_TYPES),
  body: z.string().meta({ description: "The exact JSON body sent and signed" }),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable().meta({ description: "When a pending delivery is tried next (null when it is not pending)" }),
  lastStatus: z.number().int().nullable().meta({ description: "The HTTP status of the last attempt, if one answered" }),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
const deliveryJson = (d: DeliveryRow) => ({
  id: d.id,
  endpointId: d.endpointId,
  eventType: d.eventType,
  body: d.body,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

const idParam = z.strictObject({ id: uuid });
const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(2000).meta({ description: "An http or https URL" });

export function webhookRoutes(guard: Guard, webhooks: WebhookService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/orgs/:id/webhooks",
        summary: "Register a webhook endpoint for ledger events the organisation is party to; its signing secret is shown once (its admin)",
        description:
          "Deliveries follow Standard Webhooks: `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 under the " +
          "secret's bytes, after `whsec_`, of `<id>.<timestamp>.<body>`). A delivery not answered 2xx is retried after 1, 3, 9 … minutes, " +
          "eight attempts over about eighteen hours, then marked failed. The URL must be https to a host that is, and resolves to, public " +
          "addresses: loopback, private, link-local, unspecified and cloud-metadata targets are refused with 400 WEBHOOK_URL_FORBIDDEN, and " +
          "checked again at every delivery on the addresses connected to (unless the operator set SCF_WEBHOOK_ALLOW_PRIVATE=1).",
        tags: ["webhooks"],
        auth: true,
        roles: ["admin"],
        params: idParam,
        body: z.strictObject({ url: httpUrl, events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length) }),
        responses: { 201: { description: "The endpoint, with its signing secret", schema: endpoint.extend({ secret: z.string() }) } },
      },
      async ({ actor, params, body }) => {
        const e = await webhooks.register(actor, params.id, body);
        return { ...endpointJson(e), secret: e.secret };
      },
    )
    .add(
      {
        method: "get",
        path: "/orgs/:id/webhooks",
        summary: "The organisation's webhook endpoints, without their secrets (its admin)",
        tags: ["webhooks"],
        auth: true,
        roles: ["admin"],
        params: idParam,
        query: page,
        responses: { 200: { description: "A page of endpoints, newest first", schema: pageSchema(endpoint) } },
      },
      async ({ actor, params, query }) => mapPage(await webhooks.endpoints(actor, params.id, query), endpointJson),
    )
    .add(
      {
        method: "post",
        path: "/orgs/:id/webhooks/:endpointId/disable",
        summary: "Disable a webhook endpoint: nothing more is queued or sent to it (its admin)",
        tags: ["webhooks"],
        auth: true,
        roles: ["admin"],
        params: z.strictObject({ id: uuid, endpointId: uuid }),
        responses: { 200: { description: "The disabled endpoint", schema: endpoint } },
      },
      async ({ actor, params }) => endpointJson(await webhooks.disable(actor, params.id, params.endpointId)),
    )
    .add(
      {
        method: "get",
        path: "/orgs/:id/webhook-deliveries",
        summary: "The delivery log: every webhook queued for the organisation, with its last attempt (its admin)",
        tags: ["webhooks"],
        auth: true,
        roles: ["admin"],
        params: idParam,
        query: page.extend({ endpointId: uuid.optional() }),
        responses: { 200: { description: "A page of deliveries, newest first", schema: pageSchema(delivery) } },
      },
      async ({ actor, params, query }) => mapPage(await webhooks.deliveries(actor, params.id, query), deliveryJson),
    )
    .add(
      {
        method: "post",
        path: "/orgs/:id/webhook-deliveries/:deliveryId/replay",
        summary: "Queue a delivery again, with a fresh retry schedule, whatever became of it (its admin)",
        tags: ["webhooks"],
        auth: true,
        roles: ["admin"],
        params: z.strictObject({ id: uuid, deliveryId: uuid }),
        responses: { 202: { description: "The delivery, pending", schema: delivery } },
      },
      async ({ actor, params }) => deliveryJson(await webhooks.replay(actor, params.id, params.deliveryId)),
    );
}
