/**
 * The split-and-finance burst rule on real ledger stories: a seller financing many small pieces, each within hours
 * of receiving the value, warns the banks that financed them. Each condition of the rule (how many, how small, how
 * soon after receipt, how close together) has a story that misses it by one and stays quiet.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ledger } from "../../../chain/ledger";
import { DEFAULT_ALERT_THRESHOLDS as T } from "../../../api/src/alerts/alert-thresholds";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { alertSteps } from "../../helpers/alert-steps";
import { cstMidnightIn, h } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;
const HOUR_S = 3_600;
const Y = 100n;
/** The largest piece the rule counts, and one fen more. */
const SMALL = T.burstPieceMaxFen;
const LARGE = T.burstPieceMaxFen + 1n;

describe("split-and-finance bursts", () => {
  let api: TestApi;
  let l: Ledger;
  let maturity: Date;
  const { acct, issue: issueBy, pass, finance: sell, alerts } = alertSteps(() => api, "6");
  beforeAll(async () => {
    api = await testApi();
    l = api.platform.ledger;
    const expiry = new Date((await l.clock.now()).getTime() + 300 * DAY);
    for (const bank of ["bank", "bank2"] as const) {
      await l.creditLines.grant(acct(bank), acct("core"), 100_000_000n * Y, expiry);
      await l.cash.mint(acct("settlement-bank"), acct(bank), 10_000_000n * Y, h(`burst deposit ${bank}`));
    }
    maturity = await cstMidnightIn(l, 90);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const issue = (amount: bigint) => issueBy("core", "tier1", amount, maturity);
  const finance = (holder: Handle, voucherId: bigint, bank: Handle, amount: bigint) => sell(holder, voucherId, bank, amount, maturity);
  const later = async (hours: number) => api.platform.indexer.waitFor((await l.clock.advance(hours * HOUR_S)).number);
  const bursts = (who: Handle) => alerts(who, { rule: "split-and-finance-burst" });

  it("when a seller finances one piece fewer than the rule's count soon after receipt, then no one is warned", async () => {
    const v = await issue(10_000_000n * Y);
    for (let i = 0; i < T.burstFinancings - 1; i += 1) await finance("tier1", v, "bank", SMALL);
    expect(await bursts("regulator")).toEqual([]);
  });

  it("when it then finances large pieces at once, and small ones only after the receipt window, then still no one is warned", async () => {
    // With the four above, either group would make a burst if its pieces were small, or received within hours.
    const large = await issue(10_000_000n * Y);
    for (let i = 0; i < T.burstFinancings; i += 1) await finance("tier1", large, "bank2", LARGE);
    const old = await issue(10_000_000n * Y);
    await later(T.burstReceiptHours + 1);
    for (let i = 0; i < T.burstFinancings; i += 1) await finance("tier1", old, "bank", SMALL);
    expect(await bursts("regulator")).toEqual([]);
  });

  it("when quick small financings are further apart than the window, then they do not add up", async () => {
    const root = await issue(10_000_000n * Y);
    const first = await pass("tier1", root, "tier3", 1_000_000n * Y);
    for (let i = 0; i < 3; i += 1) await finance("tier3", first, "bank", SMALL);
    await later(T.burstWindowHours + 1);
    const second = await pass("tier1", root, "tier3", 1_000_000n * Y);
    for (let i = 0; i < T.burstFinancings - 3; i += 1) await finance("tier3", second, "bank", SMALL);
    expect(await bursts("regulator")).toEqual([]);
  });

  it("when a seller receives value, splits it and finances small pieces with two banks within hours, then both banks are warned and the seller is not", async () => {
    const root = await issue(10_000_000n * Y);
    const received = await pass("tier1", root, "tier2", 1_000_000n * Y);
    await later(2);
    // A piece split off first still counts from the receipt of the value it was split from.
    const [split] = (await l.vouchers.split(acct("tier2"), received, [SMALL * 2n])).result;
    await finance("tier2", split, "bank", SMALL);
    await finance("tier2", split, "bank2", 40_000n * Y);
    await later(3);
    for (let i = 0; i < T.burstFinancings - 3; i += 1) await finance("tier2", received, "bank", 100n * Y);
    expect(await bursts("regulator")).toEqual([]);
    await finance("tier2", received, "bank2", SMALL);

    const [alert, ...more] = await bursts("regulator");
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ severity: "warning", subject: acct("tier2"), parties: [acct("bank"), acct("bank2")].sort() });
    expect(alert.facts).toMatchObject({
      holderAccount: acct("tier2"),
      financings: String(T.burstFinancings),
      amount: "140200.00",
      banks: "2",
      windowHours: String(T.burstWindowHours),
      receiptHours: String(T.burstReceiptHours),
      pieceMax: "50000.00",
    });
    expect(alert.explanation["zh-CN"]).toContain("¥140,200.00");
    expect(alert.explanation["en-US"]).toContain("5 small pieces");
    for (const who of ["bank", "bank2", "operator"] as const) expect((await bursts(who)).map((a) => a.id)).toEqual([alert.id]);
    for (const who of ["tier2", "tier1", "core"] as const) expect(await bursts(who)).toEqual([]);

    // Another quick small financing while the alert is open adds nothing.
    await finance("tier2", received, "bank", 1n);
    expect((await bursts("regulator")).map((a) => a.id)).toEqual([alert.id]);
  });
});
