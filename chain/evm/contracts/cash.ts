import { getAddress, ZeroAddress } from "ethers";
import type { Account, Bytes32, CashPort, Fen, Receipt } from "../../ledger";
import type { settlementCashAbi } from "../abi/SettlementCash";
import type { ContractClient } from "../contract-client";

export class CashContract implements CashPort {
  constructor(private readonly c: ContractClient<typeof settlementCashAbi>) {}

  async mint(bank: Account, to: Account, amount: Fen, ref: Bytes32): Promise<Receipt> {
    return (await this.c.send(bank, "mint", [to, amount, ref])).receipt;
  }

  async burn(bank: Account, from: Account, amount: Fen, ref: Bytes32): Promise<Receipt> {
    return (await this.c.send(bank, "burn", [from, amount, ref])).receipt;
  }

  async designateSettlementBank(regulator: Account, bank: Account): Promise<Receipt> {
    return (await this.c.send(regulator, "designateSettlementBank", [bank])).receipt;
  }

  async settlementBank(): Promise<Account | undefined> {
    const [bank] = await this.c.read("settlementBank");
    return bank === ZeroAddress ? undefined : getAddress(bank);
  }

  async approve(owner: Account, spender: Account, amount: Fen): Promise<Receipt> {
    return (await this.c.send(owner, "approve", [spender, amount])).receipt;
  }

  async allowance(owner: Account, spender: Account): Promise<Fen> {
    return (await this.c.read("allowance", [owner, spender]))[0];
  }

  async balanceOf(account: Account): Promise<Fen> {
    return (await this.c.read("balanceOf", [account]))[0];
  }

  async totalSupply(): Promise<Fen> {
    return (await this.c.read("totalSupply"))[0];
  }
}
