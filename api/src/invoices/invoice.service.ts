/**
 * Invoices: the seller submits the details off chain; the ledger sees only the canonical key (so that one
 * invoice, however it is typed, can back value once) and a salted commitment to the details. The buyer's
 * confirmation registers the invoice on the ledger, signed with the seller's custodial key, and confirms it
 * with the buyer's.
 *
 * The amount on the ledger is the total including tax (价税合计): that is what the buyer owes the seller, so it
 * is the receivable a voucher may be backed by. Amount and tax are kept apart off chain.
 */
import type { Clock } from "../clock";
import { randomBytes } from "node:crypto";
import { canonicalInvoiceId, InvoiceIdError, invoiceKey, type InvoiceId } from "../../../chain/invoice-key";
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { AppError } from "../errors";
import { formatCalendarDay, formatCstDay } from "../http/cst-day";
import { partyOfId, type Party } from "../http/party";
import { formatYuan, MAX_FEN, type Fen } from "../money";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { InvoiceVerifier } from "../verification/invoice-verifier";
import { invoiceCommitment } from "./invoice-fields";
import type { InvoiceRepository, InvoiceRow, InvoiceStateRow, InvoiceStatus } from "./invoice.repository";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";

export interface NewInvoice {
  kind: "vat" | "digital";
  code?: string;
  number: string;
  buyerOrgId: string;
  amount: Fen;
  tax: Fen;
  issueDate: Date;
  contractRef?: string;
  fileDigest?: string;
}

export interface InvoiceView extends InvoiceRow {
  seller: Party;
  buyer: Party;
  /** The ledger's view once registered: how much of it vouchers already use. */
  ledger: InvoiceStateRow | undefined;
}

/** The digits-only identity, kept off chain for display; throws INVOICE_NUMBER_INVALID. */
function identity(i: { kind: "vat" | "digital"; code?: string; number: string }): { id: InvoiceId; canonical: string; key: string } {
  let id: InvoiceId;
  if (i.kind === "vat") {
    if (i.code === undefined) throw new AppError("INVOICE_NUMBER_INVALID", "A VAT invoice needs its 10- or 12-digit code");
    id = { kind: "vat", code: i.code, number: i.number };
  } else {
    if (i.code !== undefined) throw new AppError("INVOICE_NUMBER_INVALID", "A digital invoice (全电发票) has a 20-digit number and no code");
    id = { kind: "digital", number: i.number };
  }
  try {
    return { id, canonical: canonicalInvoiceId(id), key: invoiceKey(id) };
  } catch (e) {
    if (e instanceof InvoiceIdError) throw new AppError("INVOICE_NUMBER_INVALID", e.message);
    throw e;
  }
}

export class InvoiceService {
  constructor(
    private readonly repo: InvoiceRepository,
    private readonly orgs: OrganisationRepository,
    private readonly ledger: Ledger,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly clock: Clock,
    private readonly verifier: InvoiceVerifier,
  ) {}

  async submit(seller: Actor, i: NewInvoice): Promise<InvoiceView> {
    const { canonical, key } = identity(i);
    const total = i.amount + i.tax;
    if (total > MAX_FEN) throw new AppError("MONEY_FORMAT", "Amount plus tax is more than the ledger can hold");
    // The issue date is a calendar day in China.
    if (formatCalendarDay(i.issueDate) > formatCstDay(this.clock.now())) {
      throw new AppError("VALIDATION_FAILED", "The issue date is in the future", { errors: [{ in: "body", path: "issueDate", message: "must not be in the future" }] });
    }
    if (i.buyerOrgId === seller.org.id) {
      throw new AppError("VALIDATION_FAILED", "The buyer must be another organisation", { errors: [{ in: "body", path: "buyerOrgId", message: "must not be the seller" }] });
    }
    const buyer = await this.orgs.get(i.buyerOrgId);
    if (!buyer) throw new AppError("NOT_FOUND", "No such buyer organisation");
    if (!buyer.kinds.includes("core") && !buyer.kinds.includes("supplier")) {
      throw new AppError("ORGANISATION_WRONG_KIND", "The buyer must be a core enterprise or a supplier");
    }
    if (await this.repo.keyInUse(key)) throw new AppError("INVOICE_NUMBER_TAKEN", `${canonical} was already submitted`);
    const salt = randomBytes(32).toString("hex");
    const record = {
      kind: i.kind,
      code: i.kind === "vat" ? canonical.split(":")[1] : null,
      number: canonical.slice(canonical.lastIndexOf(":") + 1),
      amount: i.amount,
      tax: i.tax,
      issueDate: i.issueDate,
      contractRef: i.contractRef ?? null,
      fileDigest: i.fileDigest?.toLowerCase() ?? null,
    };
    const created = await this.repo.create({
      ...record,
      key,
      sellerOrgId: seller.org.id,
      buyerOrgId: buyer.id,
      salt,
      commitment: invoiceCommitment(record, seller.org.account, buyer.account, salt),
    });
    if (created === "taken") throw new AppError("INVOICE_NUMBER_TAKEN", `${canonical} was already submitted`);
    return (await this.views([created]))[0];
  }

  /** The invoice if `actor` is party to it (or oversees everything); otherwise 404. */
  async get(actor: Actor, id: string): Promise<InvoiceView> {
    return (await this.views([await this.visible(actor, id)]))[0];
  }

  async list(actor: Actor, q: PageQuery & { role?: "seller" | "buyer" | undefined; status?: InvoiceStatus | undefined }): Promise<Page<InvoiceView>> {
    const orgId = seesEverything(actor) && !q.role ? undefined : actor.org.id;
    return mapPageAsync(await this.repo.list({ cursor: q.cursor, limit: q.limit, role: q.role, status: q.status, orgId }), (rows) => this.views(rows));
  }

  async confirm(buyer: Actor, id: string): Promise<{ invoice: InvoiceView; txHash: string | null; registerTxHash: string | null }> {
    const row = await this.asBuyer(buyer, id);
    if (!(await this.repo.claim(id, "confirming"))) throw new AppError("ALREADY_DECIDED", `The invoice is ${(await this.repo.get(id))?.status}`);
    try {
      const seller = await this.orgs.get(row.sellerOrgId);
      if (!seller) throw new Error(`invoice ${id}: its seller organisation is gone`);
      // A confirmation interrupted after the registration resumes where it stopped instead of failing as a duplicate.
      const onChain = await this.ledger.invoices.get(row.key);
      if (onChain && (onChain.seller !== seller.account || onChain.buyer !== buyer.org.account || onChain.commitment.toLowerCase() !== row.commitment)) {
        throw new AppError("INVOICE_DUPLICATE", "The ledger already holds this invoice with other details");
      }
      let registerTxHash: string | null = null;
      let txHash: string | null = null;
      let block = 0;
      if (!onChain) {
        const buyerOrg = await this.orgs.get(row.buyerOrgId);
        if (!buyerOrg) throw new Error(`invoice ${id}: its buyer organisation is gone`);
        await this.verifyAtTaxBureau(row, seller.uscc, buyerOrg.uscc);
        const r = await this.ledger.invoices.register(seller.account, { key: row.key, buyer: buyer.org.account, amount: row.amount + row.tax, commitment: row.commitment });
        registerTxHash = r.txHash;
        block = r.blockNumber;
      }
      if (!onChain?.confirmed) {
        const r = await this.ledger.invoices.confirm(buyer.org.account, row.key);
        txHash = r.txHash;
        block = r.blockNumber;
      }
      await this.repo.markConfirmed(id);
      if (block) await this.afterLedgerWrite(block);
      return { invoice: await this.get(buyer, id), txHash, registerTxHash };
    } catch (e) {
      await this.repo.release(id).catch(() => undefined);
      throw e;
    }
  }

  /**
   * The tax bureau's word before the ledger's: an invoice reaches the ledger only when the verifier says it is
   * valid and was issued by this seller to this buyer. Asked at the first registration, not at submission, because
   * the seller may void it in between; a registration already on the ledger was asked before it was written.
   */
  private async verifyAtTaxBureau(row: InvoiceRow, sellerUscc: string, buyerUscc: string): Promise<void> {
    const verdict = await this.verifier.verify({
      ...(row.code === null ? {} : { code: row.code }),
      number: row.number,
      issueDate: formatCalendarDay(row.issueDate),
      amountBeforeTax: row.amount,
      claimed: { sellerUscc, buyerUscc },
    });
    const which = row.code === null ? row.number : `${row.code} ${row.number}`;
    if (verdict.outcome === "not-found") throw new AppError("INVOICE_NOT_AT_TAX_BUREAU", `The tax bureau has no invoice ${which} of that date and amount`);
    if (verdict.outcome === "void") throw new AppError("INVOICE_VOID", `Invoice ${which} is void`);
    if (verdict.outcome === "red-flushed") throw new AppError("INVOICE_RED_FLUSHED", `Invoice ${which} was reversed by a red-letter invoice`);
    if (verdict.sellerUscc !== sellerUscc || verdict.buyerUscc !== buyerUscc) {
      throw new AppError("INVOICE_PARTIES_DIFFER", `The tax bureau has invoice ${which} from ${verdict.sellerUscc} to ${verdict.buyerUscc}`);
    }
  }

  async dispute(buyer: Actor, id: string, reason: string): Promise<InvoiceView> {
    await this.asBuyer(buyer, id);
    if (!(await this.repo.claim(id, "disputed", reason))) throw new AppError("ALREADY_DECIDED", `The invoice is ${(await this.repo.get(id))?.status}`);
    return this.get(buyer, id);
  }

  /**
   * The ledger keys of confirmed invoices that `sellerOrgId` issued to `buyerOrgId`, for a voucher of `amount`,
   * checked the way the ledger will consume them (each in turn takes what it has left, and one that would take
   * nothing is refused), so that a maker hears of a bad invoice before a checker signs.
   */
  async keysFor(ids: string[], p: { sellerOrgId: string; buyerOrgId: string; amount?: Fen }): Promise<string[]> {
    if (new Set(ids).size !== ids.length) throw new AppError("VALIDATION_FAILED", "An invoice is listed twice", { errors: [{ in: "body", path: "invoiceIds", message: "must not repeat" }] });
    const rows = new Map((await this.repo.byIds(ids)).map((r) => [r.id, r]));
    const keys: string[] = [];
    let remaining = p.amount;
    for (const id of ids) {
      const row = rows.get(id);
      // Only invoices the paying side is party to exist for it.
      if (!row || (row.buyerOrgId !== p.buyerOrgId && row.sellerOrgId !== p.buyerOrgId)) throw new AppError("NOT_FOUND", `No such invoice ${id}`);
      if (row.sellerOrgId !== p.sellerOrgId || row.buyerOrgId !== p.buyerOrgId) {
        throw new AppError("INVOICE_PARTY_MISMATCH", `Invoice ${id} is not from the recipient to the payer`);
      }
      if (row.status !== "confirmed") throw new AppError("INVOICE_NOT_CONFIRMED", `Invoice ${id} is ${row.status}`);
      if (remaining !== undefined) {
        const onChain = await this.ledger.invoices.get(row.key);
        if (!onChain?.confirmed) throw new AppError("INVOICE_NOT_CONFIRMED", `Invoice ${id} is not confirmed on the ledger`);
        const take = minFen(onChain.amount - onChain.used, remaining);
        if (take === 0n) {
          throw new AppError("INVOICE_ALREADY_USED", remaining === 0n ? `Invoice ${id} is not needed: the invoices before it cover the amount` : `Invoice ${id} is fully used`);
        }
        remaining -= take;
      }
      keys.push(row.key);
    }
    if (remaining !== undefined && remaining > 0n && ids.length > 0) {
      throw new AppError("INVOICE_INSUFFICIENT", `The invoices leave ${formatYuan(remaining)} yuan of the amount uncovered`);
    }
    return keys;
  }

  private async visible(actor: Actor, id: string): Promise<InvoiceRow> {
    const row = await this.repo.get(id);
    if (!row || (row.sellerOrgId !== actor.org.id && row.buyerOrgId !== actor.org.id && !seesEverything(actor))) throw new AppError("NOT_FOUND", "No such invoice");
    return row;
  }

  private async asBuyer(actor: Actor, id: string): Promise<InvoiceRow> {
    const row = await this.visible(actor, id);
    if (row.buyerOrgId !== actor.org.id) throw new AppError("FORBIDDEN", "Only the invoice's buyer may confirm or dispute it");
    return row;
  }

  private async views(rows: InvoiceRow[]): Promise<InvoiceView[]> {
    const [orgs, states] = await Promise.all([this.orgs.byIds(rows.flatMap((r) => [r.sellerOrgId, r.buyerOrgId])), this.repo.states(rows.map((r) => r.key))]);
    return rows.map((r) => ({ ...r, seller: partyOfId(r.sellerOrgId, orgs), buyer: partyOfId(r.buyerOrgId, orgs), ledger: states.get(r.key) }));
  }
}

const minFen = (a: Fen, b: Fen): Fen => (a < b ? a : b);
