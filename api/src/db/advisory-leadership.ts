/**
 * Leadership of background jobs through PostgreSQL session-level advisory locks, one per job, all held by one
 * session of its own. Not Prisma's pool: a session lock belongs to the connection that took it, and the pool
 * hands out a different connection to every query, so the lock would stay with whichever idle connection took
 * it and could not be checked or released. Not a transaction-level lock around each pass either: a pass writes
 * to the ledger and commits several transactions of its own, and holding one transaction open across it would
 * pin a pooled connection and block vacuum for the whole pass.
 *
 * The session is the lease: the server releases its locks when it ends (a crash, a restart, pg_terminate_backend,
 * a process killed), and this side forgets the session on its first error, so that the next tick opens another
 * and competes again. Every tick checks that the session still holds the lock (one round trip), so a leader
 * whose session went away stops running passes at its next tick. Between a session lost and that tick, a pass
 * already running may overlap the new leader's: every job is safe to run twice (each acts on what the
 * projection shows still to do, and the ledger refuses a second settlement or expiry), the lock only spares the
 * duplicate work and the reverts.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import type { Leadership } from "../jobs/leadership";
import { guardDatabase } from "./unavailable";

/** The first key of every job lock ("SCF" in ASCII): apart from other applications' two-key locks on the database. */
const LOCK_CLASS = 0x534346;

/** A stable second key for `job`: 31 bits of its name's SHA-256, so that it is a non-negative int4. */
export function jobLockKey(job: string): number {
  return createHash("sha256").update(job).digest().readUInt32BE(0) & 0x7fffffff;
}

// Takes the lock unless this session already holds it: pg_try_advisory_lock stacks a count on every repeat,
// which one unlock would not undo.
const LEAD = `
  SELECT EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND classid = $1::oid AND objid = $2::oid AND objsubid = 2 AND granted
  ) OR pg_try_advisory_lock($1::int4, $2::int4) AS leads`;

/** How long a tick may wait for the leadership session before it is a lost one; a job never hangs on it. */
const SESSION_TIMEOUT_MS = 5_000;

interface Session {
  client: pg.Client;
  ready: Promise<void>;
  ending: boolean;
}

export class AdvisoryLeadership implements Leadership {
  private session: Session | undefined;
  private closed = false;

  constructor(private readonly url: string) {}

  async leads(job: string): Promise<boolean> {
    if (this.closed) return false;
    const session = this.open();
    return guardDatabase(async () => {
      try {
        await session.ready;
        const { rows } = await session.client.query<{ leads: boolean }>(LEAD, [LOCK_CLASS, jobLockKey(job)]);
        return rows[0].leads;
      } catch (e) {
        this.forget(session);
        throw e;
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    try {
      await session.ready;
      // Released before the socket closes, so that the next process to ask finds every lock free.
      await session.client.query("SELECT pg_advisory_unlock_all()");
    } catch {
      // A session that never opened or is already gone holds no locks.
    }
    await this.end(session);
  }

  private open(): Session {
    if (!this.session) {
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: SESSION_TIMEOUT_MS, query_timeout: SESSION_TIMEOUT_MS });
      const session: Session = { client, ready: client.connect().then(() => undefined), ending: false };
      // Without a listener, the server ending this session while it is idle would be an uncaught exception. The
      // locks went with the session; the next tick opens another and competes again.
      client.on("error", () => this.forget(session));
      client.on("end", () => this.forget(session));
      session.ready.catch(() => this.forget(session));
      this.session = session;
    }
    return this.session;
  }

  private forget(session: Session): void {
    if (this.session === session) this.session = undefined;
    void this.end(session);
  }

  private async end(session: Session): Promise<void> {
    if (session.ending) return;
    session.ending = true;
    await session.client.end().catch(() => undefined);
  }
}
