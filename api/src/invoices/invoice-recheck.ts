/**
 * The daily re-check: every invoice that backs value on the ledger is asked about again, once per day of the
 * ledger's clock, because a seller can void an invoice or reverse it with a red-letter one (红冲) after it was used.
 * A reversed invoice raises a critical alert and holds the vouchers it backs: no transfer, split or financing of
 * them or of any piece passed from them until the regulator resolves the alert. A tax bureau that does not answer
 * ends the pass; the next one asks again.
 */
import { cstMidnightAfter } from "../../../chain/cst-day";
import type { AlertDraft } from "../alerts/alert-draft";
import type { Clock } from "../clock";
import { formatCalendarDay } from "../http/cst-day";
import { formatYuan } from "../money";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { InvoiceVerifier } from "../verification/invoice-verifier";
import type { DueInvoice, InvoiceRecheckRepository } from "./invoice-recheck.repository";

/** Invoices asked per pass: a pass stays short, and the next one carries on. */
const PER_PASS = 100;

export class InvoiceRecheck {
  constructor(
    private readonly repo: InvoiceRecheckRepository,
    private readonly verifier: InvoiceVerifier,
    private readonly organisations: OrganisationRepository,
    private readonly clock: Clock,
  ) {}

  /** Asks about what is due today; returns how many invoices were found reversed. */
  async run(): Promise<number> {
    const now = this.clock.now();
    let reversed = 0;
    for (const invoice of await this.repo.due(cstMidnightAfter(now, 0), PER_PASS)) {
      const orgs = await this.organisations.byIds([invoice.sellerOrgId, invoice.buyerOrgId]);
      const seller = orgs.get(invoice.sellerOrgId);
      const buyer = orgs.get(invoice.buyerOrgId);
      if (!seller || !buyer) continue;
      const verdict = await this.verifier.verify({
        ...(invoice.code === null ? {} : { code: invoice.code }),
        number: invoice.number,
        issueDate: formatCalendarDay(invoice.issueDate),
        amountBeforeTax: invoice.amount,
        claimed: { sellerUscc: seller.uscc, buyerUscc: buyer.uscc },
      });
      if (verdict.outcome !== "void" && verdict.outcome !== "red-flushed") {
        // Not found now, having been found at confirmation, is the tax bureau's slip, not the seller's act: asked again tomorrow.
        await this.repo.markChecked(invoice.id, now, verdict.outcome === "valid");
        continue;
      }
      const vouchers = await this.repo.vouchersBackedBy(invoice.key);
      const alert = await this.alertOf(invoice, verdict.outcome, vouchers, [seller.account, buyer.account]);
      await this.repo.recordReversal(invoice.id, verdict.outcome, vouchers, alert, now);
      reversed += 1;
    }
    return reversed;
  }

  private async alertOf(invoice: DueInvoice, outcome: "void" | "red-flushed", vouchers: bigint[], parties: string[]): Promise<AlertDraft> {
    return {
      rule: "invoice-reversed-after-use",
      severity: "critical",
      subject: invoice.key,
      accounts: [...new Set([...parties, ...(await this.repo.holdersBelow(vouchers))])],
      facts: {
        invoice: invoice.code === null ? invoice.number : `${invoice.code} ${invoice.number}`,
        outcome,
        amount: formatYuan(invoice.amount),
        vouchers: vouchers.map(String).join(", "),
      },
      blockNumber: null,
      logIndex: null,
    };
  }
}
