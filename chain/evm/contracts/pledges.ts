import { getAddress, ZeroAddress } from "ethers";
import type { Account, CommodityCode, Fen, MarginCheck, PledgeBounds, PledgeLoan, PledgesPort, Receipt } from "../../ledger";
import type { pledgesAbi } from "../abi/Pledges";
import { bytes16ToCode, codeToBytes16, fromSeconds, LOAN_STATUS, toSeconds } from "../codec";
import { ContractClient, withResult } from "../contract-client";

const dateOrNone = (s: bigint): Date | undefined => (s === 0n ? undefined : fromSeconds(s));

export class PledgesContract implements PledgesPort {
  readonly address: Account;

  constructor(private readonly c: ContractClient<typeof pledgesAbi>) {
    this.address = getAddress(c.address);
  }

  async setBounds(operator: Account, b: PledgeBounds): Promise<Receipt> {
    return (await this.c.send(operator, "setBounds", [b])).receipt;
  }

  async setFee(operator: Account, feeBps: number, recipient: Account): Promise<Receipt> {
    return (await this.c.send(operator, "setFee", [feeBps, recipient])).receipt;
  }

  async setPledgeRate(bank: Account, commodity: CommodityCode, rateBps: number): Promise<Receipt> {
    return (await this.c.send(bank, "setPledgeRate", [codeToBytes16(commodity), rateBps])).receipt;
  }

  async request(
    borrower: Account,
    r: { receiptIds: bigint[]; bank: Account; amount: Fen; rateBps: number; maturity: Date },
  ): Promise<Receipt<bigint>> {
    const { receipt, logs } = await this.c.send(borrower, "request", [r.receiptIds, r.bank, r.amount, r.rateBps, toSeconds(r.maturity)]);
    return withResult(receipt, ContractClient.only(logs, "PledgeRequested").args.loanId);
  }

  async drawdown(bank: Account, loanId: bigint): Promise<Receipt> {
    return (await this.c.send(bank, "drawdown", [loanId])).receipt;
  }

  async cancel(caller: Account, loanId: bigint): Promise<Receipt> {
    return (await this.c.send(caller, "cancel", [loanId])).receipt;
  }

  async topUp(borrower: Account, loanId: bigint, receiptIds: bigint[]): Promise<Receipt> {
    return (await this.c.send(borrower, "topUp", [loanId, receiptIds])).receipt;
  }

  async repay(payer: Account, loanId: bigint, amount: Fen): Promise<Receipt<{ released: boolean }>> {
    const { receipt, logs } = await this.c.send(payer, "repay", [loanId, amount]);
    return withResult(receipt, { released: ContractClient.all(logs, "PledgeReleased").length > 0 });
  }

  async check(caller: Account, loanId: bigint): Promise<Receipt<MarginCheck>> {
    const { receipt, logs } = await this.c.send(caller, "check", [loanId]);
    const called = ContractClient.all(logs, "MarginCalled").at(0);
    const warned = ContractClient.all(logs, "MarginWarning").at(0);
    const cured = ContractClient.all(logs, "MarginCallCured").at(0);
    let result: MarginCheck;
    if (called) result = { ratioBps: called.args.ratioBps, outcome: "called" };
    else if (warned) result = { ratioBps: warned.args.ratioBps, outcome: "warning" };
    else if (cured) result = { ratioBps: cured.args.ratioBps, outcome: "cured" };
    else {
      // Nothing emitted: below the warning ratio, or still at or above the call ratio with the call in force.
      const loan = await this.get(loanId);
      result = { ratioBps: undefined, outcome: loan?.callDeadline ? "called" : "none" };
    }
    return withResult(receipt, result);
  }

  async declareDefault(bank: Account, loanId: bigint): Promise<Receipt> {
    return (await this.c.send(bank, "declareDefault", [loanId])).receipt;
  }

  async seize(bank: Account, loanId: bigint): Promise<Receipt> {
    return (await this.c.send(bank, "seize", [loanId])).receipt;
  }

  async get(loanId: bigint): Promise<PledgeLoan | undefined> {
    const [l] = await this.c.read("loan", [loanId]);
    const status = LOAN_STATUS.at(Number(l.status));
    if (status === "none" || status === undefined) return undefined;
    return {
      id: loanId,
      borrower: getAddress(l.borrower),
      bank: getAddress(l.bank),
      status,
      commodity: bytes16ToCode(l.commodity),
      quantity: l.quantity,
      principal: l.principal,
      interest: l.interest,
      rateBps: Number(l.rateBps),
      feeBps: Number(l.feeBps),
      maturity: fromSeconds(l.maturity),
      interestFrom: dateOrNone(l.interestFrom),
      callDeadline: dateOrNone(l.callDeadline),
    };
  }

  async receiptsOf(loanId: bigint): Promise<bigint[]> {
    return [...(await this.c.read("receiptsOf", [loanId]))[0]];
  }

  async due(loanId: bigint): Promise<{ principal: Fen; interest: Fen }> {
    const [principal, interest] = await this.c.read("due", [loanId]);
    return { principal, interest };
  }

  async pledgeRate(bank: Account, commodity: CommodityCode): Promise<number> {
    return Number((await this.c.read("pledgeRate", [bank, codeToBytes16(commodity)]))[0]);
  }

  async bounds(): Promise<PledgeBounds> {
    const [b] = await this.c.read("bounds");
    return {
      maxPledgeRateBps: Number(b.maxPledgeRateBps),
      warningBps: Number(b.warningBps),
      callBps: Number(b.callBps),
      callDays: Number(b.callDays),
      graceDays: Number(b.graceDays),
    };
  }

  async fee(): Promise<{ feeBps: number; recipient: Account | undefined }> {
    const [feeBps, recipient] = await this.c.read("fee");
    return { feeBps: Number(feeBps), recipient: recipient === ZeroAddress ? undefined : getAddress(recipient) };
  }

  async lastId(): Promise<bigint> {
    return (await this.c.read("lastId"))[0];
  }
}
