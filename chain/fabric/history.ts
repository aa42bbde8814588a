/**
 * The history port on Fabric: blocks come from the peer's query system chaincode (qscc) through the same
 * gateway, and the events of a block are its valid transactions' `scf.ledger` chaincode events, unpacked
 * into domain events. An event's position is (block number, transaction index): `logIndex` is
 * transaction index × 10,000 + the event's place in its transaction, unique within the block and in order.
 */
import { common } from "@hyperledger/fabric-protos";
import type { LedgerEvent } from "../events";
import type { BlockRef, HistoryPort } from "../ledger";
import { parseBlock, type ParsedBlock } from "./blocks";
import { recordFrom } from "./codec";
import { fromGatewayFailure } from "./errors";
import type { FabricGateway } from "./gateway";

export const EVENT_NAME = "scf.ledger";
/** Room for the events of one transaction in `logIndex`. */
export const EVENTS_PER_TX = 10_000;

interface ChaincodePayload {
  events: { name: string; args: Record<string, unknown> }[];
}

export function eventsOf(block: ParsedBlock, contract: string): LedgerEvent[] {
  const out: LedgerEvent[] = [];
  for (const tx of block.transactions) {
    if (!tx.valid || tx.event?.name !== EVENT_NAME) continue;
    const { events } = JSON.parse(Buffer.from(tx.event.payload).toString("utf8")) as ChaincodePayload;
    events.forEach((e, i) => {
      out.push({
        contract,
        name: e.name,
        args: recordFrom(e.args),
        blockNumber: block.number,
        blockHash: block.hash,
        logIndex: tx.index * EVENTS_PER_TX + i,
        txHash: tx.txId,
      } as LedgerEvent);
    });
  }
  return out;
}

/** One committed transaction's domain events, from the live stream. */
export interface TransactionEvents {
  blockNumber: number;
  txId: string;
  events: { name: string; args: Record<string, unknown> }[];
}

export interface EventStream extends AsyncIterable<TransactionEvents> {
  close(): void;
}

export class FabricHistory implements HistoryPort {
  constructor(private readonly gateway: FabricGateway) {}

  async height(): Promise<number> {
    const info = common.BlockchainInfo.deserializeBinary(await this.gateway.evaluate("GetChainInfo", [this.gateway.channel], "qscc"));
    return info.getHeight();
  }

  async confirmedHead(): Promise<BlockRef> {
    return this.block((await this.height()) - 1);
  }

  async block(number: number): Promise<BlockRef> {
    const b = await this.parsed(number);
    const last = b.transactions.at(-1);
    return { number: b.number, hash: b.hash, timestamp: last?.timestamp ?? new Date(0) };
  }

  async events(from: number, to: number): Promise<LedgerEvent[]> {
    const out: LedgerEvent[] = [];
    for (let n = from; n <= to; n++) out.push(...eventsOf(await this.parsed(n), this.gateway.chaincode));
    return out;
  }

  /**
   * The ledger's events as they commit, one transaction at a time, from a checkpoint: block `block`, after
   * transaction `afterTxId` in it (the last one already processed), or from the block's start without it.
   */
  async subscribe(checkpoint: { block: number; afterTxId?: string }): Promise<EventStream> {
    const source = await this.gateway.chaincodeEvents(checkpoint.block, checkpoint.afterTxId);
    const iterate = async function* (): AsyncGenerator<TransactionEvents> {
      try {
        for await (const e of source) {
          if (e.eventName !== EVENT_NAME) continue;
          const { events } = JSON.parse(Buffer.from(e.payload).toString("utf8")) as ChaincodePayload;
          yield { blockNumber: Number(e.blockNumber), txId: e.transactionId, events: events.map((d) => ({ name: d.name, args: recordFrom(d.args) })) };
        }
      } catch (err) {
        throw fromGatewayFailure(err);
      }
    };
    return { [Symbol.asyncIterator]: iterate, close: () => source.close() };
  }

  /** The number of the block that holds transaction `txId` (qscc GetBlockByTxID). */
  async blockOfTransaction(txId: string): Promise<number> {
    return parseBlock(await this.gateway.evaluate("GetBlockByTxID", [this.gateway.channel, txId], "qscc")).number;
  }

  private async parsed(number: number): Promise<ParsedBlock> {
    return parseBlock(await this.gateway.evaluate("GetBlockByNumber", [this.gateway.channel, String(number)], "qscc"));
  }
}
