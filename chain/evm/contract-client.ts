import type { Abi } from "abitype";
import { AbiCoder, Interface, concat, type EventFragment, type FunctionFragment, type InterfaceAbi, type Result } from "ethers";
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
  private readonly lowerAddress: string;
  /**
   * topic0 → event and name → (function, selector), computed once: ethers hashes every event signature on each
   * log it parses, and a function's signature on each call it encodes, which cost more than the write's own ABI
   * work on the embedded chain.
   */
  private readonly events = new Map<string, EventFragment>();
  private readonly functions = new Map<string, { fragment: FunctionFragment; selector: string } | null>();

  constructor(
    readonly name: ContractName,
    readonly address: string,
    private readonly submitter: Submitter,
    abi: TAbi,
  ) {
    // The same JSON seen by two libraries: they disagree only on the long-gone `gas` field, which no ABI here has.
    this.iface = new Interface(abi as InterfaceAbi);
    this.lowerAddress = address.toLowerCase();
    this.iface.forEachEvent((e) => this.events.set(e.topicHash, e));
  }

  async send<F extends WriteName<TAbi>>(
    from: Account,
    fn: F,
    args: CallArgs<TAbi, F>,
  ): Promise<{ receipt: Receipt; logs: DecodedLog<TAbi>[] }> {
    const raw = await this.submitter.submit(from, this.address, this.encode(fn, args as readonly unknown[]));
    return { receipt: toReceipt(raw), logs: this.logsOf(raw) };
  }

  async read<F extends ReadName<TAbi>>(fn: F, ...args: CallArgs<TAbi, F> extends readonly [] ? [] : [CallArgs<TAbi, F>]): Promise<CallResult<TAbi, F>> {
    const data = await this.submitter.call(this.address, this.encode(fn, (args[0] ?? []) as readonly unknown[]));
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

  /** What `iface.encodeFunctionData(fn, args)` gives, with the function and its selector looked up once. */
  private encode(fn: string, args: readonly unknown[]): string {
    let f = this.functions.get(fn);
    if (f === undefined) {
      let fragment: FunctionFragment | null = null;
      try {
        fragment = this.iface.getFunction(fn);
      } catch {
        // An overloaded name: ethers picks the overload from the arguments, on every call.
      }
      f = fragment ? { fragment, selector: fragment.selector } : null;
      this.functions.set(fn, f);
    }
    if (!f) return this.iface.encodeFunctionData(fn, args);
    return concat([f.selector, AbiCoder.defaultAbiCoder().encode(f.fragment.inputs, args)]);
  }

  private logsOf(raw: RawReceipt): DecodedLog<TAbi>[] {
    const out: { name: string; readonly args: Result }[] = [];
    const iface = this.iface;
    for (const l of raw.logs) {
      if (l.address.toLowerCase() !== this.lowerAddress) continue;
      const fragment = this.events.get(l.topics[0] ?? "");
      if (!fragment) continue;
      let args: Result | undefined;
      // Decoded when first read: a write's caller reads one event's arguments at most, and most writes none.
      out.push({
        name: fragment.name,
        get args() {
          return (args ??= iface.decodeEventLog(fragment, l.data, l.topics));
        },
      });
    }
    // The name and named args (ethers' Result) are what the ABI's event types describe.
    return out as unknown as DecodedLog<TAbi>[];
  }
}

export function toReceipt(raw: RawReceipt): Receipt {
  return { txHash: raw.transactionHash, blockNumber: Number(raw.blockNumber), result: undefined };
}

export function withResult<T>(receipt: Receipt, result: T): Receipt<T> {
  return { ...receipt, result };
}
