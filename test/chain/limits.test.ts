import { beforeAll, describe, expect, it } from "vitest";
import { revertError } from "../../chain/errors";
import { LEDGER_LIMITS } from "../../chain/limits";
import { actors, as, deployLedger, mined, readUint, revertsWith, type Actors, type Ledger } from "../helpers/ledger";

const DAY = 86_400;

describe("the ledger's limits", () => {
  let ledger: Ledger;
  let a: Actors;

  beforeAll(async () => {
    a = await actors();
    ledger = await deployLedger(a);
  });

  it("when the contracts are deployed, then each limit is the constant they report", async () => {
    const reported = {
      maxRedeemBatch: await readUint(ledger.Settlement, "MAX_BATCH"),
      maxPiecesPerSplit: await readUint(ledger.Vouchers, "MAX_PIECES"),
      maxInvoicesPerVoucher: await readUint(ledger.Vouchers, "MAX_INVOICES"),
      maxGraceSeconds: await readUint(ledger.Settlement, "MAX_GRACE"),
      maxPenaltyRateBps: await readUint(ledger.Settlement, "MAX_PENALTY_RATE_BPS"),
      maxRateBps: await readUint(ledger.Financing, "MAX_RATE_BPS"),
      maxFeeBps: await readUint(ledger.Financing, "MAX_FEE_BPS"),
      maxDepth: await readUint(ledger.CreditPassingRules, "HARD_MAX_DEPTH"),
      maxTermDays: await readUint(ledger.CreditPassingRules, "HARD_MAX_TERM_DAYS"),
    };
    expect(Object.fromEntries(Object.entries(LEDGER_LIMITS).map(([k, v]) => [k, BigInt(v)]))).toEqual(reported);
  });

  it("when a batch is one voucher too long, then the ledger refuses it and names the limit", async () => {
    const ids = Array.from({ length: LEDGER_LIMITS.maxRedeemBatch + 1 }, (_, i) => BigInt(i + 1));
    expect(await revertsWith(as(ledger.Settlement, a.outsider).redeemBatch(ids), "SettlementBatchSize")).toEqual([
      BigInt(ids.length),
      BigInt(LEDGER_LIMITS.maxRedeemBatch),
    ]);
  });

  it("when the operator sets the grace period, the fee or the bounds just past a limit, then the ledger refuses, and at it accepts", async () => {
    const S = as(ledger.Settlement, a.operator);
    await revertsWith(S.setGracePeriod(LEDGER_LIMITS.maxGraceSeconds + 1), "SettlementInvalidGracePeriod");
    await mined(S.setGracePeriod(LEDGER_LIMITS.maxGraceSeconds));

    const F = as(ledger.Financing, a.operator);
    const operator = await a.operator.getAddress();
    await revertsWith(F.setFee(LEDGER_LIMITS.maxFeeBps + 1, operator), "FinancingInvalidFee");
    await mined(F.setFee(LEDGER_LIMITS.maxFeeBps, operator));

    const R = as(ledger.CreditPassingRules, a.operator);
    const bounds = { maxDepth: LEDGER_LIMITS.maxDepth, maxTermDays: LEDGER_LIMITS.maxTermDays, minSplitFloor: 1n, invoicesMandatory: false, coverageMandatory: false };
    await revertsWith(R.setBounds({ ...bounds, maxDepth: LEDGER_LIMITS.maxDepth + 1 }), "CreditPassingRulesInvalidBounds");
    await revertsWith(R.setBounds({ ...bounds, maxTermDays: LEDGER_LIMITS.maxTermDays + 1 }), "CreditPassingRulesInvalidBounds");
    await mined(R.setBounds(bounds));
  });

  it("when the ledger refuses a request past a limit, then the error's message states the limit", () => {
    expect(revertError("SettlementBatchSize", {}).message).toBe(`A batch must hold between 1 and ${LEDGER_LIMITS.maxRedeemBatch} vouchers`);
    expect(revertError("SettlementInvalidGracePeriod", {}).message).toBe(`The grace period must be at most ${LEDGER_LIMITS.maxGraceSeconds / DAY} days`);
    expect(revertError("FinancingInvalidRate", {}).message).toBe(`The rate must be above 0 and at most ${LEDGER_LIMITS.maxRateBps / 100}% a year`);
  });
});
