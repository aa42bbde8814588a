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

  /** Checked when a move is proposed, so that the maker learns at once that a real chain's clock is fixed. */
  mustBeMovable(): void {
    if (!this.ledgerClock.canTravel) throw new AppError("CLOCK_FIXED", "This ledger's clock is real time");
  }

  async advance(seconds: number): Promise<{ now: Date; block: number; advancedSeconds: number }> {
    this.mustBeMovable();
    const block = await this.ledgerClock.advance(seconds);
    await this.afterLedgerWrite(block.number);
    return { now: block.timestamp, block: block.number, advancedSeconds: seconds };
  }
}
