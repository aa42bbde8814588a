/**
 * The ordering and committing side of the gateway test server: submitted envelopes are cut into blocks, and
 * each transaction is validated as a committing peer does, from its envelope alone: the endorsement must be
 * this peer's signature over the proposal response, the transaction id new, and the read set (keys and range
 * queries, with versions) unchanged since endorsement (MVCC). Valid write sets are applied in block order.
 */
import { verify, type KeyObject } from "node:crypto";
import { common, peer } from "@hyperledger/fabric-protos";
import { blockDataHash, blockHeaderHash, TRANSACTIONS_FILTER } from "../../../chain/fabric/blocks";
import { decodeRwset } from "./gateway-rwset";
import type { InMemoryWorldState, ReadWriteSet, ValidationCode } from "./in-memory-stub";

const CODE = peer.TxValidationCode;
const MVCC_CODES: Record<ValidationCode, number> = {
  VALID: CODE.VALID,
  MVCC_READ_CONFLICT: CODE.MVCC_READ_CONFLICT,
  PHANTOM_READ_CONFLICT: CODE.PHANTOM_READ_CONFLICT,
};

/** A read set no state satisfies: stands in for a transaction already invalid, keeping tx numbering. */
const NEVER_VALID: ReadWriteSet = { reads: new Map([["\u0000invalid", { block: -1, tx: -1 }]]), ranges: [], writes: new Map() };

export interface StoredBlock {
  number: number;
  txIds: string[];
  codes: number[];
  /** The serialized common.Block, as qscc returns it. */
  bytes: Uint8Array;
}

export interface CommitCounts {
  valid: number;
  mvccConflicts: number;
  otherInvalid: number;
}

function blockBytes(number: number, previousHash: Uint8Array, data: Uint8Array[], codes: number[]): { bytes: Uint8Array; hash: Uint8Array } {
  const header = new common.BlockHeader();
  header.setNumber(number);
  header.setPreviousHash(previousHash);
  const dataHash = blockDataHash(data);
  header.setDataHash(dataHash);
  const blockData = new common.BlockData();
  blockData.setDataList(data);
  const metadata = new common.BlockMetadata();
  const entries: Uint8Array[] = [new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array()];
  entries[TRANSACTIONS_FILTER] = Uint8Array.from(codes);
  metadata.setMetadataList(entries);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(blockData);
  block.setMetadata(metadata);
  return { bytes: block.serializeBinary(), hash: blockHeaderHash(BigInt(number), previousHash, dataHash) };
}

export class BlockLedger {
  readonly blocks: StoredBlock[] = [];
  readonly counts: CommitCounts = { valid: 0, mvccConflicts: 0, otherInvalid: 0 };
  private readonly status = new Map<string, { code: number; block: number }>();
  private readonly listeners = new Set<(b: StoredBlock) => void>();
  private lastHash: Uint8Array = new Uint8Array();

  constructor(
    private readonly world: InMemoryWorldState,
    private readonly namespace: string,
    /** The peer's endorsement: its serialized identity and the public key of its certificate. */
    private readonly endorser: { serialized: Uint8Array; publicKey: KeyObject },
  ) {
    this.append([], []);
  }

  statusOf(txId: string): { code: number; block: number } | undefined {
    return this.status.get(txId);
  }

  onBlock(listener: (b: StoredBlock) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validates and commits `envelopes` as the next block. */
  commit(envelopes: { txId: string; envelope: Uint8Array }[]): StoredBlock {
    const seen = new Set<string>();
    const checked = envelopes.map(({ txId, envelope }) => {
      if (this.status.has(txId) || seen.has(txId)) return { code: CODE.DUPLICATE_TXID };
      seen.add(txId);
      const rwset = this.endorsedRwset(envelope);
      return rwset === undefined ? { code: CODE.ENDORSEMENT_POLICY_FAILURE } : { rwset };
    });
    if (this.world.blockHeight !== this.blocks.length - 1) throw new Error("The world state and the block store disagree");
    const mvcc = this.world.commitBlock(checked.map((c) => c.rwset ?? NEVER_VALID));
    const codes = checked.map((c, i) => c.code ?? MVCC_CODES[mvcc[i]]);
    for (const code of codes) {
      if (code === CODE.VALID) this.counts.valid++;
      else if (code === CODE.MVCC_READ_CONFLICT || code === CODE.PHANTOM_READ_CONFLICT) this.counts.mvccConflicts++;
      else this.counts.otherInvalid++;
    }
    return this.append(envelopes, codes);
  }

  private append(envelopes: { txId: string; envelope: Uint8Array }[], codes: number[]): StoredBlock {
    const number = this.blocks.length;
    const { bytes, hash } = blockBytes(number, this.lastHash, envelopes.map((e) => e.envelope), codes);
    this.lastHash = hash;
    const block: StoredBlock = { number, txIds: envelopes.map((e) => e.txId), codes, bytes };
    this.blocks.push(block);
    envelopes.forEach((e, i) => {
      if (!this.status.has(e.txId)) this.status.set(e.txId, { code: codes[i], block: number });
    });
    for (const l of this.listeners) l(block);
    return block;
  }

  /** The read/write set the envelope's endorsement vouches for, or undefined when the endorsement is not ours. */
  private endorsedRwset(envelope: Uint8Array): ReadWriteSet | undefined {
    try {
      const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelope).getPayload_asU8());
      const [action] = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList();
      const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
      if (!endorsed) return undefined;
      const prp = endorsed.getProposalResponsePayload_asU8();
      const ok = endorsed.getEndorsementsList().some((e) => {
        const signed = Buffer.concat([Buffer.from(prp), Buffer.from(e.getEndorser_asU8())]);
        return Buffer.from(e.getEndorser_asU8()).equals(Buffer.from(this.endorser.serialized)) && verify("sha256", signed, this.endorser.publicKey, e.getSignature_asU8());
      });
      if (!ok) return undefined;
      const action2 = peer.ChaincodeAction.deserializeBinary(peer.ProposalResponsePayload.deserializeBinary(prp).getExtension_asU8());
      return decodeRwset(this.namespace, action2.getResults_asU8());
    } catch {
      return undefined;
    }
  }
}
