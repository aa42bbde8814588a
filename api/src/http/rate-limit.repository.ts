/**
 * The rate limits' buckets in the database (Prisma only), for a server database shared by several API processes.
 * Each request is one statement on its bucket: the refill, the take and the answer are computed in SQL under the
 * row's lock, so that two processes taking from one bucket at once both count. The token bucket is the one in
 * rate-limit.ts, the same arithmetic.
 */
import type { Prisma } from "../db/database";
import { IDLE_MS, type BucketStore, type RateLimit, type Taken } from "./rate-limit";

// $1 key, $2 burst, $3 per second, $4 now (ms). A clock behind the bucket's (another process's) refills nothing.
const REFILLED = `LEAST($2::float8, b."tokens" + GREATEST(0, $4::float8 - b."at") / 1000 * $3::float8)`;

const TAKE = `
  INSERT INTO "RateLimitBucket" AS b ("key", "tokens", "at", "granted") VALUES ($1, $2::float8 - 1, $4::float8, $2::float8 >= 1)
  ON CONFLICT ("key") DO UPDATE SET
    "tokens" = ${REFILLED} - CASE WHEN ${REFILLED} >= 1 THEN 1 ELSE 0 END,
    "at" = GREATEST(b."at", EXCLUDED."at"),
    "granted" = ${REFILLED} >= 1
  RETURNING "tokens", "granted"`;

const CHARGE = `
  INSERT INTO "RateLimitBucket" AS b ("key", "tokens", "at", "granted") VALUES ($1, $2::float8 - 1, $4::float8, false)
  ON CONFLICT ("key") DO UPDATE SET
    "tokens" = GREATEST(-$2::float8, ${REFILLED} - 1),
    "at" = GREATEST(b."at", EXCLUDED."at")`;

const PEEK = `SELECT ${REFILLED} AS "tokens" FROM "RateLimitBucket" b WHERE b."key" = $1`;

export class DatabaseBuckets implements BucketStore {
  private sweptAt = -Infinity;

  constructor(private readonly prisma: Prisma) {}

  async peek(key: string, limit: RateLimit, t: number): Promise<number> {
    const rows = await this.prisma.$queryRawUnsafe<{ tokens: number }[]>(PEEK, key, limit.burst, limit.perSecond, t);
    return rows[0]?.tokens ?? limit.burst;
  }

  async take(key: string, limit: RateLimit, t: number): Promise<Taken> {
    this.sweep(t);
    const rows = await this.prisma.$queryRawUnsafe<Taken[]>(TAKE, key, limit.burst, limit.perSecond, t);
    return rows[0];
  }

  async charge(key: string, limit: RateLimit, t: number): Promise<void> {
    await this.prisma.$executeRawUnsafe(CHARGE, key, limit.burst, limit.perSecond, t);
  }

  /** Now and then, forgets the buckets idle long enough to be full again, as the memory store does. */
  private sweep(t: number): void {
    if (t - this.sweptAt <= IDLE_MS) return;
    this.sweptAt = t;
    void this.prisma.rateLimitBucket.deleteMany({ where: { at: { lt: t - IDLE_MS } } }).catch(() => undefined);
  }
}
