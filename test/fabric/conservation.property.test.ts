/**
 * Conservation, to the fen, after every step of random sequences of issue, split, transfer, financing and
 * redemption: for every root, the live values plus the redeemed values of its pieces equal its face value;
 * every slot's outstanding is the live value of its pieces; cash is neither made nor lost. A refused step
 * must be a domain refusal that leaves the world state exactly as it was.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { ChaincodeRefusal } from "./support/test-peer";
import { cstMidnightAfter, DAY, fundedLedger, members, START, type Ledger, type Voucher } from "./support/fixture";
import type { Enrolment } from "./support/test-ca";

const ESCROW = "0x000000000000000000000000000000005e771e00";
const MATURITIES = [cstMidnightAfter(START, 20n), cstMidnightAfter(START, 45n)];
const HOLDERS = ["tier1", "tier2", "tier3"] as const;

type Op =
  | { kind: "issue"; holder: number; amount: bigint; maturity: number }
  | { kind: "split"; pick: number; amounts: bigint[] }
  | { kind: "transfer"; pick: number; to: number; amount: bigint }
  | { kind: "finance"; pick: number; amount: bigint; whole: boolean; execute: boolean }
  | { kind: "mature" }
  | { kind: "redeem"; picks: number[] };

const amount = fc.bigInt({ min: 1n, max: 200_000n });
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("issue" as const), holder: fc.nat(2), amount: fc.bigInt({ min: 1n, max: 1_000_000n }), maturity: fc.nat(1) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("split" as const), pick: fc.nat(), amounts: fc.array(amount, { minLength: 1, maxLength: 3 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("transfer" as const), pick: fc.nat(), to: fc.nat(2), amount }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("finance" as const), pick: fc.nat(), amount, whole: fc.boolean(), execute: fc.boolean() }), weight: 2 },
  { arbitrary: fc.constant({ kind: "mature" as const }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("redeem" as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }), weight: 2 },
);

interface Model {
  ledger: Ledger;
  ids: bigint[];
  faces: Map<bigint, bigint>;
  supply: bigint;
  matured: number;
}

const accepted = new Map<string, number>();
let refused = 0;

/** Runs `action`; a refusal must be a domain refusal that changed nothing. */
async function attempt<T>(m: Model, what: string, action: () => Promise<T>): Promise<T | undefined> {
  const before = m.ledger.snapshot();
  try {
    const result = await action();
    accepted.set(what, (accepted.get(what) ?? 0) + 1);
    return result;
  } catch (e) {
    if (!(e instanceof ChaincodeRefusal)) throw e;
    expect(e.code).toMatch(/^(Vouchers|Invoices|Financing|CreditLines|Participants|Settlement|ERC20)[A-Za-z]+$/);
    expect(m.ledger.snapshot()).toEqual(before);
    refused++;
    return undefined;
  }
}

const pick = (m: Model, n: number): bigint | undefined => (m.ids.length === 0 ? undefined : m.ids[n % m.ids.length]);
const holderOf = (m: Model, account: string): Enrolment => members(m.ledger.cast).find((c) => c.account === account)!;

async function step(m: Model, o: Op): Promise<void> {
  const { ledger } = m;
  const { cast } = ledger;
  switch (o.kind) {
    case "issue": {
      const holder = cast[HOLDERS[o.holder]];
      const key = await ledger.invoice(holder, cast.core, o.amount);
      const maturity = MATURITIES[o.maturity];
      const e = await attempt(m, "issue", () => ledger.submit(cast.core, "Vouchers:issue", holder.account, o.amount.toString(), maturity.toString(), JSON.stringify([key])));
      if (e) {
        m.ids.push(BigInt(e.payload));
        m.faces.set(BigInt(e.payload), o.amount);
      }
      return;
    }
    case "split": {
      const id = pick(m, o.pick);
      if (id === undefined) return;
      const v = await ledger.voucher(id);
      const e = await attempt(m, "split", () => ledger.submit(holderOf(m, v.owner), "Vouchers:split", id.toString(), JSON.stringify(o.amounts.map(String))));
      if (e) m.ids.push(...(JSON.parse(e.payload) as string[]).map(BigInt));
      return;
    }
    case "transfer": {
      const id = pick(m, o.pick);
      if (id === undefined) return;
      const v = await ledger.voucher(id);
      const from = holderOf(m, v.owner);
      const to = cast[HOLDERS[o.to]];
      // An invoice to oneself cannot exist; the transfer is then refused for its recipient.
      const keys = to === from ? [] : [await ledger.invoice(to, from, o.amount)];
      const e = await attempt(m, "transfer", () => ledger.submit(from, "Vouchers:splitTransfer", id.toString(), to.account, o.amount.toString(), JSON.stringify(keys)));
      if (e) m.ids.push(BigInt(e.payload));
      return;
    }
    case "finance": {
      const id = pick(m, o.pick);
      if (id === undefined) return;
      const v = await ledger.voucher(id);
      const size = o.whole ? v.value - v.locked : o.amount;
      const deadline = ledger.now + DAY;
      const r = await attempt(m, "request", () =>
        ledger.submit(holderOf(m, v.owner), "Financing:request", id.toString(), size.toString(), cast.bank.account, "500", deadline.toString()),
      );
      if (!r) return;
      if (!o.execute) {
        await ledger.submit(holderOf(m, v.owner), "Financing:cancel", r.payload);
        return;
      }
      const e = await attempt(m, "execute", () => ledger.submit(cast.bank, "Financing:execute", r.payload));
      if (e) {
        const pieceId = BigInt((JSON.parse(e.payload) as { pieceId: string }).pieceId);
        if (pieceId !== id) m.ids.push(pieceId);
      }
      return;
    }
    case "mature": {
      if (m.matured >= MATURITIES.length) return;
      const maturity = MATURITIES[m.matured];
      m.matured++;
      if (ledger.now < maturity) ledger.peer.advance(maturity - ledger.now);
      await attempt(m, "fund", () => ledger.submit(cast.core, "Settlement:fund", maturity.toString()));
      return;
    }
    case "redeem": {
      const ids = o.picks.map((n) => pick(m, n)).filter((id): id is bigint => id !== undefined);
      if (ids.length === 0) return;
      await attempt(m, "redeem", () => ledger.submit(cast.tier3, "Settlement:redeemBatch", JSON.stringify([...new Set(ids)].map(String))));
      return;
    }
  }
}

async function checkConservation(m: Model): Promise<void> {
  const { ledger } = m;
  const vouchers: Voucher[] = [];
  for (const id of m.ids) vouchers.push(await ledger.voucher(id));
  for (const [root, face] of m.faces) {
    const pieces = vouchers.filter((v) => v.root === root);
    expect(pieces.reduce((sum, v) => sum + v.value + v.redeemedValue, 0n), `root ${root}`).toBe(face);
  }
  for (const maturity of MATURITIES) {
    const live = vouchers.filter((v) => v.maturity === maturity).reduce((sum, v) => sum + v.value, 0n);
    const slot = await ledger.query<{ outstanding: string; escrowed: string }>("Vouchers:slotAccount", ledger.cast.core.account, maturity.toString());
    expect(BigInt(slot.outstanding)).toBe(live);
    expect(BigInt(slot.escrowed)).toBeGreaterThanOrEqual(0n);
  }
  const accounts = [...members(ledger.cast).map((c) => c.account), ESCROW];
  let held = 0n;
  for (const account of accounts) held += await ledger.cash(account);
  expect(held).toBe(m.supply);
  expect(BigInt(await ledger.query<number>("Cash:totalSupply"))).toBe(m.supply);
}

test("value is conserved per root, per slot and in cash after every step", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), async (ops) => {
      const ledger = await fundedLedger();
      const m: Model = { ledger, ids: [], faces: new Map(), supply: BigInt(await ledger.query<number>("Cash:totalSupply")), matured: 0 };
      for (const o of ops) {
        await step(m, o);
        await checkConservation(m);
      }
    }),
    { numRuns: 80, seed: 20261204 },
  );
  // The sequences must exercise every rule, not only be refused.
  for (const what of ["issue", "split", "transfer", "request", "execute", "fund", "redeem"]) {
    expect(accepted.get(what) ?? 0, what).toBeGreaterThanOrEqual(3);
  }
  expect(refused).toBeGreaterThan(10);
}, 120_000);
