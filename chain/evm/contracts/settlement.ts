import type { Account, Fen, Receipt, SettlementPort } from "../../ledger";
import type { settlementAbi } from "../abi/Settlement";
import { toSeconds } from "../codec";
import { ContractClient, withResult } from "../contract-client";

export class SettlementContract implements SettlementPort {
  constructor(private readonly c: ContractClient<typeof settlementAbi>) {}

  async fund(core: Account, maturity: Date): Promise<Receipt<Fen>> {
    const { receipt, logs } = await this.c.send(core, "fund", [toSeconds(maturity)]);
    return withResult(receipt, ContractClient.only(logs, "SlotFundedBy").args.amount);
  }

  async redeem(caller: Account, id: bigint): Promise<Receipt> {
    return (await this.c.send(caller, "redeem", [id])).receipt;
  }

  async redeemBatch(caller: Account, ids: bigint[]): Promise<Receipt> {
    return (await this.c.send(caller, "redeemBatch", [ids])).receipt;
  }

  async flagOverdue(caller: Account, debtor: Account, maturity: Date): Promise<Receipt> {
    return (await this.c.send(caller, "flagOverdue", [debtor, toSeconds(maturity)])).receipt;
  }

  async setGracePeriod(operator: Account, seconds: number): Promise<Receipt> {
    return (await this.c.send(operator, "setGracePeriod", [seconds])).receipt;
  }

  async isOverdue(debtor: Account, maturity: Date): Promise<boolean> {
    return (await this.c.read("isOverdue", [debtor, toSeconds(maturity)]))[0];
  }

  async gracePeriod(): Promise<number> {
    return Number((await this.c.read("gracePeriod"))[0]);
  }

  async setPenaltyRate(core: Account, rateBps: number): Promise<Receipt> {
    return (await this.c.send(core, "setPenaltyRate", [rateBps])).receipt;
  }

  async payPenalty(caller: Account, id: bigint): Promise<Receipt<Fen>> {
    const { receipt, logs } = await this.c.send(caller, "payPenalty", [id]);
    return withResult(receipt, ContractClient.only(logs, "PenaltyPaid").args.amount);
  }

  async penaltyRateFor(debtor: Account, maturity: Date): Promise<number> {
    return Number((await this.c.read("penaltyRateFor", [debtor, toSeconds(maturity)]))[0]);
  }

  async penaltyDue(debtor: Account, maturity: Date, at: Date): Promise<Fen> {
    return (await this.c.read("penaltyDue", [debtor, toSeconds(maturity), toSeconds(at)]))[0];
  }

  async penaltyPaid(id: bigint): Promise<boolean> {
    return (await this.c.read("penaltyPaid", [id]))[0];
  }
}
