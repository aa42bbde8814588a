import { getAddress } from "ethers";
import type { Account, Bytes32, Fen, Receipt, SlotAccount, Voucher, VouchersPort } from "../../ledger";
import { ChainError } from "../../errors";
import { fromSeconds, toSeconds } from "../codec";
import { ContractClient, withResult } from "../contract-client";

export function slotIdOf(debtor: Account, maturity: Date): bigint {
  return (BigInt(getAddress(debtor)) << 40n) | BigInt(toSeconds(maturity));
}

export class VouchersContract implements VouchersPort {
  constructor(private readonly c: ContractClient) {}

  async issue(core: Account, v: { supplier: Account; amount: Fen; maturity: Date; invoiceKeys: Bytes32[] }): Promise<Receipt<bigint>> {
    const { receipt, logs } = await this.c.send(core, "issue", [v.supplier, v.amount, toSeconds(v.maturity), v.invoiceKeys]);
    return withResult(receipt, ContractClient.only(logs, "VoucherIssued").args.id as bigint);
  }

  async splitTransfer(holder: Account, v: { id: bigint; to: Account; amount: Fen; invoiceKeys: Bytes32[] }): Promise<Receipt<bigint>> {
    const { receipt, logs } = await this.c.send(holder, "splitTransfer", [v.id, v.to, v.amount, v.invoiceKeys]);
    return withResult(receipt, ContractClient.only(logs, "VoucherTransferred").args.id as bigint);
  }

  async split(holder: Account, id: bigint, amounts: Fen[]): Promise<Receipt<bigint[]>> {
    const { receipt, logs } = await this.c.send(holder, "split", [id, amounts]);
    return withResult(
      receipt,
      logs.filter((l) => l.name === "VoucherSplit").map((l) => l.args.id as bigint),
    );
  }

  async get(id: bigint): Promise<Voucher | undefined> {
    let v;
    try {
      [v] = await this.c.read("voucher", [id]);
    } catch (e) {
      if (e instanceof ChainError && e.code === "VOUCHER_NOT_FOUND") return undefined;
      throw e;
    }
    return {
      id,
      owner: getAddress(v.owner as string),
      value: v.value as bigint,
      redeemedValue: v.redeemedValue as bigint,
      locked: v.locked as bigint,
      depth: Number(v.depth),
      financed: v.financed as boolean,
      root: v.root as bigint,
      parent: v.parent as bigint,
      debtor: getAddress(v.debtor as string),
      maturity: fromSeconds(v.maturity as bigint),
    };
  }

  async slotAccount(debtor: Account, maturity: Date): Promise<SlotAccount> {
    const [a] = await this.c.read("slotAccount", [slotIdOf(debtor, maturity)]);
    return { debtor: getAddress(debtor), maturity, outstanding: a.outstanding as bigint, escrowed: a.escrowed as bigint };
  }

  async outstandingOf(debtor: Account): Promise<Fen> {
    return (await this.c.read("outstandingOf", [debtor]))[0] as bigint;
  }

  async lastId(): Promise<bigint> {
    return (await this.c.read("lastId"))[0] as bigint;
  }
}
