import type { LedgerEvent } from "../../../chain/events";
import type { BlockRef, HistoryPort } from "../../../chain/ledger";

export interface Checkpoint {
  blockNumber: number;
  blockHash: string;
}

/** Where the projection lives. `commit` applies whole blocks and moves the checkpoint in one transaction. */
export interface IndexerStore {
  checkpoint(): Promise<Checkpoint | null>;
  /**
   * Applies `events` (all events of blocks `from..upTo.number`, in chain order) and sets the checkpoint to
   * `upTo`, atomically. Events at or below the stored checkpoint are skipped, so a batch replayed after a
   * crash is applied exactly once.
   */
  commit(events: readonly LedgerEvent[], upTo: BlockRef): Promise<void>;
}

export class IndexerDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IndexerDivergedError";
  }
}

export interface IndexerOptions {
  /** Most blocks read and committed per database transaction. */
  maxBlocksPerBatch?: number;
  /** Where a catch-up started by `waitFor` reports a failure; its waiters are served by the next one. */
  onError?: (e: unknown) => void;
}

/**
 * Follows the ledger from the checkpoint to the newest confirmed (on the embedded chain: durable) block and
 * applies each batch of whole blocks together with the checkpoint. It can be killed at any point: what was
 * committed is complete, and what was not is read again. Polling is a PeriodicJob of the composition root
 * running `catchUp`; writers call `waitFor`.
 */
export class Indexer {
  private running: Promise<unknown> = Promise.resolve();
  private indexed = -1;
  private waiters: { block: number; resolve: () => void }[] = [];

  constructor(
    private readonly history: HistoryPort,
    private readonly store: IndexerStore,
    private readonly options: IndexerOptions = {},
  ) {}

  /** Indexes everything confirmed now. Calls are serialised, so concurrent callers never double-apply. */
  catchUp(): Promise<{ blocks: number; events: number; head: number }> {
    const run = this.running.then(() => this.catchUpOnce());
    this.running = run.catch(() => undefined);
    return run;
  }

  /** The newest block this process has seen in the projection (-1 before the first catch-up): for the lag metric. */
  get indexedBlock(): number {
    return this.indexed;
  }

  /** Waits for the catch-up in flight, so that nothing is half-done when the database closes. */
  async drain(): Promise<void> {
    await this.running;
  }

  /** Resolves once the projection includes block `blockNumber`: read-your-writes for the API. */
  async waitFor(blockNumber: number): Promise<void> {
    if (this.indexed >= blockNumber) return;
    const done = new Promise<void>((resolve) => this.waiters.push({ block: blockNumber, resolve }));
    void this.catchUp().catch((e: unknown) => this.options.onError?.(e));
    return done;
  }

  private async catchUpOnce(): Promise<{ blocks: number; events: number; head: number }> {
    const head = await this.history.confirmedHead();
    const cp = await this.store.checkpoint();
    if (cp) await this.assertSameChain(cp, head);
    let from = cp ? cp.blockNumber + 1 : 0;
    let events = 0;
    const maxBlocks = this.options.maxBlocksPerBatch ?? 500;
    while (from <= head.number) {
      const to = Math.min(head.number, from + maxBlocks - 1);
      const batch = await this.history.events(from, to);
      const upTo = to === head.number ? head : await this.history.block(to);
      await this.store.commit(batch, upTo);
      events += batch.length;
      this.markIndexed(to);
      from = to + 1;
    }
    this.markIndexed(head.number);
    return { blocks: head.number - (cp?.blockNumber ?? -1), events, head: head.number };
  }

  private async assertSameChain(cp: Checkpoint, head: BlockRef): Promise<void> {
    if (cp.blockNumber > head.number) {
      throw new IndexerDivergedError(
        `The projection is at block ${cp.blockNumber} but the chain's confirmed head is ${head.number}: wrong chain or data directory?`,
      );
    }
    const block = await this.history.block(cp.blockNumber);
    if (block.hash !== cp.blockHash) {
      throw new IndexerDivergedError(
        `Block ${cp.blockNumber} is ${block.hash} on chain but ${cp.blockHash} in the projection: the chain was replaced`,
      );
    }
  }

  private markIndexed(block: number): void {
    if (block <= this.indexed) return;
    this.indexed = block;
    const ready = this.waiters.filter((w) => w.block <= block);
    this.waiters = this.waiters.filter((w) => w.block > block);
    for (const w of ready) w.resolve();
  }
}
