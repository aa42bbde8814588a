/** What a rule says when it fires: an alert before it is stored. */
export const ALERT_RULES = ["credit-line-utilisation", "maturity-unfunded", "slot-overdue", "frozen-party-exposure", "circular-passing", "invoice-reversed-after-use", "concentration", "invoice-reuse-refused", "split-and-finance-burst", "device-silent", "weight-shortfall", "door-opened-without-delivery", "climate-out-of-range"] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The figures an explanation cites, in the API's spellings: yuan and ledger ids as decimal strings, days as YYYY-MM-DD. */
export type AlertFacts = Record<string, string>;

export interface AlertDraft {
  rule: AlertRule;
  severity: AlertSeverity;
  /** What it is about: one unresolved alert per rule and subject. */
  subject: string;
  /** Ledger accounts of the parties who see it beside the regulator. */
  accounts: string[];
  facts: AlertFacts;
  /** The ledger event that raised it; null from the daily sweep. */
  blockNumber: number | null;
  logIndex: number | null;
}
