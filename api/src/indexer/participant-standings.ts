/**
 * Participants' standing on the ledger (registered, suspended, frozen), as the projection holds it, kept in
 * memory: every request reads its caller's standing and most read a few organisations', and those reads were a
 * third of a transfer's SQL. The projection changes only when the indexer commits a participant event, and the
 * indexer tells this cache after each commit, so that what it serves is never older than the projection.
 *
 * That holds only where this process's indexer is the projection's only writer: PGlite, which admits one process.
 * Several processes sharing a server database each see only their own commits, so there the cache is off and
 * every read goes to the database, as before.
 */
import type { LedgerEvent } from "../../../chain/events";
import { touchedKeys } from "./projection";

export interface Standing {
  suspended: boolean;
  frozen: boolean;
}

export type StandingLoader = (accounts: string[]) => Promise<{ account: string; suspended: boolean; frozen: boolean }[]>;

export class ParticipantStandings {
  /** null: read, and not registered. */
  private readonly known = new Map<string, Standing | null>();
  /** Moves on every invalidation: a read that began before one must not store what it found. */
  private generation = 0;

  constructor(readonly enabled: boolean) {}

  /** The standings of the registered accounts among `accounts`; unregistered ones are absent. */
  async of(accounts: readonly string[], load: StandingLoader): Promise<Map<string, Standing>> {
    const out = new Map<string, Standing>();
    const missing: string[] = [];
    for (const a of new Set(accounts)) {
      const hit = this.known.get(a);
      if (hit === undefined) missing.push(a);
      else if (hit) out.set(a, hit);
    }
    if (missing.length === 0) return out;
    const began = this.generation;
    const found = new Map((await load(missing)).map((r) => [r.account, { suspended: r.suspended, frozen: r.frozen }]));
    const keep = this.enabled && began === this.generation;
    for (const a of missing) {
      const s = found.get(a) ?? null;
      if (s) out.set(a, s);
      if (keep) this.known.set(a, s);
    }
    return out;
  }

  /** Called once a batch of events is committed to the projection (never before: a read in between would keep the old row). */
  committed(events: readonly LedgerEvent[]): void {
    if (touchedKeys(events).participants.size === 0) return;
    this.generation += 1;
    this.known.clear();
  }
}
