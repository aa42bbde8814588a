/**
 * The split-and-finance burst rule on real ledger stories: a seller financing many small pieces, each within hours
 * of receiving the value, warns the banks that financed them. Each condition of the rule (how many, how small, how
 * soon after receipt, how close together) has a story that misses it by one and stays quiet.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoiceKey } from "../../../chain/invoice-key";
import type { Account, Ledger } from "../../../chain/ledger";
import { DEFAULT_ALERT_THRESHOLDS as T } from "../../../api/src/alerts/alert-thresholds";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { status } from "../../helpers/api-steps";
import { cstMidnightIn, h } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;
const HOUR_S = 3_600;
const Y = 100n;
/** The largest piece the rule counts, and one fen more. */
const SMALL = T.burstPieceMaxFen;
const LARGE = T.burstPieceMaxFen + 1n;

interface Alert {
  id: string;
  rule: string;
  severity: string;
  subject: string;
  parties: string[];
  facts: Record<string, string>;
  explanation: { "zh-CN": string; "en-US": string };
}

describe("split-and-finance bursts", () => {
  let api: TestApi;
  let l: Ledger;
  let maturity: Date;
  let invoiceNo = 0;
  const acct = (who: Handle): Account => api.orgs[who].account;

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

  async function invoice(seller: Handle, buyer: Handle, amount: bigint): Promise<string> {
    invoiceNo += 1;
    const key = invoiceKey({ kind: "digital", number: `6${String(invoiceNo).padStart(19, "0")}` });
    await l.invoices.register(acct(seller), { key, buyer: acct(buyer), amount, commitment: h(`burst invoice ${invoiceNo}`) });
    await l.invoices.confirm(acct(buyer), key);
    return key;
  }
  const issue = async (amount: bigint) =>
    (await l.vouchers.issue(acct("core"), { supplier: acct("tier1"), amount, maturity, invoiceKeys: [await invoice("tier1", "core", amount)] })).result;
  const pass = async (from: Handle, id: bigint, to: Handle, amount: bigint) =>
    (await l.vouchers.splitTransfer(acct(from), { id, to: acct(to), amount, invoiceKeys: [await invoice(to, from, amount)] })).result;
  const finance = async (holder: Handle, voucherId: bigint, bank: Handle, amount: bigint) => {
    const req = (await l.financing.request(acct(holder), { voucherId, amount, bank: acct(bank), rateBps: 400, deadline: new Date(maturity.getTime() - 5 * DAY) })).result;
    await api.platform.indexer.waitFor((await l.financing.execute(acct(bank), req)).blockNumber);
  };
  const later = async (hours: number) => api.platform.indexer.waitFor((await l.clock.advance(hours * HOUR_S)).number);
  const bursts = async (who: Handle) =>
    ((await api.http().get("/alerts").query({ rule: "split-and-finance-burst", limit: "100" }).set(await api.as(who)).then(status(200))).body as { items: Alert[] }).items;

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
