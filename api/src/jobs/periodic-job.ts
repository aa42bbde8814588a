/**
 * A background job that runs a pass every interval, never two passes at once, until stopped. The indexer, the
 * settlement scheduler, the financing expiry and the audit-log anchoring are each one of these. A pass that
 * fails because the ledger or the database did not answer is a warning and runs again next interval; any other
 * failure is an error for the operator. The last success is kept for health and metrics. With a Leadership, a
 * tick runs its pass only in the process that leads the job; `runNow` always runs one (tests, start-up).
 */
import { isRetryable } from "../retryable";
import type { Leadership } from "./leadership";

export interface JobLog {
  warn(message: string): void;
  error(e: unknown): void;
}

export interface PeriodicJobOptions {
  intervalMs: number;
  log: JobLog;
  /** Delay before the first pass; one interval by default. */
  firstPassAfterMs?: number;
  /** When a pass succeeded, for `lastSuccess`; the wall clock by default (metrics compare it with real time). */
  wallClock?: () => Date;
  /** Who runs the ticks when several processes share the database; this process always, without one. */
  leadership?: Leadership;
}

export class PeriodicJob<T> {
  private timer: NodeJS.Timeout | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private running = false;
  private succeededAt: Date | undefined;
  private waiting: (() => void)[] = [];
  private leader: boolean | undefined;

  constructor(
    readonly name: string,
    private readonly pass: () => Promise<T>,
    private readonly options: PeriodicJobOptions,
  ) {}

  /** Runs one pass after every pass already queued, and gives its result or its error to the caller. */
  runNow(): Promise<T> {
    const run = this.tail.then(async () => {
      const result = await this.pass();
      this.succeededAt = (this.options.wallClock ?? (() => new Date()))();
      for (const resolve of this.waiting.splice(0)) resolve();
      return result;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Starts the interval; a second call does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(this.options.firstPassAfterMs ?? this.options.intervalMs);
  }

  /** Stops the interval and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.tail;
  }

  /** Resolves after the next pass that succeeds, however it was started. */
  nextPass(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  get lastSuccess(): Date | undefined {
    return this.succeededAt;
  }

  get started(): boolean {
    return this.running;
  }

  /** Whether this process led the job at its last tick (undefined before the first): for metrics. */
  get leading(): boolean | undefined {
    return this.leader;
  }

  /**
   * What the timer does every interval: a pass if this process leads the job, nothing otherwise. Resolves to
   * whether a pass ran; a failure is logged, never thrown.
   */
  async tick(): Promise<boolean> {
    try {
      // Not known is not leading: a session that failed the question holds no lock any more.
      this.leader = false;
      this.leader = this.options.leadership ? await this.options.leadership.leads(this.name) : true;
      if (!this.leader) return false;
      await this.runNow();
      return true;
    } catch (e) {
      if (isRetryable(e)) this.options.log.warn(`${this.name}: ${(e as Error).message}; retrying next pass`);
      else this.options.log.error(e);
      return false;
    }
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => void this.scheduledTick(), ms);
    // A job never keeps the process alive on its own: shutdown is stop(), not waiting for the timer.
    this.timer.unref();
  }

  private async scheduledTick(): Promise<void> {
    await this.tick();
    if (this.running) this.schedule(this.options.intervalMs);
  }
}
