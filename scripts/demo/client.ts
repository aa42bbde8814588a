/**
 * A small HTTP client for the platform, as an ERP or a script would write one: signs in per user, refreshes
 * when the access token lapses, sends an Idempotency-Key with every POST/PUT (and the same key again when it
 * retries after a lost connection), and turns problem documents into errors that carry the `code`.
 */
import { randomUUID } from "node:crypto";

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly problem: Record<string, unknown>,
  ) {
    // RFC 9457: detail is a string, when there is one.
    super(`${status} ${code}${typeof problem.detail === "string" && problem.detail ? `: ${problem.detail}` : ""}`);
    this.name = "ProblemError";
  }
}

interface Session {
  accessToken: string;
  refreshToken: string;
}

export interface ClientOptions {
  baseUrl: string;
  password: string;
  /** How long to keep retrying while the server is unreachable (a restart), in ms. */
  retryForMs?: number;
}

export class PlatformClient {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: ClientOptions) {}

  /** Where the platform answers: the devices' gateway posts readings there without a user. */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** A view of the API as one user. */
  as(email: string): UserClient {
    return new UserClient(this, email);
  }

  async fetchJson(method: string, path: string, opts: { body?: unknown; email?: string; idempotencyKey?: string } = {}): Promise<unknown> {
    const deadline = Date.now() + (this.options.retryForMs ?? 0);
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.once(method, path, opts);
      } catch (e) {
        // Only a connection that failed is retried, with the same Idempotency-Key; an answer is never retried.
        if (e instanceof ProblemError || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
  }

  private async once(method: string, path: string, opts: { body?: unknown; email?: string; idempotencyKey?: string }, reauth = true): Promise<unknown> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
    if (opts.email) headers.authorization = `Bearer ${(await this.session(opts.email)).accessToken}`;
    const res = await fetch(`${this.options.baseUrl}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (res.status === 401 && opts.email && reauth) {
      // The access token lapsed (or the server restarted with a new signing key): sign in again once.
      await this.renew(opts.email);
      return this.once(method, path, opts, false);
    }
    if (!res.ok) throw new ProblemError(res.status, typeof json.code === "string" ? json.code : "UNKNOWN", json);
    return json;
  }

  private async session(email: string): Promise<Session> {
    return this.sessions.get(email) ?? this.login(email);
  }

  private async login(email: string): Promise<Session> {
    const s = (await this.once("POST", "/auth/login", { body: { email, password: this.options.password } })) as Session;
    this.sessions.set(email, s);
    return s;
  }

  private async renew(email: string): Promise<void> {
    const old = this.sessions.get(email);
    this.sessions.delete(email);
    if (old) {
      try {
        const s = (await this.once("POST", "/auth/refresh", { body: { refreshToken: old.refreshToken } })) as Session;
        this.sessions.set(email, s);
        return;
      } catch {
        // fall through to a fresh login
      }
    }
    await this.login(email);
  }
}

export class UserClient {
  constructor(
    private readonly client: PlatformClient,
    readonly email: string,
  ) {}

  get<T = Record<string, unknown>>(path: string): Promise<T> {
    return this.client.fetchJson("GET", path, { email: this.email }) as Promise<T>;
  }

  /** Every item of a paged list, following `nextCursor` to the last page. */
  async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let cursor: string | null = null; ; ) {
      const page: { items: T[]; nextCursor: string | null } = await this.get(`${path}${path.includes("?") ? "&" : "?"}limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return items;
    }
  }

  /** POSTs with an Idempotency-Key (a fresh one unless given), so that a retry after a lost connection is safe. */
  post<T = Record<string, unknown>>(path: string, body?: unknown, idempotencyKey: string = randomUUID()): Promise<T> {
    return this.client.fetchJson("POST", path, { email: this.email, body, idempotencyKey }) as Promise<T>;
  }

  put<T = Record<string, unknown>>(path: string, body?: unknown, idempotencyKey: string = randomUUID()): Promise<T> {
    return this.client.fetchJson("PUT", path, { email: this.email, body, idempotencyKey }) as Promise<T>;
  }
}
