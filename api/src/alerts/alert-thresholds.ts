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
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  creditLineUtilisationBps: 9_000,
  maturityUnfundedDays: [7, 1],
};
