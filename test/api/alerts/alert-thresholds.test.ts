/**
 * The risk rules' thresholds come from the environment (SCF_ALERT_*), each unset one at its documented default;
 * a value that is not one stops start-up naming the variable, never echoing the value.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../../api/src/config";
import { ALERT_THRESHOLD_VARIABLES, DEFAULT_ALERT_THRESHOLDS } from "../../../api/src/alerts/alert-thresholds";

describe("alert thresholds from the environment", () => {
  it("when none is set, or one is empty, then every rule has its default", () => {
    expect(readConfig({}).alerts).toEqual(DEFAULT_ALERT_THRESHOLDS);
    expect(readConfig({ SCF_ALERT_CREDIT_LINE_BPS: "" }).alerts).toEqual(DEFAULT_ALERT_THRESHOLDS);
  });

  it("when each is set, then its rule's threshold changes and no other", () => {
    const alerts = readConfig({
      SCF_ALERT_CREDIT_LINE_BPS: "8500",
      SCF_ALERT_MATURITY_DAYS: "14, 3,1",
      SCF_ALERT_CONCENTRATION_BPS: "5000",
      SCF_ALERT_CONCENTRATION_WINDOW_DAYS: "30",
      SCF_ALERT_CONCENTRATION_MIN_ISSUES: "10",
      SCF_ALERT_INVOICE_REUSE_ATTEMPTS: "2",
      SCF_ALERT_INVOICE_REUSE_WINDOW_DAYS: "30",
      SCF_ALERT_BURST_FINANCINGS: "8",
      SCF_ALERT_BURST_WINDOW_HOURS: "6",
      SCF_ALERT_BURST_RECEIPT_HOURS: "2",
      SCF_ALERT_BURST_PIECE_MAX_YUAN: "100000.50",
      SCF_ALERT_DEVICE_SILENT_MINUTES: "90",
      SCF_ALERT_WEIGHT_TOLERANCE_BPS: "0",
      SCF_ALERT_DOOR_DELIVERY_HOURS: "4",
    }).alerts;
    expect(alerts).toEqual({
      creditLineUtilisationBps: 8_500,
      maturityUnfundedDays: [14, 3, 1],
      concentrationShareBps: 5_000,
      concentrationWindowDays: 30,
      concentrationMinIssues: 10,
      invoiceReuseAttempts: 2,
      invoiceReuseWindowDays: 30,
      burstFinancings: 8,
      burstWindowHours: 6,
      burstReceiptHours: 2,
      burstPieceMaxFen: 10_000_050n,
      deviceSilentMinutes: 90,
      weightToleranceBps: 0,
      doorDeliveryHours: 4,
    });
    expect(readConfig({ SCF_ALERT_BURST_FINANCINGS: "3" }).alerts).toEqual({ ...DEFAULT_ALERT_THRESHOLDS, burstFinancings: 3 });
  });

  it.each([
    ["SCF_ALERT_CREDIT_LINE_BPS", "10001"],
    ["SCF_ALERT_CREDIT_LINE_BPS", "0"],
    ["SCF_ALERT_CREDIT_LINE_BPS", "90%"],
    ["SCF_ALERT_MATURITY_DAYS", "7,,1"],
    ["SCF_ALERT_MATURITY_DAYS", "0"],
    ["SCF_ALERT_BURST_FINANCINGS", "1"],
    ["SCF_ALERT_BURST_WINDOW_HOURS", "1.5"],
    ["SCF_ALERT_BURST_PIECE_MAX_YUAN", "0.00"],
    ["SCF_ALERT_BURST_PIECE_MAX_YUAN", "5e4"],
    ["SCF_ALERT_WEIGHT_TOLERANCE_BPS", "10001"],
    ["SCF_ALERT_DOOR_DELIVERY_HOURS", "0"],
  ])("when %s is %s, then start-up stops with a ConfigError naming it", (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(name);
  });

  it("when any variable holds any text that is not its kind of value, then the error names the variable and never echoes the text", () => {
    const names = Object.keys(ALERT_THRESHOLD_VARIABLES);
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.string({ minLength: 1, unit: "grapheme" }), (name, text) => {
        const secret = `${text}-secret-7f3a`;
        let thrown: unknown;
        try {
          readConfig({ [name]: secret });
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(ConfigError);
        expect((thrown as Error).message).toContain(name);
        expect((thrown as Error).message).not.toContain("secret-7f3a");
      }),
      { numRuns: 300 },
    );
  });
});
