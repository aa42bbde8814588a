import { getAddress } from "ethers";
import { ChainError, ChainUnavailableError } from "../errors";
import type { Account, KeyRing } from "../ledger";
import { ProcessNonces, type NonceAllocator } from "../nonces";
import { decodeRevert } from "./codec";
import { RpcError, type RawReceipt, type Rpc } from "./rpc";
import { LegacySigner } from "./sign";

/** How a signed transaction reaches a block: the embedded block producer, or a remote node. */
export interface Transport {
  /** Hands the signed transaction to the chain. Must be idempotent for the same bytes. */
  broadcast(raw: string, hash: string): Promise<void>;
  /** Resolves once the transaction is mined (and durable, and confirmed, as the chain defines it). */
  awaitReceipt(raw: string, hash: string): Promise<RawReceipt>;
}

export interface SubmitterOptions {
  chainId: bigint;
  gasPrice: bigint;
  /** Headroom over the estimate, for state that moves between estimate and inclusion. */
  gasMarginPct?: number;
  /**
   * Who hands out nonces: this process's memory by default; a count shared through the database when several
   * processes sign for the same accounts on one chain.
   */
  nonces?: NonceAllocator;
  /**
   * Whether a call is run before it is signed, so that one that would revert is refused before it takes a nonce
   * (the default). Where gas and nonces cost nothing and a revert's reason can be read back from the mined
   * transaction (the embedded chain), the run is skipped: a call that reverts is mined as a failed transaction,
   * spends its nonce in step with the chain's count, and is refused with the same error from its receipt.
   */
  preflight?: boolean;
}

/**
 * Ample for any single ledger operation (a batch redeem of the most vouchers LEDGER_LIMITS allows takes about
 * 1.3 M), far below a block.
 */
const FREE_GAS_LIMIT = 10_000_000n;

/**
 * Signs for custodial accounts and submits transactions. Each account's nonce comes from the allocator, one
 * transaction at a time per account, and is spent only once the node accepted the transaction, so that 50
 * concurrent submissions from one organisation all land without a nonce error. A call that would revert is
 * refused before it is signed, unless the chain lets a revert cost nothing (SubmitterOptions.preflight).
 */
export class Submitter {
  private readonly wallets = new Map<string, LegacySigner>();
  private readonly nonces: NonceAllocator;

  constructor(
    private readonly rpc: Rpc,
    private readonly keys: KeyRing,
    private readonly transport: Transport,
    private readonly options: SubmitterOptions,
  ) {
    this.nonces = options.nonces ?? new ProcessNonces();
  }

  /** Signs and submits a call to `to` (or a contract creation when `to` is null) and waits for its receipt. */
  async submit(from: Account, to: string | null, data: string, value = 0n): Promise<RawReceipt> {
    const wallet = await this.walletOf(from);
    const gasLimit = await this.estimate(wallet.address, to, data, value);
    const chainCount = () => this.pendingCount(wallet.address);
    const { raw, hash } = await this.nonces.allocate(wallet.address, chainCount, async (nonce) => {
      const signed = wallet.sign({ chainId: this.options.chainId, nonce, to, data, gasLimit, gasPrice: this.options.gasPrice, value });
      await this.transport.broadcast(signed.raw, signed.hash);
      return signed;
    });
    const receipt = await this.transport.awaitReceipt(raw, hash);
    if (receipt.status !== "0x1") throw await this.failureOf(receipt, from, to, data);
    return receipt;
  }

  /** Reads through eth_call, decoding reverts into ChainErrors. */
  async call(to: string, data: string, from?: string, blockTag = "latest"): Promise<string> {
    try {
      return await this.rpc.request<string>("eth_call", [{ to, data, ...(from ? { from } : {}) }, blockTag]);
    } catch (e) {
      throw this.classify(e);
    }
  }

  /**
   * The gas limit, found by running the call first: a call that would revert is refused here, before a nonce is
   * taken. Where gas costs nothing, one plain call is enough and the limit is a generous constant; elsewhere
   * the node estimates it.
   */
  private async estimate(from: string, to: string | null, data: string, value: bigint): Promise<bigint> {
    const call = { from, ...(to ? { to } : {}), data, value: `0x${value.toString(16)}`, gasPrice: "0x0" };
    try {
      if (this.options.gasPrice === 0n && to) {
        if (this.options.preflight !== false) await this.rpc.request<string>("eth_call", [call, "latest"]);
        return FREE_GAS_LIMIT;
      }
      const estimate = await this.rpc.request<string>("eth_estimateGas", [call]);
      const margin = BigInt(this.options.gasMarginPct ?? 25);
      return (BigInt(estimate) * (100n + margin)) / 100n + 20_000n;
    } catch (e) {
      throw this.classify(e);
    }
  }

  private classify(e: unknown): Error {
    if (e instanceof ChainError) return e;
    if (e instanceof RpcError) {
      if (e.data) return decodeRevert(e.data, e);
      if (/revert/i.test(e.message)) return decodeRevert(undefined, e);
      return new ChainError("CHAIN_REJECTED", `The chain rejected the call: ${e.message}`, false, undefined, { cause: e });
    }
    return new ChainUnavailableError("The chain did not answer", { cause: e });
  }

  /** Why a mined transaction failed: replayed as a call on the state it saw, then on the state after it. */
  private async failureOf(receipt: RawReceipt, from: string, to: string | null, data: string): Promise<Error> {
    try {
      const trace = await this.rpc.request<{ returnValue?: string; failed?: boolean }>("debug_traceTransaction", [
        receipt.transactionHash,
        { disableStack: true, disableMemory: true, disableStorage: true, enableReturnData: true },
      ]);
      if (trace.returnValue && trace.returnValue !== "0x" && trace.returnValue.length >= 10) {
        const v = trace.returnValue.startsWith("0x") ? trace.returnValue : `0x${trace.returnValue}`;
        return decodeRevert(v);
      }
    } catch {
      // Not every node exposes debug_traceTransaction: fall back to a call on the resulting state.
    }
    try {
      await this.rpc.request("eth_call", [{ from, ...(to ? { to } : {}), data }, receipt.blockNumber]);
    } catch (e) {
      return this.classify(e);
    }
    return decodeRevert(undefined);
  }

  private async pendingCount(address: string): Promise<number> {
    try {
      return Number(await this.rpc.request<string>("eth_getTransactionCount", [address, "pending"]));
    } catch (e) {
      throw this.classify(e);
    }
  }

  private async walletOf(account: Account): Promise<LegacySigner> {
    const cached = this.wallets.get(account);
    if (cached) return cached;
    const address = getAddress(account);
    let w = this.wallets.get(address);
    if (!w) {
      const key = await this.keys.privateKeyOf(address);
      if (!key) throw new ChainError("SIGNER_UNKNOWN", `No key is held for ${address}`, false);
      w = new LegacySigner(key);
      if (w.address !== address) throw new ChainError("SIGNER_MISMATCH", `The key held for ${address} signs for ${w.address}`, false);
      this.wallets.set(address, w);
    }
    this.wallets.set(account, w);
    return w;
  }
}
