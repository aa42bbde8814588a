import { ZeroAddress, getAddress } from "ethers";
import type { Account, Fen, FinancingPort, FinancingQuote, FinancingRequest, Receipt } from "../../ledger";
import type { financingAbi } from "../abi/Financing";
import { fromSeconds, toSeconds } from "../codec";
import { ContractClient, withResult } from "../contract-client";

export class FinancingContract implements FinancingPort {
  constructor(private readonly c: ContractClient<typeof financingAbi>) {}

  async request(
    holder: Account,
    r: { voucherId: bigint; amount: Fen; bank: Account; rateBps: number; deadline: Date },
  ): Promise<Receipt<bigint>> {
    const { receipt, logs } = await this.c.send(holder, "request", [
      r.voucherId,
      r.amount,
      r.bank,
      r.rateBps,
      toSeconds(r.deadline),
    ]);
    return withResult(receipt, ContractClient.only(logs, "FinancingRequested").args.requestId);
  }

  async execute(bank: Account, requestId: bigint): Promise<Receipt<{ pieceId: bigint } & FinancingQuote>> {
    const { receipt, logs } = await this.c.send(bank, "execute", [requestId]);
    const e = ContractClient.only(logs, "FinancingExecuted").args;
    return withResult(receipt, { pieceId: e.pieceId, days: Number(e.days_), interest: e.interest, fee: e.fee, net: e.net });
  }

  async decline(bank: Account, requestId: bigint): Promise<Receipt> {
    return (await this.c.send(bank, "decline", [requestId])).receipt;
  }

  async cancel(holder: Account, requestId: bigint): Promise<Receipt> {
    return (await this.c.send(holder, "cancel", [requestId])).receipt;
  }

  async release(caller: Account, requestId: bigint): Promise<Receipt> {
    return (await this.c.send(caller, "release", [requestId])).receipt;
  }

  async setFee(operator: Account, feeBps: number, recipient: Account): Promise<Receipt> {
    return (await this.c.send(operator, "setFee", [feeBps, recipient])).receipt;
  }

  async get(requestId: bigint): Promise<FinancingRequest | undefined> {
    const [r] = await this.c.read("requestOf", [requestId]);
    if (r.holder === ZeroAddress) return undefined;
    return {
      id: requestId,
      holder: getAddress(r.holder),
      voucherId: r.voucherId,
      bank: getAddress(r.bank),
      amount: r.amount,
      rateBps: Number(r.rateBps),
      feeBps: Number(r.feeBps),
      deadline: fromSeconds(r.deadline),
    };
  }

  async quote(q: { amount: Fen; rateBps: number; feeBps: number; maturity: Date; at: Date }): Promise<FinancingQuote> {
    const [r] = await this.c.read("quote", [q.amount, q.rateBps, q.feeBps, toSeconds(q.maturity), toSeconds(q.at)]);
    return { days: Number(r.days_), interest: r.interest, fee: r.fee, net: r.net };
  }

  async fee(): Promise<{ feeBps: number; recipient: Account }> {
    const [feeBps, recipient] = await this.c.read("fee");
    return { feeBps: Number(feeBps), recipient: getAddress(recipient) };
  }
}
