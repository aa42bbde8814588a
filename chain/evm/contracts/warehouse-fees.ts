import { getAddress, ZeroAddress } from "ethers";
import type { Account, CommodityCode, Fen, FeeAccount, FeeTariff, Receipt, WarehouseFeesPort } from "../../ledger";
import type { warehouseFeesAbi } from "../abi/WarehouseFees";
import { codeToBytes16 } from "../codec";
import { ContractClient, withResult } from "../contract-client";

export class WarehouseFeesContract implements WarehouseFeesPort {
  readonly address: Account;

  constructor(private readonly c: ContractClient<typeof warehouseFeesAbi>) {
    this.address = getAddress(c.address);
  }

  async setTariff(warehouse: Account, commodity: CommodityCode, t: FeeTariff): Promise<Receipt> {
    return (await this.c.send(warehouse, "setTariff", [codeToBytes16(commodity), t.storageFenPerTonneDay, t.supervisionFenPerTonneDay])).receipt;
  }

  async open(warehouse: Account, receiptId: bigint): Promise<Receipt> {
    return (await this.c.send(warehouse, "open", [receiptId])).receipt;
  }

  async startSupervision(warehouse: Account, receiptId: bigint): Promise<Receipt> {
    return (await this.c.send(warehouse, "startSupervision", [receiptId])).receipt;
  }

  async endSupervision(caller: Account, receiptId: bigint): Promise<Receipt> {
    return (await this.c.send(caller, "endSupervision", [receiptId])).receipt;
  }

  async pay(payer: Account, receiptId: bigint): Promise<Receipt<{ storageFee: Fen; supervisionFee: Fen; closed: boolean }>> {
    const { receipt, logs } = await this.c.send(payer, "pay", [receiptId]);
    const { storageFee, supervisionFee, closed } = ContractClient.only(logs, "FeesPaid").args;
    return withResult(receipt, { storageFee, supervisionFee, closed });
  }

  async due(receiptId: bigint): Promise<{ storageFee: Fen; supervisionFee: Fen }> {
    const [storageFee, supervisionFee] = await this.c.read("due", [receiptId]);
    return { storageFee, supervisionFee };
  }

  async account(receiptId: bigint): Promise<FeeAccount | undefined> {
    const [a] = await this.c.read("account", [receiptId]);
    if (a.warehouse === ZeroAddress) return undefined;
    return {
      receiptId,
      warehouse: getAddress(a.warehouse),
      storageFrom: Number(a.storageFrom),
      supervisedFrom: Number(a.supervisedFrom),
      supervising: a.supervising,
      closed: a.closed,
      storageFenPerTonneDay: a.storageFenPerTonneDay,
      supervisionFenPerTonneDay: a.supervisionFenPerTonneDay,
      supervisionDue: a.supervisionDue,
    };
  }

  async tariff(warehouse: Account, commodity: CommodityCode): Promise<FeeTariff> {
    const [t] = await this.c.read("tariff", [warehouse, codeToBytes16(commodity)]);
    return { storageFenPerTonneDay: t.storageFenPerTonneDay, supervisionFenPerTonneDay: t.supervisionFenPerTonneDay };
  }
}
