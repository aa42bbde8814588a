/**
 * Ledger accounts' nonces counted in the database (Prisma only), for several API processes signing for the same
 * organisations on one external chain. Each allocation is one transaction: lock the account's row, take the
 * larger of its count and the chain's pending count, have the transaction accepted by the node, store the next
 * count, commit. The row's lock is what keeps a second process from signing with the same nonce meanwhile.
 *
 * Why the chain's count as well as the row: a transaction the node accepted but whose commit here was lost (the
 * database went away between the two) is in the chain's pending count, so the next allocation skips its nonce;
 * and an account that someone sent from outside the platform is caught up with. Why not the chain's count alone:
 * behind a load balancer of nodes, one node's pending count can lag another's, and the row never goes back.
 *
 * A process's own submissions for one account queue in memory first, so that at most one of them holds a pooled
 * connection waiting for the row: 50 concurrent writes from one organisation do not empty the pool.
 */
import type { ChainCount, NonceAllocator } from "../../../chain/nonces";
import { KeyedLock } from "../../../chain/nonces";
import type { Prisma } from "../db/database";
import { guardDatabase } from "../db/unavailable";

// Creates the row on first use, or locks it: one statement, one round trip, the lock held until the commit.
const LOCK = `
  INSERT INTO "LedgerNonce" AS n ("account", "next") VALUES ($1, 0)
  ON CONFLICT ("account") DO UPDATE SET "next" = n."next"
  RETURNING "next"`;

const ADVANCE = `UPDATE "LedgerNonce" SET "next" = $2, "updatedAt" = now() WHERE "account" = $1`;

export interface DatabaseNoncesOptions {
  /** How long to wait for a pooled connection before DATABASE_UNAVAILABLE. */
  maxWaitMs?: number;
  /** The longest an allocation may hold the row: a chain read and a broadcast, each bounded by the RPC timeout. */
  timeoutMs?: number;
}

export class DatabaseNonces implements NonceAllocator {
  private readonly local = new KeyedLock();

  constructor(
    private readonly prisma: Prisma,
    private readonly options: DatabaseNoncesOptions = {},
  ) {}

  allocate<T>(account: string, chainCount: ChainCount, send: (nonce: number) => Promise<T>): Promise<T> {
    return this.local.run(account, async () => {
      const sent: { done: boolean; out?: T } = { done: false };
      try {
        await guardDatabase(() =>
          this.prisma.$transaction(
            async (tx) => {
              const [row] = await tx.$queryRawUnsafe<{ next: bigint }[]>(LOCK, account);
              const nonce = Math.max(Number(row.next), await chainCount());
              // A failed send throws through here and rolls back: the count is as it was, the nonce is reused.
              sent.out = await send(nonce);
              sent.done = true;
              await tx.$executeRawUnsafe(ADVANCE, account, BigInt(nonce + 1));
            },
            { maxWait: this.options.maxWaitMs ?? 10_000, timeout: this.options.timeoutMs ?? 30_000 },
          ),
        );
      } catch (e) {
        // The node accepted the transaction and only the count's commit was lost: the transaction stands (the
        // caller must hear so, not a failure that invites a retry), and the chain's pending count holds its nonce.
        if (!sent.done) throw e;
      }
      return sent.out as T;
    });
  }
}
