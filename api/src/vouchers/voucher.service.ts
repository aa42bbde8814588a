/**
 * Vouchers (数字债权凭证): a core enterprise's payable to its tier-1 supplier, which suppliers split and pass down
 * their chain, each transfer backed by the recipient's invoices to the holder. The ledger keeps every rule; this
 * service resolves organisations to accounts and invoices to keys, and reads the indexer's projection
 * (VoucherState) for what each organisation may see: a voucher's holder, every earlier holder in its lineage,
 * its debtor, the operator and the regulator. Anyone else gets 404.
 */
import type { Clock } from "../clock";
import { z } from "zod";
import { ChainError } from "../../../chain/errors";
import type { ActiveHold } from "./voucher-hold.repository";
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { AppError } from "../errors";
import { cstDay, cstDaysBetween, formatCstDay } from "../http/cst-day";
import { partyOf, partyOfAccount, type Party } from "../http/party";
import { yuan } from "../http/schemas";
import type { InvoiceService } from "../invoices/invoice.service";
import { formatYuan, type Fen } from "../money";
import type { OrganisationRepository, OrganisationView } from "../organisations/organisation.repository";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import type { VoucherFilter, VoucherRow, VoucherRepository } from "./voucher.repository";
import type { VoucherHolds } from "./voucher-holds";

export interface VoucherView {
  row: VoucherRow;
  holder: Party;
  debtor: Party;
  /** Read for the voucher pages (not for a write's answer): the hold on it, null when it may move. */
  hold?: ActiveHold | null;
}

export interface VoucherDetail extends VoucherView {
  /** The ancestors, root first, ending with the parent. */
  lineage: VoucherView[];
}

export interface IssueInput {
  supplierOrgId: string;
  amount: Fen;
  maturity: Date;
  invoiceIds: string[];
}

/** What the maker proposes and the checker sees in the pending action. */
export interface IssuePayload {
  supplier: Party;
  amount: string;
  maturity: string;
  invoiceIds: string[];
}

/** What execution reads back from a stored proposal; the supplier's name is for the checker's eyes. */
const storedIssue = z.object({ supplier: z.object({ id: z.uuid() }), amount: yuan, maturity: cstDay, invoiceIds: z.array(z.uuid()) });

export class VoucherService {
  constructor(
    private readonly repo: VoucherRepository,
    private readonly orgs: OrganisationRepository,
    private readonly invoices: InvoiceService,
    private readonly ledger: Ledger,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly clock: Clock,
    private readonly holds: VoucherHolds,
  ) {}

  /** Checks all the ledger would, so that a maker learns of a bad proposal before a checker signs it. */
  async proposeIssue(maker: Actor, input: IssueInput): Promise<IssuePayload> {
    const core = maker.org.account;
    const supplier = await this.recipient(maker, input.supplierOrgId);
    const rules = await this.ledger.rules.rulesOf(core);
    const now = this.clock.now();
    const days = cstDaysBetween(now, input.maturity);
    if (days <= 0) throw new AppError("VOUCHER_INVALID_MATURITY", `The maturity must be after today (${formatCstDay(now)}, China Standard Time)`);
    if (days > rules.maxTermDays) throw new AppError("VOUCHER_INVALID_MATURITY", `The program allows at most ${rules.maxTermDays} days to maturity`);
    if (input.amount < rules.minSplit) throw new AppError("VOUCHER_INVALID_AMOUNT", `The program's minimum piece is ${formatYuan(rules.minSplit)} yuan`);
    if (rules.whitelistOnly && !(await this.ledger.rules.mayReceive(core, supplier.account))) {
      throw new AppError("VOUCHER_RECIPIENT_NOT_ALLOWED", "The supplier is not on the program's whitelist");
    }
    if (rules.invoicesRequired && input.invoiceIds.length === 0) throw new AppError("VOUCHER_INVOICES_REQUIRED");
    await this.invoices.keysFor(input.invoiceIds, { sellerOrgId: supplier.id, buyerOrgId: maker.org.id, amount: input.amount });
    if (rules.issuanceCoveredByCredit) {
      const [outstanding, cover] = await Promise.all([this.ledger.vouchers.outstandingOf(core), this.ledger.creditLines.openLimitOf(core)]);
      if (outstanding + input.amount > cover) {
        throw new AppError("VOUCHER_ISSUANCE_NOT_COVERED", `Outstanding ${formatYuan(outstanding)} plus ${formatYuan(input.amount)} yuan exceeds the open credit lines of ${formatYuan(cover)} yuan`);
      }
    }
    return { supplier: partyOf(supplier), amount: formatYuan(input.amount), maturity: formatCstDay(input.maturity), invoiceIds: input.invoiceIds };
  }

  /**
   * The checker's approval: the ledger decides again on the state of now (an invoice may have been used since
   * the proposal), and its refusal fails the action with the ledger's code.
   */
  async executeIssue(checker: Actor, payload: unknown): Promise<{ voucherId: string; txHash: string; amount: string; maturity: string; supplier: Party }> {
    const p = storedIssue.parse(payload);
    const supplier = await this.recipient(checker, p.supplier.id);
    const invoiceKeys = await this.invoices.keysFor(p.invoiceIds, { sellerOrgId: supplier.id, buyerOrgId: checker.org.id });
    const r = await this.ledger.vouchers.issue(checker.org.account, { supplier: supplier.account, amount: p.amount, maturity: p.maturity, invoiceKeys });
    await this.afterLedgerWrite(r.blockNumber);
    return { voucherId: r.result.toString(), txHash: r.txHash, amount: formatYuan(p.amount), maturity: formatCstDay(p.maturity), supplier: partyOf(supplier) };
  }

  /** Passes `amount` of the holder's voucher on, as a new piece, backed by the recipient's invoices to the holder. */
  async transfer(holder: Actor, id: bigint, t: { toOrgId: string; amount: Fen; invoiceIds: string[] }): Promise<{ piece: VoucherView; from: VoucherView; txHash: string }> {
    await this.held(holder, id);
    await this.holds.mustBeFree(id);
    const to = await this.recipient(holder, t.toOrgId);
    const invoiceKeys = await this.invoices.keysFor(t.invoiceIds, { sellerOrgId: to.id, buyerOrgId: holder.org.id });
    const r = await this.ledger.vouchers.splitTransfer(holder.org.account, { id, to: to.account, amount: t.amount, invoiceKeys }).catch(async (e: unknown) => {
      // The ledger is what knows an invoice is used up; the risk rules count such attempts per organisation.
      if (e instanceof ChainError && e.code === "INVOICE_ALREADY_USED") {
        const key = e.revert?.args.key;
        await this.invoices.reuseRefused(holder.org.id, typeof key === "string" ? key : "");
      }
      throw e;
    });
    await this.afterLedgerWrite(r.blockNumber);
    const [piece, from] = await this.views(await this.mustAll([r.result, id]));
    return { piece, from, txHash: r.txHash };
  }

  /** Cuts pieces of `amounts` off the holder's voucher; the holder keeps all of them and the rest. */
  async split(holder: Actor, id: bigint, amounts: Fen[]): Promise<{ voucher: VoucherView; pieces: VoucherView[]; txHash: string }> {
    await this.held(holder, id);
    await this.holds.mustBeFree(id);
    const r = await this.ledger.vouchers.split(holder.org.account, id, amounts);
    await this.afterLedgerWrite(r.blockNumber);
    const [voucher, ...pieces] = await this.views(await this.mustAll([id, ...r.result]));
    return { voucher, pieces, txHash: r.txHash };
  }

  async get(actor: Actor, id: bigint): Promise<VoucherDetail> {
    const { row, lineage } = await this.visible(actor, id);
    const [view, ...ancestors] = await this.views([row, ...lineage]);
    return { ...(await this.withHolds([view]))[0], lineage: ancestors };
  }

  /**
   * Mine: what I hold, or (a core enterprise, `as: "debtor"`) what I owe. The operator and the regulator list
   * every voucher.
   */
  async list(actor: Actor, q: PageQuery & { as: "holder" | "debtor" } & Omit<VoucherFilter, "owner" | "debtor">): Promise<Page<VoucherView>> {
    const { as, cursor, limit, ...filter } = q;
    if (as === "debtor" && !actor.org.kinds.includes("core") && !seesEverything(actor)) {
      throw new AppError("FORBIDDEN", "Only a core enterprise owes vouchers");
    }
    const who = seesEverything(actor) ? {} : as === "debtor" ? { debtor: actor.org.account } : { owner: actor.org.account };
    return mapPageAsync(await this.repo.list({ cursor, limit }, { ...filter, ...who }), async (rows) => this.withHolds(await this.views(rows)));
  }

  /** The whole tree of the voucher's root, for its debtor, the operator and the regulator. */
  async tree(actor: Actor, id: bigint, p: PageQuery) {
    const row = await this.repo.get(id);
    if (!row || (!seesEverything(actor) && row.debtor !== actor.org.account)) throw new AppError("NOT_FOUND", "No such voucher");
    const root = await this.must(row.root);
    const [rootView, totals, nodes] = await Promise.all([this.views([root]), this.repo.treeTotals(row.root), this.repo.tree(row.root, p)]);
    return { root: rootView[0], totals, nodes: await mapPageAsync(nodes, (rows) => this.views(rows)) };
  }

  private async recipient(actor: Actor, orgId: string): Promise<OrganisationView> {
    const org = await this.orgs.get(orgId);
    if (!org) throw new AppError("NOT_FOUND", "No such organisation");
    if (org.id === actor.org.id) throw new AppError("VOUCHER_RECIPIENT_NOT_ALLOWED", "A voucher cannot go to its own holder");
    if (!org.kinds.includes("supplier")) throw new AppError("ORGANISATION_WRONG_KIND", "Vouchers go to suppliers");
    return org;
  }

  /** The voucher with its ancestors, if `actor` may see it. */
  private async visible(actor: Actor, id: bigint): Promise<{ row: VoucherRow; lineage: VoucherRow[] }> {
    const chain = await this.repo.lineage(id);
    const row = chain.pop();
    if (!row) throw new AppError("NOT_FOUND", "No such voucher");
    const top = chain[0] ?? row;
    if (top.parent !== 0n) throw new Error(`voucher ${top.parent} is missing from the projection`);
    const lineage = chain;
    const me = actor.org.account;
    const party = row.owner === me || row.debtor === me || lineage.some((a) => a.owner === me);
    if (!party && !seesEverything(actor)) throw new AppError("NOT_FOUND", "No such voucher");
    return { row, lineage };
  }

  /** The voucher `actor` means to move: theirs, or the ledger's refusal if they only see it, or 404. */
  private async held(actor: Actor, id: bigint): Promise<VoucherRow> {
    // The holder sees their own voucher whatever its lineage: the walk up is only needed to tell 404 from 403.
    const own = await this.repo.get(id);
    if (own?.owner === actor.org.account) return own;
    const { row } = await this.visible(actor, id);
    if (row.owner !== actor.org.account) throw new AppError("VOUCHER_NOT_HOLDER", "Only the voucher's holder may pass it on or split it");
    return row;
  }

  private async must(id: bigint): Promise<VoucherRow> {
    const row = await this.repo.get(id);
    if (!row) throw new Error(`voucher ${id} is missing from the projection`);
    return row;
  }

  /** The rows of `ids`, in that order. */
  private async mustAll(ids: bigint[]): Promise<VoucherRow[]> {
    const rows = await this.repo.many(ids);
    return ids.map((id) => {
      const row = rows.get(id);
      if (!row) throw new Error(`voucher ${id} is missing from the projection`);
      return row;
    });
  }

  private async withHolds(views: VoucherView[]): Promise<VoucherView[]> {
    const holds = await this.holds.of(views.map((v) => v.row.id));
    return views.map((v) => ({ ...v, hold: holds.get(v.row.id) ?? null }));
  }

  private async views(rows: VoucherRow[]): Promise<VoucherView[]> {
    const orgs = await this.orgs.byAccounts([...new Set(rows.flatMap((r) => [r.owner, r.debtor]))]);
    return rows.map((row) => ({ row, holder: partyOfAccount(row.owner, orgs), debtor: partyOfAccount(row.debtor, orgs) }));
  }
}
