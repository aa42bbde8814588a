/**
 * Conservation, to the fen, after random sequences of operations: the same sequences (one fast-check
 * generator, one seed) run on every ledger. On each, a root voucher's pieces always sum to its face value and
 * settlement cash in circulation equals what the accounts hold; across ledgers, every step has the same
 * outcome (its refusal code, or the same pieces) and the same final values.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ChainError } from "../../chain/errors";
import { CAST, SUBJECTS, type Subject } from "./subjects";

type Op =
  | { kind: "transfer"; pick: number; to: number; amount: bigint }
  | { kind: "split"; pick: number; amounts: bigint[] }
  | { kind: "mint"; to: number; amount: bigint }
  | { kind: "burn"; from: number; amount: bigint };

const TIERS = ["tier1", "tier2", "tier3"] as const;
const FACE = 1_000_00n;
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("transfer" as const), pick: fc.nat(40), to: fc.nat(2), amount: fc.bigInt({ min: 0n, max: FACE }) }),
  fc.record({ kind: fc.constant("split" as const), pick: fc.nat(40), amounts: fc.array(fc.bigInt({ min: 0n, max: FACE / 2n }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("mint" as const), to: fc.nat(2), amount: fc.bigInt({ min: 0n, max: 10_000_00n }) }),
  fc.record({ kind: fc.constant("burn" as const), from: fc.nat(2), amount: fc.bigInt({ min: 0n, max: 10_000_00n }) }),
);
const SEQUENCES = fc.sample(fc.array(op, { minLength: 4, maxLength: 16 }), { seed: 20_261_204, numRuns: 6 });
const transcripts = new Map<string, unknown[]>();
const ref = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

describe.each(SUBJECTS)("conservation on $name", ({ name, open }) => {
  let s: Subject;
  const seen: unknown[] = [];
  let refs = 0;
  beforeAll(async () => {
    s = await open();
    const { ledger: l, who } = s;
    await l.creditLines.grant(who.bank, who.core, 100_000_000_00n, new Date((await l.clock.now()).getTime() + 300 * 86_400_000));
    await l.rules.setRules(who.core, { ...(await l.rules.rulesOf(who.core)), invoicesRequired: false });
    // The settlement bank may burn whatever the tiers hold.
    for (const t of TIERS) await l.cash.approve(who[t], who.cashBank, 1_000_000_000_00n);
  }, 60_000);
  afterAll(async () => {
    transcripts.set(name, seen);
    await s.close();
  });

  const outcome = async (action: Promise<unknown>): Promise<unknown> =>
    action.then(
      (r) => r,
      (e: unknown) => {
        if (e instanceof ChainError) return e.code;
        throw e;
      },
    );

  test.each(SEQUENCES.map((ops, i) => ({ i, ops })))("sequence $i keeps every fen", async ({ ops }) => {
    const { ledger: l, who } = s;
    const now = await l.clock.now();
    const maturity = new Date((Math.floor((now.getTime() / 1000 + 8 * 3600) / 86_400) + 30) * 86_400_000 - 8 * 3_600_000);
    const pieces = [(await l.vouchers.issue(who.core, { supplier: who.tier1, amount: FACE, maturity, invoiceKeys: [] })).result];
    for (const o of ops) {
      if (o.kind === "transfer" || o.kind === "split") {
        const id = pieces[o.pick % pieces.length];
        const owner = (await l.vouchers.get(id))!.owner;
        const r =
          o.kind === "transfer"
            ? await outcome(l.vouchers.splitTransfer(owner, { id, to: who[TIERS[o.to]], amount: o.amount, invoiceKeys: [] }))
            : await outcome(l.vouchers.split(owner, id, o.amounts));
        if (typeof r === "string") seen.push([o.kind, r]);
        else {
          const made = (r as { result: bigint | bigint[] }).result;
          pieces.push(...(Array.isArray(made) ? made : [made]));
          seen.push([o.kind, "OK", pieces.length]);
        }
      } else if (o.kind === "mint") {
        const r = await outcome(l.cash.mint(who.cashBank, who[TIERS[o.to]], o.amount, ref(++refs)));
        seen.push(["mint", typeof r === "string" ? r : "OK"]);
      } else {
        const r = await outcome(l.cash.burn(who.cashBank, who[TIERS[o.from]], o.amount, ref(++refs)));
        seen.push(["burn", typeof r === "string" ? r : "OK"]);
      }
    }
    const values = await Promise.all(pieces.map(async (id) => (await l.vouchers.get(id))!.value));
    expect(values.reduce((a, b) => a + b, 0n)).toBe(FACE);
    const balances = await Promise.all(CAST.map((m) => l.cash.balanceOf(who[m])));
    expect(balances.reduce((a, b) => a + b, 0n)).toBe(await l.cash.totalSupply());
    seen.push(["values", values], ["balances", balances]);
  }, 120_000);
});

describe("every ledger", () => {
  test("had the same outcome at every step of every sequence", () => {
    expect(transcripts.size).toBe(SUBJECTS.length);
    const [[, first], ...others] = [...transcripts.entries()];
    expect(first.length).toBeGreaterThan(SEQUENCES.length * 4);
    // The sequences exercise both paths: steps that commit and steps the ledger refuses.
    const steps = first.filter((e): e is [string, string] => Array.isArray(e) && typeof e[1] === "string").map((e) => e[1]);
    expect(steps).toContain("OK");
    expect(steps.filter((c) => c !== "OK").length).toBeGreaterThan(0);
    if (process.env.CONFORMANCE_PRINT) process.stdout.write(`${JSON.stringify(steps)}\n`);
    for (const [name, transcript] of others) expect({ name, transcript }).toEqual({ name, transcript: first });
  });
});
