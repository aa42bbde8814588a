/**
 * Settlement (清分): a core enterprise funds a slot once for everything outstanding at that maturity (maker/checker,
 * since it moves money); the scheduler pays every holder. A slot is visible to its debtor, to the organisations
 * holding vouchers of it, and to the operator and the regulator; a holder sees only its own vouchers' payouts.
 */
import { z } from "zod";
import { seesEverything, type Actor } from "../auth/actor";
import type { Executed } from "../approvals/dual-control";
import type { Ledger } from "../../../chain/ledger";
import type { DualControl } from "../approvals/dual-control";
import type { PlatformLog } from "../platform";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import { cstDay, formatCstDay } from "../http/cst-day";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import { AppError } from "../errors";
import { formatYuan, parseYuan } from "../money";
import type { RunRecorder } from "./run-recorder";
import { accountsOf, passReportJson, slotJson, type Orgs, type SlotDetailView, type SlotView } from "./settlement.json";
import { slotId, statusOf, type RunRow, type SettlementRepository, type SlotRow, type SlotStatus } from "./settlement.repository";
import type { PassReport } from "./settlement.scheduler";


/** The dual-control kind of a funding (see settlement.actions.ts). */
export const SETTLEMENT_FUND = "settlement.fund";

const KIND_ORDER: Record<string, number> = { funded: 0, redeemed: 1, overdue: 2 };
/** By ledger time; within one block a funding comes before the redemptions it pays for. */
const byLedgerOrder = (a: RunRow, b: RunRow) => a.createdAt.getTime() - b.createdAt.getTime() || (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9);

const fundingPayload = z.object({ maturity: z.string(), amount: z.string() });

export interface SlotQuery extends PageQuery {
  debtorOrgId?: string | undefined;
  status?: SlotStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export class SettlementService {
  constructor(
    private readonly repo: SettlementRepository,
    private readonly runs: RunRecorder,
    /** Runs a scheduler pass after any pass already running. */
    private readonly runPass: () => Promise<PassReport>,
    private readonly ledger: Ledger,
    private readonly organisations: OrganisationRepository,
    private readonly dual: DualControl,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly log: PlatformLog,
  ) {}

  /** What the slot owes now, read from the ledger itself: the amount a checker approves must be the amount paid. */
  private async shortfall(debtor: string, maturity: Date): Promise<bigint> {
    const slot = await this.ledger.vouchers.slotAccount(debtor, maturity);
    if (slot.escrowed >= slot.outstanding) {
      throw new AppError("SETTLEMENT_NOTHING_TO_FUND", `Nothing is owed at ${formatCstDay(maturity)} beyond what is escrowed`);
    }
    return slot.outstanding - slot.escrowed;
  }

  async proposeFunding(maker: Actor, input: { maturity: Date }): Promise<unknown> {
    const day = formatCstDay(input.maturity);
    const amount = await this.shortfall(maker.org.account, input.maturity);
    // Funding late escrows the penalty too: the balance must cover both (a day more by the approval costs a day more).
    const penalty = await this.ledger.settlement.penaltyDue(maker.org.account, input.maturity, await this.ledger.clock.now());
    const balance = await this.ledger.cash.balanceOf(maker.org.account);
    if (balance < amount + penalty) {
      throw new AppError("CASH_INSUFFICIENT_BALANCE", `Funding ${day} needs ${formatYuan(amount + penalty)} yuan of settlement cash; the balance is ${formatYuan(balance)}`);
    }
    const pending = (await this.dual.list(maker, { status: "pending", kind: SETTLEMENT_FUND, limit: 1000 })).items;
    if (pending.some((a) => (a.payload as { maturity?: string }).maturity === day)) {
      throw new AppError("SETTLEMENT_FUNDING_PENDING", `A funding of ${day} already awaits its checker`);
    }
    return { maturity: day, amount: formatYuan(amount), ...(penalty > 0n ? { penalty: formatYuan(penalty) } : {}) };
  }

  async executeFunding(checker: Actor, payload: unknown): Promise<Executed> {
    const p = fundingPayload.parse(payload);
    const maturity = cstDay.parse(p.maturity);
    const proposed = parseYuan(p.amount);
    const debtor = checker.org.account;
    const now = await this.shortfall(debtor, maturity);
    if (now !== proposed) {
      throw new AppError("SETTLEMENT_AMOUNT_CHANGED", `The slot now needs ${formatYuan(now)} yuan, not the ${p.amount} proposed; propose the funding again`);
    }
    const r = await this.ledger.settlement.fund(debtor, maturity);
    const done = { txHash: r.txHash, amount: formatYuan(r.result) };
    try {
      await this.afterLedgerWrite(r.blockNumber);
      await this.runs.record([{ kind: "funded", debtor, maturity, vouchers: 0, amount: r.result, txHash: r.txHash, blockNumber: r.blockNumber }]);
      const slot = await this.repo.slot({ debtor, maturity });
      const view = slot ? (await this.views([slot])).at(0) : undefined;
      return { ...done, slot: view ? slotJson(view, await this.orgs([debtor])) : null };
    } catch (e) {
      // The money has moved: the action is done, whatever happens to the bookkeeping after it. The scheduler
      // records the run from the ledger's event on its next pass.
      this.log.warn(`Settlement: funded ${p.maturity} in ${r.txHash} but could not read it back: ${(e as Error).message}`);
      return { ...done, slot: null };
    }
  }

  orgs(accounts: string[]): Promise<Orgs> {
    return this.organisations.byAccounts([...new Set(accounts)]);
  }

  private async views(slots: SlotRow[]): Promise<SlotView[]> {
    const [paid, runs] = await Promise.all([this.repo.paidBySlot(slots), this.repo.runsOf(slots)]);
    return slots.map((slot) => ({
      slot,
      status: statusOf(slot),
      paid: paid.get(slotId(slot)) ?? 0n,
      runs: runs.filter((r) => r.debtor === slot.debtor && r.maturity.getTime() === slot.maturity.getTime()).sort(byLedgerOrder),
    }));
  }

  async list(actor: Actor, q: SlotQuery): Promise<{ page: Page<SlotView>; orgs: Orgs }> {
    let debtor: string | undefined;
    if (q.debtorOrgId !== undefined) {
      const org = await this.organisations.get(q.debtorOrgId);
      if (!org) return { page: { items: [], nextCursor: null }, orgs: new Map() };
      debtor = org.account;
    }
    const slots = await this.repo.listSlots(
      { cursor: q.cursor, limit: q.limit },
      { visibleTo: seesEverything(actor) ? undefined : actor.org.account, debtor, status: q.status, from: q.from, to: q.to },
    );
    return { page: await mapPageAsync(slots, (rows) => this.views(rows)), orgs: await this.orgs(slots.items.map((s) => s.debtor)) };
  }

  async get(actor: Actor, debtorOrgId: string, maturity: Date): Promise<{ view: SlotDetailView; orgs: Orgs }> {
    const org = await this.organisations.get(debtorOrgId);
    const slot = org ? await this.repo.slot({ debtor: org.account, maturity }) : undefined;
    const own = seesEverything(actor) || slot?.debtor === actor.org.account;
    if (!slot || !(own || (await this.repo.holdsIn(actor.org.account, slot)))) throw new AppError("NOT_FOUND", "No such settlement slot");
    // The debtor owes every holder and sees them all; a holder sees its own vouchers, not its competitors'.
    const vouchers = await this.repo.vouchersOf(slot, own ? undefined : actor.org.account);
    const payouts = new Map<string, { holder: string; vouchers: number; paid: bigint; outstanding: bigint }>();
    for (const v of vouchers) {
      const p = payouts.get(v.owner) ?? { holder: v.owner, vouchers: 0, paid: 0n, outstanding: 0n };
      p.vouchers += 1;
      p.paid += v.redeemedValue;
      p.outstanding += v.value;
      payouts.set(v.owner, p);
    }
    const [view] = await this.views([slot]);
    return {
      view: { ...view, payouts: [...payouts.values()], vouchers: vouchers.map((v) => ({ id: v.id, holder: v.owner, value: v.value, paid: v.redeemedValue })) },
      orgs: await this.orgs([slot.debtor, ...payouts.keys()]),
    };
  }

  /** One scheduler pass now, after any pass already running. */
  async runNow() {
    const report = await this.runPass();
    return passReportJson(report, await this.orgs(accountsOf(report)));
  }
}
