/**
 * Fabric blocks as the history port reads them: the header hash as Fabric computes it, and each transaction
 * with its validation code and its one chaincode event. Blocks are final once committed (no reorganisations),
 * so every block a peer returns is confirmed.
 */
import { createHash } from "node:crypto";
import { common, peer } from "@hyperledger/fabric-protos";

/** ASN.1 DER of a non-negative integer's content bytes. */
function derInteger(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, "hex");
  if (bytes[0] >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return der(0x02, bytes);
}

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  if (n < 0x80) return Buffer.concat([Buffer.from([tag, n]), content]);
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const len = Buffer.from(hex, "hex");
  return Buffer.concat([Buffer.from([tag, 0x80 | len.length]), len, content]);
}

/** SHA-256 of the DER sequence (number, previous hash, data hash): Fabric's block hash. */
export function blockHeaderHash(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  const seq = der(0x30, Buffer.concat([derInteger(number), der(0x04, Buffer.from(previousHash)), der(0x04, Buffer.from(dataHash))]));
  return createHash("sha256").update(seq).digest();
}

/** SHA-256 over the concatenated transactions: the header's data hash. */
export const blockDataHash = (data: readonly Uint8Array[]): Buffer =>
  createHash("sha256").update(Buffer.concat(data.map((d) => Buffer.from(d)))).digest();

/** Where a block's per-transaction validation codes sit in its metadata. */
export const TRANSACTIONS_FILTER = 2;

export interface BlockTransaction {
  txId: string;
  index: number;
  valid: boolean;
  timestamp: Date;
  event?: { name: string; payload: Uint8Array };
}

export interface ParsedBlock {
  number: number;
  hash: string;
  transactions: BlockTransaction[];
}

function transactionOf(envelopeBytes: Uint8Array, index: number, valid: boolean): BlockTransaction {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
  const ts = channelHeader.getTimestamp();
  const tx: BlockTransaction = {
    txId: channelHeader.getTxId(),
    index,
    valid,
    timestamp: new Date((ts?.getSeconds() ?? 0) * 1000 + Math.floor((ts?.getNanos() ?? 0) / 1e6)),
  };
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return tx;
  const actions = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList();
  if (actions.length === 0) return tx;
  const action = actions[0];
  const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
  const response = peer.ProposalResponsePayload.deserializeBinary(endorsed?.getProposalResponsePayload_asU8() ?? new Uint8Array());
  const events = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getEvents_asU8();
  if (events.length === 0) return tx;
  const event = peer.ChaincodeEvent.deserializeBinary(events);
  return { ...tx, event: { name: event.getEventName(), payload: event.getPayload_asU8() } };
}

export function parseBlock(bytes: Uint8Array): ParsedBlock {
  const block = common.Block.deserializeBinary(bytes);
  const header = block.getHeader();
  if (!header) throw new Error("A block without a header");
  const filter = block.getMetadata()?.getMetadataList_asU8()[TRANSACTIONS_FILTER] ?? new Uint8Array();
  const data = block.getData()?.getDataList_asU8() ?? [];
  const number = header.getNumber();
  return {
    number,
    hash: `0x${blockHeaderHash(BigInt(number), header.getPreviousHash_asU8(), header.getDataHash_asU8()).toString("hex")}`,
    transactions: data.map((d, i) => transactionOf(d, i, filter[i] === peer.TxValidationCode.VALID)),
  };
}
