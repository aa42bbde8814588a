import { getAddress } from "ethers";
import type { Account, Bytes32, Receipt, ReceiptIssue, WarehouseReceipt, WarehouseReceiptsPort } from "../../ledger";
import type { warehouseReceiptsAbi } from "../abi/WarehouseReceipts";
import { bytes16ToCode, codeToBytes16, RECEIPT_STATUS } from "../codec";
import { ContractClient, withResult } from "../contract-client";

export class WarehouseReceiptsContract implements WarehouseReceiptsPort {
  constructor(private readonly c: ContractClient<typeof warehouseReceiptsAbi>) {}

  async issue(warehouse: Account, r: ReceiptIssue): Promise<Receipt<bigint>> {
    const terms = {
      depositor: r.depositor,
      commodity: codeToBytes16(r.commodity),
      grade: codeToBytes16(r.grade),
      quantity: r.quantity,
      weighed: r.weighed,
      inbound: r.inbound,
      reading: r.reading,
      location: r.location,
      document: r.document,
    };
    const { receipt, logs } = await this.c.send(warehouse, "issue", [terms]);
    return withResult(receipt, ContractClient.only(logs, "ReceiptIssued").args.id);
  }

  async transfer(owner: Account, id: bigint, to: Account): Promise<Receipt> {
    return (await this.c.send(owner, "transfer", [id, to])).receipt;
  }

  async split(owner: Account, id: bigint, lots: { quantity: bigint; document: Bytes32 }[]): Promise<Receipt<bigint[]>> {
    const { receipt, logs } = await this.c.send(owner, "split", [id, lots]);
    return withResult(receipt, ContractClient.all(logs, "ReceiptSplit").map((l) => l.args.id));
  }

  async deliver(owner: Account, id: bigint): Promise<Receipt> {
    return (await this.c.send(owner, "deliver", [id])).receipt;
  }

  async cancel(owner: Account, id: bigint): Promise<Receipt> {
    return (await this.c.send(owner, "cancel", [id])).receipt;
  }

  async get(id: bigint): Promise<WarehouseReceipt | undefined> {
    const [r] = await this.c.read("receipt", [id]);
    const status = RECEIPT_STATUS.at(Number(r.status));
    if (status === "none" || status === undefined) return undefined;
    return {
      id,
      owner: getAddress(r.owner),
      warehouse: getAddress(r.warehouse),
      status,
      parent: r.parent,
      commodity: bytes16ToCode(r.commodity),
      grade: bytes16ToCode(r.grade),
      quantity: r.quantity,
      location: r.location,
      document: r.document,
    };
  }

  async backedBy(warehouse: Account, inbound: Bytes32, reading: Bytes32): Promise<{ byInbound: bigint; byReading: bigint }> {
    const [byInbound, byReading] = await this.c.read("backedBy", [warehouse, inbound, reading]);
    return { byInbound, byReading };
  }

  async lastId(): Promise<bigint> {
    return (await this.c.read("lastId"))[0];
  }
}
