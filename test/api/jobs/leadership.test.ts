/**
 * One leader per background job among API processes on one PostgreSQL server: each "process" here is a
 * Leadership of its own (its own session) and a PeriodicJob of the same name. Ticks are called directly; no
 * timer runs. Always on the server these machines run (or DATABASE_URL): PGlite has one process by construction.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AdvisoryLeadership, jobLockKey } from "../../../api/src/db/advisory-leadership";
import { openDatabase } from "../../../api/src/db/database";
import { SOLE_LEADER, type Leadership } from "../../../api/src/jobs/leadership";
import { PeriodicJob } from "../../../api/src/jobs/periodic-job";
import { adminQuery, SERVER_URL, serverDatabase, testDatabase, type ServerDatabase } from "../../helpers/database";
import { ifOpened } from "../../helpers/teardown";

const log = () => ({ warn: vi.fn<(m: string) => void>(), error: vi.fn<(e: unknown) => void>() });

interface Process {
  leadership: Leadership;
  job: PeriodicJob<void>;
  passes: number;
  log: ReturnType<typeof log>;
}

describe("when several processes run the same background job on one server database", () => {
  let served: ServerDatabase;
  const processes: Process[] = [];

  beforeAll(async () => {
    served = await serverDatabase();
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.leadership.close();
  });
  afterAll(async () => {
    await ifOpened(served)?.destroy();
  });

  const start = (name = "Settlement"): Process => {
    const leadership = new AdvisoryLeadership(served.url);
    const l = log();
    const p: Process = { leadership, passes: 0, log: l, job: undefined as unknown as PeriodicJob<void> };
    p.job = new PeriodicJob(name, () => Promise.resolve(void (p.passes += 1)), { intervalMs: 3_600_000, log: l, leadership });
    processes.push(p);
    return p;
  };

  /** The backends of `served` holding `job`'s lock. */
  const holders = async (job: string): Promise<number[]> => {
    const { rows } = await adminQuery(
      SERVER_URL,
      `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE l.locktype = 'advisory' AND d.datname = $1 AND l.objid = $2::oid AND l.objsubid = 2 AND l.granted`,
      [served.name, jobLockKey(job)],
    );
    return rows.map((r: { pid: number }) => r.pid);
  };

  it("when both tick again and again, then only one of them runs passes, and one session holds the lock", async () => {
    const [a, b] = [start(), start()];
    for (let i = 0; i < 5; i += 1) {
      await a.job.tick();
      await b.job.tick();
    }
    expect([a.passes, b.passes]).toEqual([5, 0]);
    expect([a.job.leading, b.job.leading]).toEqual([true, false]);
    expect(await holders("Settlement")).toHaveLength(1);
    expect([...a.log.warn.mock.calls, ...b.log.warn.mock.calls, ...a.log.error.mock.calls, ...b.log.error.mock.calls]).toEqual([]);
  });

  it("when the jobs have different names, then each has its own leader", async () => {
    const [a, b] = [start("Settlement"), start("Financing expiry")];
    expect(await a.job.tick()).toBe(true);
    expect(await b.job.tick()).toBe(true);
  });

  it("when the leader stops, then the other takes over at its next tick", async () => {
    const [a, b] = [start(), start()];
    expect(await a.job.tick()).toBe(true);
    expect(await b.job.tick()).toBe(false);
    await a.job.stop();
    await a.leadership.close();
    expect(await b.job.tick()).toBe(true);
    expect(await a.job.tick()).toBe(false);
    expect([a.passes, b.passes]).toEqual([1, 1]);
  });

  it("when the server ends the leader's session, then the other takes over at its next tick and the old leader runs no pass", async () => {
    const [a, b] = [start(), start()];
    expect(await a.job.tick()).toBe(true);
    const [pid] = await holders("Settlement");
    await adminQuery(SERVER_URL, "SELECT pg_terminate_backend($1)", [pid]);
    // The server frees the lock as the backend exits, a moment after the signal.
    await vi.waitFor(async () => expect(await holders("Settlement")).toEqual([]), { timeout: 10_000, interval: 20 });
    expect(await b.job.tick()).toBe(true);
    expect(await a.job.tick()).toBe(false);
    expect(await b.job.tick()).toBe(true);
    expect([a.passes, b.passes]).toEqual([1, 2]);
    expect(a.job.leading).toBe(false);
    expect(a.log.error).not.toHaveBeenCalled();
  });

  it("when the server cannot be reached, then the tick runs no pass and says so as a warning", async () => {
    const l = log();
    const leadership = new AdvisoryLeadership("postgresql://postgres@127.0.0.1:1/nowhere");
    let passes = 0;
    const job = new PeriodicJob("Settlement", () => Promise.resolve(void (passes += 1)), { intervalMs: 3_600_000, log: l, leadership });
    expect(await job.tick()).toBe(false);
    await leadership.close();
    expect(passes).toBe(0);
    expect(l.warn.mock.calls[0][0]).toMatch(/^Settlement: The database is not reachable; retrying next pass$/);
    expect(l.error).not.toHaveBeenCalled();
  });
});

describe("when the database is the server or PGlite", () => {
  it("then a server database elects through advisory locks and PGlite, one process by construction, always leads", async () => {
    const tdb = await testDatabase();
    const db = await openDatabase(tdb.config);
    try {
      const leadership = db.leadership();
      expect(leadership instanceof AdvisoryLeadership).toBe(db.kind === "postgres");
      if (db.kind === "pglite") expect(leadership).toBe(SOLE_LEADER);
      await leadership.close();
    } finally {
      await db.close();
      await tdb.destroy();
    }
  });
});
