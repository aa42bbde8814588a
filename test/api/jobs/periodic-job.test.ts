/**
 * The one background-job loop: passes never overlap, a failure that may pass is a warning and one that will not
 * is an error, the job keeps running after either, and stop waits for the pass in flight. The timers are
 * vitest's fake ones: time moves when the test says so.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DatabaseUnavailableError } from "../../../api/src/db/unavailable";
import { PeriodicJob } from "../../../api/src/jobs/periodic-job";

const log = () => ({ warn: vi.fn<(m: string) => void>(), error: vi.fn<(e: unknown) => void>() });

describe("PeriodicJob", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("when passes are asked for at once, then they run one after another, never two together", async () => {
    let running = 0;
    let most = 0;
    const job = new PeriodicJob("t", async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 10));
      running -= 1;
      return running;
    }, { intervalMs: 1000, log: log() });
    const all = Promise.all(Array.from({ length: 5 }, () => job.runNow()));
    await vi.advanceTimersByTimeAsync(100);
    expect(await all).toEqual([0, 0, 0, 0, 0]);
    expect(most).toBe(1);
  });

  it("when started, then it runs once per interval and records its last success, until stopped", async () => {
    let passes = 0;
    const at = new Date("2026-12-02T00:00:00Z");
    const job = new PeriodicJob("t", () => Promise.resolve((passes += 1)), { intervalMs: 1000, log: log(), wallClock: () => at });
    job.start();
    job.start();
    expect(job.lastSuccess).toBeUndefined();
    await vi.advanceTimersByTimeAsync(999);
    expect(passes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(1);
    expect(job.lastSuccess).toBe(at);
    await vi.advanceTimersByTimeAsync(3000);
    expect(passes).toBe(4);
    await job.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(passes).toBe(4);
    expect(job.started).toBe(false);
  });

  it("when a pass fails, then a retryable failure is a warning, any other an error, and the job goes on", async () => {
    const l = log();
    const failures = [new DatabaseUnavailableError("down"), new Error("a bug")];
    let passes = 0;
    const job = new PeriodicJob("Settlement", () => {
      passes += 1;
      const f = failures.shift();
      return f ? Promise.reject(f) : Promise.resolve();
    }, { intervalMs: 10, log: l, firstPassAfterMs: 0 });
    job.start();
    await vi.advanceTimersByTimeAsync(25);
    await job.stop();
    expect(passes).toBe(3);
    expect(l.warn).toHaveBeenCalledTimes(1);
    expect(l.warn.mock.calls[0][0]).toMatch(/^Settlement: down; retrying next pass$/);
    expect(l.error).toHaveBeenCalledTimes(1);
    expect((l.error.mock.calls[0][0] as Error).message).toBe("a bug");
    expect(job.lastSuccess).toBeInstanceOf(Date);
  });

  it("when stopped mid-pass, then stop waits for that pass to finish", async () => {
    let finished = false;
    const job = new PeriodicJob("t", async () => {
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
    }, { intervalMs: 10, log: log(), firstPassAfterMs: 0 });
    job.start();
    await vi.advanceTimersByTimeAsync(1);
    const stopped = job.stop();
    await vi.advanceTimersByTimeAsync(50);
    await stopped;
    expect(finished).toBe(true);
  });

  it("when a test waits for the next pass, then it resolves after the next successful one, however started", async () => {
    const job = new PeriodicJob("t", () => Promise.resolve(1), { intervalMs: 100, log: log() });
    let seen = false;
    const next = job.nextPass().then(() => (seen = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toBe(false);
    await job.runNow();
    await next;
    expect(seen).toBe(true);
  });
});
