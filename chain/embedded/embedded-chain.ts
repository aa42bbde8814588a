import { mkdirSync } from "node:fs";
import path from "node:path";
import { resolveConfig } from "hardhat/internal/core/config/config-resolution";
import { createProvider } from "hardhat/internal/core/providers/construction";
import type { HardhatUserConfig } from "hardhat/types";
import { ChainError, ChainUnavailableError } from "../errors";
import { Eip1193Rpc, RpcError, type RawReceipt, type Rpc } from "../evm/rpc";
import type { Transport } from "../evm/submitter";
import { BlockLog, type BlockRecord, type LogHeader, type LogRecord } from "./block-log";
import { DurableView } from "./durable-view";

export interface EmbeddedChainOptions {
  dataDir: string;
  chainId?: bigint;
  /** Reports what start-up found, e.g. a torn final record. */
  warn?: (message: string) => void;
  /** Clock, seconds; tests replace it. */
  now?: () => number;
  /** Wraps the node's RPC: a test slows its answers to open the races a loaded machine opens. */
  node?: (rpc: Rpc) => Rpc;
}

export interface StartReport {
  replayedBlocks: number;
  replayedTxs: number;
  replayMs: number;
  tornBytes: number;
}

interface Pending {
  raw: string;
  resolve: (r: RawReceipt) => void;
  reject: (e: Error) => void;
  promise: Promise<RawReceipt>;
  /** Whether the node has taken it: only then can a block be said to have left it out. */
  accepted: boolean;
  misses: number;
}

interface Block { number: string; hash: string; timestamp: string; transactions: string[] }

const HARDFORK = "cancun";
/** A block this full would push the base fee above zero; it is pinned to zero before every block anyway. */
const BLOCK_GAS_LIMIT = 1_000_000_000;

/**
 * An in-process Hardhat chain that survives restarts. Every block is appended to a block log and fsynced
 * before its transactions are acknowledged; on start the log is replayed into a fresh chain and each block's
 * hash is checked against the record. Blocks are mined here, not by Hardhat's automine, so that concurrent
 * submissions share blocks and every block is known before anyone sees it.
 */
export class EmbeddedChain implements Transport {
  private readonly node: Rpc;
  private readonly durableView: Rpc;
  private readonly pending = new Map<string, Pending>();
  private mining = false;
  private emptyBlocksWanted = 0;
  private emptyBlockWaiters: ((b: BlockRecord) => void)[] = [];
  private broken: Error | undefined;
  private lastTime: number | undefined;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {
    // Each mining run installs its own; before the first there is no one waiting for idle to wake.
  };

  private constructor(
    private readonly log: BlockLog,
    rpc: Rpc,
    readonly chainId: bigint,
    private offset: number,
    private head: number,
    private readonly now: () => number,
  ) {
    this.node = rpc;
    this.durableView = new DurableView(rpc, () => this.head);
  }

  static async start(options: EmbeddedChainOptions): Promise<{ chain: EmbeddedChain; report: StartReport }> {
    const dir = path.join(options.dataDir, "chain");
    mkdirSync(dir, { recursive: true });
    const now = options.now ?? (() => Math.floor(Date.now() / 1000));
    const { log, records, tornBytes } = BlockLog.open(path.join(dir, "blocks.log"));
    if (tornBytes > 0) {
      options.warn?.(`Block log: dropped a torn final record (${tornBytes} bytes) left by an interrupted write`);
    }
    const existing = records.at(0);
    if (existing && existing.kind !== "header") throw new ChainError("BLOCK_LOG_INVALID", "The block log has no header", false);
    const header: LogHeader = existing ?? {
      kind: "header",
      version: 1,
      chainId: String(options.chainId ?? 31337n),
      hardfork: HARDFORK,
      genesisTime: now(),
      genesisHash: "",
    };
    try {
      const direct = new Eip1193Rpc(await createHardhatProvider(header));
      const rpc = options.node ? options.node(direct) : direct;
      const genesis = await rpc.request<Block>("eth_getBlockByNumber", ["0x0", false]);
      if (!existing) {
        header.genesisHash = genesis.hash;
        log.append(header);
      } else if (genesis.hash !== header.genesisHash) {
        throw new ChainError(
          "BLOCK_LOG_MISMATCH",
          `The embedded chain's genesis ${genesis.hash} differs from the block log's ${header.genesisHash}: was Hardhat upgraded?`,
          false,
        );
      }
      const started = Date.now();
      const { txs, offset, head } = await replay(rpc, records.slice(1));
      const chain = new EmbeddedChain(log, rpc, BigInt(header.chainId), offset, head, now);
      return {
        chain,
        report: { replayedBlocks: records.length - 1, replayedTxs: txs, replayMs: Date.now() - started, tornBytes },
      };
    } catch (e) {
      log.close();
      throw e;
    }
  }

  /** What callers read: the chain as of the durable head, never a block the log does not hold yet. */
  get rpc(): Rpc {
    return this.durableView;
  }

  /** The newest block on disk: nothing above it may be shown to anyone, since a crash would forget it. */
  get durableHead(): number {
    return this.head;
  }

  /** Seconds the ledger clock runs ahead of the wall clock. */
  get clockOffset(): number {
    return this.offset;
  }

  async broadcast(raw: string, hash: string): Promise<void> {
    this.assertUsable();
    let resolve!: (r: RawReceipt) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<RawReceipt>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Known before it is sent, so that a block mined at once can still be logged with its bytes.
    const entry: Pending = { raw, resolve, reject, promise, accepted: false, misses: 0 };
    this.pending.set(hash, entry);
    try {
      await this.node.request("eth_sendRawTransaction", [raw]);
      entry.accepted = true;
    } catch (e) {
      this.pending.delete(hash);
      const message = e instanceof RpcError ? e.message : String(e);
      throw new ChainError("CHAIN_REJECTED", `The embedded chain rejected the transaction: ${message}`, false, undefined, {
        cause: e,
      });
    }
    this.scheduleMine();
  }

  awaitReceipt(_raw: string, hash: string): Promise<RawReceipt> {
    const p = this.pending.get(hash);
    if (!p) return Promise.reject(new ChainError("CHAIN_TX_UNKNOWN", `Transaction ${hash} was never broadcast`, false));
    return p.promise;
  }

  /** Moves the ledger clock forward and mines an (empty, unless others are waiting) block there. */
  advance(seconds: number): Promise<BlockRecord> {
    this.assertUsable();
    if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError("seconds must be a non-negative integer");
    this.offset += seconds;
    this.emptyBlocksWanted += 1;
    const done = new Promise<BlockRecord>((resolve) => this.emptyBlockWaiters.push(resolve));
    this.scheduleMine();
    return done;
  }

  /** Finishes the block in progress, then closes the log. No record is left half-written. */
  async close(): Promise<void> {
    this.broken ??= new ChainUnavailableError("The embedded chain is shutting down");
    await this.idle;
    this.log.close();
    for (const p of this.pending.values()) p.reject(this.broken);
    this.pending.clear();
  }

  private assertUsable(): void {
    if (this.broken) throw this.broken;
  }

  private scheduleMine(): void {
    if (this.mining) return;
    this.mining = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    setImmediate(() => void this.mineLoop());
  }

  private async mineLoop(): Promise<void> {
    try {
      // A transaction still being handed to the node is no reason to mine: its broadcast asks again once it is taken.
      while ([...this.pending.values()].some((p) => p.accepted) || this.emptyBlocksWanted > 0) await this.mineOne();
    } catch (e) {
      this.broken = new ChainUnavailableError("The embedded chain failed while mining", { cause: e });
      for (const p of this.pending.values()) p.reject(this.broken);
      this.pending.clear();
    } finally {
      this.mining = false;
      this.markIdle();
    }
  }

  private async mineOne(): Promise<void> {
    this.lastTime ??= Number((await this.node.request<Block>("eth_getBlockByNumber", ["latest", false])).timestamp);
    const time = Math.max(this.lastTime, this.now() + this.offset);
    // Only what the node already holds can miss this block: one still being handed over (a busy node takes its
    // time) would otherwise be dropped here while the node goes on to mine it in a later block.
    const waiting = new Set([...this.pending].filter(([, p]) => p.accepted).map(([h]) => h));
    const block = await mineAt(this.node, time);
    this.lastTime = time;
    const txs = block.transactions.map((h) => {
      const p = this.pending.get(h);
      if (!p) throw new Error(`Block ${Number(block.number)} holds transaction ${h} that did not come through this chain`);
      return p.raw;
    });
    const record: BlockRecord = { kind: "block", number: Number(block.number), time, offset: this.offset, hash: block.hash, txs };
    this.log.append(record);
    this.head = record.number;
    if (this.emptyBlocksWanted > 0) {
      this.emptyBlocksWanted -= 1;
      this.emptyBlockWaiters.shift()?.(record);
    }
    // All at once: the node answers each on its own thread, and the next block waits for the last of them.
    const receipts = await Promise.all(block.transactions.map((h) => this.node.request<RawReceipt>("eth_getTransactionReceipt", [h])));
    block.transactions.forEach((h, i) => {
      const p = this.pending.get(h);
      if (!p) throw new Error(`Transaction ${h} of block ${record.number} was pending a moment ago and no longer is`);
      this.pending.delete(h);
      p.resolve(receipts[i]);
    });
    // A transaction the node holds back (a nonce gap) gets a few blocks' grace before it is dropped.
    for (const h of waiting) {
      const p = this.pending.get(h);
      if (!p) continue;
      p.misses += 1;
      if (p.misses >= 3) {
        this.pending.delete(h);
        await this.node.request("hardhat_dropTransaction", [h]).catch(() => undefined);
        p.reject(new ChainError("CHAIN_TX_DROPPED", `Transaction ${h} was not mined and has been dropped`, true));
      }
    }
  }
}

async function replay(rpc: Rpc, records: LogRecord[]): Promise<{ txs: number; offset: number; head: number }> {
  let txs = 0;
  let offset = 0;
  let head = 0;
  for (const record of records) {
    if (record.kind !== "block") throw new ChainError("BLOCK_LOG_INVALID", "A block log record is not a block", false);
    for (const raw of record.txs) {
      try {
        await rpc.request("eth_sendRawTransaction", [raw]);
      } catch (e) {
        throw new ChainError(
          "BLOCK_LOG_MISMATCH",
          `Replaying block ${record.number}: the chain refused a logged transaction (${(e as Error).message})`,
          false,
          undefined,
          { cause: e },
        );
      }
    }
    const block = await mineAt(rpc, record.time);
    if (block.hash !== record.hash || Number(block.number) !== record.number) {
      throw new ChainError(
        "BLOCK_LOG_MISMATCH",
        `Replaying block ${record.number} gave hash ${block.hash}, the log recorded ${record.hash}`,
        false,
      );
    }
    txs += record.txs.length;
    offset = record.offset;
    head = record.number;
  }
  return { txs, offset, head };
}

async function mineAt(rpc: Rpc, time: number): Promise<Block> {
  await rpc.request("hardhat_setNextBlockBaseFeePerGas", ["0x0"]);
  await rpc.request("evm_setNextBlockTimestamp", [time]);
  await rpc.request("evm_mine", []);
  return rpc.request<Block>("eth_getBlockByNumber", ["latest", false]);
}

async function createHardhatProvider(header: LogHeader) {
  const userConfig: HardhatUserConfig = {
    networks: {
      hardhat: {
        chainId: Number(header.chainId),
        hardfork: header.hardfork,
        initialDate: new Date(header.genesisTime * 1000).toISOString(),
        initialBaseFeePerGas: 0,
        minGasPrice: 0,
        gasPrice: 0,
        blockGasLimit: BLOCK_GAS_LIMIT,
        allowBlocksWithSameTimestamp: true,
        mining: { auto: false, interval: 0, mempool: { order: "fifo" } },
        accounts: [],
        loggingEnabled: false,
      },
    },
  };
  // Hardhat resolves its paths against a config file, which must exist but is not read. This very module is one
  // that exists both under tsx and in the production build (where hardhat.config.ts is not shipped); the chain
  // writes nothing under those paths (no forking cache).
  const config = resolveConfig(__filename, userConfig);
  return createProvider(config, "hardhat");
}
