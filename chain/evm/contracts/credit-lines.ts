import { getAddress } from "ethers";
import type { Account, CreditLine, CreditLinesPort, Fen, Receipt } from "../../ledger";
import type { creditLinesAbi } from "../abi/CreditLines";
import { fromSeconds, toSeconds } from "../codec";
import type { ContractClient } from "../contract-client";

export class CreditLinesContract implements CreditLinesPort {
  constructor(private readonly c: ContractClient<typeof creditLinesAbi>) {}

  async grant(bank: Account, core: Account, limit: Fen, expiry: Date): Promise<Receipt> {
    return (await this.c.send(bank, "grant", [core, limit, toSeconds(expiry)])).receipt;
  }

  async amend(bank: Account, core: Account, limit: Fen, expiry: Date): Promise<Receipt> {
    return (await this.c.send(bank, "amend", [core, limit, toSeconds(expiry)])).receipt;
  }

  async close(bank: Account, core: Account): Promise<Receipt> {
    return (await this.c.send(bank, "close", [core])).receipt;
  }

  async closeExpired(caller: Account, bank: Account, core: Account): Promise<Receipt> {
    return (await this.c.send(caller, "closeExpired", [bank, core])).receipt;
  }

  async get(bank: Account, core: Account): Promise<CreditLine> {
    const [l] = await this.c.read("creditLine", [bank, core]);
    return {
      bank: getAddress(bank),
      core: getAddress(core),
      limit: l.limit,
      used: l.used,
      expiry: fromSeconds(l.expiry),
      open: l.open,
    };
  }

  async available(bank: Account, core: Account): Promise<Fen> {
    return (await this.c.read("available", [bank, core]))[0];
  }

  async openLimitOf(core: Account): Promise<Fen> {
    return (await this.c.read("openLimitOf", [core]))[0];
  }
}
