/**
 * Per-client rate limit: a token bucket per credential (or per address for anonymous calls), refilled
 * continuously, and a wider one per address, so that a client cannot escape its limit by sending a new made-up
 * token each time. Over either limit is a 429 problem with Retry-After. Kept in memory: one API process per
 * database.
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

/** How many clients' worth an address may send: several users behind one office gateway share it. */
export const PER_ADDRESS_FACTOR = 5;

export function rateLimit(limit: RateLimit, now: () => number = () => Date.now()): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let sweep = now();
  /** Takes a token from `key`'s bucket; the seconds to wait when there is none. */
  const take = (key: string, perSecond: number, burst: number, t: number): number => {
    const b = buckets.get(key) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
    b.at = t;
    buckets.set(key, b);
    if (b.tokens < 1) return Math.ceil((1 - b.tokens) / perSecond);
    b.tokens -= 1;
    return 0;
  };
  return (req, res, next) => {
    const t = now();
    if (t - sweep > 60_000) {
      for (const [k, b] of buckets) if (t - b.at > 60_000) buckets.delete(k);
      sweep = t;
    }
    const credential = req.get("authorization");
    const wait =
      take(`ip:${req.ip}`, limit.perSecond * PER_ADDRESS_FACTOR, limit.burst * PER_ADDRESS_FACTOR, t) ||
      (credential ? take(createHash("sha256").update(credential).digest("base64url"), limit.perSecond, limit.burst, t) : 0);
    if (wait > 0) {
      res.set("Retry-After", String(wait));
      next(new AppError("RATE_LIMITED"));
      return;
    }
    next();
  };
}
