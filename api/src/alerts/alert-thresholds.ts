/**
 * The risk rules' thresholds, in one place with their defaults (the README's "Risk alerts" lists them). A
 * deployment passes its own through the server's options; every rule reads them from here.
 */
export interface AlertThresholds {
  /** A credit line's used share of its limit, in basis points, from which its bank and core enterprise are warned. */
  creditLineUtilisationBps: number;
  /**
   * Days before a maturity at which its debtor and holders are warned that it is not fully funded, from the
   * furthest: the nearest is critical, the others warnings.
   */
  maturityUnfundedDays: readonly number[];
  /** A supplier's share of its core enterprise's issuance, in basis points, from which the core is warned. */
  concentrationShareBps: number;
  /** The issuance a share is of: the core's vouchers maturing in this many days up to the new voucher's maturity. */
  concentrationWindowDays: number;
  /** Fewer issues than this in the window make no share worth a warning (a new program, a single supplier). */
  concentrationMinIssues: number;
  /** Refused attempts to use an invoice already submitted or used, by one organisation, that raise an alert… */
  invoiceReuseAttempts: number;
  /** …within this many days. */
  invoiceReuseWindowDays: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  creditLineUtilisationBps: 9_000,
  maturityUnfundedDays: [7, 1],
  concentrationShareBps: 6_000,
  concentrationWindowDays: 90,
  concentrationMinIssues: 5,
  invoiceReuseAttempts: 3,
  invoiceReuseWindowDays: 7,
};
