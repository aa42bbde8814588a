/**
 * Guarantees (担保). A guarantor backs a bank's claim (a financed voucher piece the bank holds, or its pledge loan)
 * up to an amount until an expiry; its checker's approval issues it and allows the guarantees module to take that
 * much more of its settlement cash on a call. On default the bank's maker proposes the demand and its checker
 * calls the guarantee: the guarantor pays and takes the claim over (recourse on the debtor or the borrower). The
 * obligor, or the bank passing on a later recovery, repays the guarantor; once the bank has been paid the claim in
 * full, the bank hands back what the guarantor paid and was not repaid (reclaim). Every step that moves money is a
 * maker's proposal and a checker's approval (guarantee.actions.ts); each refusal the ledger would make is checked
 * here first.
 */
import type { Fen, GuaranteeKind, Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import type { Clock } from "../clock";
import { OnePaymentAtATime } from "../domain/one-payment-at-a-time";
import { AppError } from "../errors";
import { partyOfAccount, type Party } from "../http/party";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import type { GuaranteeRow } from "../indexer/projection";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { GuaranteeRepository } from "./guarantee.repository";

const DAY_MS = 86_400_000;

export interface GuaranteeTerms {
  kind: GuaranteeKind;
  subject: bigint;
  bankOrgId: string;
  amount: Fen;
  expiry: Date;
}

export interface GuaranteeView extends GuaranteeRow {
  guarantorParty: Party;
  bankParty: Party;
  obligorParty: Party | null;
}

type Done = GuaranteeView & { txHash: string };

export class GuaranteeService {
  private readonly payments = new OnePaymentAtATime();

  constructor(
    private readonly ledger: Ledger,
    private readonly repo: GuaranteeRepository,
    private readonly orgs: OrganisationRepository,
    private readonly clock: Clock,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  private async views(rows: GuaranteeRow[]): Promise<GuaranteeView[]> {
    const byAccount = await this.orgs.byAccounts([...new Set(rows.flatMap((g) => [g.guarantor, g.bank, ...(g.obligor ? [g.obligor] : [])]))]);
    return rows.map((g) => ({
      ...g,
      guarantorParty: partyOfAccount(g.guarantor, byAccount),
      bankParty: partyOfAccount(g.bank, byAccount),
      obligorParty: g.obligor ? partyOfAccount(g.obligor, byAccount) : null,
    }));
  }

  /** Its guarantor's, its bank's, its obligor's, the operator's and the regulator's to see; anyone else's is 404. */
  async get(actor: Actor, id: bigint): Promise<GuaranteeView> {
    const g = await this.repo.get(id);
    const me = actor.org.account;
    if (!g || !(seesEverything(actor) || g.guarantor === me || g.bank === me || g.obligor === me)) throw new AppError("NOT_FOUND", "No such guarantee");
    return (await this.views([g]))[0];
  }

  async list(actor: Actor, q: PageQuery & { status?: GuaranteeRow["status"] | undefined }): Promise<Page<GuaranteeView>> {
    const page = await this.repo.list(q, { status: q.status, ...(seesEverything(actor) ? {} : { party: actor.org.account }) });
    return mapPageAsync(page, (rows) => this.views(rows));
  }

  private async done(actor: Actor, id: bigint, r: { blockNumber: number; txHash: string }): Promise<Done> {
    await this.afterLedgerWrite(r.blockNumber);
    return { ...(await this.get(actor, id)), txHash: r.txHash };
  }

  // ---------------------------------------------------------------- issue

  /** The bank must hold the claim now: its financed piece with value left, or its loan requested or running. */
  async checkIssue(maker: Actor, t: GuaranteeTerms): Promise<{ bank: Party }> {
    const bank = await this.orgs.get(t.bankOrgId);
    if (!bank) throw new AppError("NOT_FOUND", "No such bank");
    if (!bank.kinds.includes("bank")) throw new AppError("ORGANISATION_WRONG_KIND", "The beneficiary must be a bank");
    if (bank.account === maker.org.account) throw new AppError("GUARANTEE_SELF");
    if (t.expiry.getTime() <= this.clock.now().getTime()) throw new AppError("GUARANTEE_INVALID_EXPIRY");
    if (!(await this.heldBy(t.kind, t.subject, bank.account))) throw new AppError("GUARANTEE_INVALID_SUBJECT", `The bank holds no such ${t.kind === "pledgeLoan" ? "pledge loan" : "financed voucher"}`);
    const existing = await this.ledger.guarantees.guaranteeOf(t.kind, t.subject);
    if (existing !== 0n) throw new AppError("GUARANTEE_ALREADY_EXISTS", `Guarantee ${existing} stands behind it`);
    return { bank: { id: bank.id, name: bank.name, account: bank.account } };
  }

  private async heldBy(kind: GuaranteeKind, subject: bigint, bank: string): Promise<boolean> {
    if (kind === "voucherFinancing") {
      const v = await this.ledger.vouchers.get(subject);
      return v?.financed === true && v.owner === bank && v.value !== 0n;
    }
    const l = await this.ledger.pledges.get(subject);
    return l?.bank === bank && (l.status === "requested" || l.status === "active");
  }

  /**
   * The guarantor's checker issues it, and allows the guarantees module that much more of its cash: a call takes
   * the guarantor's cash through that allowance, with no one at the guarantor's desk at the time.
   */
  async issue(checker: Actor, t: GuaranteeTerms): Promise<Done> {
    const { bank } = await this.checkIssue(checker, t);
    const me = checker.org.account;
    const r = await this.payments.run(me, async () => {
      const issued = await this.ledger.guarantees.issue(me, { kind: t.kind, subject: t.subject, bank: bank.account, amount: t.amount, expiry: t.expiry });
      const allowed = await this.ledger.cash.allowance(me, this.ledger.guarantees.address);
      await this.ledger.cash.approve(me, this.ledger.guarantees.address, allowed + t.amount);
      return issued;
    });
    return this.done(checker, r.result, r);
  }

  // ---------------------------------------------------------------- demand, recovery, reclaim, release

  private async inStatus(actor: Actor, id: bigint, status: GuaranteeRow["status"]): Promise<GuaranteeView> {
    const g = await this.get(actor, id);
    if (g.status !== status) throw new AppError("GUARANTEE_INVALID_STATUS", `The guarantee is ${g.status}`);
    return g;
  }

  /** A demand: the bank's, before the expiry, on a claim in default. */
  async checkDemand(actor: Actor, id: bigint): Promise<GuaranteeView> {
    const g = await this.get(actor, id);
    if (g.bank !== actor.org.account) throw new AppError("GUARANTEE_NOT_BANK");
    if (g.status !== "active") throw new AppError("GUARANTEE_INVALID_STATUS", `The guarantee is ${g.status}`);
    if (this.clock.now().getTime() > g.expiry.getTime()) throw new AppError("GUARANTEE_EXPIRED");
    if (!(await this.inDefault(g))) throw new AppError("GUARANTEE_NO_DEFAULT");
    return g;
  }

  private async inDefault(g: GuaranteeRow): Promise<boolean> {
    if (g.kind === "voucherFinancing") {
      const v = await this.ledger.vouchers.get(g.subject);
      return v?.owner === g.bank && v.value !== 0n && (await this.ledger.settlement.isOverdue(v.debtor, v.maturity));
    }
    const l = await this.ledger.pledges.get(g.subject);
    if (l?.status === "defaulted") return true;
    if (l?.status !== "active") return false;
    const graceDays = (await this.ledger.pledges.bounds()).graceDays;
    return this.clock.now().getTime() >= l.maturity.getTime() + graceDays * DAY_MS;
  }

  async demand(checker: Actor, id: bigint): Promise<Done & { paid: Fen }> {
    await this.checkDemand(checker, id);
    const r = await this.ledger.guarantees.demand(checker.org.account, id);
    return { ...(await this.done(checker, id, r)), paid: r.result };
  }

  /** A recovery: up to what the guarantor is still owed, from cash the payer (the obligor or the bank) holds. */
  async checkRecover(actor: Actor, id: bigint, amount: Fen): Promise<GuaranteeView> {
    const g = await this.inStatus(actor, id, "called");
    if (actor.org.account !== g.obligor && actor.org.account !== g.bank) throw new AppError("FORBIDDEN", "Only the obligor or the bank repays the guarantor");
    const left = g.paid - g.recovered;
    if (amount > left) throw new AppError("GUARANTEE_INVALID_AMOUNT", `${left} fen is still owed to the guarantor`);
    if ((await this.ledger.cash.balanceOf(actor.org.account)) < amount) throw new AppError("CASH_INSUFFICIENT_BALANCE");
    return g;
  }

  async recover(checker: Actor, id: bigint, amount: Fen): Promise<Done> {
    await this.checkRecover(checker, id, amount);
    const me = checker.org.account;
    const r = await this.payments.run(me, async () => {
      await this.ledger.cash.approve(me, this.ledger.guarantees.address, amount);
      return this.ledger.guarantees.recover(me, id, amount);
    });
    return this.done(checker, id, r);
  }

  /** A reclaim: the bank's, once the claim has been paid to it in full, of what the guarantor is still owed. */
  async checkReclaim(actor: Actor, id: bigint): Promise<GuaranteeView & { owed: Fen }> {
    const g = await this.inStatus(actor, id, "called");
    if (g.bank !== actor.org.account) throw new AppError("GUARANTEE_NOT_BANK");
    if (!(await this.claimRepaid(g))) throw new AppError("GUARANTEE_CLAIM_OUTSTANDING");
    const owed = g.paid - g.recovered;
    if (owed === 0n) throw new AppError("GUARANTEE_INVALID_AMOUNT", "Nothing is owed to the guarantor");
    if ((await this.ledger.cash.balanceOf(g.bank)) < owed) throw new AppError("CASH_INSUFFICIENT_BALANCE");
    return { ...g, owed };
  }

  private async claimRepaid(g: GuaranteeRow): Promise<boolean> {
    if (g.kind === "voucherFinancing") return (await this.ledger.vouchers.get(g.subject))?.value === 0n;
    return (await this.ledger.pledges.get(g.subject))?.status === "repaid";
  }

  async reclaim(checker: Actor, id: bigint): Promise<Done & { amount: Fen }> {
    const { owed } = await this.checkReclaim(checker, id);
    const me = checker.org.account;
    const r = await this.payments.run(me, async () => {
      await this.ledger.cash.approve(me, this.ledger.guarantees.address, owed);
      return this.ledger.guarantees.reclaim(me, id);
    });
    return { ...(await this.done(checker, id, r)), amount: r.result };
  }

  /** Any party to an uncalled guarantee lapses it once its expiry has passed, so that it no longer shows in force. */
  async expire(actor: Actor, id: bigint): Promise<Done> {
    const g = await this.inStatus(actor, id, "active");
    if (this.clock.now().getTime() <= g.expiry.getTime()) throw new AppError("GUARANTEE_NOT_EXPIRED", `It runs until ${g.expiry.toISOString()}`);
    return this.done(actor, id, await this.ledger.guarantees.expire(actor.org.account, id));
  }

  /** The bank releases a guarantee it no longer needs; it moves no money. */
  async release(actor: Actor, id: bigint): Promise<Done> {
    const g = await this.inStatus(actor, id, "active");
    if (g.bank !== actor.org.account) throw new AppError("GUARANTEE_NOT_RELEASABLE");
    return this.done(actor, id, await this.ledger.guarantees.release(actor.org.account, id));
  }
}
