/**
 * Requests expire. Every run: open requests past their validity leave the market, quotes past theirs lapse,
 * accepted requests whose on-chain deadline has passed are released on the ledger (which frees the holder's
 * locked value), and requests the ledger closed by another path are brought in line with it. Every change is a
 * conditional update, so a run racing a holder's or a bank's request changes nothing the other already did.
 */
import type { Account, Ledger } from "../../../chain/ledger";
import type { Clock } from "../clock";
import { mustExist } from "../must-exist";
import type { ApplicationStatus, FinancingRepository } from "./financing.repository";

export interface SweepReport {
  expired: number;
  lapsed: number;
  released: number;
  reconciled: number;
}

/** What the ledger's closing of a request means for the application. */
const CLOSED_ON_CHAIN: Partial<Record<string, ApplicationStatus>> = {
  executed: "executed",
  declined: "declined",
  cancelled: "cancelled",
  released: "expired",
};

export class FinancingExpiry {
  constructor(
    private readonly repo: FinancingRepository,
    private readonly ledger: Ledger,
    private readonly caller: Account,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly warn: (message: string) => void,
    private readonly clock: Clock,
  ) {}

  async sweep(): Promise<SweepReport> {
    const now = this.clock.now();
    const expired = await this.repo.expireOpen(now);
    const lapsed = await this.repo.lapseQuotes(now);
    const reconciled = await this.reconcile();
    const released = await this.release(now);
    return { expired, lapsed, released, reconciled };
  }

  private async reconcile(): Promise<number> {
    let n = 0;
    for (const c of await this.repo.closedChainRequests(await this.repo.liveOnChainIds())) {
      const to = CLOSED_ON_CHAIN[c.status];
      if (!to) continue;
      for (const app of await this.repo.liveOnChain([c.id])) if (await this.repo.transition(app.id, app.status, to)) n += 1;
    }
    return n;
  }

  private async release(now: Date): Promise<number> {
    let n = 0;
    let last = 0;
    for (const app of await this.repo.liveOnChain(await this.repo.overdueChainRequests(now))) {
      const from = app.status;
      // liveOnChain found it by its ledger request id.
      const requestId = mustExist(app.onChainRequestId, `financing request ${app.id}'s ledger request id`);
      if (!(await this.repo.transition(app.id, from, "releasing"))) continue;
      try {
        const receipt = await this.ledger.financing.release(this.caller, requestId);
        await this.repo.transition(app.id, "releasing", "expired");
        last = Math.max(last, receipt.blockNumber);
        n += 1;
      } catch (e) {
        await this.repo.transition(app.id, "releasing", from);
        // Closed meanwhile by its bank or holder (the next run reconciles it), or a clock a second short.
        const code = (e as { code?: string }).code;
        if (code !== "FINANCING_NOT_PENDING" && code !== "FINANCING_NOT_EXPIRED") this.warn(`Releasing financing ${app.id}: ${(e as Error).message}`);
      }
    }
    if (last) await this.afterLedgerWrite(last);
    return n;
  }
}
