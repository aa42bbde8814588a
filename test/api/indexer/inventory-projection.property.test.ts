/**
 * Invariants of the inventory projection under random sequences of receipt and pledge events, as the ledger emits
 * them: quantity is conserved across splits, deliveries and cancellations; a receipt is held by at most one open
 * loan; a pledged receipt neither moves nor splits. The sequences are generated from a model that only emits what
 * the contracts allow, so the projection is checked, not the contracts (those have their own property test).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../../../chain/events";
import { apply, ProjectionState } from "../../../api/src/indexer/projection";

const [warehouse, owner, other, bank] = ["0x" + "01".repeat(20), "0x" + "02".repeat(20), "0x" + "03".repeat(20), "0x" + "04".repeat(20)];
const h = (n: number) => "0x" + n.toString(16).padStart(64, "0");

type Op =
  | { kind: "issue"; grams: number }
  | { kind: "split"; pick: number; parts: number[] }
  | { kind: "transfer"; pick: number }
  | { kind: "deliver"; pick: number }
  | { kind: "cancel"; pick: number }
  | { kind: "pledge"; picks: number[] }
  | { kind: "release"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("issue" as const), grams: fc.integer({ min: 1, max: 1_000_000 }) }),
  fc.record({ kind: fc.constant("split" as const), pick: fc.nat(), parts: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 4 }) }),
  fc.record({ kind: fc.constant("transfer" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("pledge" as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }),
);

describe("the inventory projection, under random sequences", () => {
  it("when receipts are issued, split, moved, closed, pledged and released, then quantity is conserved and no receipt is in two open loans", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new ProjectionState();
        let nextId = 1n;
        let nextLoan = 1n;
        let issued = 0n;
        let log = 0;
        const open = new Map<bigint, bigint[]>();
        const emit = (name: string, args: Record<string, unknown>) => {
          apply(s, { contract: "x", txHash: h(log), blockNumber: 1, blockHash: h(0), logIndex: log++, name, args } as unknown as LedgerEvent);
        };
        const live = (status: string) => [...s.receipts.rows.values()].filter((r) => r.status === status);
        const pick = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
        for (const o of ops) {
          const active = live("active");
          if (o.kind === "issue") {
            const id = nextId++;
            issued += BigInt(o.grams);
            emit("ReceiptIssued", { id, warehouse, depositor: owner, commodity: "LI2CO3", grade: "A", quantity: BigInt(o.grams), weighed: BigInt(o.grams), inbound: h(Number(id)), reading: h(Number(id)), location: h(1), document: h(2) });
          } else if (o.kind === "split") {
            const r = pick(active, o.pick);
            const total = o.parts.reduce((a, b) => a + b, 0);
            if (!r || r.quantity < BigInt(total)) continue;
            // Lots in proportion, the last one taking the remainder: they add up to the whole, as the contract demands.
            let left = r.quantity;
            o.parts.forEach((p, i) => {
              const q = i === o.parts.length - 1 ? left : (r.quantity * BigInt(p)) / BigInt(total);
              left -= q;
              emit("ReceiptSplit", { parent: r.id, id: nextId++, quantity: q, document: h(3) });
            });
          } else if (o.kind === "transfer") {
            const r = pick(active, o.pick);
            if (r) emit("ReceiptTransferred", { id: r.id, from: r.owner, to: r.owner === owner ? other : owner });
          } else if (o.kind === "deliver" || o.kind === "cancel") {
            const r = pick(active, o.pick);
            if (r) emit(o.kind === "deliver" ? "ReceiptDelivered" : "ReceiptCancelled", { id: r.id, owner: r.owner, quantity: r.quantity });
          } else if (o.kind === "pledge") {
            const ids = [...new Set(o.picks.map((i) => pick(active, i)?.id).filter((x): x is bigint => x !== undefined))];
            const mine = ids.filter((id) => s.receipts.must(id, "r").owner === owner);
            if (!mine.length) continue;
            const loanId = nextLoan++;
            for (const id of mine) emit("ReceiptPledgeChanged", { id, pledged: true });
            emit("PledgeRequested", { loanId, borrower: owner, bank, commodity: "LI2CO3", receiptIds: mine, amount: 1n, rateBps: 1, maturity: new Date(0) });
            open.set(loanId, mine);
          } else {
            const loanId = pick([...open.keys()], o.pick);
            if (loanId === undefined) continue;
            emit("PledgeCancelled", { loanId, by: owner });
            for (const id of open.get(loanId) ?? []) emit("ReceiptPledgeChanged", { id, pledged: false });
            open.delete(loanId);
          }
        }
        // Conservation: the leaves (every receipt not split) hold exactly what was issued.
        const leaves = [...s.receipts.rows.values()].filter((r) => r.status !== "split");
        expect(leaves.reduce((sum, r) => sum + r.quantity, 0n)).toBe(issued);
        // A pledged receipt names exactly one open loan, and every open loan's receipts are pledged to it.
        for (const r of live("pledged")) expect(open.get(r.loanId ?? -1n)).toContain(r.id);
        for (const [loanId, ids] of open) for (const id of ids) expect(s.receipts.must(id, "r")).toMatchObject({ status: "pledged", loanId, owner });
        const held = [...open.values()].flat();
        expect(new Set(held).size).toBe(held.length);
      }),
      { numRuns: 300, seed: 20_261_204 },
    );
  });
});
