/**
 * Property test of guarantees, cargo policies, late funding and warehouse fees: random sequences of guarantees
 * given, demanded, recovered, reclaimed from the bank, released and lapsed; pledge loans drawn and repaid; policies underwritten, claims
 * filed, accepted and rejected; slots funded (late, with penalty), vouchers redeemed and their penalty shares paid;
 * fee accounts opened and paid, receipts delivered; and days passing, by random actors, many of whom should fail.
 * After every step the state is read back from the chain and checked:
 *   - a guarantor never pays more than it guaranteed: a guarantee's payment is at most its amount, made once, by
 *     its guarantor, to its bank; what is recovered never exceeds what was paid;
 *   - cash is conserved: no step creates or destroys settlement cash, and Settlement holds exactly the slots'
 *     escrow plus the penalties not yet paid out;
 *   - a claim is paid at most once: a guarantee, an insurance claim or a voucher's penalty share, once paid, never
 *     pays again, and a policy never pays more than it insures;
 *   - the insurer pays the bank while the receipt secures a drawn loan, else the owner.
 * Every revert must decode as a custom error of the contracts, never a panic.
 *
 * Env: COVER_RUNS (default 25), COVER_STEPS (default 40), COVER_SEED to replay, COVER_STATS=1 to print how many
 * steps of each kind succeeded.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Contract, Signer } from "ethers";
import { as, attempt, cstMidnightIn, DAY, FACE, issued, latest, mined, revertTo, snapshot, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { deployCover, type Cover } from "./cover-fixtures";
import { deployInventory, issueReceipt, LI2CO3, LI_PRICE, postPrice, readyToLend, toDay, valueOf, type Inventory } from "./inventory-fixtures";
import { slotId } from "./voucher-fixtures";

const RUNS = Number(process.env.COVER_RUNS ?? 25);
const STEPS = Number(process.env.COVER_STEPS ?? 40);
const SEED = process.env.COVER_SEED === undefined ? undefined : Number(process.env.COVER_SEED);

const M = 1_000_000_00n;
const G_STATUS = { Active: 1n, Called: 2n } as const;
const L_STATUS = { Requested: 1n, Active: 2n, Defaulted: 5n } as const;
const R_STATUS = { Active: 1n, Pledged: 2n } as const;
const C_STATUS = { Filed: 1n, Paid: 2n } as const;
const HOLDING: readonly bigint[] = [L_STATUS.Requested, L_STATUS.Active, L_STATUS.Defaulted];
const DRAWN: readonly bigint[] = [L_STATUS.Active, L_STATUS.Defaulted];
const GUARANTEEABLE: readonly bigint[] = [L_STATUS.Requested, L_STATUS.Active];
const INSURABLE: readonly bigint[] = [R_STATUS.Active, R_STATUS.Pledged];

type Op =
  | { kind: "guarantee"; by: number; loan: boolean; subject: number; bank: number; shareBps: number; days: number }
  | { kind: "demand" | "release" | "expire"; g: number; by: number }
  | { kind: "recover"; g: number; by: number; shareBps: number }
  | { kind: "reclaim"; g: number; by: number }
  | { kind: "pledge"; owner: number; tonnes: number; shareBps: number; term: number }
  | { kind: "repay"; loan: number; by: number }
  | { kind: "underwrite"; receipt: number; insured: number; days: number }
  | { kind: "fileClaim"; policy: number; byBank: boolean; loss: number; wrongLoan: boolean }
  | { kind: "acceptClaim"; claim: number; shareBps: number; by: number }
  | { kind: "rejectClaim"; claim: number; by: number }
  | { kind: "fund"; slot: number }
  | { kind: "redeem" | "payPenalty"; voucher: number }
  | { kind: "openFees" | "payFees" | "deliver"; receipt: number; by: number }
  | { kind: "nextDay"; days: number };

const pick = fc.nat(30);
const who = fc.nat(6);
const share = fc.integer({ min: 1, max: 20_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("guarantee" as const), by: fc.nat(2), loan: fc.boolean(), subject: pick, bank: fc.nat(1), shareBps: share, days: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("demand" as const), g: pick, by: who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("release" as const, "expire" as const), g: pick, by: who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("recover" as const), g: pick, by: who, shareBps: share }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("reclaim" as const), g: pick, by: who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pledge" as const), owner: fc.nat(1), tonnes: fc.integer({ min: 1, max: 30 }), shareBps: fc.integer({ min: 1, max: 10_000 }), term: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("repay" as const), loan: pick, by: fc.nat(1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("underwrite" as const), receipt: pick, insured: fc.integer({ min: 1, max: 2_000_000 }), days: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("fileClaim" as const), policy: pick, byBank: fc.boolean(), loss: fc.integer({ min: 1, max: 2_000_000 }), wrongLoan: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("acceptClaim" as const), claim: pick, shareBps: share, by: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rejectClaim" as const), claim: pick, by: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("fund" as const), slot: fc.nat(1) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("redeem" as const), voucher: pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("payPenalty" as const), voucher: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("openFees" as const, "payFees" as const, "deliver" as const), receipt: pick, by: who }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("nextDay" as const), days: fc.integer({ min: 1, max: 8 }) }) },
);

interface GuaranteeView { guarantor: string; bank: string; kind: bigint; subject: bigint; status: bigint; amount: bigint; paid: bigint; recovered: bigint }
interface ClaimView { status: bigint; policyId: bigint; paid: bigint; beneficiary: string }
interface PolicyView { insurer: string; receiptId: bigint; insured: bigint; paid: bigint }
interface LoanView { borrower: string; bank: string; status: bigint; receipts: bigint[] }
interface ReceiptView { owner: string; status: bigint }
interface VoucherView { owner: string; value: bigint; redeemedValue: bigint; financed: boolean; maturity: bigint }
interface View {
  cash: Map<string, bigint>;
  supply: bigint;
  guarantees: Map<bigint, GuaranteeView>;
  policies: Map<bigint, PolicyView>;
  claims: Map<bigint, ClaimView>;
  loans: Map<bigint, LoanView>;
  receipts: Map<bigint, ReceiptView>;
  vouchers: Map<bigint, VoucherView>;
  penaltyPaid: Map<bigint, boolean>;
  /** Receipts whose fee account is open. */
  feesOpen: Set<bigint>;
  /** The two slots, by maturity: whether each is funded in full. */
  funded: Map<bigint, boolean>;
  /** The two slots, by maturity: the value their penalty is still shared over. */
  penaltyBase: Map<bigint, bigint>;
  now: number;
  /** Per slot: what Settlement should hold for it, escrow plus penalty not yet paid. */
  settlementOwed: bigint;
}

describe("guarantees, cargo policies, late funding and fees: properties", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let inv: Inventory;
  let cover: Cover;
  let holders: string[];
  let guarantors: Signer[];
  let banks: Signer[];
  let owners: Signer[];
  let anyone: Signer[];
  let maturities: number[];
  const ok = new Map<string, number>();
  const failed = new Map<string, number>();

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    inv = await deployInventory(ledger, a);
    cover = await deployCover(ledger, a, inv);
    await toDay(1);
    owners = [a.s1, a.s2];
    banks = [a.bank, a.bank2];
    guarantors = [cover.guarantor, cover.guarantorBank, a.s3];
    anyone = [a.core, a.s1, a.s2, a.bank, a.bank2, cover.guarantor, a.outsider];
    for (const o of owners) await readyToLend(ledger, inv, a, o);
    await mined(as(inv.Pledges, a.bank2).setPledgeRate(LI2CO3, 6_000));
    // Two days' grace after a loan's maturity, so that sequences of a few weeks reach defaults.
    await mined(as(inv.Pledges, a.operator).setBounds([7_000, 8_000, 8_500, 1, 2]));
    await postPrice(inv, LI_PRICE);
    await mined(as(cover.Fees, inv.warehouse).setTariff(LI2CO3, 500n, 200n));
    await mined(as(ledger.Settlement, a.core).setPenaltyRate(1_800));
    // Two slots of vouchers, each with pieces financed by the banks, maturing within the sequences' reach.
    maturities = [await cstMidnightIn(3), await cstMidnightIn(8)];
    const roots = [await issued(ledger, a.core, a.s1, FACE, maturities[0]), await issued(ledger, a.core, a.s2, 5n * M, maturities[1])];
    let request = 0n;
    const pieces: bigint[] = [];
    for (const [root, holder, bank, amount] of [[roots[0], a.s1, a.bank, 2n * M], [roots[0], a.s1, a.bank2, 3n * M + 1n], [roots[1], a.s2, a.bank, M]] as const) {
      const maturity = Number((await ledger.Vouchers.voucher(root)).maturity);
      await mined(as(ledger.Financing, holder).request(root, amount, await bank.getAddress(), 450, maturity - DAY));
      request += 1n;
      await mined(as(ledger.Financing, bank).execute(request));
      pieces.push((await ledger.Vouchers.lastId()) as bigint);
    }
    // Something to act on in every sequence: a drawn pledge loan on a pledged, insured receipt whose fee account is
    // open, and two guarantees, on a financed piece and on the loan.
    const receipt = await issueReceipt(inv, a.s1, 20_000_000n);
    await mined(as(inv.Pledges, a.s1).request([receipt], A.bank, 50_000_000n, 500, (await latest()) + 5 * DAY));
    await mined(as(inv.Pledges, a.bank).drawdown(1n));
    const expiry = (await latest()) + 30 * DAY;
    await mined(as(cover.Guarantees, cover.guarantor).issue(0, pieces[0], A.bank, M, expiry));
    await mined(as(cover.Guarantees, cover.guarantorBank).issue(1, 1n, A.bank, 60_000_000n, expiry));
    await mined(as(cover.Policies, cover.insurer).underwrite(receipt, 80_000_000n, await latest(), expiry, `0x${"01".padStart(64, "0")}`));
    await mined(as(cover.Fees, inv.warehouse).open(receipt));
    const signers = [...Object.values(a), inv.warehouse, inv.warehouse2, cover.guarantor, cover.guarantorBank, cover.insurer];
    holders = [...new Set(await Promise.all(signers.map((x) => x.getAddress()))), await ledger.Settlement.getAddress()];
  });

  const count = async (c: Contract, fn: string) => Number((await c.getFunction(fn).staticCall()) as bigint);
  const ids = (n: number) => Array.from({ length: n }, (_, i) => BigInt(i + 1));

  async function view(): Promise<View> {
    const cash = new Map(await Promise.all(holders.map(async (h) => [h, (await ledger.SettlementCash.balanceOf(h)) as bigint] as const)));
    const G = cover.Guarantees;
    const guarantees = new Map(await Promise.all(ids(await count(G, "lastId")).map(async (id) => {
      const g = await G.guarantee(id);
      const v: GuaranteeView = { guarantor: g.guarantor, bank: g.bank, kind: g.kind, subject: g.subject, status: g.status, amount: g.amount, paid: g.paid, recovered: g.recovered };
      return [id, v] as const;
    })));
    const [lastPolicy, lastClaim] = ((await cover.Policies.lastIds()) as { toArray(): bigint[] }).toArray().map(Number);
    const policies = new Map(await Promise.all(ids(lastPolicy).map(async (id) => {
      const p = await cover.Policies.policy(id);
      const v: PolicyView = { insurer: p.insurer, receiptId: p.receiptId, insured: p.insured, paid: p.paid };
      return [id, v] as const;
    })));
    const claims = new Map(await Promise.all(ids(lastClaim).map(async (id) => {
      const c = await cover.Policies.claim(id);
      const v: ClaimView = { status: c.status, policyId: c.policyId, paid: c.paid, beneficiary: c.beneficiary };
      return [id, v] as const;
    })));
    const loans = new Map(await Promise.all(ids(await count(inv.Pledges, "lastId")).map(async (id) => {
      const l = await inv.Pledges.loan(id);
      const v: LoanView = { borrower: l.borrower, bank: l.bank, status: l.status, receipts: [...((await inv.Pledges.receiptsOf(id)) as bigint[])] };
      return [id, v] as const;
    })));
    const receipts = new Map(await Promise.all(ids(await count(inv.Receipts, "lastId")).map(async (id) => {
      const r = await inv.Receipts.receipt(id);
      const v: ReceiptView = { owner: r.owner, status: r.status };
      return [id, v] as const;
    })));
    const vouchers = new Map(await Promise.all(ids(await count(ledger.Vouchers, "lastId")).map(async (id) => {
      const x = await ledger.Vouchers.voucher(id);
      const v: VoucherView = { owner: x.owner, value: x.value, redeemedValue: x.redeemedValue, financed: x.financed, maturity: x.maturity };
      return [id, v] as const;
    })));
    const feesOpen = new Set<bigint>();
    for (const id of receipts.keys()) {
      const f = await cover.Fees.account(id);
      if (f.warehouse !== "0x0000000000000000000000000000000000000000" && !f.closed) feesOpen.add(id);
    }
    const penaltyPaid = new Map(await Promise.all([...vouchers.keys()].map(async (id) => [id, (await ledger.Settlement.penaltyPaid(id)) as boolean] as const)));
    let settlementOwed = 0n;
    const funded = new Map<bigint, boolean>();
    const penaltyBase = new Map<bigint, bigint>();
    for (const m of maturities) {
      const account = await ledger.Vouchers.slotAccount(slotId(A.core, m));
      funded.set(BigInt(m), (account.escrowed as bigint) >= (account.outstanding as bigint));
      const penalty = await ledger.Settlement.penaltyOf(A.core, m);
      penaltyBase.set(BigInt(m), penalty.base as bigint);
      settlementOwed += (account.escrowed as bigint) + (penalty.pool as bigint);
    }
    const supply = (await ledger.SettlementCash.totalSupply()) as bigint;
    return { cash, supply, guarantees, policies, claims, loans, receipts, vouchers, penaltyPaid, feesOpen, funded, penaltyBase, now: await latest(), settlementOwed };
  }


  /** Aimed, the n-th of the entries that pass `fit`; otherwise any id up to one past the last, mostly refused. */
  function choose<T>(entries: Map<bigint, T>, n: number, aim: boolean, fit: (t: T, id: bigint) => boolean): [bigint, T | undefined] {
    const some = [...entries].filter(([id, t]) => fit(t, id));
    if (aim && some.length > 0) return some[n % some.length];
    const id = BigInt((n % (entries.size + 1)) + 1);
    return [id, entries.get(id)];
  }

  const signerOf = async (address: string | undefined, fallback: Signer): Promise<Signer> => {
    for (const s of [...anyone, ...guarantors, cover.insurer, inv.warehouse]) if ((await s.getAddress()) === address) return s;
    return fallback;
  };

  /** The loan holding a pledged receipt, if any. */
  const loanOf = (v: View, receiptId: bigint): bigint => {
    for (const [id, l] of v.loans) {
      if (HOLDING.includes(l.status) && l.receipts.includes(receiptId)) return id;
    }
    return 0n;
  };

  it(`keeps guarantors within their amounts, cash conserved and every claim paid once through ${RUNS} sequences of ${STEPS} steps`, async () => {
    await fc.assert(
      // Three steps in four are aimed at an object they can act on; the rest pick at random, mostly to be refused.
      fc.asyncProperty(fc.array(fc.tuple(opArb, fc.nat(3).map((n) => n !== 0)), { minLength: STEPS, maxLength: STEPS }), async (ops) => {
        const snap = await snapshot();
        try {
          let before = await view();
          const supply = before.supply;
          for (const [op, aim] of ops) {
            let error: string | undefined;
            switch (op.kind) {
              case "guarantee": {
                const bank = banks[op.bank];
                const bankAt = await bank.getAddress();
                let subject: bigint;
                let claim = M;
                if (op.loan) {
                  const [id] = choose(before.loans, op.subject, aim, (l) => l.bank === bankAt && GUARANTEEABLE.includes(l.status));
                  subject = id;
                } else {
                  const [id, v] = choose(before.vouchers, op.subject, aim, (x) => x.financed && x.owner === bankAt && x.value > 0n);
                  subject = id;
                  claim = v?.value ?? M;
                }
                const amount = (claim * BigInt(op.shareBps)) / 10_000n;
                const expiry = (await latest()) + op.days * DAY;
                error = await attempt(() => as(cover.Guarantees, guarantors[op.by]).issue(op.loan ? 1 : 0, subject, bankAt, amount, expiry));
                break;
              }
              case "demand":
              case "release":
              case "expire": {
                const [id, g] = choose(before.guarantees, op.g, aim, (x) => x.status === G_STATUS.Active);
                const by = op.kind === "demand" && aim ? await signerOf(g?.bank, a.bank) : anyone[op.by];
                error = await attempt(() => as(cover.Guarantees, by)[op.kind](id));
                break;
              }
              case "recover": {
                const [id, g] = choose(before.guarantees, op.g, aim, (x) => x.status === G_STATUS.Called && x.paid > x.recovered);
                const left = g ? g.paid - g.recovered : M;
                error = await attempt(() => as(cover.Guarantees, anyone[op.by]).recover(id, (left * BigInt(op.shareBps)) / 10_000n));
                break;
              }
              case "reclaim": {
                const [id] = choose(before.guarantees, op.g, aim, (x) => x.status === G_STATUS.Called && x.paid > x.recovered);
                error = await attempt(() => as(cover.Guarantees, anyone[op.by]).reclaim(id));
                break;
              }
              case "pledge": {
                const owner = owners[op.owner];
                const q = BigInt(op.tonnes) * 1_000_000n;
                const r = await issueReceipt(inv, owner, q);
                const amount = (((valueOf(q, LI_PRICE) * 7_000n) / 10_000n) * BigInt(op.shareBps)) / 10_000n;
                const maturity = (await latest()) + op.term * DAY;
                error = await attempt(() => as(inv.Pledges, owner).request([r], A.bank, amount, 500, maturity));
                error ??= await attempt(async () => as(inv.Pledges, a.bank).drawdown(await inv.Pledges.lastId()));
                break;
              }
              case "repay": {
                const [id, l] = choose(before.loans, op.loan, aim, (x) => DRAWN.includes(x.status));
                const [principal, interest] = l ? ((await inv.Pledges.due(id)).toArray() as bigint[]) : [1n, 0n];
                error = await attempt(async () => as(inv.Pledges, await signerOf(l?.borrower, owners[op.by])).repay(id, principal + interest));
                break;
              }
              case "underwrite": {
                const [id] = choose(before.receipts, op.receipt, aim, (r) => INSURABLE.includes(r.status));
                const now = await latest();
                error = await attempt(() => as(cover.Policies, cover.insurer).underwrite(id, BigInt(op.insured) * 100n, now, now + op.days * DAY, `0x${"01".padStart(64, "0")}`));
                break;
              }
              case "fileClaim": {
                const [id, p] = choose(before.policies, op.policy, aim, (x) => x.paid < x.insured);
                const receiptId = p?.receiptId ?? 1n;
                const loanId = op.wrongLoan ? 1n : loanOf(before, receiptId);
                const loan = before.loans.get(loanId);
                const by = op.byBank ? await signerOf(loan?.bank, a.bank) : await signerOf(before.receipts.get(receiptId)?.owner, a.s1);
                error = await attempt(() => as(cover.Policies, by).fileClaim(id, BigInt(op.loss) * 100n, `0x${"02".padStart(64, "0")}`, loanId));
                break;
              }
              case "acceptClaim":
              case "rejectClaim": {
                const [id, c] = choose(before.claims, op.claim, aim, (x) => x.status === C_STATUS.Filed);
                const p = c ? before.policies.get(c.policyId) : undefined;
                const by = op.by === 0 ? a.bank : cover.insurer;
                if (op.kind === "rejectClaim") {
                  error = await attempt(() => as(cover.Policies, by).rejectClaim(id, `0x${"03".padStart(64, "0")}`));
                  break;
                }
                const amount = ((p ? p.insured - p.paid : M) * BigInt(op.shareBps)) / 20_000n;
                const loanId = p ? loanOf(before, p.receiptId) : 0n;
                error = await attempt(() => as(cover.Policies, by).acceptClaim(id, amount, loanId));
                if (error === undefined) {
                  // The beneficiary: the bank while the receipt secures a drawn loan, else the owner.
                  const loan = before.loans.get(loanId);
                  const drawn = loan !== undefined && DRAWN.includes(loan.status);
                  const after = (await cover.Policies.claim(id)).beneficiary as string;
                  expect(after).toBe(drawn ? loan.bank : before.receipts.get(p!.receiptId)!.owner);
                }
                break;
              }
              case "fund": {
                // Aimed, only a slot already overdue, so that sequences reach penalties and guarantee calls.
                const m = maturities[op.slot];
                if (aim && !((await ledger.Settlement.isOverdue(A.core, m)) as boolean)) {
                  error = "not overdue yet";
                  break;
                }
                error = await attempt(() => as(ledger.Settlement, a.core).fund(m));
                break;
              }
              case "redeem":
              case "payPenalty": {
                const redeemable = (v: VoucherView) => v.value > 0n && BigInt(before.now) >= v.maturity && before.funded.get(v.maturity) === true;
                const [id] = choose(before.vouchers, op.voucher, aim, (v, vid) => (op.kind === "redeem" ? redeemable(v) : v.redeemedValue > 0n && !before.penaltyPaid.get(vid)));
                error = await attempt(() => as(ledger.Settlement, a.outsider)[op.kind](id));
                break;
              }
              case "openFees":
              case "payFees":
              case "deliver": {
                const fit = (x: ReceiptView, rid: bigint) =>
                  op.kind === "payFees" ? before.feesOpen.has(rid) : x.status === R_STATUS.Active || (op.kind === "openFees" && x.status === R_STATUS.Pledged);
                const [id, r] = choose(before.receipts, op.receipt, aim, fit);
                if (op.kind === "openFees") error = await attempt(() => as(cover.Fees, inv.warehouse).open(id));
                else if (op.kind === "payFees") error = await attempt(() => as(cover.Fees, anyone[op.by]).pay(id));
                else error = await attempt(async () => as(inv.Receipts, await signerOf(r?.owner, a.s1)).deliver(id));
                break;
              }
              case "nextDay":
                await toDay(op.days);
                await postPrice(inv, LI_PRICE);
                break;
            }
            ok.set(op.kind, (ok.get(op.kind) ?? 0) + (error === undefined ? 1 : 0));
            if (error !== undefined) failed.set(`${op.kind} ${error}`, (failed.get(`${op.kind} ${error}`) ?? 0) + 1);
            const after = await view();
            check(before, after, supply);
            before = after;
          }
        } finally {
          await revertTo(snap);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    if (process.env.COVER_STATS === "1") console.log(Object.fromEntries(ok), Object.fromEntries(failed));
    // Not vacuous: the steps the properties are about succeeded somewhere.
    for (const kind of ["guarantee", "demand", "recover", "underwrite", "fileClaim", "acceptClaim", "fund", "redeem", "payPenalty", "payFees"]) {
      expect(ok.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
  }, 900_000);

  function check(before: View, after: View, supply: bigint): void {
    // Cash is conserved: nothing minted or burnt, every fen with a known holder, Settlement's exactly what it owes.
    expect(after.supply).toBe(supply);
    expect([...after.cash.values()].reduce((s, x) => s + x, 0n)).toBe(supply);
    expect(after.cash.get(holders.at(-1)!)).toBe(after.settlementOwed);

    // A guarantor never pays more than it guaranteed, pays once, and is never repaid more than it paid.
    const paidNow = new Map<string, bigint>();
    for (const [id, g] of after.guarantees) {
      expect(g.paid).toBeLessThanOrEqual(g.amount);
      expect(g.recovered).toBeLessThanOrEqual(g.paid);
      const was = before.guarantees.get(id);
      if (was?.status === G_STATUS.Called) {
        expect(g.status).toBe(G_STATUS.Called);
        expect(g.paid).toBe(was.paid);
      } else if (g.status === G_STATUS.Called) {
        paidNow.set(g.guarantor, (paidNow.get(g.guarantor) ?? 0n) + g.paid);
        paidNow.set(g.bank, (paidNow.get(g.bank) ?? 0n) - g.paid);
      } else {
        expect(g.paid).toBe(0n);
      }
    }
    // The guarantor's cash fell by exactly what its newly called guarantees paid (net of recoveries it received).
    for (const [guarantor, paid] of paidNow) {
      if (paid <= 0n) continue;
      const recovered = [...after.guarantees.values()].filter((g) => g.guarantor === guarantor).reduce((s, g) => s + g.recovered, 0n)
        - [...before.guarantees.values()].filter((g) => g.guarantor === guarantor).reduce((s, g) => s + g.recovered, 0n);
      expect(before.cash.get(guarantor)! - after.cash.get(guarantor)!).toBe(paid - recovered);
    }

    // An insurance claim is paid once, and a policy pays at most what it insures: the sum of its claims.
    const paidByPolicy = new Map<bigint, bigint>();
    for (const [id, c] of after.claims) {
      const was = before.claims.get(id);
      if (was?.status === C_STATUS.Paid) expect(c).toEqual(was);
      if (c.status !== C_STATUS.Paid) expect(c.paid).toBe(0n);
      paidByPolicy.set(c.policyId, (paidByPolicy.get(c.policyId) ?? 0n) + c.paid);
    }
    for (const [id, p] of after.policies) {
      expect(p.paid).toBe(paidByPolicy.get(id) ?? 0n);
      expect(p.paid).toBeLessThanOrEqual(p.insured);
    }
    // The insurer's cash fell by exactly what its policies newly paid.
    const insurer = [...after.policies.values()][0]?.insurer;
    if (insurer) {
      const paid = (v: View) => [...v.policies.values()].reduce((sum, p) => sum + p.paid, 0n);
      expect(before.cash.get(insurer)! - after.cash.get(insurer)!).toBe(paid(after) - paid(before));
    }

    // A voucher's penalty share is paid once: once paid it stays paid, and the slot's penalty is still shared over
    // exactly the value of the vouchers not yet paid theirs.
    for (const [id, paid] of before.penaltyPaid) if (paid) expect(after.penaltyPaid.get(id)).toBe(true);
    for (const [maturity, base] of after.penaltyBase) {
      const slot = [...after.vouchers].filter(([, v]) => v.maturity === maturity);
      const unpaid = slot.filter(([id]) => !after.penaltyPaid.get(id)).reduce((sum, [, v]) => sum + v.value + v.redeemedValue, 0n);
      if (base > 0n || slot.some(([id]) => after.penaltyPaid.get(id))) expect(base).toBe(unpaid);
    }
  }
});
