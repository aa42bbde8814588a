/**
 * The risk rules' thresholds, in one place with their defaults (the README's "Risk alerts" lists them). A
 * deployment sets its own through the environment (ALERT_THRESHOLD_VARIABLES); every rule reads them from here.
 */
import { parseYuan } from "../money";

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
  /** Quick financings of small pieces by one seller that make a split-and-finance burst… */
  burstFinancings: number;
  /** …within this many hours of one another, */
  burstWindowHours: number;
  /** …each financed within this many hours of the seller receiving the value, */
  burstReceiptHours: number;
  /** …and each of at most this face value, in fen. */
  burstPieceMaxFen: bigint;
  /** Minutes without a reading after which a warehouse device in service is reported silent. */
  deviceSilentMinutes: number;
  /** How far, in basis points of the recorded quantity, a weighing may fall short in a pledged bay before it is an alert. */
  weightToleranceBps: number;
  /** A door may open in a pledged bay within this many hours of a delivery proposed for one of the bay's receipts. */
  doorDeliveryHours: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  creditLineUtilisationBps: 9_000,
  maturityUnfundedDays: [7, 1],
  concentrationShareBps: 6_000,
  concentrationWindowDays: 90,
  concentrationMinIssues: 5,
  invoiceReuseAttempts: 3,
  invoiceReuseWindowDays: 7,
  burstFinancings: 5,
  burstWindowHours: 24,
  burstReceiptHours: 24,
  burstPieceMaxFen: 5_000_000n,
  deviceSilentMinutes: 30,
  weightToleranceBps: 50,
  doorDeliveryHours: 24,
};

const BASIS_POINTS = { min: 1, max: 10_000 };

/** A whole number from `min` to `max`, or what is wrong with it. */
function whole(text: string, { min, max }: { min: number; max: number }): number | string {
  if (!/^\d{1,9}$/.test(text)) return `must be a whole number from ${min} to ${max}`;
  const n = Number(text);
  return n < min || n > max ? `must be a whole number from ${min} to ${max}` : n;
}

type Setter = (t: AlertThresholds, text: string) => string | undefined;

const number =
  (key: { [K in keyof AlertThresholds]: AlertThresholds[K] extends number ? K : never }[keyof AlertThresholds], range: { min: number; max: number }): Setter =>
  (t, text) => {
    const n = whole(text, range);
    if (typeof n === "string") return n;
    t[key] = n;
    return undefined;
  };

/** Each variable, the threshold it sets, and how it is read. The README's "Risk alerts" documents the same list. */
export const ALERT_THRESHOLD_VARIABLES: Record<string, Setter> = {
  SCF_ALERT_CREDIT_LINE_BPS: number("creditLineUtilisationBps", BASIS_POINTS),
  SCF_ALERT_MATURITY_DAYS: (t, text) => {
    const days = text.split(",").map((d) => whole(d.trim(), { min: 1, max: 366 }));
    const wrong = days.find((d) => typeof d === "string");
    if (wrong !== undefined || days.length === 0) return "must be a comma-separated list of days from 1 to 366";
    t.maturityUnfundedDays = [...new Set(days as number[])];
    return undefined;
  },
  SCF_ALERT_CONCENTRATION_BPS: number("concentrationShareBps", BASIS_POINTS),
  SCF_ALERT_CONCENTRATION_WINDOW_DAYS: number("concentrationWindowDays", { min: 1, max: 3_660 }),
  SCF_ALERT_CONCENTRATION_MIN_ISSUES: number("concentrationMinIssues", { min: 1, max: 1_000_000 }),
  SCF_ALERT_INVOICE_REUSE_ATTEMPTS: number("invoiceReuseAttempts", { min: 1, max: 1_000 }),
  SCF_ALERT_INVOICE_REUSE_WINDOW_DAYS: number("invoiceReuseWindowDays", { min: 1, max: 366 }),
  SCF_ALERT_BURST_FINANCINGS: number("burstFinancings", { min: 2, max: 1_000_000 }),
  SCF_ALERT_BURST_WINDOW_HOURS: number("burstWindowHours", { min: 1, max: 8_784 }),
  SCF_ALERT_BURST_RECEIPT_HOURS: number("burstReceiptHours", { min: 1, max: 8_784 }),
  SCF_ALERT_DEVICE_SILENT_MINUTES: number("deviceSilentMinutes", { min: 1, max: 100_000 }),
  SCF_ALERT_WEIGHT_TOLERANCE_BPS: number("weightToleranceBps", { min: 0, max: 10_000 }),
  SCF_ALERT_DOOR_DELIVERY_HOURS: number("doorDeliveryHours", { min: 1, max: 8_784 }),
  SCF_ALERT_BURST_PIECE_MAX_YUAN: (t, text) => {
    try {
      t.burstPieceMaxFen = parseYuan(text);
      return t.burstPieceMaxFen > 0n ? undefined : "must be an amount in yuan above zero, such as 50000.00";
    } catch {
      return "must be an amount in yuan above zero, such as 50000.00";
    }
  },
};

/**
 * The thresholds the environment sets, each unset (or empty) one at its default, or the list of what is wrong:
 * the variable's name and the rule it breaks, never its value.
 */
export function alertThresholdsFrom(env: NodeJS.ProcessEnv): { thresholds: AlertThresholds; problems: string[] } {
  const thresholds: AlertThresholds = { ...DEFAULT_ALERT_THRESHOLDS };
  const problems: string[] = [];
  for (const [name, set] of Object.entries(ALERT_THRESHOLD_VARIABLES)) {
    const text = env[name];
    if (text === undefined || text === "") continue;
    const problem = set(thresholds, text.trim());
    if (problem) problems.push(`${name} ${problem}`);
  }
  return { thresholds, problems };
}
