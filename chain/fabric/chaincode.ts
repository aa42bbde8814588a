/**
 * Calls into the chaincode in the wire format it speaks (contracts/fabric/README.md, "Calling it"): every
 * argument a string; times whole Unix seconds; lists JSON arrays. Results come back as receipts and records.
 */
import type { Account, Receipt } from "../ledger";
import type { FabricGateway } from "./gateway";

export const seconds = (d: Date): string => String(Math.floor(d.getTime() / 1000));
export const list = (items: readonly (string | bigint)[]): string => JSON.stringify(items.map(String));

export class Chaincode {
  constructor(readonly gateway: FabricGateway) {}

  /** Submits `fn` as `who`; the receipt's result is the chaincode's return value, as text. */
  async submit(who: Account, fn: string, ...args: string[]): Promise<Receipt<string>> {
    const s = await this.gateway.submit(who, fn, args);
    return { txHash: s.txId, blockNumber: s.blockNumber, result: s.payload };
  }

  async send(who: Account, fn: string, ...args: string[]): Promise<Receipt> {
    const { txHash, blockNumber } = await this.submit(who, fn, ...args);
    return { txHash, blockNumber, result: undefined };
  }

  text(fn: string, ...args: string[]): Promise<string> {
    return this.gateway.evaluateText(fn, args);
  }

  async json<T>(fn: string, ...args: string[]): Promise<T> {
    return JSON.parse(await this.text(fn, ...args)) as T;
  }

  async fen(fn: string, ...args: string[]): Promise<bigint> {
    return BigInt(await this.text(fn, ...args));
  }

  async flag(fn: string, ...args: string[]): Promise<boolean> {
    return (await this.text(fn, ...args)) === "true";
  }
}
