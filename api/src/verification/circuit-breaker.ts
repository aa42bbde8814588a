/**
 * A circuit breaker for a remote verifier: after `failureThreshold` consecutive failures it opens and refuses at
 * once, so that a gateway that is down costs callers nothing but a 503; after `coolDownMs` it lets one trial call
 * through (half-open), which closes it on success and opens it again on failure. Time comes from `now`, so that
 * tests move it instead of waiting.
 */
export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  failureThreshold: number;
  coolDownMs: number;
  now: () => number;
}

export class CircuitOpenError extends Error {
  override name = "CircuitOpenError";
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialRunning = false;

  constructor(private readonly options: BreakerOptions) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return "closed";
    return this.options.now() - this.openedAt >= this.options.coolDownMs ? "half-open" : "open";
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state;
    // Half-open lets exactly one trial through; the others are refused as if open until it has answered.
    if (state === "open" || (state === "half-open" && this.trialRunning)) throw new CircuitOpenError("The circuit is open");
    const trial = state === "half-open";
    if (trial) this.trialRunning = true;
    try {
      const result = await call();
      this.failures = 0;
      this.openedAt = undefined;
      return result;
    } catch (e) {
      this.failures += 1;
      if (trial || this.failures >= this.options.failureThreshold) this.openedAt = this.options.now();
      throw e;
    } finally {
      if (trial) this.trialRunning = false;
    }
  }
}
