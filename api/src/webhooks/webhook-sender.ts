/**
 * Sends due deliveries, signed per Standard Webhooks, and reschedules the ones that fail. A 2xx answer within the
 * timeout is delivered; anything else (another status, a refused connection, no answer in time) is retried after
 * a delay that triples each time, from one minute to about twelve hours: eight attempts over about eighteen
 * hours, after which the delivery is failed and waits for a replay. Time is the injected clock's, never a sleep.
 */
import type { Clock } from "../clock";
import type { Attempt, DueDelivery, WebhookRepository } from "./webhook.repository";
import { postWebhook, WebhookTargetRefused } from "./webhook-post";
import { openSecret, signWebhook } from "./webhook-secret";
import type { WebhookTargets } from "./webhook-target";

/** Seconds to wait after the n-th failed attempt (n from 1); after the last, the delivery fails. */
export const RETRY_DELAYS_S: readonly number[] = [60, 180, 540, 1620, 4860, 14_580, 43_740];

export interface SenderOptions {
  /** How long one attempt may take before it counts as failed. */
  timeoutMs: number;
  /** Most deliveries attempted per pass, at once. */
  batch: number;
}

export interface SendResult {
  delivered: number;
  retrying: number;
  failed: number;
}

export class WebhookSender {
  constructor(
    private readonly repo: WebhookRepository,
    private readonly secretKey: Uint8Array,
    private readonly clock: Clock,
    /** Where deliveries may go, checked again at every attempt on the addresses connected to. */
    private readonly targets: WebhookTargets,
    private readonly options: SenderOptions = { timeoutMs: 10_000, batch: 50 },
  ) {}

  /** One pass: attempts every delivery due at `now` (the clock's now by default). */
  async sendDue(now: Date = this.clock.now()): Promise<SendResult> {
    // The lease outlasts an attempt, so a delivery is never sent twice at once, however many senders run.
    const due = await this.repo.claimDue(now, this.options.batch, new Date(now.getTime() + 2 * this.options.timeoutMs));
    const attempts = await Promise.all(
      due.map(async (d) => {
        const a = await this.attempt(d, now);
        await this.repo.record(d.id, a);
        return a.status;
      }),
    );
    const result: SendResult = { delivered: 0, retrying: 0, failed: 0 };
    for (const status of attempts) result[status === "pending" ? "retrying" : status] += 1;
    return result;
  }

  private async attempt(d: DueDelivery, now: Date): Promise<Attempt> {
    const attempts = d.attempts + 1;
    const timestamp = Math.floor(now.getTime() / 1000);
    let lastStatus: number | null = null;
    let lastError: string | null = null;
    try {
      const headers = {
        "content-type": "application/json",
        "webhook-id": d.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signWebhook(openSecret(this.secretKey, d.endpoint.sealedSecret), d.id, timestamp, d.body),
      };
      lastStatus = await postWebhook(this.targets, d.endpoint.url, headers, d.body, this.options.timeoutMs);
      if (lastStatus >= 200 && lastStatus < 300) return { status: "delivered", attempts, nextAttemptAt: d.nextAttemptAt, lastStatus, lastError, deliveredAt: now };
      lastError = `HTTP ${lastStatus}`;
    } catch (e) {
      lastError = errorText(e);
    }
    if (attempts > RETRY_DELAYS_S.length) return { status: "failed", attempts, nextAttemptAt: d.nextAttemptAt, lastStatus, lastError, deliveredAt: null };
    return { status: "pending", attempts, nextAttemptAt: new Date(now.getTime() + RETRY_DELAYS_S[attempts - 1] * 1000), lastStatus, lastError, deliveredAt: null };
  }
}

function errorText(e: unknown): string {
  const err = e as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  if (err.name === "TimeoutError") return "timed out";
  // The target guard's refusal says why, so that the organisation's admin can see it in the delivery log.
  if (e instanceof WebhookTargetRefused || err.code === "EWEBHOOKTARGET") return `refused: ${err.message ?? ""}`.slice(0, 200);
  return (err.code ?? err.cause?.code ?? err.message ?? String(e)).slice(0, 200);
}
