/**
 * node-postgres pools as the store opens them, with the two things pg.Pool leaves to its user:
 *  - A connection the server ends while it sits idle in the pool (a restart, `pg_terminate_backend`, `DROP
 *    DATABASE … WITH (FORCE)`) makes the pool emit `error`. An `error` event without a listener is an uncaught
 *    exception, which kills the process. By then the pool has already discarded that connection and opens a new
 *    one for the next query; a query that was running on it fails on its own, and guardDatabase turns that
 *    failure into DATABASE_UNAVAILABLE. So the listener has nothing left to do.
 *  - `pool.end()` resolves once it has asked its connections to close, not once they have closed: the server
 *    can still hold their sessions, and a database dropped at that moment ends them with 57P01, which reaches
 *    the (by then listener-less) pool as an error. `end()` here resolves when every socket is closed.
 */
import pg from "pg";

export interface PostgresPool {
  pool: pg.Pool;
  /** Ends the pool and resolves once every one of its connections is closed. */
  end(): Promise<void>;
}

export function openPostgresPool(url: string, max: number): PostgresPool {
  const pool = new pg.Pool({ connectionString: url, max });
  const closing = new Set<Promise<void>>();
  pool.on("error", () => {
    // Only to keep the process alive: the pool has already dropped the connection (see the file's comment).
  });
  pool.on("connect", (client) => {
    const closed = new Promise<void>((resolve) => client.once("end", () => resolve()));
    closing.add(closed);
    void closed.then(() => closing.delete(closed));
  });
  return {
    pool,
    async end() {
      await pool.end();
      await Promise.all(closing);
    },
  };
}
