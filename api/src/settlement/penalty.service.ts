/**
 * Late funding (逾期兑付): a core enterprise sets its program's penalty rate (its maker proposes, its checker sets it,
 * since it prices what it pays), and funding an overdue maturity escrows the penalty with the shortfall (see
 * SettlementService.proposeFunding). Each holder of a redeemed voucher of that maturity is then paid its share of the
 * penalty, once; anyone party to the voucher may ask.
 */
import type { Fen, Ledger } from "../../../chain/ledger";
import { LEDGER_LIMITS } from "../../../chain/limits";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { AppError } from "../errors";
import { partyOfAccount, type Party } from "../http/party";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { PenaltyRepository } from "./penalty.repository";

export class PenaltyService {
  constructor(
    private readonly ledger: Ledger,
    private readonly repo: PenaltyRepository,
    private readonly orgs: OrganisationRepository,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  /** Every core enterprise's penalty rate, as set on the ledger. */
  async rates(): Promise<{ core: Party; rateBps: number }[]> {
    const rows = await this.repo.rates();
    const byAccount = await this.orgs.byAccounts(rows.map((r) => r.core));
    return rows.map((r) => ({ core: partyOfAccount(r.core, byAccount), rateBps: r.rateBps }));
  }

  checkRate(rateBps: number): number {
    if (rateBps > LEDGER_LIMITS.maxPenaltyRateBps) throw new AppError("SETTLEMENT_INVALID_PENALTY_RATE");
    return rateBps;
  }

  async setRate(checker: Actor, rateBps: number): Promise<{ core: Party; rateBps: number; txHash: string }> {
    const r = await this.ledger.settlement.setPenaltyRate(checker.org.account, this.checkRate(rateBps));
    await this.afterLedgerWrite(r.blockNumber);
    return { core: { id: checker.org.id, name: checker.org.name, account: checker.org.account }, rateBps, txHash: r.txHash };
  }

  /**
   * Pays the holder of redeemed voucher `id` its share of its maturity's penalty. The holder, the debtor and the
   * platform may ask (the money goes to the holder whoever asks); anyone else's voucher is 404.
   */
  async pay(actor: Actor, id: bigint): Promise<{ voucherId: string; holder: Party; amount: Fen; txHash: string }> {
    const v = await this.repo.voucher(id);
    if (!v || !(seesEverything(actor) || v.owner === actor.org.account || v.debtor === actor.org.account)) throw new AppError("NOT_FOUND", "No such voucher");
    if (v.value !== 0n || v.redeemedValue === 0n) throw new AppError("SETTLEMENT_NOT_REDEEMED");
    if (await this.ledger.settlement.penaltyPaid(id)) throw new AppError("SETTLEMENT_PENALTY_PAID");
    if (!(await this.repo.penalty(v.debtor, v.maturity))) throw new AppError("SETTLEMENT_NO_PENALTY");
    const r = await this.ledger.settlement.payPenalty(actor.org.account, id);
    await this.afterLedgerWrite(r.blockNumber);
    return { voucherId: id.toString(), holder: partyOfAccount(v.owner, await this.orgs.byAccounts([v.owner])), amount: r.result, txHash: r.txHash };
  }
}
