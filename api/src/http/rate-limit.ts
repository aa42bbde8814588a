/**
 * Per-client rate limits: a token bucket per credential (a user's token or an ERP's API key), refilled
 * continuously, and a much smaller one per address for everything sent without a credential that works (logins,
 * applications, made-up tokens). An ERP sending many calls with its key from one address is limited by its key,
 * not by the address it shares; a client that sends a new made-up token each time is stopped by its address,
 * because every 401 is charged to the address. Over a limit is a 429 problem with Retry-After; every answer
 * carries the RateLimit-Limit, -Remaining and -Reset headers (draft-ietf-httpapi-ratelimit-headers) of the bucket
 * that applied. The address is Express's `req.ip`, which honours the app's `trust proxy`. The buckets are kept
 * in memory on PGlite (one process by construction) and in the database on a server (rate-limit.repository.ts),
 * so that processes behind one load balancer share each client's limit.
 */
import { createHash } from "node:crypto";
import type { RequestHandler, Response } from "express";
import { isDatabaseUnavailable } from "../db/unavailable";
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

/** A bucket after a request: the tokens left, and whether the request got one. */
export interface Taken {
  tokens: number;
  granted: boolean;
}

/**
 * Where the buckets live. Each call refills the bucket under `key` to `t` (milliseconds) at `limit.perSecond`,
 * up to `limit.burst`; a bucket never seen, or forgotten, is full.
 */
export interface BucketStore {
  /** The tokens the bucket holds now, changing nothing. */
  peek(key: string, limit: RateLimit, t: number): Promise<number>;
  /** Takes one token if the bucket holds a whole one. */
  take(key: string, limit: RateLimit, t: number): Promise<Taken>;
  /** Takes one token even if there is none, down to -burst: a credential that did not work, charged to its address. */
  charge(key: string, limit: RateLimit, t: number): Promise<void>;
}

/** Buckets idle for longer than this are full again and are forgotten. */
export const IDLE_MS = 60_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** The buckets of one process. */
export class MemoryBuckets implements BucketStore {
  private readonly buckets = new Map<string, Bucket>();
  private sweep = -Infinity;

  peek(key: string, limit: RateLimit, t: number): Promise<number> {
    return Promise.resolve(this.refilled(key, limit, t).tokens);
  }

  take(key: string, limit: RateLimit, t: number): Promise<Taken> {
    const b = this.refilled(key, limit, t);
    const granted = b.tokens >= 1;
    if (granted) b.tokens -= 1;
    return Promise.resolve({ tokens: b.tokens, granted });
  }

  charge(key: string, limit: RateLimit, t: number): Promise<void> {
    const b = this.refilled(key, limit, t);
    b.tokens = Math.max(-limit.burst, b.tokens - 1);
    return Promise.resolve();
  }

  private refilled(key: string, limit: RateLimit, t: number): Bucket {
    if (t - this.sweep > IDLE_MS) {
      for (const [k, b] of this.buckets) if (t - b.at > IDLE_MS) this.buckets.delete(k);
      this.sweep = t;
    }
    const b = this.buckets.get(key) ?? { tokens: limit.burst, at: t };
    b.tokens = Math.min(limit.burst, b.tokens + (Math.max(0, t - b.at) / 1000) * limit.perSecond);
    b.at = Math.max(b.at, t);
    this.buckets.set(key, b);
    return b;
  }
}

export function rateLimit(limits: RateLimits, now: () => number = () => Date.now(), store: BucketStore = new MemoryBuckets()): RequestHandler {
  // Charges for 401s still being written: the next request of this process waits for them, so that a client
  // sending one made-up credential after another meets its charges at once, as with buckets in memory.
  const charging = new Set<Promise<void>>();
  const headers = (res: Response, tokens: number, limit: RateLimit) => {
    res.set({
      "RateLimit-Limit": String(limit.burst),
      "RateLimit-Remaining": String(Math.max(0, Math.floor(tokens))),
      "RateLimit-Reset": String(Math.ceil(Math.max(0, limit.burst - tokens) / limit.perSecond)),
    });
  };
  /** 429 with the seconds until the bucket holds a whole token again. */
  const refuse = (res: Response, tokens: number, limit: RateLimit) => {
    res.set("Retry-After", String(Math.max(1, Math.ceil((1 - tokens) / limit.perSecond))));
    return new AppError("RATE_LIMITED");
  };
  const decide: (...args: Parameters<RequestHandler>) => Promise<void> = async (req, res, next) => {
    if (charging.size > 0) await Promise.all(charging);
    const t = now();
    const addressKey = `ip:${req.ip ?? "unknown"}`;
    const credential = req.get("authorization");
    // Without a credential, or when made-up ones used up the address's bucket, the address's bucket decides.
    const byAddress = !credential || (await store.peek(addressKey, limits.address, t)) < 1;
    const [key, limit] = byAddress
      ? [addressKey, limits.address]
      : [createHash("sha256").update(credential).digest("base64url"), limits.credential];
    const taken = await store.take(key, limit, t);
    headers(res, taken.tokens, limit);
    if (!taken.granted) {
      next(refuse(res, taken.tokens, limit));
      return;
    }
    if (credential) {
      res.once("finish", () => {
        // A credential that did not work is charged to the address, floored so that a burst of them is forgiven in time.
        if (res.statusCode !== 401) return;
        const charged = store.charge(addressKey, limits.address, now()).catch(() => undefined);
        charging.add(charged);
        void charged.then(() => charging.delete(charged));
      });
    }
    next();
  };
  return (req, res, next) => {
    decide(req, res, next).catch((e: unknown) => {
      // Limits protect the service; when their database does not answer, neither would the route behind them,
      // which reports that itself (503 DATABASE_UNAVAILABLE, or health's own answer).
      if (isDatabaseUnavailable(e)) next();
      else next(e);
    });
  };
}
