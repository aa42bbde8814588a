/**
 * Which process runs a background job's passes when several API processes share one database. Each job has one
 * leader at a time; the others skip their ticks until they become it. What decides is the database: a server
 * database holds one advisory lock per job (db/advisory-leadership.ts); PGlite is one process by construction
 * (its data directory is locked), so that process always leads.
 */
export interface Leadership {
  /**
   * Whether this process leads `job` now, taking the lead if nobody holds it. Asked before every pass, so a
   * leader that lost its session finds out at its next tick and another process takes over at its own.
   */
  leads(job: string): Promise<boolean>;
  /** Gives up every lead at once, so that another process can take over at its next tick. */
  close(): Promise<void>;
}

/** The only process there can be. */
export const SOLE_LEADER: Leadership = {
  leads: () => Promise.resolve(true),
  close: () => Promise.resolve(),
};
