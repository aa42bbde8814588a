/**
 * Idempotency keys: the first request with a key claims it; a retry with the same key and the same request gets
 * the first response back without running again (so no second ledger transaction); the same key with another
 * request is a 409. A request that failed releases its claim, because a failed request changed nothing.
 *
 * A claim holds its key for a lease. Several processes share the table, and none can see whether another is still
 * alive: a claim past its lease belongs to a process that died mid-request, and its outcome is unknown.
 */
import type { Clock } from "../clock";
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import type { IdempotencyPort, StoredResponse } from "./route";
import { isUniqueViolation } from "../db/unique";

/** Longer than any request runs, ledger write and indexing included: a live claim must never look abandoned. */
export const DEFAULT_IDEMPOTENCY_LEASE_MS = 2 * 60_000;

export interface IdempotencyOptions {
  /** How long a claim holds its key before a retry may call it abandoned. */
  leaseMs?: number;
  /** The wall clock unless a test moves its own. */
  clock?: Clock;
  /**
   * When this process started, when it is the database's only process (PGlite): a claim made before then was
   * cut off by a crash, whatever its lease says, so a retry after a restart needs no wait.
   */
  soleProcessSince?: Date;
}

export class IdempotencyRepository implements IdempotencyPort {
  private readonly leaseMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly prisma: Prisma,
    private readonly options: IdempotencyOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS;
    this.clock = options.clock ?? { now: () => new Date() };
  }

  async begin(principal: string, key: string, requestDigest: string): Promise<StoredResponse | "claimed"> {
    const now = this.clock.now();
    try {
      await this.prisma.idempotencyKey.create({
        data: { principal, key, requestHash: requestDigest, status: "started", leaseUntil: new Date(now.getTime() + this.leaseMs) },
      });
      return "claimed";
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const first = await this.prisma.idempotencyKey.findUnique({ where: { principal_key: { principal, key } } });
    if (!first) return this.begin(principal, key, requestDigest); // released between our insert and our read
    if (first.requestHash !== requestDigest) throw new AppError("IDEMPOTENCY_KEY_REUSED");
    if (first.status !== "done") {
      // Running it again could do it twice; saying nothing could lose it. The client must look before it leaps.
      if (first.leaseUntil <= now || (this.options.soleProcessSince && first.createdAt < this.options.soleProcessSince)) {
        throw new AppError("IDEMPOTENCY_INTERRUPTED");
      }
      throw new AppError("IDEMPOTENCY_IN_PROGRESS");
    }
    return { status: first.responseStatus ?? 200, body: first.responseBody };
  }

  async abandon(principal: string, key: string): Promise<void> {
    await this.prisma.idempotencyKey.deleteMany({ where: { principal, key, status: "started" } });
  }
}
