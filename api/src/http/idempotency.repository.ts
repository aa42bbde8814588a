/**
 * Idempotency keys: the first request with a key claims it; a retry with the same key and the same request gets
 * the first response back without running again (so no second ledger transaction); the same key with another
 * request is a 409. A request that failed releases its claim, because a failed request changed nothing.
 */
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import type { IdempotencyPort, StoredResponse } from "./route";
import { isUniqueViolation } from "../db/unique";

export class IdempotencyRepository implements IdempotencyPort {
  constructor(
    private readonly prisma: Prisma,
    /** When this process started: a claim older than that was cut off by a crash, and its outcome is unknown. */
    private readonly since: Date = new Date(),
  ) {}

  async begin(principal: string, key: string, requestDigest: string): Promise<StoredResponse | "claimed"> {
    try {
      await this.prisma.idempotencyKey.create({ data: { principal, key, requestHash: requestDigest, status: "started" } });
      return "claimed";
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const first = await this.prisma.idempotencyKey.findUnique({ where: { principal_key: { principal, key } } });
    if (!first) return this.begin(principal, key, requestDigest); // released between our insert and our read
    if (first.requestHash !== requestDigest) throw new AppError("IDEMPOTENCY_KEY_REUSED");
    if (first.status !== "done") {
      // Running it again could do it twice; saying nothing could lose it. The client must look before it leaps.
      if (first.createdAt < this.since) throw new AppError("IDEMPOTENCY_INTERRUPTED");
      throw new AppError("IDEMPOTENCY_IN_PROGRESS");
    }
    return { status: first.responseStatus ?? 200, body: first.responseBody };
  }

  async complete(principal: string, key: string, response: StoredResponse): Promise<void> {
    await this.prisma.idempotencyKey.update({
      where: { principal_key: { principal, key } },
      data: { status: "done", responseStatus: response.status, responseBody: response.body as object },
    });
  }

  async abandon(principal: string, key: string): Promise<void> {
    await this.prisma.idempotencyKey.deleteMany({ where: { principal, key, status: "started" } });
  }
}
