/**
 * What a call needs to turn an operation descriptor's random naturals into concrete arguments against the
 * current model state (a random actor, holder, voucher, amount, invoice, maturity, deadline...), and the
 * executor that sends the call to the chain. The calls themselves are in calls/, one file per contract.
 */
import { keccak256, toUtf8Bytes } from "ethers";
import { invoiceKey } from "../../../chain/invoice-key";
import type { LedgerModel } from "./ledger";
import { big, div, fen, type Executor, type Kind } from "./operations";
import { ACTORS, cstDay, cstMidnightAfter, MAX64, splitKey, type ActorName, type Request, type State, type Voucher } from "./state";

/** One kind of operation, given the descriptor's six naturals (and its kind, for calls that serve several). */
export type Call = (i: Choices, n: [number, number, number, number, number, number], k: Kind) => Promise<void>;

let invoiceSerial = 0;
function freshKey(): string {
  invoiceSerial += 1;
  return invoiceKey({ kind: "digital", number: `9${String(invoiceSerial).padStart(19, "0")}` });
}

export class Choices {
  constructor(
    readonly m: LedgerModel,
    readonly x: Executor,
  ) {}

  get s(): State {
    return this.m.s;
  }
  a(name: ActorName): string {
    return this.m.addr.actors[name];
  }
  anyActor(n: number): string {
    return this.a(ACTORS[n % ACTORS.length]);
  }
  /** Mostly `right`, sometimes anyone. */
  rightOr(n: number, right: string): string {
    return n % 10 < 8 ? right : this.anyActor(div(n, 10));
  }
  /** Anyone, and now and then a module's address, which only `settle` may pay. */
  cashParty(n: number): string {
    if (n % 25 === 24) return this.m.addr.settlement;
    if (n % 25 === 23) return this.m.addr.financing;
    return this.anyActor(div(n, 25));
  }
  oneOf<T>(xs: readonly T[], n: number): T {
    return xs[n % xs.length];
  }
  n(x: string | number | bigint): string {
    if (typeof x === "string") return this.m.name(x);
    if (typeof x === "bigint") return fen(x);
    return String(x);
  }
  /** A time as the CST calendar day counted from the sequence's first day, and the CST clock time. */
  when(t: number): string {
    const day = cstDay(t) - cstDay(this.start);
    const secs = t - cstMidnightAfter(t, 0);
    const hh = String(Math.floor(secs / 3600)).padStart(2, "0");
    const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, "0");
    const ss = secs % 60 ? `:${String(secs % 60).padStart(2, "0")}` : "";
    return `day ${day} ${hh}:${mm}${ss}`;
  }
  start = 0;

  vouchers(pred: (v: Voucher) => boolean): number[] {
    return [...this.s.vouchers.entries()].filter(([, v]) => pred(v)).map(([id]) => id);
  }
  /** Mostly a voucher that fits `pred`; sometimes any voucher; sometimes one that does not exist. */
  pickVoucher(n: number, pred: (v: Voucher) => boolean): number {
    const mode = n % 10;
    const r = div(n, 10);
    if (mode < 8) {
      const good = this.vouchers(pred);
      if (good.length) return this.oneOf(good, r);
    }
    const all = [...this.s.vouchers.keys()];
    if (mode < 9 && all.length) return this.oneOf(all, r);
    return r % 2 === 0 ? this.s.lastId + 1 : 0;
  }
  live = (v: Voucher): boolean => !v.redeemed && v.value > v.locked && this.s.now < v.maturity;

  /** An amount against a voucher: mostly a share of its free value, sometimes all of it, too much or nothing. */
  amountOf(n: number, free: bigint, value: bigint): bigint {
    const mode = n % 20;
    const r = div(n, 20);
    if (mode < 10) {
      const share = (free * big(1 + (r % 100))) / 100n;
      return share > 0n ? share : 1n;
    }
    if (mode < 13) return free;
    if (mode === 13) return free / 2n;
    // One fen over, except where that would not fit the ABI's uint64: a voucher can be worth 2^64 - 1 fen.
    if (mode === 14) return free < MAX64 ? free + 1n : MAX64;
    if (mode === 15) return 0n;
    if (mode === 16) return 1n;
    if (mode === 17) return value;
    if (mode === 18) return free - 1n > 0n ? free - 1n : 1n;
    return MAX64;
  }

  maturities(debtor?: string): number[] {
    const out = new Set<number>();
    for (const k of this.s.slots.keys()) {
      const [d, m] = splitKey(k);
      if (!debtor || d === debtor) out.add(Number(m));
    }
    return [...out].sort((x, y) => x - y);
  }
  /** Mostly a maturity already in use (so that slots fill up) or a fresh valid one; now and then an invalid one. */
  pickMaturity(n: number, debtor?: string): number {
    const mode = n % 20;
    const r = div(n, 20);
    const all = this.maturities(debtor);
    const ahead = all.filter((t) => t > this.s.now);
    if (mode < 8 && ahead.length) return this.oneOf(ahead, r);
    if (mode < 9 && all.length) return this.oneOf(all, r);
    if (mode < 18) return cstMidnightAfter(this.s.now, this.oneOf([1, 7, 30, 90, 180], r));
    if (mode === 18) return cstMidnightAfter(this.s.now, this.oneOf([181, 0, 366, -1], r));
    return cstMidnightAfter(this.s.now, 30) + 3600;
  }

  pickRequest(n: number, pred: (r: Request) => boolean = () => true): number {
    const mode = n % 10;
    const r = div(n, 10);
    const pending = [...this.s.requests.entries()].filter(([, q]) => pred(q)).map(([id]) => id);
    if (mode < 8 && pending.length) return this.oneOf(pending, r);
    const any = [...this.s.requests.keys()];
    if (mode < 9 && any.length) return this.oneOf(any, r);
    return r % 2 === 0 || this.s.lastRequestId === 0 ? this.s.lastRequestId + 1 : 1 + (r % this.s.lastRequestId);
  }

  // ---------------------------------------------------------------- invoices

  async invoice(seller: string, buyer: string, amount: bigint, confirm: boolean): Promise<string> {
    const key = freshKey();
    const amt = amount > MAX64 ? MAX64 : amount < 0n ? 0n : amount;
    const commitment = keccak256(toUtf8Bytes(key));
    await this.x.tx(
      `${this.n(seller)} Invoices.register(inv…${key.slice(-4)}, buyer ${this.n(buyer)}, ${this.n(amt)})`,
      seller,
      "Invoices",
      "register",
      [key, buyer, amt, commitment],
      () => this.m.invoices.register(seller, key, buyer, amt),
    );
    if (confirm) {
      await this.x.tx(`${this.n(buyer)} Invoices.confirm(inv…${key.slice(-4)})`, buyer, "Invoices", "confirm", [key], () =>
        this.m.invoices.confirm(buyer, key),
      );
    }
    return key;
  }

  /** The invoices offered with an issue or transfer from `seller` (the recipient) to `buyer` (the payer). */
  async invoicesFor(n: number, seller: string, buyer: string, amount: bigint): Promise<string[]> {
    const mode = n % 12;
    const r = div(n, 12);
    const known = [...this.s.invoices.keys()];
    switch (mode) {
      case 5:
        return [await this.invoice(seller, buyer, amount * 2n, true)];
      case 6: {
        const half = amount / 2n;
        if (half === 0n) return [await this.invoice(seller, buyer, amount, true)];
        return [await this.invoice(seller, buyer, amount - half, true), await this.invoice(seller, buyer, half, true)];
      }
      case 7:
        if (known.length) return [this.oneOf(known, r)];
        return [await this.invoice(seller, buyer, amount, true)];
      case 8:
        return [await this.invoice(seller, buyer, amount, false)];
      case 9:
        return [await this.invoice(seller, buyer, amount - 1n, true)];
      case 10:
        return [];
      case 11: {
        const k = await this.invoice(seller, buyer, amount, true);
        return [k, k];
      }
      default:
        return [await this.invoice(seller, buyer, amount, true)];
    }
  }
  keys(keys: string[]): string {
    return `[${keys.map((k) => `inv…${k.slice(-4)}`).join(", ")}]`;
  }

  /** An issue amount: mostly up to ¥20M, sometimes zero, the exact cover left, one fen over it, or absurd. */
  issueAmount(n: number, debtor: string): bigint {
    const mode = n % 20;
    const r = big(div(n, 20));
    const cover = (this.s.openLimit.get(debtor) ?? 0n) - (this.s.outstanding.get(debtor) ?? 0n);
    if (mode < 14) return 1n + ((r * 7919n) % 2_000_000_000n);
    if (mode === 14) return 0n;
    if (mode === 15) return cover + 1n > 0n && cover + 1n <= MAX64 ? cover + 1n : 1n;
    if (mode === 16) return cover > 0n && cover <= MAX64 ? cover : 1n;
    if (mode === 17) return MAX64;
    return 1n + (r % 100n);
  }
}
