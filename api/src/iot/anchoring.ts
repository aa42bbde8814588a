/**
 * Anchors the readings on the ledger: every pass takes the readings no root covers yet, oldest id first, builds
 * their Merkle tree (merkle.ts) and records its root in ReadingAnchors from the operator's account, then marks the
 * readings with their batch. A reading committed late with a lower id than one already anchored simply joins the
 * next batch: a batch is its set of readings, not a range of ids.
 *
 * A crash between the ledger's write and the database's leaves the root on the ledger and the readings unmarked;
 * the next pass builds the same tree (nothing else was anchored meanwhile), finds its root already on the ledger
 * and records it rather than sending it again. Should a reading committed late have joined the set meanwhile, the
 * tree differs and is anchored anew: the earlier root then stands on the ledger for no recorded batch, and no
 * proof ever cites it.
 */
import type { Account, Ledger } from "../../../chain/ledger";
import type { Clock } from "../clock";
import { leafHash, rootOf } from "./merkle";
import { leafData, type ReadingPayload } from "./reading-payload";
import type { BatchRow, ReadingRepository, ReadingRow } from "./reading.repository";

/** Readings per root: the proof then has at most 13 steps, and rebuilding a tree for one proof stays cheap. */
export const READINGS_PER_ROOT = 8192;
/** Roots per pass: a backlog is worked off within a few passes without one pass holding the job for long. */
const ROOTS_PER_PASS = 16;
/** A pass every this many background-job intervals: ten seconds at the default one-second interval. */
export const ANCHOR_READINGS_EVERY_JOB_INTERVALS = 10;

/** The payload a stored reading's device signed, rebuilt from its columns. */
export function payloadOf(r: ReadingRow): ReadingPayload {
  return { deviceId: r.deviceId, counter: Number(r.counter), measuredAt: r.measuredAt.getTime(), kind: r.kind, ...r.values } as ReadingPayload;
}

export const leafOf = (r: ReadingRow) => leafHash(leafData({ id: r.id, payload: payloadOf(r), signature: r.signature }));

const hex = (b: Buffer) => `0x${b.toString("hex")}`;

export class ReadingAnchoring {
  constructor(
    private readonly readings: ReadingRepository,
    private readonly ledger: Ledger,
    private readonly operator: Account,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  /** Anchors what is not anchored yet; the batches recorded, oldest first. The caller (a PeriodicJob) serialises passes. */
  async anchor(): Promise<BatchRow[]> {
    const out: BatchRow[] = [];
    for (let i = 0; i < ROOTS_PER_PASS; i += 1) {
      const rows = await this.readings.unanchored(READINGS_PER_ROOT);
      if (rows.length === 0) break;
      out.push(await this.anchorBatch(rows));
      if (rows.length < READINGS_PER_ROOT) break;
    }
    return out;
  }

  private async anchorBatch(rows: ReadingRow[]): Promise<BatchRow> {
    const root = hex(rootOf(rows.map(leafOf)));
    const firstId = rows[0].id;
    const lastId = rows[rows.length - 1].id;
    const tx = (await this.alreadyAnchored(root)) ?? (await this.ledger.readingAnchors.anchor(this.operator, { root, firstId, lastId, count: rows.length }));
    await this.afterLedgerWrite(tx.blockNumber);
    return this.readings.recordBatch(
      { root, firstId, lastId, count: rows.length, txHash: tx.txHash, blockNumber: tx.blockNumber, anchoredAt: this.clock.now() },
      rows.map((r) => r.id),
    );
  }

  /** The transaction that anchored `root` before, when a pass crashed after anchoring it. */
  private async alreadyAnchored(root: string): Promise<{ txHash: string; blockNumber: number } | undefined> {
    const anchor = await this.ledger.readingAnchors.anchorOf(root);
    if (!anchor) return undefined;
    const events = await this.ledger.history.events(anchor.blockNumber, anchor.blockNumber);
    const e = events.find((x) => x.name === "ReadingsAnchored" && x.args.root === root);
    if (!e) throw new Error(`ReadingAnchors records ${root} in block ${anchor.blockNumber}, whose events do not`);
    return { txHash: e.txHash, blockNumber: e.blockNumber };
  }
}
