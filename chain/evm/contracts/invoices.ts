import { ZeroAddress, getAddress } from "ethers";
import type { Account, Bytes32, Fen, Invoice, InvoicesPort, Receipt } from "../../ledger";
import type { invoicesAbi } from "../abi/Invoices";
import type { ContractClient } from "../contract-client";

export class InvoicesContract implements InvoicesPort {
  constructor(private readonly c: ContractClient<typeof invoicesAbi>) {}

  async register(seller: Account, i: { key: Bytes32; buyer: Account; amount: Fen; commitment: Bytes32 }): Promise<Receipt> {
    return (await this.c.send(seller, "register", [i.key, i.buyer, i.amount, i.commitment])).receipt;
  }

  async confirm(buyer: Account, key: Bytes32): Promise<Receipt> {
    return (await this.c.send(buyer, "confirm", [key])).receipt;
  }

  async get(key: Bytes32): Promise<Invoice | undefined> {
    const [i] = await this.c.read("invoice", [key]);
    if (i.seller === ZeroAddress) return undefined;
    return {
      key,
      seller: getAddress(i.seller),
      buyer: getAddress(i.buyer),
      amount: i.amount,
      used: i.used,
      confirmed: i.confirmed,
      commitment: i.commitment,
    };
  }
}
