import { ChainError, ChainUnavailableError } from "../errors";
import { RpcError, type RawReceipt, type Rpc } from "./rpc";
import type { Transport } from "./submitter";

export interface RemoteTransportOptions {
  /** Blocks that must be built on top of a transaction's block before it counts. */
  confirmations: number;
  pollMs?: number;
  /** How long to wait for a receipt before sending the same signed transaction again. */
  resendAfterMs?: number;
  maxResends?: number;
}

/**
 * A remote node (Besu, `hardhat node`, any EVM JSON-RPC): broadcast, then poll for the receipt. A timeout
 * re-sends the very same signed bytes, which can never execute twice; a revert is never re-sent.
 */
export class RemoteTransport implements Transport {
  constructor(
    private readonly rpc: Rpc,
    private readonly options: RemoteTransportOptions,
  ) {}

  async broadcast(raw: string, hash: string): Promise<void> {
    try {
      await this.rpc.request("eth_sendRawTransaction", [raw]);
    } catch (e) {
      if (!(e instanceof RpcError)) throw e;
      // The node already has it: from an earlier attempt whose answer was lost.
      if (/already known|known transaction|already imported/i.test(e.message)) return;
      if (/nonce too low/i.test(e.message) && (await this.receipt(hash).catch(() => null))) return;
      // An automining node (hardhat node) mines a reverting transaction and reports the revert here: the
      // nonce is spent, and the receipt's failure is decoded like any other.
      if (e.data) return;
      throw new ChainError("CHAIN_REJECTED", `The chain refused the transaction: ${e.message}`, false, undefined, {
        cause: e,
      });
    }
  }

  async awaitReceipt(raw: string, hash: string): Promise<RawReceipt> {
    const pollMs = this.options.pollMs ?? 250;
    const resendAfterMs = this.options.resendAfterMs ?? 30_000;
    const maxResends = this.options.maxResends ?? 3;
    for (let attempt = 0; attempt <= maxResends; attempt += 1) {
      const deadline = Date.now() + resendAfterMs;
      while (Date.now() < deadline) {
        const receipt = await this.receipt(hash).catch(() => undefined);
        if (receipt && (await this.confirmed(receipt))) return receipt;
        await new Promise((r) => setTimeout(r, pollMs));
      }
      if (attempt < maxResends) await this.broadcast(raw, hash).catch(() => undefined);
    }
    throw new ChainUnavailableError(`Transaction ${hash} was not mined in time; it may still land`);
  }

  private receipt(hash: string): Promise<RawReceipt | null> {
    return this.rpc.request<RawReceipt | null>("eth_getTransactionReceipt", [hash]);
  }

  private async confirmed(receipt: RawReceipt): Promise<boolean> {
    if (this.options.confirmations <= 0) return true;
    const head = Number(await this.rpc.request<string>("eth_blockNumber"));
    return head - Number(receipt.blockNumber) >= this.options.confirmations;
  }
}
