import { getAddress, ZeroAddress } from "ethers";
import type { Account, Fen, Guarantee, GuaranteeKind, GuaranteesPort, Receipt } from "../../ledger";
import { GUARANTEE_KINDS } from "../../values";
import type { guaranteesAbi } from "../abi/Guarantees";
import { fromSeconds, GUARANTEE_STATUS, toSeconds } from "../codec";
import { ContractClient, withResult } from "../contract-client";

const kindIndex = (kind: GuaranteeKind): number => GUARANTEE_KINDS.indexOf(kind);

export class GuaranteesContract implements GuaranteesPort {
  readonly address: Account;

  constructor(private readonly c: ContractClient<typeof guaranteesAbi>) {
    this.address = getAddress(c.address);
  }

  async issue(
    guarantor: Account,
    g: { kind: GuaranteeKind; subject: bigint; bank: Account; amount: Fen; expiry: Date },
  ): Promise<Receipt<bigint>> {
    const { receipt, logs } = await this.c.send(guarantor, "issue", [kindIndex(g.kind), g.subject, g.bank, g.amount, toSeconds(g.expiry)]);
    return withResult(receipt, ContractClient.only(logs, "GuaranteeIssued").args.id);
  }

  async demand(bank: Account, id: bigint): Promise<Receipt<Fen>> {
    const { receipt, logs } = await this.c.send(bank, "demand", [id]);
    return withResult(receipt, ContractClient.only(logs, "GuaranteeCalled").args.paid);
  }

  async recover(payer: Account, id: bigint, amount: Fen): Promise<Receipt> {
    return (await this.c.send(payer, "recover", [id, amount])).receipt;
  }

  async reclaim(caller: Account, id: bigint): Promise<Receipt<Fen>> {
    const { receipt, logs } = await this.c.send(caller, "reclaim", [id]);
    return withResult(receipt, ContractClient.only(logs, "RecourseRecovered").args.amount);
  }

  async release(caller: Account, id: bigint): Promise<Receipt> {
    return (await this.c.send(caller, "release", [id])).receipt;
  }

  async expire(caller: Account, id: bigint): Promise<Receipt> {
    return (await this.c.send(caller, "expire", [id])).receipt;
  }

  async get(id: bigint): Promise<Guarantee | undefined> {
    const [g] = await this.c.read("guarantee", [id]);
    const status = GUARANTEE_STATUS.at(Number(g.status));
    if (status === "none" || status === undefined) return undefined;
    return {
      id,
      guarantor: getAddress(g.guarantor),
      bank: getAddress(g.bank),
      kind: GUARANTEE_KINDS[Number(g.kind)],
      subject: g.subject,
      amount: g.amount,
      expiry: fromSeconds(g.expiry),
      status,
      paid: g.paid,
      obligor: g.obligor === ZeroAddress ? undefined : getAddress(g.obligor),
      recovered: g.recovered,
    };
  }

  async guaranteeOf(kind: GuaranteeKind, subject: bigint): Promise<bigint> {
    return (await this.c.read("guaranteeOf", [kindIndex(kind), subject]))[0];
  }

  async lastId(): Promise<bigint> {
    return (await this.c.read("lastId"))[0];
  }
}
