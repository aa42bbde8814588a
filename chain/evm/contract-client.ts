import type { Abi } from "abitype";
import { Interface, type InterfaceAbi, type LogDescription } from "ethers";
import type { Account, Receipt } from "../ledger";
import type { CallArgs, CallResult, DecodedLog, ReadName, WriteName } from "./abi-types";
import type { RawReceipt } from "./rpc";
import type { ContractName } from "./suite";
import type { Submitter } from "./submitter";

/**
 * One deployed contract of the suite: encodes calls, submits them, decodes results and this contract's logs.
 * Function and event names, arguments and results are typed from the contract's ABI, so that a misspelt name
 * or a wrongly typed argument fails the type check rather than the call.
 */
export class ContractClient<TAbi extends Abi = Abi> {
  readonly iface: Interface;

  constructor(
    readonly name: ContractName,
    readonly address: string,
    private readonly submitter: Submitter,
    abi: TAbi,
  ) {
    // The same JSON seen by two libraries: they disagree only on the long-gone `gas` field, which no ABI here has.
    this.iface = new Interface(abi as InterfaceAbi);
  }

  async send<F extends WriteName<TAbi>>(
    from: Account,
    fn: F,
    args: CallArgs<TAbi, F>,
  ): Promise<{ receipt: Receipt; logs: DecodedLog<TAbi>[] }> {
    const raw = await this.submitter.submit(from, this.address, this.iface.encodeFunctionData(fn, args as readonly unknown[]));
    return { receipt: toReceipt(raw), logs: this.logsOf(raw) };
  }

  async read<F extends ReadName<TAbi>>(fn: F, ...args: CallArgs<TAbi, F> extends readonly [] ? [] : [CallArgs<TAbi, F>]): Promise<CallResult<TAbi, F>> {
    const data = await this.submitter.call(this.address, this.iface.encodeFunctionData(fn, (args[0] ?? []) as readonly unknown[]));
    // ethers' Result is array-like with named members, which is what the ABI's types describe.
    return this.iface.decodeFunctionResult(fn, data) as unknown as CallResult<TAbi, F>;
  }

  /** The one event named `event` in `logs`. */
  static only<L extends { name: string }, E extends L["name"]>(logs: readonly L[], event: E): Extract<L, { name: E }> {
    const found = ContractClient.all(logs, event);
    if (found.length !== 1) throw new Error(`Expected one ${event} event, found ${found.length}`);
    return found[0];
  }

  /** Every event named `event` in `logs`, in order. */
  static all<L extends { name: string }, E extends L["name"]>(logs: readonly L[], event: E): Extract<L, { name: E }>[] {
    return logs.filter((l): l is Extract<L, { name: E }> => l.name === event);
  }

  private logsOf(raw: RawReceipt): DecodedLog<TAbi>[] {
    const mine = raw.logs.filter((l) => l.address.toLowerCase() === this.address.toLowerCase());
    const parsed = mine.map((l) => this.iface.parseLog({ topics: l.topics, data: l.data })).filter((d): d is LogDescription => !!d);
    // A LogDescription's name and named args are what the ABI's event types describe.
    return parsed as unknown as DecodedLog<TAbi>[];
  }
}

export function toReceipt(raw: RawReceipt): Receipt {
  return { txHash: raw.transactionHash, blockNumber: Number(raw.blockNumber), result: undefined };
}

export function withResult<T>(receipt: Receipt, result: T): Receipt<T> {
  return { ...receipt, result };
}
