/**
 * A ledger on the test peer with the cast of the Solidity suite: operator, regulator, a core enterprise, three
 * tiers of suppliers, two banks and the settlement bank, each enrolled by the throwaway CA with its account and
 * roles as certificate attributes. Money is bigint fen; times are bigint seconds.
 */
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { invoiceKey } from "../../../chain/invoice-key";
import { ChaincodeRefusal, TestPeer, type Endorsement } from "./test-peer";
import { TestCa, type Enrolment } from "./test-ca";

export const MSP = "Org1MSP";
/** 2027-01-04 10:00 CST. */
export const START = 1_799_028_000n;
export const DAY = 86_400n;
const CST = 8n * 3_600n;

/** 00:00 CST, `days` calendar days after the CST day of `at`. */
export const cstMidnightAfter = (at: bigint, days: bigint): bigint => ((at + CST) / DAY + days) * DAY - CST;

export const ROLES = { operator: 1, regulator: 2, core: 4, supplier: 8, bank: 16 } as const;

export const accountOf = (name: string): string => `0x${createHash("sha256").update(name).digest("hex").slice(0, 40)}`;
export const bytes32 = (label: string): string => `0x${createHash("sha256").update(label).digest("hex")}`;

export interface Cast {
  operator: Enrolment;
  regulator: Enrolment;
  core: Enrolment;
  tier1: Enrolment;
  tier2: Enrolment;
  tier3: Enrolment;
  bank: Enrolment;
  bank2: Enrolment;
  cashBank: Enrolment;
  /** Registered as nothing: an identity the ledger does not know. */
  stranger: Enrolment;
}

const CAST: Record<keyof Cast, { roles: string; bits: number }> = {
  operator: { roles: "operator", bits: ROLES.operator },
  regulator: { roles: "regulator", bits: ROLES.regulator },
  core: { roles: "core", bits: ROLES.core },
  tier1: { roles: "supplier", bits: ROLES.supplier },
  tier2: { roles: "supplier", bits: ROLES.supplier },
  tier3: { roles: "supplier", bits: ROLES.supplier },
  bank: { roles: "bank", bits: ROLES.bank },
  bank2: { roles: "bank", bits: ROLES.bank },
  cashBank: { roles: "bank", bits: ROLES.bank },
  stranger: { roles: "supplier", bits: 0 },
};

let ca: Promise<TestCa> | undefined;
const enrolments = new Map<string, Promise<Enrolment>>();

/** The throwaway CA of this test file, created once. */
export const testCa = (): Promise<TestCa> => (ca ??= TestCa.create(MSP));

/** Enrols `name` once per test file; key generation is the slow part. */
export function enrol(name: string, roles: string, account = accountOf(name)): Promise<Enrolment> {
  const key = `${name}|${roles}|${account}`;
  let e = enrolments.get(key);
  if (e === undefined) {
    e = testCa().then((c) => c.enrol(name, { "scf.account": account, "scf.roles": roles }));
    enrolments.set(key, e);
  }
  return e;
}

export class Ledger {
  readonly peer = new TestPeer(START);
  readonly cast: Cast;

  constructor(cast: Cast) {
    this.cast = cast;
  }

  get now(): bigint {
    return this.peer.now;
  }

  submit(who: Enrolment, fn: string, ...args: string[]): Promise<Endorsement> {
    return this.peer.submit(who, fn, ...args);
  }

  async query<T>(fn: string, ...args: string[]): Promise<T> {
    return JSON.parse(await this.peer.evaluate(this.cast.operator, fn, ...args)) as T;
  }

  /** `action` is refused with `code`, and the world state is exactly as before. */
  async refuses(action: Promise<unknown>, code: string): Promise<void> {
    const before = this.snapshot();
    const error = await action.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, `expected ${code}`).toBeInstanceOf(ChaincodeRefusal);
    expect((error as ChaincodeRefusal).code).toBe(code);
    expect(this.snapshot()).toEqual(before);
  }

  snapshot(): Map<string, string> {
    return new Map(this.peer.world.keys().map((k) => [k, this.peer.world.get(k)!.toString("utf8")]));
  }

  cash(who: Enrolment | string): Promise<bigint> {
    return this.peer.evaluate(this.cast.operator, "Cash:balanceOf", typeof who === "string" ? who : who.account).then(BigInt);
  }

  async voucher(id: bigint): Promise<Voucher> {
    const v = await this.query<Record<string, string | number | boolean> | null>("Vouchers:get", id.toString());
    if (v === null) throw new Error(`no voucher ${id}`);
    return {
      id,
      owner: v.owner as string,
      value: BigInt(v.value),
      redeemedValue: BigInt(v.redeemedValue),
      locked: BigInt(v.locked),
      depth: v.depth as number,
      financed: v.financed as boolean,
      root: BigInt(v.root),
      parent: BigInt(v.parent),
      debtor: v.debtor as string,
      maturity: BigInt(v.maturity),
    };
  }

  private invoiceCount = 0;

  /** `seller` registers an invoice of `amount` to `buyer`, and the buyer confirms it. Returns its key. */
  async invoice(seller: Enrolment, buyer: Enrolment, amount: bigint, confirm = true): Promise<string> {
    const n = String(++this.invoiceCount).padStart(20, "0");
    const key = invoiceKey({ kind: "digital", number: n });
    await this.submit(seller, "Invoices:register", key, buyer.account, amount.toString(), bytes32(`commitment ${n}`));
    if (confirm) await this.submit(buyer, "Invoices:confirm", key);
    return key;
  }

  /** The core issues `amount` to `holder` maturing at `maturity`, backed by a fresh invoice. */
  async issue(holder: Enrolment, amount: bigint, maturity: bigint): Promise<bigint> {
    const key = await this.invoice(holder, this.cast.core, amount);
    const e = await this.submit(this.cast.core, "Vouchers:issue", holder.account, amount.toString(), maturity.toString(), JSON.stringify([key]));
    return BigInt(e.payload);
  }

  /** `from` passes `amount` of voucher `id` to `to`, backed by a fresh invoice from `to` to `from`. */
  async transfer(from: Enrolment, id: bigint, to: Enrolment, amount: bigint): Promise<bigint> {
    const key = await this.invoice(to, from, amount);
    const e = await this.submit(from, "Vouchers:splitTransfer", id.toString(), to.account, amount.toString(), JSON.stringify([key]));
    return BigInt(e.payload);
  }

  async mint(to: Enrolment, amount: bigint): Promise<void> {
    await this.submit(this.cast.cashBank, "Cash:mint", to.account, amount.toString(), bytes32(`deposit ${String(++this.invoiceCount)}`));
  }
}

export interface Voucher {
  id: bigint;
  owner: string;
  value: bigint;
  redeemedValue: bigint;
  locked: bigint;
  depth: number;
  financed: boolean;
  root: bigint;
  parent: bigint;
  debtor: string;
  maturity: bigint;
}

export async function enrolCast(): Promise<Cast> {
  const entries = await Promise.all(
    (Object.keys(CAST) as (keyof Cast)[]).map(async (name) => [name, await enrol(name, CAST[name].roles)] as const),
  );
  return Object.fromEntries(entries) as unknown as Cast;
}

/** A ledger with everyone registered, the settlement bank designated and nothing else. */
export async function bareLedger(): Promise<Ledger> {
  const cast = await enrolCast();
  const ledger = new Ledger(cast);
  await ledger.submit(cast.operator, "Genesis:init", cast.regulator.account, MSP);
  for (const name of Object.keys(CAST) as (keyof Cast)[]) {
    const { bits } = CAST[name];
    if (name === "operator" || name === "regulator" || bits === 0) continue;
    const who = cast[name];
    await ledger.submit(cast.operator, "Participants:register", who.account, String(bits), bytes32(`uscc ${name}`), bytes32(`kyc ${name}`), MSP);
  }
  await ledger.submit(cast.regulator, "Cash:designateSettlementBank", cast.cashBank.account);
  return ledger;
}

export const LIMIT = 10_000_000_00n;

/** A bare ledger where `bank` gave the core a line of ¥10,000,000 for a year, and the banks hold cash. */
export async function fundedLedger(): Promise<Ledger> {
  const ledger = await bareLedger();
  const { cast } = ledger;
  await ledger.submit(cast.bank, "CreditLines:grant", cast.core.account, LIMIT.toString(), cstMidnightAfter(START, 365n).toString());
  await ledger.mint(cast.bank, 50_000_000_00n);
  await ledger.mint(cast.core, 50_000_000_00n);
  return ledger;
}

/** Everyone in the cast, for looking an account up. */
export const members = (cast: Cast): Enrolment[] => Object.values(cast) as Enrolment[];
