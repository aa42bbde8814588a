import type { Rpc } from "../evm/rpc";

/** Block tags that mean "the newest block": on the durable view they mean the durable head. */
const LATEST = new Set(["latest", "safe", "finalized"]);
const TAG_POSITION: Record<string, number> = { eth_call: 1, eth_getBalance: 1, eth_getCode: 1, eth_getStorageAt: 2 };

/**
 * Reads pinned to the durable head: a block mined but not yet in the log is invisible, since a crash would
 * forget it. Writes and nonce queries pass through: they must see the mempool.
 */
export class DurableView implements Rpc {
  constructor(
    private readonly node: Rpc,
    private readonly head: () => number,
  ) {}

  request<T>(method: string, params: unknown[] = []): Promise<T> {
    const head = `0x${this.head().toString(16)}`;
    const pin = (tag: unknown) => (tag === undefined || (typeof tag === "string" && LATEST.has(tag)) ? head : tag);
    switch (method) {
      case "eth_blockNumber":
        return Promise.resolve(head as T);
      case "eth_call":
      case "eth_getBalance":
      case "eth_getCode":
      case "eth_getStorageAt": {
        const at = TAG_POSITION[method];
        const pinned = [...params];
        pinned[at] = pin(params[at]);
        return this.node.request(method, pinned);
      }
      case "eth_getBlockByNumber":
        return this.node.request(method, [pin(params[0]), ...params.slice(1)]);
      case "eth_getLogs": {
        const filter = { ...(params[0] as { fromBlock?: string; toBlock?: string }) };
        const to = filter.toBlock === undefined || LATEST.has(filter.toBlock) ? this.head() : Number(filter.toBlock);
        filter.toBlock = `0x${Math.min(to, this.head()).toString(16)}`;
        return this.node.request(method, [filter]);
      }
      default:
        return this.node.request(method, params);
    }
  }

  close(): Promise<void> {
    // A view owns nothing: the node it reads belongs to the embedded chain, which closes it.
    return Promise.resolve();
  }
}
