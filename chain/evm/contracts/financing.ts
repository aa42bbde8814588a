import { ZeroAddress, getAddress } from "ethers";
import type { Account, Fen, FinancingPort, FinancingQuote, FinancingRequest, Receipt } from "../../ledger";
import { fromSeconds, toSeconds } from "../codec";
import { ContractClient, withResult } from "../contract-client";

export class FinancingContract implements FinancingPort {
  constructor(private readonly c: ContractClient) {}

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
    return withResult(receipt, ContractClient.only(logs, "FinancingRequested").args.requestId as bigint);
  }

  async execute(bank: Account, requestId: bigint): Promise<Receipt<{ pieceId: bigint } & FinancingQuote>> {
    const { receipt, logs } = await this.c.send(bank, "execute", [requestId]);
    const e = ContractClient.only(logs, "FinancingExecuted").args;
    return withResult(receipt, {
      pieceId: e.pieceId as bigint,
      days: Number(e.days_),
      interest: e.interest as bigint,
      fee: e.fee as bigint,
      net: e.net as bigint,
    });
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
      holder: getAddress(r.holder as string),
      voucherId: r.voucherId as bigint,
      bank: getAddress(r.bank as string),
      amount: r.amount as bigint,
      rateBps: Number(r.rateBps),
      feeBps: Number(r.feeBps),
      deadline: fromSeconds(r.deadline as bigint),
    };
  }

  async quote(q: { amount: Fen; rateBps: number; feeBps: number; maturity: Date; at: Date }): Promise<FinancingQuote> {
    const [r] = await this.c.read("quote", [q.amount, q.rateBps, q.feeBps, toSeconds(q.maturity), toSeconds(q.at)]);
    return { days: Number(r.days_), interest: r.interest as bigint, fee: r.fee as bigint, net: r.net as bigint };
  }

  async fee(): Promise<{ feeBps: number; recipient: Account }> {
    const [feeBps, recipient] = await this.c.read("fee");
    return { feeBps: Number(feeBps), recipient: getAddress(recipient as string) };
  }
}
