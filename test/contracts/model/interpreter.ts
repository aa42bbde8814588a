/**
 * The interpreter that turns an operation descriptor into concrete calls against the current model state (a
 * random actor, holder, voucher, amount, invoice, maturity, deadline...) and hands them to the chain executor.
 * How arguments are chosen is in choices.ts; what each kind of operation does is in calls/, one file per contract.
 */
import { Choices, type Call } from "./choices";
import { cashCalls } from "./calls/cash";
import { clockCalls } from "./calls/clock";
import { creditLineCalls } from "./calls/credit-lines";
import { financingCalls } from "./calls/financing";
import { participantCalls } from "./calls/participants";
import { ruleCalls } from "./calls/rules";
import { settlementCalls } from "./calls/settlement";
import { voucherCalls } from "./calls/vouchers";
import type { Kind, Op } from "./operations";

const CALLS: Record<Kind, Call> = {
  // The kind fast-check shrinks towards: a step that does nothing.
  noop: () => Promise.resolve(),
  ...clockCalls,
  ...voucherCalls,
  ...financingCalls,
  ...settlementCalls,
  ...participantCalls,
  ...cashCalls,
  ...creditLineCalls,
  ...ruleCalls,
};

export class Interpreter extends Choices {
  /**
   * Early in a sequence there is nothing to pass on or finance: rather than spend most steps failing on
   * missing vouchers (which the bogus-id choices still cover), issue one, or request financing.
   */
  redirect(k: Kind): Kind {
    const anyLive = [...this.s.vouchers.values()].some((v) => this.live(v));
    if ((k === "transfer" || k === "split" || k === "request") && !anyLive) return "issue";
    if ((k === "execute" || k === "decline" || k === "cancel") && this.s.requests.size === 0 && anyLive) return "request";
    if ((k === "redeem" || k === "redeemBatch") && this.s.vouchers.size > 0) {
      const matured = [...this.s.vouchers.values()].some((v) => v.maturity <= this.s.now);
      if (!matured && this.s.vouchers.size % 2 === 0) return "time";
    }
    return k;
  }

  async step(op: Op): Promise<void> {
    const [n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0] = op.n;
    const k = this.redirect(op.k);
    await CALLS[k](this, [n0, n1, n2, n3, n4, n5], k);
  }
}
