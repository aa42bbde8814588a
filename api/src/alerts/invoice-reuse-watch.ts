/**
 * Refused attempts to use an invoice twice (submitting one already submitted, or backing a voucher with one fully
 * used), counted per organisation: one refusal is a typing slip, several within days are a pattern the regulator
 * should see. The refusals never reach the ledger, so the API reports them here as it refuses them.
 */
import type { Clock } from "../clock";
import type { InvoiceReuseListener } from "../invoices/invoice.service";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { AlertRepository } from "./alert.repository";
import type { AlertThresholds } from "./alert-thresholds";

const DAY_MS = 86_400_000;

export class InvoiceReuseWatch implements InvoiceReuseListener {
  constructor(
    private readonly repo: AlertRepository,
    private readonly orgs: OrganisationRepository,
    private readonly clock: Clock,
    private readonly thresholds: AlertThresholds,
  ) {}

  async refused(orgId: string, invoiceKey: string, code: string): Promise<void> {
    const at = this.clock.now();
    const windowDays = this.thresholds.invoiceReuseWindowDays;
    const attempts = await this.repo.reuseAttempt({ orgId, invoiceKey, code }, at, new Date(at.getTime() - windowDays * DAY_MS));
    if (attempts < this.thresholds.invoiceReuseAttempts) return;
    const org = await this.orgs.get(orgId);
    if (!org) return;
    await this.repo.raise(
      {
        rule: "invoice-reuse-refused",
        severity: "warning",
        subject: org.account,
        accounts: [org.account],
        facts: { account: org.account, attempts: String(attempts), windowDays: String(windowDays) },
        blockNumber: null,
        logIndex: null,
      },
      at,
    );
  }
}
