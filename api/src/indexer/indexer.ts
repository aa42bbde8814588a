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
   * crash is applied exactly once. `times` holds the time of every block an event is in.
   */
  commit(events: readonly LedgerEvent[], upTo: BlockRef, times: BlockTimes): Promise<void>;
}

/** Block number → the block's time, for the blocks of one batch that hold events. */
export type BlockTimes = ReadonlyMap<number, Date>;

/** Blocks whose times are asked at once: a batch of 500 busy blocks must not open 500 requests to a remote node. */
const TIMES_IN_FLIGHT = 32;

/**
 * The time of each block that holds one of `events`. The log of events does not carry it, and the rules that
 * measure hours between two ledger acts (a piece financed soon after it was received) need it on record.
 */
export async function blockTimesOf(history: Pick<HistoryPort, "block">, events: readonly LedgerEvent[], known?: BlockRef): Promise<BlockTimes> {
  const times = new Map<number, Date>();
  if (known) times.set(known.number, known.timestamp);
  const wanted = [...new Set(events.map((e) => e.blockNumber))].filter((n) => !times.has(n));
  for (let i = 0; i < wanted.length; i += TIMES_IN_FLIGHT) {
    const blocks = await Promise.all(wanted.slice(i, i + TIMES_IN_FLIGHT).map((n) => history.block(n)));
    for (const b of blocks) times.set(b.number, b.timestamp);
  }
  return times;
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
    const from = cp ? cp.blockNumber + 1 : 0;
    let events = 0;
    const maxBlocks = this.options.maxBlocksPerBatch ?? 500;
    const read = async (first: number) => {
      const to = Math.min(head.number, first + maxBlocks - 1);
      const batch = await this.history.events(first, to);
      const upTo = to === head.number ? head : await this.history.block(to);
      return { to, batch, upTo, times: await blockTimesOf(this.history, batch, upTo) };
    };
    // The next batch is read from the chain while this one is written to the database: a long catch-up waits on
    // the slower of the two, not on both.
    let next = from <= head.number ? read(from) : undefined;
    while (next) {
      const { to, batch, upTo, times } = await next;
      next = to < head.number ? read(to + 1) : undefined;
      // Should the commit fail, the read ahead is dropped with it; its failure, if any, is not this catch-up's.
      next?.catch(() => undefined);
      await this.store.commit(batch, upTo, times);
      events += batch.length;
      this.markIndexed(to);
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
