/**
 * The ledger's clock, which decides maturity and overdue. Moving it is a demo and test facility of the embedded
 * chain only: a real chain's time is not ours to move.
 */
import type { ClockPort } from "../../../chain/ledger";
import type { Clock } from "../clock";
import { AppError } from "../errors";

export class ClockService {
  constructor(
    private readonly clock: Clock,
    private readonly ledgerClock: Pick<ClockPort, "advance" | "canTravel">,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  now(): { now: Date; canTravel: boolean } {
    return { now: this.clock.now(), canTravel: this.ledgerClock.canTravel };
  }

  async advance(seconds: number): Promise<{ now: Date; block: number; advancedSeconds: number }> {
    if (!this.ledgerClock.canTravel) throw new AppError("CLOCK_FIXED", "This ledger's clock is real time");
    const block = await this.ledgerClock.advance(seconds);
    await this.afterLedgerWrite(block.number);
    return { now: block.timestamp, block: block.number, advancedSeconds: seconds };
  }
}
