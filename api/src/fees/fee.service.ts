/**
 * Warehouse fees (仓储费、监管费). A warehouse sets its tariff per commodity (its maker proposes, its checker sets it:
 * it prices every account opened from then on), opens a receipt's fee account, and starts and ends supervision of a
 * pledged receipt. Paying what is due moves money: the payer's maker proposes, its checker pays. And the fee report:
 * what each party has earned, from the ledger's events.
 */
import type { Fen, Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { OnePaymentAtATime } from "../domain/one-payment-at-a-time";
import { AppError } from "../errors";
import { partyOfAccount, type Party } from "../http/party";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import type { FeeAccountRow, ReceiptRow } from "../indexer/projection";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { ReceiptRepository } from "../receipts/receipt.repository";
import { earnings, type FeeLine } from "./fee-report";
import type { FeeRepository } from "./fee.repository";

export interface FeeAccountView extends FeeAccountRow {
  warehouseParty: Party;
  owner: Party | null;
  /** What paying now would pay; undefined once closed. */
  due: { storageFee: Fen; supervisionFee: Fen } | undefined;
}

export interface Tariff {
  storage: Fen;
  supervision: Fen;
}

export class FeeService {
  private readonly payments = new OnePaymentAtATime();

  constructor(
    private readonly ledger: Ledger,
    private readonly repo: FeeRepository,
    private readonly receipts: ReceiptRepository,
    private readonly orgs: OrganisationRepository,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  // ---------------------------------------------------------------- tariffs

  async tariffs(warehouseOrgId: string | undefined): Promise<{ warehouse: Party; commodity: string; storage: Fen; supervision: Fen }[]> {
    let rows = await this.repo.tariffs();
    if (warehouseOrgId) {
      const w = await this.orgs.get(warehouseOrgId);
      rows = rows.filter((r) => r.warehouse === w?.account);
    }
    const byAccount = await this.orgs.byAccounts([...new Set(rows.map((r) => r.warehouse))]);
    return rows.map((r) => ({ warehouse: partyOfAccount(r.warehouse, byAccount), commodity: r.commodity, storage: r.storageFenPerTonneDay, supervision: r.supervisionFenPerTonneDay }));
  }

  async setTariff(checker: Actor, commodity: string, t: Tariff): Promise<{ warehouse: Party; commodity: string; storage: Fen; supervision: Fen; txHash: string }> {
    const r = await this.ledger.fees.setTariff(checker.org.account, commodity, { storageFenPerTonneDay: t.storage, supervisionFenPerTonneDay: t.supervision });
    await this.afterLedgerWrite(r.blockNumber);
    return { warehouse: { id: checker.org.id, name: checker.org.name, account: checker.org.account }, commodity, ...t, txHash: r.txHash };
  }

  // ---------------------------------------------------------------- accounts

  private async views(rows: FeeAccountRow[]): Promise<FeeAccountView[]> {
    const receipts = await this.receipts.byIds(rows.map((r) => r.receiptId));
    const byAccount = await this.orgs.byAccounts([...new Set([...rows.map((r) => r.warehouse), ...receipts.map((r) => r.owner)])]);
    return Promise.all(
      rows.map(async (a) => {
        const r = receipts.find((x) => x.id === a.receiptId);
        return {
          ...a,
          warehouseParty: partyOfAccount(a.warehouse, byAccount),
          owner: r ? partyOfAccount(r.owner, byAccount) : null,
          due: a.closed ? undefined : await this.ledger.fees.due(a.receiptId),
        };
      }),
    );
  }

  /** The receipt's warehouse's, its owner's, the operator's and the regulator's to see; anyone else's is 404. */
  async get(actor: Actor, receiptId: bigint): Promise<FeeAccountView> {
    const a = await this.repo.account(receiptId);
    const r = await this.receipts.get(receiptId);
    const me = actor.org.account;
    if (!a || !(seesEverything(actor) || a.warehouse === me || r?.owner === me)) throw new AppError("NOT_FOUND", "No such fee account");
    return (await this.views([a]))[0];
  }

  async list(actor: Actor, q: PageQuery): Promise<Page<FeeAccountView>> {
    const page = await this.repo.list(q, seesEverything(actor) ? {} : { party: actor.org.account });
    return mapPageAsync(page, (rows) => this.views(rows));
  }

  /** The receipt as its warehouse holds it; another's receipt is 404, a receipt of another warehouse 403. */
  private async warehouseReceipt(actor: Actor, receiptId: bigint): Promise<ReceiptRow> {
    const r = await this.receipts.get(receiptId);
    if (!r || !(r.warehouse === actor.org.account || r.owner === actor.org.account)) throw new AppError("NOT_FOUND", "No such warehouse receipt");
    if (r.warehouse !== actor.org.account) throw new AppError("FEE_NOT_WAREHOUSE");
    return r;
  }

  private async done(actor: Actor, receiptId: bigint, r: { blockNumber: number; txHash: string }): Promise<FeeAccountView & { txHash: string }> {
    await this.afterLedgerWrite(r.blockNumber);
    return { ...(await this.get(actor, receiptId)), txHash: r.txHash };
  }

  async open(actor: Actor, receiptId: bigint): Promise<FeeAccountView & { txHash: string }> {
    const r = await this.warehouseReceipt(actor, receiptId);
    if (await this.repo.account(receiptId)) throw new AppError("FEE_ACCOUNT_ALREADY_OPEN");
    if (r.status !== "active" && r.status !== "pledged") throw new AppError("FEE_RECEIPT_NOT_HELD", `The receipt is ${r.status}`);
    const t = await this.ledger.fees.tariff(actor.org.account, r.commodity);
    if (t.storageFenPerTonneDay === 0n && t.supervisionFenPerTonneDay === 0n) throw new AppError("FEE_NO_TARIFF", `No tariff for ${r.commodity}`);
    return this.done(actor, receiptId, await this.ledger.fees.open(actor.org.account, receiptId));
  }

  private async openAccount(receiptId: bigint): Promise<FeeAccountRow> {
    const a = await this.repo.account(receiptId);
    if (!a || a.closed) throw new AppError("FEE_ACCOUNT_NOT_OPEN");
    return a;
  }

  async startSupervision(actor: Actor, receiptId: bigint): Promise<FeeAccountView & { txHash: string }> {
    const r = await this.warehouseReceipt(actor, receiptId);
    const a = await this.openAccount(receiptId);
    if (r.status !== "pledged" || a.supervising) throw new AppError("FEE_CANNOT_SUPERVISE");
    return this.done(actor, receiptId, await this.ledger.fees.startSupervision(actor.org.account, receiptId));
  }

  /** The warehouse ends supervision at any time; the owner once the receipt is no longer pledged. */
  async endSupervision(actor: Actor, receiptId: bigint): Promise<FeeAccountView & { txHash: string }> {
    const r = await this.receipts.get(receiptId);
    if (!r || !(r.warehouse === actor.org.account || r.owner === actor.org.account)) throw new AppError("NOT_FOUND", "No such warehouse receipt");
    const a = await this.openAccount(receiptId);
    if (!a.supervising || (r.warehouse !== actor.org.account && r.status === "pledged")) throw new AppError("FEE_CANNOT_END_SUPERVISION");
    return this.done(actor, receiptId, await this.ledger.fees.endSupervision(actor.org.account, receiptId));
  }

  /** A payment: the receipt's owner's, with something due (or the goods gone, which closes the account), from cash it holds. */
  async checkPay(actor: Actor, receiptId: bigint): Promise<FeeAccountView & { total: Fen }> {
    const view = await this.get(actor, receiptId);
    const r = await this.receipts.get(receiptId);
    if (r?.owner !== actor.org.account) throw new AppError("FORBIDDEN", "The receipt's owner pays its fees");
    await this.openAccount(receiptId);
    const total = (view.due?.storageFee ?? 0n) + (view.due?.supervisionFee ?? 0n);
    const leaving = r.status !== "active" && r.status !== "pledged";
    if (total === 0n && !leaving) throw new AppError("FEE_NOTHING_DUE");
    if ((await this.ledger.cash.balanceOf(actor.org.account)) < total) throw new AppError("CASH_INSUFFICIENT_BALANCE");
    return { ...view, total };
  }

  async pay(checker: Actor, receiptId: bigint): Promise<FeeAccountView & { txHash: string; paid: { storageFee: Fen; supervisionFee: Fen; closed: boolean } }> {
    const { total } = await this.checkPay(checker, receiptId);
    const me = checker.org.account;
    const r = await this.payments.run(me, async () => {
      await this.ledger.cash.approve(me, this.ledger.fees.address, total);
      return this.ledger.fees.pay(me, receiptId);
    });
    return { ...(await this.done(checker, receiptId, r)), paid: r.result };
  }

  // ---------------------------------------------------------------- report

  /** Fees earned per party: the platform sees every party's, any other organisation its own. */
  async report(actor: Actor): Promise<{ party: Party; fees: Record<FeeLine, Fen>; total: Fen }[]> {
    const all = earnings(await this.repo.revenueEvents());
    const accounts = [...all.keys()].filter((a) => seesEverything(actor) || a === actor.org.account);
    const byAccount = await this.orgs.byAccounts(accounts);
    return [...all]
      .filter(([a]) => accounts.includes(a))
      .map(([a, fees]) => ({ party: partyOfAccount(a, byAccount), fees, total: Object.values(fees).reduce((s, f) => s + f, 0n) }))
      .sort((x, y) => (y.total > x.total ? 1 : y.total < x.total ? -1 : x.party.account.localeCompare(y.party.account)));
  }
}
