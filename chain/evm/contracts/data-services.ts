import { getAddress, ZeroAddress } from "ethers";
import type { Account, Bytes32, DataServicesPort, Fen, Receipt } from "../../ledger";
import type { dataServicesAbi } from "../abi/DataServices";
import { fromSeconds, toSeconds } from "../codec";
import type { ContractClient } from "../contract-client";

const accountOrNone = (a: string): Account | undefined => (a === ZeroAddress ? undefined : getAddress(a));

export class DataServicesContract implements DataServicesPort {
  readonly address: Account;

  constructor(private readonly c: ContractClient<typeof dataServicesAbi>) {
    this.address = getAddress(c.address);
  }

  async commitDocument(owner: Account, commitment: Bytes32): Promise<Receipt> {
    return (await this.c.send(owner, "commitDocument", [commitment])).receipt;
  }

  async recordDisclosure(holder: Account, d: { bank: Account; voucherId: bigint; digest: Bytes32 }): Promise<Receipt> {
    return (await this.c.send(holder, "recordDisclosure", [d.bank, d.voucherId, d.digest])).receipt;
  }

  async grantConsent(subject: Account, bank: Account, until: Date): Promise<Receipt> {
    return (await this.c.send(subject, "grantConsent", [bank, toSeconds(until)])).receipt;
  }

  async withdrawConsent(subject: Account, bank: Account): Promise<Receipt> {
    return (await this.c.send(subject, "withdrawConsent", [bank])).receipt;
  }

  async recordQuery(bank: Account, subject: Account, digest: Bytes32): Promise<Receipt> {
    return (await this.c.send(bank, "recordQuery", [subject, digest])).receipt;
  }

  async setQueryFee(operator: Account, fee: Fen, recipient: Account): Promise<Receipt> {
    return (await this.c.send(operator, "setQueryFee", [fee, recipient])).receipt;
  }

  async consentUntil(subject: Account, bank: Account): Promise<Date | undefined> {
    const [until] = await this.c.read("consentUntil", [subject, bank]);
    return until === 0n ? undefined : fromSeconds(until);
  }

  async queryFee(): Promise<{ fee: Fen; recipient: Account | undefined }> {
    const [fee, recipient] = await this.c.read("queryFee");
    return { fee, recipient: accountOrNone(recipient) };
  }

  async documentOwner(commitment: Bytes32): Promise<Account | undefined> {
    const [owner] = await this.c.read("documentOwner", [commitment]);
    return accountOrNone(owner);
  }
}
