import { getAddress } from "ethers";
import type { Account, Bytes32, Fen, Receipt, SlotAccount, Voucher, VouchersPort } from "../../ledger";
import { ChainError } from "../../errors";
import type { vouchersAbi } from "../abi/Vouchers";
import { fromSeconds, toSeconds } from "../codec";
import { ContractClient, withResult } from "../contract-client";

export function slotIdOf(debtor: Account, maturity: Date): bigint {
  return (BigInt(getAddress(debtor)) << 40n) | BigInt(toSeconds(maturity));
}

export class VouchersContract implements VouchersPort {
  constructor(private readonly c: ContractClient<typeof vouchersAbi>) {}

  async issue(core: Account, v: { supplier: Account; amount: Fen; maturity: Date; invoiceKeys: Bytes32[] }): Promise<Receipt<bigint>> {
    const { receipt, logs } = await this.c.send(core, "issue", [v.supplier, v.amount, toSeconds(v.maturity), v.invoiceKeys]);
    return withResult(receipt, ContractClient.only(logs, "VoucherIssued").args.id);
  }

  async splitTransfer(holder: Account, v: { id: bigint; to: Account; amount: Fen; invoiceKeys: Bytes32[] }): Promise<Receipt<bigint>> {
    const { receipt, logs } = await this.c.send(holder, "splitTransfer", [v.id, v.to, v.amount, v.invoiceKeys]);
    return withResult(receipt, ContractClient.only(logs, "VoucherTransferred").args.id);
  }

  async split(holder: Account, id: bigint, amounts: Fen[]): Promise<Receipt<bigint[]>> {
    const { receipt, logs } = await this.c.send(holder, "split", [id, amounts]);
    return withResult(receipt, ContractClient.all(logs, "VoucherSplit").map((l) => l.args.id));
  }

  async get(id: bigint): Promise<Voucher | undefined> {
    let found;
    try {
      found = await this.c.read("voucher", [id]);
    } catch (e) {
      if (e instanceof ChainError && e.code === "VOUCHER_NOT_FOUND") return undefined;
      throw e;
    }
    const [v] = found;
    return {
      id,
      owner: getAddress(v.owner),
      value: v.value,
      redeemedValue: v.redeemedValue,
      locked: v.locked,
      depth: Number(v.depth),
      financed: v.financed,
      root: v.root,
      parent: v.parent,
      debtor: getAddress(v.debtor),
      maturity: fromSeconds(v.maturity),
    };
  }

  async slotAccount(debtor: Account, maturity: Date): Promise<SlotAccount> {
    const [a] = await this.c.read("slotAccount", [slotIdOf(debtor, maturity)]);
    return { debtor: getAddress(debtor), maturity, outstanding: a.outstanding, escrowed: a.escrowed };
  }

  async outstandingOf(debtor: Account): Promise<Fen> {
    return (await this.c.read("outstandingOf", [debtor]))[0];
  }

  async lastId(): Promise<bigint> {
    return (await this.c.read("lastId"))[0];
  }

  async ids(): Promise<bigint[]> {
    const last = await this.lastId();
    return Array.from({ length: Number(last) }, (_, i) => BigInt(i + 1));
  }
}
