/**
 * The ledger's clock, which decides maturity and overdue. Moving it is a demo and test facility of the embedded
 * chain only: a real chain's time is not ours to move.
 */
import type { DomainContext } from "../domain/module";
import { AppError } from "../errors";

export class ClockService {
  constructor(private readonly ctx: DomainContext) {}

  async now(): Promise<{ now: Date; canTravel: boolean }> {
    const clock = this.ctx.platform.ledger.clock;
    return { now: await clock.now(), canTravel: clock.canTravel };
  }

  async advance(seconds: number): Promise<{ now: Date; block: number; advancedSeconds: number }> {
    const clock = this.ctx.platform.ledger.clock;
    if (!clock.canTravel) throw new AppError("CLOCK_FIXED", "This ledger's clock is real time");
    const block = await clock.advance(seconds);
    await this.ctx.afterLedgerWrite(block.number);
    return { now: block.timestamp, block: block.number, advancedSeconds: seconds };
  }
}
