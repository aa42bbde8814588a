import { describe, expect, it } from "vitest";
import { as, cstMidnightIn, DAY, FACE, increaseTo, issued, passed, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger } from "./fixture";

describe("the whole story on the ledger", () => {
  let ledger: Ledger;
  let a: Actors;
  useSeededLedger((s) => {
    ({ ledger, a } = s);
  });

  it("when a payable is issued, passed down four tiers, financed, funded and redeemed, then every holder is paid and value is conserved", async () => {
    const maturity = await cstMidnightIn(90);
    const root = await issued(ledger, a.core, a.s1, FACE, maturity);
    const t2 = await passed(ledger, root, a.s1, a.s2, 4_000_000_00n);
    const t3 = await passed(ledger, t2, a.s2, a.s3, 1_000_000_00n);
    const t4 = await passed(ledger, t3, a.s3, a.s4, 300_000_00n);

    const v4 = await ledger.Vouchers.voucher(t4);
    expect(v4.depth).toBe(4n);
    expect(v4.root).toBe(root);
    expect(v4.parent).toBe(t3);

    const f = as(ledger.Financing, a.s3);
    await (await f.request(t3, 500_000_00n, await a.bank.getAddress(), 450, (await cstMidnightIn(1)))).wait();
    const s3Before = await ledger.SettlementCash.balanceOf(await a.s3.getAddress());
    await (await as(ledger.Financing, a.bank).execute(1n)).wait();
    const s3After = await ledger.SettlementCash.balanceOf(await a.s3.getAddress());
    // 90 days at 4.5%: 500,000.00 × 0.045 × 90/360 = 5,625.00 yuan of interest.
    expect(s3After - s3Before).toBe(500_000_00n - 5_625_00n);
    const line = await ledger.CreditLines.creditLine(await a.bank.getAddress(), await a.core.getAddress());
    expect(line.used).toBe(500_000_00n);

    await (await as(ledger.Settlement, a.core).fund(maturity)).wait();
    await increaseTo(maturity);
    const ids = Array.from({ length: Number(await ledger.Vouchers.lastId()) }, (_, i) => BigInt(i + 1));
    await (await as(ledger.Settlement, a.outsider).redeemBatch(ids)).wait();

    let paid = 0n;
    for (const id of ids) {
      const v = await ledger.Vouchers.voucher(id);
      expect(v.value).toBe(0n);
      paid += v.redeemedValue as bigint;
    }
    expect(paid).toBe(FACE);
    const after = await ledger.CreditLines.creditLine(await a.bank.getAddress(), await a.core.getAddress());
    expect(after.used).toBe(0n);
    expect(await ledger.Vouchers.outstandingOf(await a.core.getAddress())).toBe(0n);
    expect(maturity % DAY).toBe(DAY - 8 * 3600);
  });
});
