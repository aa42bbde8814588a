/**
 * A reading's inclusion proof: everything a bank or a court needs to check the reading against the ledger without
 * trusting the platform: the payload and signature (checked with the device's public key), the leaf's data and
 * hash, the audit path up to the root, and where the ledger recorded that root. The root is read from the ledger
 * as the proof is made, so a proof of a root the ledger does not hold is never given.
 */
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { AppError } from "../errors";
import { leafOf, payloadOf } from "./anchoring";
import { auditPath, rootFromPath, type Step } from "./merkle";
import { leafData, type ReadingPayload } from "./reading-payload";
import type { ReadingRepository } from "./reading.repository";

export interface ReadingProof {
  reading: { id: bigint; payload: ReadingPayload; signature: string; receivedAt: Date };
  leaf: { data: string; hash: string };
  leafIndex: number;
  treeSize: number;
  path: { side: Step["side"]; hash: string }[];
  root: string;
  anchor: { txHash: string; blockNumber: number; anchoredAt: Date; firstId: bigint; lastId: bigint; count: number };
  contract: { address: string; chainId: string };
}

const hex = (b: Buffer) => `0x${b.toString("hex")}`;

export class ReadingProofs {
  constructor(
    private readonly readings: ReadingRepository,
    private readonly ledger: Ledger,
    private readonly contract: { address: string; chainId: string },
  ) {}

  async proof(actor: Actor, id: bigint): Promise<ReadingProof> {
    const r = await this.readings.get(id);
    if (!r || (r.organisationId !== actor.org.id && !seesEverything(actor))) throw new AppError("NOT_FOUND", "No such reading");
    const batch = r.batchId ? await this.readings.batch(r.batchId) : undefined;
    if (!batch) throw new AppError("IOT_READING_NOT_ANCHORED", `Reading ${id} is not anchored yet`);
    const rows = await this.readings.batchReadings(batch.id);
    const leaves = rows.map(leafOf);
    const index = rows.findIndex((x) => x.id === id);
    const path = auditPath(leaves, index);
    const onChain = await this.ledger.readingAnchors.anchorOf(batch.root);
    // The database and the ledger disagreeing is the platform's fault, never the caller's: a 500, not a proof.
    if (!onChain || hex(rootFromPath(leaves[index], path)) !== batch.root) throw new Error(`Batch ${batch.id}'s root ${batch.root} does not match the ledger`);
    const payload = payloadOf(r);
    return {
      reading: { id, payload, signature: r.signature, receivedAt: r.receivedAt },
      leaf: { data: leafData({ id, payload, signature: r.signature }).toString("utf8"), hash: hex(leaves[index]) },
      leafIndex: index,
      treeSize: rows.length,
      path: path.map((s) => ({ side: s.side, hash: hex(s.hash) })),
      root: batch.root,
      anchor: {
        txHash: batch.txHash,
        blockNumber: onChain.blockNumber,
        anchoredAt: onChain.anchoredAt,
        firstId: onChain.firstId,
        lastId: onChain.lastId,
        count: onChain.count,
      },
      contract: this.contract,
    };
  }
}
