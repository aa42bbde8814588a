/**
 * One answer to "would the same call succeed later?": a ledger or database that did not answer, yes; a ledger,
 * a rule or a validation that said no, never. Background jobs retry on the next pass, dual control leaves the
 * action pending, and the ledger-facing services keep what they reserved, all on this one test.
 */
import { isDatabaseUnavailable } from "./db/unavailable";

export function isRetryable(e: unknown): boolean {
  return (e as { retryable?: unknown } | null)?.retryable === true || isDatabaseUnavailable(e);
}
