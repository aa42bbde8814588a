import { getAddress } from "ethers";
import type { Account, CommodityCode, CommodityPrice, CommodityPricesPort, Fen, Receipt } from "../../ledger";
import type { commodityPricesAbi } from "../abi/CommodityPrices";
import { codeToBytes16, fromSeconds } from "../codec";
import type { ContractClient } from "../contract-client";

export class CommodityPricesContract implements CommodityPricesPort {
  constructor(private readonly c: ContractClient<typeof commodityPricesAbi>) {}

  async appointPublisher(operator: Account, publisher: Account): Promise<Receipt> {
    return (await this.c.send(operator, "appointPublisher", [publisher])).receipt;
  }

  async dismissPublisher(operator: Account, publisher: Account): Promise<Receipt> {
    return (await this.c.send(operator, "dismissPublisher", [publisher])).receipt;
  }

  async post(publisher: Account, commodity: CommodityCode, fenPerTonne: Fen): Promise<Receipt> {
    return (await this.c.send(publisher, "post", [codeToBytes16(commodity), fenPerTonne])).receipt;
  }

  async isPublisher(account: Account): Promise<boolean> {
    return (await this.c.read("isPublisher", [account]))[0];
  }

  async priceOn(commodity: CommodityCode, day: number): Promise<CommodityPrice | undefined> {
    const [p] = await this.c.read("priceOn", [codeToBytes16(commodity), day]);
    if (p.postedAt === 0n) return undefined;
    return { commodity, day, fenPerTonne: p.fenPerTonne, postedAt: fromSeconds(p.postedAt), publisher: getAddress(p.publisher) };
  }
}
