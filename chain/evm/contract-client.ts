import type { Interface, LogDescription, Result } from "ethers";
import type { Account, Receipt } from "../ledger";
import { interfaceOf } from "./artifacts";
import type { ContractName } from "./suite";
import type { RawReceipt } from "./rpc";
import type { Submitter } from "./submitter";

/** One deployed contract of the suite: encodes calls, submits them, decodes results and this contract's logs. */
export class ContractClient {
  readonly iface: Interface;

  constructor(
    readonly name: ContractName,
    readonly address: string,
    private readonly submitter: Submitter,
  ) {
    this.iface = interfaceOf(name);
  }

  async send(from: Account, fn: string, args: readonly unknown[]): Promise<{ receipt: Receipt; logs: LogDescription[] }> {
    const raw = await this.submitter.submit(from, this.address, this.iface.encodeFunctionData(fn, args));
    return { receipt: toReceipt(raw), logs: this.logsOf(raw) };
  }

  async read(fn: string, args: readonly unknown[] = []): Promise<Result> {
    const data = await this.submitter.call(this.address, this.iface.encodeFunctionData(fn, args));
    return this.iface.decodeFunctionResult(fn, data);
  }

  /** The one event named `event` that this contract emitted in `logs`. */
  static only(logs: LogDescription[], event: string): LogDescription {
    const found = logs.filter((l) => l.name === event);
    if (found.length !== 1) throw new Error(`Expected one ${event} event, found ${found.length}`);
    return found[0]!;
  }

  private logsOf(raw: RawReceipt): LogDescription[] {
    const mine = raw.logs.filter((l) => l.address.toLowerCase() === this.address.toLowerCase());
    return mine.map((l) => this.iface.parseLog({ topics: l.topics, data: l.data })).filter((d): d is LogDescription => !!d);
  }
}

export function toReceipt(raw: RawReceipt): Receipt {
  return { txHash: raw.transactionHash, blockNumber: Number(raw.blockNumber), result: undefined };
}

export function withResult<T>(receipt: Receipt, result: T): Receipt<T> {
  return { ...receipt, result };
}
