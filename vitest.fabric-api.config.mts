import { defineConfig } from "vitest/config";
import base from "./vitest.config.mts";

/**
 * The API route tests with the platform on the Fabric ledger (the gateway test double, test/fabric/support/):
 * testApi() starts it there when SCF_TEST_LEDGER=fabric. Run with `npm run test:fabric-api`.
 *
 * Left out, on purpose:
 * - the inventory routes (receipts, prices, pledges, iot-*): the chaincode does not implement their ledger side, and
 *   the platform answers 501 LEDGER_UNSUPPORTED there;
 * - clock-travel.test.ts: only the embedded chain's clock moves (Fabric's proposals carry the client's clock, and
 *   POST /clock/advance is 409 CLOCK_FIXED there, which settlement.test.ts asserts on both ledgers).
 */
// Spread, not mergeConfig: that would append this list to the base's include of every test.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      "test/api/routes/onboarding.test.ts",
      "test/api/routes/credit-lines.test.ts",
      "test/api/routes/invoices.test.ts",
      "test/api/routes/vouchers.test.ts",
      "test/api/routes/financing.test.ts",
      "test/api/routes/cash.test.ts",
      "test/api/routes/programs.test.ts",
      "test/api/routes/settlement.test.ts",
      "test/api/routes/audit.test.ts",
      "test/api/routes/reports.test.ts",
      "test/api/routes/people.test.ts",
      "test/api/routes/standing.test.ts",
      "test/api/routes/powers.test.ts",
      "test/api/routes/pagination.test.ts",
      "test/api/routes/fee.test.ts",
    ],
    env: { SCF_TEST_LEDGER: "fabric" },
  },
});
