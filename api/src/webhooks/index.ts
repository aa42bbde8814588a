/**
 * Signed webhooks for ERPs: endpoints and the delivery log over HTTP, and the job that sends what the indexer's
 * outbox (webhook-outbox.ts, wired into the indexer by platform.ts) queued.
 */
import { guardDatabase } from "../db/unavailable";
import { moduleJob, type DomainModule, type DomainModuleFactory } from "../domain/module";
import type { PeriodicJob } from "../jobs/periodic-job";
import { webhookRoutes } from "./webhook.routes";
import { WebhookRepository } from "./webhook.repository";
import { WebhookSender, type SendResult } from "./webhook-sender";
import { WebhookService } from "./webhook.service";
import { WebhookTargets } from "./webhook-target";

export interface WebhooksModule extends DomainModule {
  /** Sends due deliveries; tests call `sender.sendDue(at)` with a moved clock. */
  sender: WebhookSender;
  sending: PeriodicJob<SendResult>;
}

export const webhooksModule: DomainModuleFactory = (ctx): WebhooksModule => {
  const repo = new WebhookRepository(ctx.platform.db.prisma);
  const key = ctx.platform.webhookSecretKey;
  const targets = new WebhookTargets(ctx.webhookTargets);
  const sender = new WebhookSender(repo, key, ctx.clock, targets);
  // A lost database connection is a retryable warning for the job, like the other jobs' passes.
  const sending = moduleJob(ctx, "Webhook deliveries", () => guardDatabase(() => sender.sendDue()));
  return { name: "webhooks", routes: webhookRoutes(ctx.guard, new WebhookService(repo, key, ctx.clock, targets)), sender, sending, jobs: [sending] };
};
