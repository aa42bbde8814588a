/** Document commitments, disclosures, consents and paid risk queries, and IoT reading anchors, on the chaincode. */
import { checksum, fromSeconds } from "../evm/codec";
import type { Account, Bytes32, DataServicesPort, Fen, ReadingAnchor, ReadingAnchorsPort, Receipt } from "../ledger";
import { seconds, type Chaincode } from "./chaincode";
import type { FabricHistory } from "./history";

const ZERO_ACCOUNT = "0x0000000000000000000000000000000000000000";

export class FabricDataServices implements DataServicesPort {
  /**
   * The account a bank's cash allowance to the data services is kept under: DATA_SERVICES_ACCOUNT of the
   * chaincode (contracts/fabric/src/values.ts), an address no key signs for, as the EVM's is its contract's.
   */
  readonly address = checksum("0x00000000000000000000000000000000da7a5e41");

  constructor(private readonly cc: Chaincode) {}

  commitDocument(owner: Account, commitment: Bytes32): Promise<Receipt> {
    return this.cc.send(owner, "DataServices:commitDocument", commitment);
  }

  recordDisclosure(holder: Account, d: { bank: Account; voucherId: bigint; digest: Bytes32 }): Promise<Receipt> {
    return this.cc.send(holder, "DataServices:recordDisclosure", d.bank, d.voucherId.toString(), d.digest);
  }

  grantConsent(subject: Account, bank: Account, until: Date): Promise<Receipt> {
    return this.cc.send(subject, "DataServices:grantConsent", bank, seconds(until));
  }

  withdrawConsent(subject: Account, bank: Account): Promise<Receipt> {
    return this.cc.send(subject, "DataServices:withdrawConsent", bank);
  }

  recordQuery(bank: Account, subject: Account, digest: Bytes32): Promise<Receipt> {
    return this.cc.send(bank, "DataServices:recordQuery", subject, digest);
  }

  setQueryFee(operator: Account, fee: Fen, recipient: Account): Promise<Receipt> {
    return this.cc.send(operator, "DataServices:setQueryFee", fee.toString(), recipient);
  }

  async consentUntil(subject: Account, bank: Account): Promise<Date | undefined> {
    const until = await this.cc.fen("DataServices:consentUntil", subject, bank);
    return until === 0n ? undefined : fromSeconds(until);
  }

  async queryFee(): Promise<{ fee: Fen; recipient: Account | undefined }> {
    const f = await this.cc.json<{ fee: string; recipient: string }>("DataServices:queryFee");
    return { fee: BigInt(f.fee), recipient: f.recipient === ZERO_ACCOUNT ? undefined : checksum(f.recipient) };
  }

  async documentOwner(commitment: Bytes32): Promise<Account | undefined> {
    const owner = await this.cc.text("DataServices:documentOwner", commitment);
    return owner === ZERO_ACCOUNT ? undefined : checksum(owner);
  }
}

export class FabricReadingAnchors implements ReadingAnchorsPort {
  constructor(
    private readonly cc: Chaincode,
    private readonly history: FabricHistory,
  ) {}

  anchor(operator: Account, a: { root: Bytes32; firstId: bigint; lastId: bigint; count: number }): Promise<Receipt> {
    return this.cc.send(operator, "ReadingAnchors:anchor", a.root, a.firstId.toString(), a.lastId.toString(), String(a.count));
  }

  async anchorOf(root: Bytes32): Promise<ReadingAnchor | undefined> {
    const a = await this.cc.json<{ firstId: string; lastId: string; count: string; anchoredAt: string; txId: string } | null>("ReadingAnchors:anchorOf", root);
    if (a === null) return undefined;
    return {
      root: root.toLowerCase(),
      firstId: BigInt(a.firstId),
      lastId: BigInt(a.lastId),
      count: Number(a.count),
      anchoredAt: fromSeconds(BigInt(a.anchoredAt)),
      blockNumber: await this.history.blockOfTransaction(a.txId),
    };
  }
}
