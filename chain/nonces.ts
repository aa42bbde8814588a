/**
 * Who hands out an account's transaction nonces. Two transactions signed with one nonce cannot both land: the
 * second is refused ("nonce too low") or replaces the first. One process can count in memory; several processes
 * signing for one account need a count they share, which the composition root supplies (the database's), so
 * that nothing under chain/ needs to know where it is kept.
 */

/** Reads the chain's count of the account's transactions, pending ones included. */
export type ChainCount = () => Promise<number>;

export interface NonceAllocator {
  /**
   * Runs `send` with the account's next nonce, and no other `send` for that account (in this process, or in any
   * process sharing the allocator) runs meanwhile. `send` resolves once the node accepted the transaction: the
   * nonce is spent. When it throws, the nonce was not spent and the next caller gets it again (no gap is left).
   */
  allocate<T>(account: string, chainCount: ChainCount, send: (nonce: number) => Promise<T>): Promise<T>;
}

/** Serialises work per key, in call order. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/**
 * The count kept in this process's memory, read from the chain's pending count on first use (so it resynchronises
 * after a restart) and after any failed send. Right when this process is the only one signing for its accounts:
 * the embedded chain, which no other process can reach, or a single process on an external chain. No round trip
 * per transaction.
 */
export class ProcessNonces implements NonceAllocator {
  private readonly next = new Map<string, number>();
  private readonly lock = new KeyedLock();

  allocate<T>(account: string, chainCount: ChainCount, send: (nonce: number) => Promise<T>): Promise<T> {
    return this.lock.run(account, async () => {
      const nonce = this.next.get(account) ?? (await chainCount());
      try {
        const out = await send(nonce);
        this.next.set(account, nonce + 1);
        return out;
      } catch (e) {
        // Not accepted: forget our count and read the chain's again, so that no gap is left.
        this.next.delete(account);
        throw e;
      }
    });
  }
}
