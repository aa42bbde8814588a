/**
 * The daily margin check (动态估值) no one has to ask for: once the day's price of a loan's commodity is posted,
 * every active loan on it is checked on the ledger, as the operator, once that day, so that a loan past its warning
 * or call ratio is flagged and called even when neither the borrower nor the bank looks. Anyone party to a loan may
 * still check it at any time (POST /pledges/{id}/check).
 */
import { cstDayNumber } from "../../../chain/cst-day";
import type { Account, Ledger } from "../../../chain/ledger";
import type { Clock } from "../clock";
import type { PledgeRepository } from "./pledge.repository";

/** A pass every ten job intervals: prices are posted once a day, so a check minutes late is still that day's. */
export const MARGIN_CHECK_EVERY_JOB_INTERVALS = 10;

export class MarginChecks {
  /** The CST day each loan was last checked on, by this process: a restart checks each once more, which is harmless. */
  private readonly checkedOn = new Map<bigint, number>();

  constructor(
    private readonly ledger: Ledger,
    private readonly repo: PledgeRepository,
    private readonly operator: Account,
    private readonly clock: Clock,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  /** Checks the active loans not yet checked today whose commodity is priced today; returns how many it checked. */
  async run(): Promise<number> {
    const day = cstDayNumber(this.clock.now());
    const priced = new Map<string, boolean>();
    let checked = 0;
    let last: number | undefined;
    for (const loan of await this.repo.active()) {
      if (this.checkedOn.get(loan.id) === day) continue;
      let hasPrice = priced.get(loan.commodity);
      if (hasPrice === undefined) {
        hasPrice = (await this.ledger.prices.priceOn(loan.commodity, day)) !== undefined;
        priced.set(loan.commodity, hasPrice);
      }
      if (!hasPrice) continue;
      last = (await this.ledger.pledges.check(this.operator, loan.id)).blockNumber;
      this.checkedOn.set(loan.id, day);
      checked += 1;
    }
    if (last !== undefined) await this.afterLedgerWrite(last);
    return checked;
  }
}
