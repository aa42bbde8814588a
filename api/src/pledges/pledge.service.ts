/**
 * Pledge loans on warehouse receipts (仓单质押). The owner of receipts asks a bank for a loan against them and the
 * receipts are locked on the ledger at once; the bank draws it down, the owner repays in settlement cash, and the
 * receipts are released. Against the day's price a loan is checked (anyone party to it may ask), warned, called,
 * cured; the bank may declare an unanswered call a default and take the receipts, or take them after maturity and
 * grace. What moves money or goods (drawdown, repayment, default, seizure, the operator's bounds and fee, a bank's
 * rate) is a maker's proposal and a checker's approval (pledge.actions.ts). Every rule the ledger enforces is
 * checked here first from the ledger's own reads, so that a refusal never costs a transaction.
 */
import { cstDayNumber } from "../../../chain/cst-day";
import type { Account, Fen, Ledger, MarginCheck, PledgeBounds } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import type { Clock } from "../clock";
import { OnePaymentAtATime } from "../domain/one-payment-at-a-time";
import { AppError } from "../errors";
import { partyOfAccount, type Party } from "../http/party";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import type { PledgeLoanRow, ReceiptRow } from "../indexer/projection";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { ReceiptRepository } from "../receipts/receipt.repository";
import type { PledgeRepository } from "./pledge.repository";
import type { OpenAlert } from "../alerts/alert.repository";

const BPS = 10_000n;
const GRAMS_PER_TONNE = 1_000_000n;
const DAY_MS = 86_400_000;
/** The ledger's bounds (Pledges.MAX_RECEIPTS, MAX_FEE_BPS, MAX_RATE_BPS). */
export const MAX_RECEIPTS = 16;
export const MAX_FEE_BPS = 1_000;
export const MAX_RATE_BPS = 10_000;

export interface PledgeRequest {
  receiptIds: bigint[];
  bankOrgId: string;
  amount: Fen;
  rateBps: number;
  maturity: Date;
}

export interface LoanView extends PledgeLoanRow {
  borrowerParty: Party;
  bankParty: Party;
  /** Owed now, interest counted to today; undefined unless drawn and not closed. */
  due: { principal: Fen; interest: Fen } | undefined;
  /** The unresolved alerts on the receipts it holds (while it holds them): the loan is at risk while there is one. */
  openAlerts: (OpenAlert & { receiptId: bigint })[];
}

/** A loan holds its receipts from the request until it is repaid, cancelled or seized. */
const HOLDING: readonly PledgeLoanRow["status"][] = ["requested", "active", "defaulted"];

/** The ledger's valuation: grams × fen per tonne, rounded down; and principal over value in bp, rounded up. */
export const valueOf = (grams: bigint, fenPerTonne: Fen): Fen => (grams * fenPerTonne) / GRAMS_PER_TONNE;
export const ratioOf = (principal: Fen, value: Fen): bigint | undefined => (value === 0n ? undefined : (principal * BPS + value - 1n) / value);

export class PledgeService {
  /** A payer's allowance to the pledge module is set to what one drawdown or repayment takes, one at a time. */
  private readonly payments = new OnePaymentAtATime();

  constructor(
    private readonly ledger: Ledger,
    private readonly repo: PledgeRepository,
    private readonly receipts: ReceiptRepository,
    private readonly orgs: OrganisationRepository,
    private readonly clock: Clock,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  // ---------------------------------------------------------------- terms: bounds, fee, rates

  async terms(): Promise<{ bounds: PledgeBounds; fee: { feeBps: number; recipient: Party | null } }> {
    const [bounds, fee] = await Promise.all([this.ledger.pledges.bounds(), this.ledger.pledges.fee()]);
    const recipient = fee.recipient ? partyOfAccount(fee.recipient, await this.orgs.byAccounts([fee.recipient])) : null;
    return { bounds, fee: { feeBps: fee.feeBps, recipient } };
  }

  checkBounds(b: PledgeBounds): PledgeBounds {
    if (!(b.maxPledgeRateBps > 0 && b.maxPledgeRateBps <= b.warningBps && b.warningBps < b.callBps && b.callBps <= 10_000 && b.callDays > 0)) {
      throw new AppError("PLEDGE_INVALID_BOUNDS");
    }
    return b;
  }

  async setBounds(checker: Actor, b: PledgeBounds): Promise<{ bounds: PledgeBounds; txHash: string }> {
    const r = await this.ledger.pledges.setBounds(checker.org.account, this.checkBounds(b));
    await this.afterLedgerWrite(r.blockNumber);
    return { bounds: await this.ledger.pledges.bounds(), txHash: r.txHash };
  }

  /** The fee's recipient must be an active operator, as the ledger requires. */
  async feeRecipient(orgId: string): Promise<Party> {
    const o = await this.orgs.get(orgId);
    if (!o) throw new AppError("NOT_FOUND", "No such organisation");
    if (!o.kinds.includes("operator") || o.status !== "active") throw new AppError("PLEDGE_INVALID_FEE", "The recipient must be an active operator");
    return { id: o.id, name: o.name, account: o.account };
  }

  async setFee(checker: Actor, feeBps: number, recipientOrgId: string): Promise<{ feeBps: number; recipient: Party; txHash: string }> {
    const recipient = await this.feeRecipient(recipientOrgId);
    const r = await this.ledger.pledges.setFee(checker.org.account, feeBps, recipient.account);
    await this.afterLedgerWrite(r.blockNumber);
    return { feeBps, recipient, txHash: r.txHash };
  }

  async checkRate(rateBps: number): Promise<void> {
    const bound = (await this.ledger.pledges.bounds()).maxPledgeRateBps;
    if (rateBps > bound) throw new AppError("PLEDGE_RATE_ABOVE_BOUND", `The operator's bound is ${bound} bp`);
  }

  async setRate(checker: Actor, commodity: string, rateBps: number): Promise<{ bank: Party; commodity: string; rateBps: number; txHash: string }> {
    await this.checkRate(rateBps);
    const r = await this.ledger.pledges.setPledgeRate(checker.org.account, commodity, rateBps);
    await this.afterLedgerWrite(r.blockNumber);
    return { bank: { id: checker.org.id, name: checker.org.name, account: checker.org.account }, commodity, rateBps, txHash: r.txHash };
  }

  async rates(bankOrgId: string | undefined): Promise<{ bank: Party; commodity: string; rateBps: number }[]> {
    let rows = await this.repo.rates();
    if (bankOrgId) {
      const bank = await this.orgs.get(bankOrgId);
      rows = rows.filter((r) => r.bank === bank?.account);
    }
    const byAccount = await this.orgs.byAccounts([...new Set(rows.map((r) => r.bank))]);
    return rows.map((r) => ({ ...r, bank: partyOfAccount(r.bank, byAccount) }));
  }

  // ---------------------------------------------------------------- loans

  private async views(rows: PledgeLoanRow[]): Promise<LoanView[]> {
    const byAccount = await this.orgs.byAccounts([...new Set(rows.flatMap((l) => [l.borrower, l.bank]))]);
    const alerts = await this.receipts.openAlerts(rows.flatMap((l) => (HOLDING.includes(l.status) ? l.receiptIds : [])));
    return Promise.all(
      rows.map(async (l) => ({
        ...l,
        borrowerParty: partyOfAccount(l.borrower, byAccount),
        bankParty: partyOfAccount(l.bank, byAccount),
        openAlerts: HOLDING.includes(l.status) ? l.receiptIds.flatMap((receiptId) => (alerts.get(receiptId) ?? []).map((a) => ({ ...a, receiptId }))) : [],
        due: l.status === "active" || l.status === "defaulted" ? await this.ledger.pledges.due(l.id) : undefined,
      })),
    );
  }

  /** The borrower's, the bank's, the operator's and the regulator's to see; anyone else's is 404. */
  async get(actor: Actor, id: bigint): Promise<LoanView> {
    const l = await this.repo.get(id);
    const me = actor.org.account;
    if (!l || !(seesEverything(actor) || l.borrower === me || l.bank === me)) throw new AppError("NOT_FOUND", "No such pledge loan");
    return (await this.views([l]))[0];
  }

  async list(actor: Actor, q: PageQuery & { status?: PledgeLoanRow["status"] | undefined }): Promise<Page<LoanView>> {
    const page = await this.repo.list(q, { status: q.status, ...(seesEverything(actor) ? {} : { party: actor.org.account }) });
    return mapPageAsync(page, (rows) => this.views(rows));
  }

  /** The actor's own active receipts of one commodity, as a request or a top-up needs them; another's is 404. */
  private async ownReceipts(actor: Actor, ids: bigint[], commodity?: string): Promise<ReceiptRow[]> {
    if (new Set(ids).size !== ids.length) throw new AppError("PLEDGE_INVALID_RECEIPTS", "A receipt is named twice");
    const rows = await this.receipts.byIds(ids);
    for (const id of ids) {
      const r = rows.find((x) => x.id === id);
      if (r?.owner !== actor.org.account) throw new AppError("NOT_FOUND", `No such warehouse receipt ${id}`);
      if (r.status !== "active") throw new AppError("RECEIPT_NOT_ACTIVE", `Receipt ${id} is ${r.status}`);
    }
    const expected = commodity ?? rows[0].commodity;
    const stranger = rows.find((r) => r.commodity !== expected);
    if (stranger) throw new AppError("PLEDGE_COMMODITY_MISMATCH", `Receipt ${stranger.id} is ${stranger.commodity}, not ${expected}`);
    return rows;
  }

  /** Today's (CST) price of `commodity`, in fen per tonne. */
  private async priceToday(commodity: string): Promise<Fen> {
    const p = await this.ledger.prices.priceOn(commodity, cstDayNumber(this.clock.now()));
    if (!p) throw new AppError("PRICE_NOT_POSTED", `No price of ${commodity} is posted today`);
    return p.fenPerTonne;
  }

  /** What `bank` lends on `grams` of `commodity` today: value × its rate, the rate capped by the operator's bound. */
  private async limit(bank: Account, commodity: string, grams: bigint): Promise<Fen> {
    const [rate, bounds] = await Promise.all([this.ledger.pledges.pledgeRate(bank, commodity), this.ledger.pledges.bounds()]);
    if (rate === 0) throw new AppError("PLEDGE_NO_RATE", `The bank sets no pledge rate on ${commodity}`);
    const value = valueOf(grams, await this.priceToday(commodity));
    return (value * BigInt(Math.min(rate, bounds.maxPledgeRateBps))) / BPS;
  }

  async request(actor: Actor, input: PledgeRequest): Promise<LoanView & { txHash: string }> {
    const bank = await this.orgs.get(input.bankOrgId);
    if (!bank) throw new AppError("NOT_FOUND", "No such bank");
    if (!bank.kinds.includes("bank")) throw new AppError("ORGANISATION_WRONG_KIND", "The lender must be a bank");
    if (input.maturity.getTime() <= this.clock.now().getTime()) throw new AppError("PLEDGE_INVALID_MATURITY");
    const rows = await this.ownReceipts(actor, input.receiptIds);
    const limit = await this.limit(bank.account, rows[0].commodity, rows.reduce((s, r) => s + r.quantity, 0n));
    if (input.amount > limit) throw new AppError("PLEDGE_ABOVE_LIMIT", `At most ${limit} fen today`);
    const r = await this.ledger.pledges.request(actor.org.account, { ...input, bank: bank.account });
    await this.afterLedgerWrite(r.blockNumber);
    return { ...(await this.get(actor, r.result)), txHash: r.txHash };
  }

  /** The loan, seen by `actor` as its bank (the borrower's is 403, a stranger's 404), in one of `statuses`. */
  async asBank(actor: Actor, id: bigint, statuses: PledgeLoanRow["status"][]): Promise<LoanView> {
    const l = await this.get(actor, id);
    if (l.bank !== actor.org.account) throw new AppError("PLEDGE_NOT_BANK");
    if (!statuses.includes(l.status)) throw new AppError("PLEDGE_INVALID_STATUS", `The loan is ${l.status}`);
    return l;
  }

  async asBorrower(actor: Actor, id: bigint, statuses: PledgeLoanRow["status"][]): Promise<LoanView> {
    const l = await this.get(actor, id);
    if (l.borrower !== actor.org.account) throw new AppError("PLEDGE_NOT_BORROWER");
    if (!statuses.includes(l.status)) throw new AppError("PLEDGE_INVALID_STATUS", `The loan is ${l.status}`);
    return l;
  }

  private async done(actor: Actor, id: bigint, r: { blockNumber: number; txHash: string }): Promise<LoanView & { txHash: string }> {
    await this.afterLedgerWrite(r.blockNumber);
    return { ...(await this.get(actor, id)), txHash: r.txHash };
  }

  /** The borrower withdraws, or the bank declines, a request not yet drawn. */
  async cancel(actor: Actor, id: bigint): Promise<LoanView & { txHash: string }> {
    const l = await this.get(actor, id);
    if (l.borrower !== actor.org.account && l.bank !== actor.org.account) throw new AppError("PLEDGE_NOT_PARTY");
    if (l.status !== "requested") throw new AppError("PLEDGE_INVALID_STATUS", `The loan is ${l.status}`);
    return this.done(actor, id, await this.ledger.pledges.cancel(actor.org.account, id));
  }

  /** What a drawdown proposal is checked against: still within today's limit, before maturity, and the bank holds the cash. */
  async checkDrawdown(actor: Actor, id: bigint): Promise<LoanView> {
    const l = await this.asBank(actor, id, ["requested"]);
    if (l.maturity.getTime() <= this.clock.now().getTime()) throw new AppError("PLEDGE_INVALID_MATURITY");
    const limit = await this.limit(l.bank, l.commodity, l.quantity);
    if (l.amount > limit) throw new AppError("PLEDGE_ABOVE_LIMIT", `At most ${limit} fen today`);
    if ((await this.ledger.cash.balanceOf(l.bank)) < l.amount) throw new AppError("CASH_INSUFFICIENT_BALANCE");
    return l;
  }

  /** The bank's checker pays the loan out: it allows the pledge module exactly the amount, which the drawdown takes. */
  async drawdown(checker: Actor, id: bigint): Promise<LoanView & { txHash: string }> {
    const l = await this.checkDrawdown(checker, id);
    const r = await this.payments.run(checker.org.account, async () => {
      await this.ledger.cash.approve(checker.org.account, this.ledger.pledges.address, l.amount);
      return this.ledger.pledges.drawdown(checker.org.account, id);
    });
    return this.done(checker, id, r);
  }

  async topUp(actor: Actor, id: bigint, receiptIds: bigint[]): Promise<LoanView & { txHash: string }> {
    const l = await this.asBorrower(actor, id, ["active"]);
    if (l.receiptIds.length + receiptIds.length > MAX_RECEIPTS) throw new AppError("PLEDGE_INVALID_RECEIPTS", `A loan holds at most ${MAX_RECEIPTS} receipts`);
    await this.ownReceipts(actor, receiptIds, l.commodity);
    return this.done(actor, id, await this.ledger.pledges.topUp(actor.org.account, id, receiptIds));
  }

  /** A repayment is at most what is owed now, and paid from cash the borrower holds. */
  async checkRepay(actor: Actor, id: bigint, amount: Fen): Promise<LoanView> {
    const l = await this.asBorrower(actor, id, ["active", "defaulted"]);
    const owed = l.due ? l.due.principal + l.due.interest : 0n;
    if (amount > owed) throw new AppError("PLEDGE_INVALID_AMOUNT", `${owed} fen is owed`);
    if ((await this.ledger.cash.balanceOf(l.borrower)) < amount) throw new AppError("CASH_INSUFFICIENT_BALANCE");
    return l;
  }

  async repay(checker: Actor, id: bigint, amount: Fen): Promise<LoanView & { txHash: string; released: boolean }> {
    await this.checkRepay(checker, id, amount);
    const r = await this.payments.run(checker.org.account, async () => {
      await this.ledger.cash.approve(checker.org.account, this.ledger.pledges.address, amount);
      return this.ledger.pledges.repay(checker.org.account, id, amount);
    });
    return { ...(await this.done(checker, id, r)), released: r.result.released };
  }

  /** Values an active loan at today's price: warns, calls or lifts a call (the borrower, the bank, or the platform). */
  async check(actor: Actor, id: bigint): Promise<LoanView & { check: MarginCheck; txHash: string }> {
    const l = await this.get(actor, id);
    if (l.status !== "active") throw new AppError("PLEDGE_INVALID_STATUS", `The loan is ${l.status}`);
    await this.priceToday(l.commodity);
    const r = await this.ledger.pledges.check(actor.org.account, id);
    return { ...(await this.done(actor, id, r)), check: r.result };
  }

  /** A default needs a call whose deadline has passed, with the loan still at or above the call ratio today. */
  async checkDefault(actor: Actor, id: bigint): Promise<LoanView> {
    const l = await this.asBank(actor, id, ["active"]);
    const bounds = await this.ledger.pledges.bounds();
    const ratio = ratioOf(l.principal, valueOf(l.quantity, await this.priceToday(l.commodity)));
    const called = l.callDeadline !== null && this.clock.now().getTime() > l.callDeadline.getTime();
    if (!called || (ratio !== undefined && ratio < BigInt(bounds.callBps))) throw new AppError("PLEDGE_NO_DEFAULT");
    return l;
  }

  async declareDefault(checker: Actor, id: bigint): Promise<LoanView & { txHash: string }> {
    await this.checkDefault(checker, id);
    return this.done(checker, id, await this.ledger.pledges.declareDefault(checker.org.account, id));
  }

  /** The bank takes the receipts of a loan in default, or `graceDays` past maturity, unless the borrower is frozen. */
  async checkSeize(actor: Actor, id: bigint): Promise<LoanView> {
    const l = await this.asBank(actor, id, ["active", "defaulted"]);
    if ((await this.ledger.participants.get(l.borrower)).status === "frozen") throw new AppError("PLEDGE_BORROWER_FROZEN");
    if (l.status === "active") {
      const from = l.maturity.getTime() + (await this.ledger.pledges.bounds()).graceDays * DAY_MS;
      if (this.clock.now().getTime() < from) throw new AppError("PLEDGE_NOT_ENFORCEABLE", `Enforceable from ${new Date(from).toISOString()}`);
    }
    return l;
  }

  async seize(checker: Actor, id: bigint): Promise<LoanView & { txHash: string }> {
    await this.checkSeize(checker, id);
    return this.done(checker, id, await this.ledger.pledges.seize(checker.org.account, id));
  }
}
