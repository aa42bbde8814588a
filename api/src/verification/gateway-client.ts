/**
 * The JSON-over-HTTP client both gateway providers share: a bearer credential, a timeout per attempt, retries
 * with exponential backoff on 5xx answers and network failures (never on a 4xx: asking again gets the same no),
 * and a circuit breaker around the whole, so that a gateway that is down is not hammered and callers hear at once.
 * Every failure to get an answer becomes VerifierUnavailableError (503 VERIFIER_UNAVAILABLE).
 */
import { CircuitBreaker, CircuitOpenError } from "./circuit-breaker";
import { VerifierUnavailableError } from "./verifier-unavailable";

export interface GatewayOptions {
  /** Base URL; request paths are appended to it. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set; never logged. */
  token?: string;
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** The first retry waits this long, each later one twice the one before. */
  backoffMs: number;
  failureThreshold: number;
  coolDownMs: number;
  /** Milliseconds, for the circuit breaker's cool-down. */
  now: () => number;
  /** How a backoff waits; tests give one that returns at once. */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_GATEWAY_TIMING = { timeoutMs: 3_000, retries: 2, backoffMs: 200, failureThreshold: 5, coolDownMs: 30_000 } as const;

/** An answer: its status and parsed JSON body (undefined when it had none). */
export interface GatewayAnswer {
  status: number;
  body: unknown;
}

class Retryable extends Error {}

export class GatewayClient {
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly name: string,
    private readonly options: GatewayOptions,
  ) {
    this.breaker = new CircuitBreaker({ failureThreshold: options.failureThreshold, coolDownMs: options.coolDownMs, now: options.now });
  }

  get circuit() {
    return this.breaker.state;
  }

  /** An answer with a status below 500; anything else, after the retries, is VerifierUnavailableError. */
  async request(method: "GET" | "POST", path: string, body?: unknown): Promise<GatewayAnswer> {
    try {
      return await this.breaker.run(() => this.withRetries(method, path, body));
    } catch (e) {
      if (e instanceof VerifierUnavailableError) throw e;
      if (e instanceof CircuitOpenError) throw new VerifierUnavailableError(this.name, "circuit open after repeated failures", { cause: e });
      throw new VerifierUnavailableError(this.name, (e as Error).message, { cause: e });
    }
  }

  private async withRetries(method: string, path: string, body: unknown): Promise<GatewayAnswer> {
    let last: unknown;
    for (let attempt = 0; attempt <= this.options.retries; attempt += 1) {
      if (attempt > 0) await this.options.sleep(this.options.backoffMs * 2 ** (attempt - 1));
      try {
        return await this.once(method, path, body);
      } catch (e) {
        if (!(e instanceof Retryable)) throw e;
        last = e;
      }
    }
    throw new VerifierUnavailableError(this.name, `no answer after ${this.options.retries + 1} attempts: ${(last as Error).message}`, { cause: last });
  }

  private async once(method: string, path: string, body: unknown): Promise<GatewayAnswer> {
    let res: Response;
    try {
      res = await fetch(new URL(path.replace(/^\//, ""), this.options.url.endsWith("/") ? this.options.url : `${this.options.url}/`), {
        method,
        headers: {
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (e) {
      // A refused connection, a reset, or the timeout: the gateway may answer the next attempt.
      throw new Retryable((e as Error).name === "TimeoutError" ? `timed out after ${this.options.timeoutMs} ms` : `network: ${(e as Error).message}`, { cause: e });
    }
    const text = await res.text().catch((e: unknown) => {
      throw new Retryable(`body cut off: ${(e as Error).message}`);
    });
    if (res.status >= 500) throw new Retryable(`HTTP ${res.status}`);
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      throw new VerifierUnavailableError(this.name, `HTTP ${res.status} with a body that is not JSON`);
    }
    return { status: res.status, body: parsed };
  }
}
