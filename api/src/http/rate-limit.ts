/**
 * Per-client rate limits: a token bucket per credential (a user's token or an ERP's API key), refilled
 * continuously, and a much smaller one per address for everything sent without a credential that works (logins,
 * applications, made-up tokens). An ERP sending many calls with its key from one address is limited by its key,
 * not by the address it shares; a client that sends a new made-up token each time is stopped by its address,
 * because every 401 is charged to the address. Over a limit is a 429 problem with Retry-After; every answer
 * carries the RateLimit-Limit, -Remaining and -Reset headers (draft-ietf-httpapi-ratelimit-headers) of the bucket
 * that applied. The address is Express's `req.ip`, which honours the app's `trust proxy`. Kept in memory: one
 * API process per database.
 */
import { createHash } from "node:crypto";
import type { RequestHandler, Response } from "express";
import { AppError } from "../errors";

export interface RateLimit {
  /** Requests per second a client may sustain. */
  perSecond: number;
  /** How many it may send at once after being idle. */
  burst: number;
}

export interface RateLimits {
  /** Each credential: a signed-in user's or an ERP's steady work. */
  credential: RateLimit;
  /** Each address, for calls without a working credential: what one person at a browser sends. */
  address: RateLimit;
}

/** A credential's steady work with room for a batch; an address, what one person sends. SCF_*RATE_* override them. */
export const DEFAULT_RATE_LIMITS: RateLimits = { credential: { perSecond: 50, burst: 200 }, address: { perSecond: 2, burst: 30 } };

/** Buckets idle for longer than this are full again and are forgotten. */
const IDLE_MS = 60_000;

interface Bucket {
  tokens: number;
  at: number;
}

export function rateLimit(limits: RateLimits, now: () => number = () => Date.now()): RequestHandler {
  const buckets = new Map<string, Bucket>();
  let sweep = now();
  const refilled = (key: string, limit: RateLimit, t: number): Bucket => {
    const b = buckets.get(key) ?? { tokens: limit.burst, at: t };
    b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
    b.at = t;
    buckets.set(key, b);
    return b;
  };
  const headers = (res: Response, b: Bucket, limit: RateLimit) => {
    res.set({
      "RateLimit-Limit": String(limit.burst),
      "RateLimit-Remaining": String(Math.max(0, Math.floor(b.tokens))),
      "RateLimit-Reset": String(Math.ceil(Math.max(0, limit.burst - b.tokens) / limit.perSecond)),
    });
  };
  /** 429 with the seconds until `b` holds a whole token again. */
  const refuse = (res: Response, b: Bucket, limit: RateLimit) => {
    res.set("Retry-After", String(Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond))));
    return new AppError("RATE_LIMITED");
  };
  return (req, res, next) => {
    const t = now();
    if (t - sweep > IDLE_MS) {
      for (const [k, b] of buckets) if (t - b.at > IDLE_MS) buckets.delete(k);
      sweep = t;
    }
    const addressKey = `ip:${req.ip ?? "unknown"}`;
    const address = refilled(addressKey, limits.address, t);
    const credential = req.get("authorization");
    // Without a credential, or when made-up ones used up the address's bucket, the address's bucket decides.
    const [bucket, limit] = !credential || address.tokens < 1
      ? [address, limits.address]
      : [refilled(createHash("sha256").update(credential).digest("base64url"), limits.credential, t), limits.credential];
    if (bucket.tokens < 1) {
      headers(res, bucket, limit);
      next(refuse(res, bucket, limit));
      return;
    }
    bucket.tokens -= 1;
    headers(res, bucket, limit);
    if (!credential) {
      next();
      return;
    }
    res.once("finish", () => {
      // A credential that did not work is charged to the address, floored so that a burst of them is forgiven in time.
      if (res.statusCode === 401) {
        const b = refilled(addressKey, limits.address, now());
        b.tokens = Math.max(-limits.address.burst, b.tokens - 1);
      }
    });
    next();
  };
}
