/**
 * Per-client rate limit: a token bucket per credential (or per address for anonymous calls), refilled
 * continuously. Over the limit is a 429 problem with Retry-After. Kept in memory: one API process per database.
 */
import { createHash } from "node:crypto";
import type { RequestHandler } from "express";
import { AppError } from "../errors";

export interface RateLimit {
  /** Requests per second a client may sustain. */
  perSecond: number;
  /** How many it may send at once after being idle. */
  burst: number;
}

export function rateLimit(limit: RateLimit, now: () => number = () => Date.now()): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let sweep = now();
  return (req, res, next) => {
    const credential = req.get("authorization");
    const client = credential ? createHash("sha256").update(credential).digest("base64url") : `ip:${req.ip}`;
    const t = now();
    if (t - sweep > 60_000) {
      for (const [k, b] of buckets) if (t - b.at > 60_000) buckets.delete(k);
      sweep = t;
    }
    const b = buckets.get(client) ?? { tokens: limit.burst, at: t };
    b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
    b.at = t;
    buckets.set(client, b);
    if (b.tokens < 1) {
      res.set("Retry-After", String(Math.ceil((1 - b.tokens) / limit.perSecond)));
      return next(new AppError("RATE_LIMITED"));
    }
    b.tokens -= 1;
    next();
  };
}
