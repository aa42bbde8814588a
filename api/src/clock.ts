/**
 * The platform's one clock for business time: when an application, an invoice, a quote, an approval or an audit
 * entry happened, and what "now" means for maturities, expiries and quotes. It is the ledger's clock, so that on
 * the embedded chain, whose clock a demo moves forward, a record's stamp and the ledger's checks agree. Every
 * service and repository that needs the time is given one; none reads `new Date()` itself. Credentials (access
 * tokens, refresh tokens, rate limits) run on the wall clock instead: a moved demo clock must not expire them.
 */
import type { ClockPort } from "../../chain/ledger";

export interface Clock {
  now(): Date;
}

/**
 * Strictly increasing within this process, so that lists sorted newest first by their stamp keep the order in which
 * this process made the records, even two made within one millisecond.
 */
export const ledgerClock = (port: Pick<ClockPort, "current">): Clock => {
  let last = 0;
  return {
    now: () => {
      last = Math.max(last + 1, port.current().getTime());
      return new Date(last);
    },
  };
};

export const wallClock: Clock = { now: () => new Date() };
