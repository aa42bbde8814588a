import { ChainUnavailableError } from "../errors";

/** A JSON-RPC connection to an EVM node: the in-process one or a remote endpoint. */
export interface Rpc {
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** A log as JSON-RPC returns it. */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  logIndex: string;
  transactionHash: string;
}

/** A transaction receipt as JSON-RPC returns it. */
export interface RawReceipt {
  transactionHash: string;
  blockNumber: string;
  blockHash: string;
  status: string;
  gasUsed: string;
  logs: RawLog[];
  /** The created contract, for a deployment. */
  contractAddress?: string | null;
}

/** An error the node answered with (as opposed to not answering at all). */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly rpcCode: number | undefined,
    /** Revert data, when the node reports a revert. */
    readonly data: string | undefined,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

/** Pulls revert data out of the many shapes nodes and libraries give it. */
export function revertDataOf(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 6; depth += 1) {
    const o = cur as { data?: unknown; error?: unknown; cause?: unknown };
    if (typeof o.data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(o.data)) return o.data;
    if (o.data && typeof o.data === "object") {
      const inner = (o.data as { data?: unknown }).data;
      if (typeof inner === "string" && /^0x[0-9a-fA-F]{8,}$/.test(inner)) return inner;
    }
    cur = o.error ?? o.cause;
  }
  return undefined;
}

/** An EIP-1193 provider, such as Hardhat's in-process network, seen as an Rpc. */
export class Eip1193Rpc implements Rpc {
  constructor(private readonly provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> }) {}

  async request<T>(method: string, params: unknown[] = []): Promise<T> {
    try {
      return (await this.provider.request({ method, params })) as T;
    } catch (e) {
      const err = e as { message?: string; code?: number };
      throw new RpcError(err.message ?? String(e), err.code, revertDataOf(e));
    }
  }

  close(): Promise<void> {
    // The provider belongs to whoever made it (the embedded chain); this adapter holds nothing of its own.
    return Promise.resolve();
  }
}

/** JSON-RPC over HTTP with a per-call timeout. Not answering is ChainUnavailableError, never a guess. */
export class HttpRpc implements Rpc {
  private id = 0;

  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async request<T>(method: string, params: unknown[] = []): Promise<T> {
    this.id += 1;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: this.id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new ChainUnavailableError(`The chain at ${this.url} did not answer ${method}`, { cause: e });
    }
    if (!res.ok) throw new ChainUnavailableError(`The chain at ${this.url} answered HTTP ${res.status} to ${method}`);
    const body = (await res.json()) as { result?: T; error?: { code: number; message: string; data?: unknown } };
    if (body.error) {
      throw new RpcError(body.error.message, body.error.code, revertDataOf({ data: body.error.data }));
    }
    return body.result as T;
  }

  close(): Promise<void> {
    // Each request is a fetch of its own: no connection or timer outlives it.
    return Promise.resolve();
  }
}
