/**
 * One delivery attempt over node:http(s) rather than fetch: the socket resolves the host through the target
 * guard's lookup (webhook-target.ts), so the addresses checked are the addresses connected to. Redirects are not
 * followed (node:http never does), and the answer's body is not read: only the status counts, and a slow body
 * must not hold the pass.
 */
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { isForbiddenAddress, urlRefusal, type WebhookTargets } from "./webhook-target";

export class WebhookTargetRefused extends Error {
  override name = "WebhookTargetRefused";
}

export class WebhookTimeout extends Error {
  override name = "TimeoutError";
}

/** POSTs `body` to `url` and resolves with the answer's status; rejects when refused, unreachable or too slow. */
export function postWebhook(targets: WebhookTargets, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  // The URL's own rules first, and an address literal (the socket does not look those up).
  const why = urlRefusal(url, targets.policy);
  if (why) return Promise.reject(new WebhookTargetRefused(why));
  const u = new URL(url);
  const literal = u.hostname.replace(/^\[|\]$/g, "");
  if (!targets.policy.allowPrivate && isIP(literal) && isForbiddenAddress(literal)) return Promise.reject(new WebhookTargetRefused(`${literal} is not a public address`));
  return new Promise((resolve, reject) => {
    const req = (u.protocol === "https:" ? https : http).request(u, {
      method: "POST",
      headers: { ...headers, "content-length": Buffer.byteLength(body) },
      lookup: targets.lookup,
      // A connection of its own per attempt: a pooled socket would skip the lookup, and with it the check.
      agent: false,
    });
    const timer = setTimeout(() => req.destroy(new WebhookTimeout(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.once("response", (res) => {
      clearTimeout(timer);
      res.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}
