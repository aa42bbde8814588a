/**
 * The risk profile a bank may query with an organisation's consent (隐私计算: the data is used, not handed over):
 * figures computed from the platform's own ledger records and the business registry, never the records behind
 * them. A bank learns how long the organisation has traded here and how its vouchers and financings went, not
 * with whom or for what.
 */
import { cstDaysBetween, formatCstDay } from "../http/cst-day";
import type { Fen } from "../money";
import type { OrganisationView } from "../organisations/organisation.repository";
import type { BusinessRegistry, RegistrationStatus, TaxCreditGrade } from "../verification/business-registry";
import type { RiskProfileRepository, Tally } from "./risk-profile.repository";

export type { Tally } from "./risk-profile.repository";

export interface RiskProfile {
  computedAt: Date;
  onPlatformSince: string;
  platformTenureDays: number;
  /** What the business registry holds; null when it has no such enterprise. */
  registry: { status: RegistrationStatus; establishedOn: string; yearsInBusiness: number; registeredCapital: Fen; taxCreditGrade: TaxCreditGrade | null } | null;
  vouchersReceived: Tally;
  vouchersRedeemed: Tally;
  financing: { requested: number; executed: number; executedAmount: Fen; declined: number };
  /** Its own maturities flagged overdue (as a debtor), and pieces it still holds at an overdue maturity. */
  overdue: { asDebtor: number; heldAtOverdueMaturity: number };
}

/** Whole years from a calendar day to `at`, as a person counts their age. */
function yearsSince(day: string, at: Date): number {
  const [y, m, d] = day.split("-").map(Number);
  const today = formatCstDay(at);
  const [ty, tm, td] = today.split("-").map(Number);
  return Math.max(0, ty - y - (tm < m || (tm === m && td < d) ? 1 : 0));
}

export class RiskProfiles {
  constructor(
    private readonly repo: RiskProfileRepository,
    private readonly registry: BusinessRegistry,
  ) {}

  /** Throws VerifierUnavailableError when the registry is down: a profile is not computed from half the data. */
  async of(subject: OrganisationView, at: Date): Promise<RiskProfile> {
    const record = await this.registry.lookUp(subject.uscc);
    const [received, redeemed, financing, overdue] = await Promise.all([
      this.repo.received(subject.account),
      this.repo.redeemed(subject.account),
      this.repo.financing(subject.account),
      this.repo.overdue(subject.account),
    ]);
    return {
      computedAt: at,
      onPlatformSince: formatCstDay(subject.createdAt),
      platformTenureDays: Math.max(0, cstDaysBetween(subject.createdAt, at)),
      registry: record
        ? { status: record.status, establishedOn: record.establishedOn, yearsInBusiness: yearsSince(record.establishedOn, at), registeredCapital: record.registeredCapital, taxCreditGrade: record.taxCreditGrade ?? null }
        : null,
      vouchersReceived: received,
      vouchersRedeemed: redeemed,
      financing,
      overdue,
    };
  }
}
