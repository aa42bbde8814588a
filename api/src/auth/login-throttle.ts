/**
 * Throttling of failed logins, per account and per client address. After a few failures each new attempt must
 * wait longer (1 s, 2 s, 4 s, … up to a minute), answered at once with 429 and Retry-After rather than by holding
 * the request; after too many failures within the window the subject is locked out for a while, until the window
 * passes or the organisation's admin unlocks the account. Accounts are counted by the email as typed, known or
 * not, so that the answers never tell which emails exist. The counts live in the database, so that every API
 * process agrees, and time comes from the injected clock.
 */
import type { Clock } from "../clock";
import { AppError } from "../errors";
import type { LoginThrottleRepository, ThrottleRow } from "./login-throttle.repository";

export interface ThrottlePolicy {
  /** Failures before any delay. */
  free: number;
  /** Failures within the window that lock the subject out. */
  lockAfter: number;
  windowMs: number;
  lockMs: number;
  maxDelayMs: number;
}

const MINUTE = 60_000;

/** One person mistyping: three tries free, locked after ten in a quarter of an hour. */
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 3, lockAfter: 10, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxDelayMs: MINUTE };
/** An office behind one gateway shares an address: ten times an account's allowance. */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 30, lockAfter: 100, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxDelayMs: MINUTE };

/** A refused attempt: the code says whether it is the progressive delay or the lockout. */
export class LoginThrottled extends AppError {
  constructor(
    locked: boolean,
    readonly retryAfterSeconds: number,
  ) {
    super(
      locked ? "LOGIN_LOCKED" : "LOGIN_THROTTLED",
      locked
        ? `Too many failed logins: locked for ${retryAfterSeconds} s, or until the organisation's admin unlocks the account`
        : `Too many failed logins: try again in ${retryAfterSeconds} s`,
    );
  }
}

const accountSubject = (email: string) => `account:${email}`;
const addressSubject = (address: string) => `address:${address}`;

/** How long after its last failure a subject must wait, or 0; and until when it is locked, if it is. */
function waitOf(row: ThrottleRow, policy: ThrottlePolicy, now: number): { locked: boolean; ms: number } {
  if (row.lockedUntil && row.lockedUntil.getTime() > now) return { locked: true, ms: row.lockedUntil.getTime() - now };
  if (row.lockedUntil || row.windowStart.getTime() + policy.windowMs <= now || row.failures < policy.free) return { locked: false, ms: 0 };
  const delay = Math.min(policy.maxDelayMs, 1000 * 2 ** (row.failures - policy.free));
  return { locked: false, ms: Math.max(0, row.lastFailureAt.getTime() + delay - now) };
}

export class LoginThrottle {
  constructor(
    private readonly repo: LoginThrottleRepository,
    /** Credentials run on the wall clock in production (a demo's moved ledger clock must not unlock anyone). */
    private readonly clock: Clock,
    private readonly policies: { account: ThrottlePolicy; address: ThrottlePolicy } = { account: ACCOUNT_POLICY, address: ADDRESS_POLICY },
  ) {}

  private subjects(email: string, address: string | undefined): [string, ThrottlePolicy][] {
    const out: [string, ThrottlePolicy][] = [[accountSubject(email), this.policies.account]];
    if (address) out.push([addressSubject(address), this.policies.address]);
    return out;
  }

  /** Throws LoginThrottled when the account or the address must wait; the longest wait wins. */
  async check(email: string, address: string | undefined): Promise<void> {
    const subjects = this.subjects(email, address);
    const rows = new Map((await this.repo.rows(subjects.map(([s]) => s))).map((r) => [r.subject, r]));
    const now = this.clock.now().getTime();
    let worst = { locked: false, ms: 0 };
    for (const [subject, policy] of subjects) {
      const row = rows.get(subject);
      if (!row) continue;
      const w = waitOf(row, policy, now);
      if (Number(w.locked) > Number(worst.locked) || (w.locked === worst.locked && w.ms > worst.ms)) worst = w;
    }
    if (worst.ms > 0) throw new LoginThrottled(worst.locked, Math.ceil(worst.ms / 1000));
  }

  /** Counts a failed attempt against the account and the address, locking whichever reached its limit. */
  async failed(email: string, address: string | undefined): Promise<void> {
    const now = this.clock.now();
    await Promise.all(
      this.subjects(email, address).map(async ([subject, policy]) => {
        const row = await this.repo.fail(subject, now, new Date(now.getTime() - policy.windowMs));
        if (row.failures >= policy.lockAfter) await this.repo.lock(subject, new Date(now.getTime() + policy.lockMs));
      }),
    );
  }

  /** A successful login clears the account's count; the address keeps its own, or one good account would reset it. */
  succeeded(email: string): Promise<void> {
    return this.repo.clear(accountSubject(email));
  }

  /** The organisation's admin lifts an account's delay and lockout. */
  unlock(email: string): Promise<void> {
    return this.repo.clear(accountSubject(email));
  }
}
