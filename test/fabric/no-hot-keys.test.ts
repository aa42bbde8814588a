/**
 * Two transfers of different vouchers must never write the same key, nor read what the other writes, so that
 * a peer never invalidates one of them for an MVCC conflict when both land in one block.
 */
import { beforeEach, describe, expect, test } from "vitest";
import type { Endorsement } from "./support/test-peer";
import type { ReadWriteSet } from "./support/in-memory-stub";
import { cstMidnightAfter, fundedLedger, START, type Ledger } from "./support/fixture";

const MATURITY = cstMidnightAfter(START, 60n);
const utf8 = (s: string) => Buffer.from(s, "utf8");

/** Keys `writer` writes that `reader` read, or that fall inside a range `reader` queried. */
function overlap(reader: ReadWriteSet, writer: ReadWriteSet): string[] {
  return [...writer.writes.keys()].filter(
    (key) =>
      reader.reads.has(key) ||
      reader.ranges.some((r) => Buffer.compare(utf8(key), utf8(r.start)) >= 0 && Buffer.compare(utf8(key), utf8(r.end)) < 0),
  );
}

let ledger: Ledger;
beforeEach(async () => {
  ledger = await fundedLedger();
});

describe("no hot keys", () => {
  test("two transfers of different vouchers of one slot, to one recipient, touch disjoint keys and both commit", async () => {
    const { tier1, tier3 } = ledger.cast;
    const a = await ledger.issue(tier1, 1_000_00n, MATURITY);
    const b = await ledger.issue(tier3, 1_000_00n, MATURITY);
    // Invoices first, so both endorsements see the same committed state.
    const keyA = await ledger.invoice(ledger.cast.tier2, tier1, 100_00n);
    const keyB = await ledger.invoice(ledger.cast.tier2, tier3, 100_00n);
    const ea = await ledger.peer.endorse(tier1, "Vouchers:splitTransfer", a.toString(), ledger.cast.tier2.account, "10000", JSON.stringify([keyA]));
    const eb = await ledger.peer.endorse(tier3, "Vouchers:splitTransfer", b.toString(), ledger.cast.tier2.account, "10000", JSON.stringify([keyB]));
    expect([ea.status, eb.status]).toEqual([200, 200]);

    const writesA = [...ea.rwset.writes.keys()];
    expect(writesA.filter((k) => eb.rwset.writes.has(k))).toEqual([]);
    expect(overlap(ea.rwset, eb.rwset)).toEqual([]);
    expect(overlap(eb.rwset, ea.rwset)).toEqual([]);
    expect(ledger.peer.commit([ea, eb])).toEqual(["VALID", "VALID"]);
  });

  test("fifty concurrent transfers of different vouchers all commit in one block", async () => {
    const holders = ["tier1", "tier3"] as const;
    const ids: { from: (typeof holders)[number]; id: bigint }[] = [];
    for (let i = 0; i < 50; i++) {
      const from = holders[i % 2];
      ids.push({ from, id: await ledger.issue(ledger.cast[from], 1_000n, MATURITY) });
    }
    const endorsements: Endorsement[] = [];
    const keys: string[] = [];
    for (const { from } of ids) keys.push(await ledger.invoice(ledger.cast.tier2, ledger.cast[from], 100n));
    for (const [i, { from, id }] of ids.entries()) {
      endorsements.push(await ledger.peer.endorse(ledger.cast[from], "Vouchers:splitTransfer", id.toString(), ledger.cast.tier2.account, "100", JSON.stringify([keys[i]])));
    }
    const codes = ledger.peer.commit(endorsements);
    expect(codes.filter((c) => c !== "VALID")).toEqual([]);
  });

  test("two transfers of the same voucher conflict: exactly one commits", async () => {
    const a = await ledger.issue(ledger.cast.tier1, 1_000_00n, MATURITY);
    const keyTo2 = await ledger.invoice(ledger.cast.tier2, ledger.cast.tier1, 100n);
    const keyTo3 = await ledger.invoice(ledger.cast.tier3, ledger.cast.tier1, 100n);
    const e2 = await ledger.peer.endorse(ledger.cast.tier1, "Vouchers:splitTransfer", a.toString(), ledger.cast.tier2.account, "100", JSON.stringify([keyTo2]));
    const e3 = await ledger.peer.endorse(ledger.cast.tier1, "Vouchers:splitTransfer", a.toString(), ledger.cast.tier3.account, "100", JSON.stringify([keyTo3]));
    expect(ledger.peer.commit([e2, e3])).toEqual(["VALID", "MVCC_READ_CONFLICT"]);
    expect(await ledger.voucher(a)).toMatchObject({ value: 1_000_00n - 100n });
  });

  test("redemptions of different vouchers of one funded slot commit together", async () => {
    const { core, tier1, tier3 } = ledger.cast;
    const a = await ledger.issue(tier1, 500n, MATURITY);
    const b = await ledger.issue(tier3, 700n, MATURITY);
    await ledger.submit(core, "Settlement:fund", MATURITY.toString());
    ledger.peer.advance(MATURITY - START);
    const ra = await ledger.peer.endorse(tier1, "Settlement:redeem", a.toString());
    const rb = await ledger.peer.endorse(tier3, "Settlement:redeem", b.toString());
    expect(overlap(ra.rwset, rb.rwset)).toEqual([]);
    expect(overlap(rb.rwset, ra.rwset)).toEqual([]);
    expect(ledger.peer.commit([ra, rb])).toEqual(["VALID", "VALID"]);
    expect(await ledger.query("Vouchers:slotAccount", core.account, MATURITY.toString())).toMatchObject({ outstanding: "0", escrowed: "0" });
  });

  test("two issues by one debtor do conflict: the issuance cover is checked against all of its slots", async () => {
    const { core, tier1, tier3 } = ledger.cast;
    const k1 = await ledger.invoice(tier1, core, 100n);
    const k3 = await ledger.invoice(tier3, core, 100n);
    const i1 = await ledger.peer.endorse(core, "Vouchers:issue", tier1.account, "100", MATURITY.toString(), JSON.stringify([k1]));
    const i3 = await ledger.peer.endorse(core, "Vouchers:issue", tier3.account, "100", MATURITY.toString(), JSON.stringify([k3]));
    expect(ledger.peer.commit([i1, i3])).toEqual(["VALID", "PHANTOM_READ_CONFLICT"]);
  });
});

