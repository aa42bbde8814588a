/**
 * The state the model of the ledger keeps, contract by contract, and the vocabulary every part of the model
 * shares: the cast, the keys of its maps, the record of what a call touched, and a revert.
 */
import type { CreditPassingRules } from "../../../chain/values";
import { cstDayNumber, cstMidnightAfter as cstMidnightAfterDate, isCstMidnight as isMidnight } from "../../../chain/cst-day";

export const MAX64 = (1n << 64n) - 1n;


export const ACTORS = [
  "operator",
  "regulator",
  "core",
  "core2",
  "bank",
  "bank2",
  "s1",
  "s2",
  "s3",
  "s4",
  "s5",
  "outsider",
] as const;
export type ActorName = (typeof ACTORS)[number];
/** Who may receive vouchers: the suppliers and core2, which is also a supplier of another chain. */
export const RECIPIENTS: readonly ActorName[] = ["s1", "s2", "s3", "s4", "s5", "core2"];
/** Who the regulator and the operator act on, most of the time. */
export const MEMBERS: readonly ActorName[] = ["core", "core2", "bank", "bank2", "s1", "s2", "s3", "s4", "s5"];

export enum Status {
  None = 0,
  Active = 1,
  Suspended = 2,
  Frozen = 3,
}

// The contracts count time in seconds of block time; the ledger's calendar (chain/cst-day) in Dates.
const instant = (t: number): Date => new Date(t * 1000);
export const cstDay = (t: number): number => cstDayNumber(instant(t));
export const isCstMidnight = (t: number): boolean => isMidnight(instant(t));
export const daysBetween = (start: number, maturity: number): number => Math.max(0, cstDay(maturity) - cstDay(start));
/** 00:00 CST, `days` calendar days after the CST date of `now`. */
export const cstMidnightAfter = (now: number, days: number): number => cstMidnightAfterDate(instant(now), days).getTime() / 1000;

export const slotKey = (debtor: string, maturity: number): string => `${debtor}|${maturity}`;
export const pairKey = (a: string, b: string): string => `${a}|${b}`;
export const splitKey = (k: string): [string, string] => k.split("|") as [string, string];


/** A program's rules, as the ledger port types them. */
export type Rules = CreditPassingRules;
/** What `rulesOf` returns for a program that never chose its rules. */
export const DEFAULT_RULES: Rules = {
  maxDepth: 5,
  maxTermDays: 180,
  minSplit: 1n,
  invoicesRequired: true,
  whitelistOnly: false,
  banksRestricted: false,
  issuanceCoveredByCredit: true,
};

export interface Participant {
  roles: number;
  registered: boolean;
  suspended: boolean;
  frozen: boolean;
}
/** As stored: `value` stays after redemption (the view then reads it as `redeemedValue`). */
export interface Voucher {
  owner: string;
  value: bigint;
  redeemed: boolean;
  locked: bigint;
  depth: number;
  financed: boolean;
  root: number;
  parent: number;
  debtor: string;
  maturity: number;
}
export interface Line {
  limit: bigint;
  used: bigint;
  expiry: number;
  open: boolean;
}
export interface Invoice {
  seller: string;
  buyer: string;
  amount: bigint;
  used: bigint;
  confirmed: boolean;
}
export interface SlotAccount {
  outstanding: bigint;
  escrowed: bigint;
}
export interface Request {
  holder: string;
  voucherId: number;
  deadline: number;
  bank: string;
  amount: bigint;
  rateBps: number;
  feeBps: number;
}

export interface State {
  now: number;
  participants: Map<string, Participant>;
  rules: Map<string, Rules>;
  whitelist: Set<string>;
  eligibleBanks: Set<string>;
  vouchers: Map<number, Voucher>;
  lastId: number;
  slots: Map<string, SlotAccount>;
  outstanding: Map<string, bigint>;
  lines: Map<string, Line>;
  openLimit: Map<string, bigint>;
  invoices: Map<string, Invoice>;
  requests: Map<number, Request>;
  lastRequestId: number;
  balances: Map<string, bigint>;
  allowances: Map<string, bigint>;
  totalSupply: bigint;
  feeBps: number;
  feeRecipient: string;
  grace: number;
  flagged: Set<string>;
  /** The bank that alone mints and burns, and the references its deposits and its withdrawals have used. */
  settlementBank: string;
  depositRefs: Set<string>;
  withdrawalRefs: Set<string>;
}

/**
 * What a call wrote, or would have written before it reverted: the post-step check reads exactly these back
 * from the chain (the end-of-sequence check reads everything).
 */
export interface Touched {
  participants: Set<string>;
  rules: Set<string>;
  whitelist: Set<string>;
  eligibleBanks: Set<string>;
  vouchers: Set<number>;
  slots: Set<string>;
  outstanding: Set<string>;
  lines: Set<string>;
  openLimit: Set<string>;
  invoices: Set<string>;
  requests: Set<number>;
  balances: Set<string>;
  allowances: Set<string>;
  fee: boolean;
  supply: boolean;
}
export function noneTouched(): Touched {
  return {
    participants: new Set(),
    rules: new Set(),
    whitelist: new Set(),
    eligibleBanks: new Set(),
    vouchers: new Set(),
    slots: new Set(),
    outstanding: new Set(),
    lines: new Set(),
    openLimit: new Set(),
    invoices: new Set(),
    requests: new Set(),
    balances: new Set(),
    allowances: new Set(),
    fee: false,
    supply: false,
  };
}

/** Adds everything in `from` to `into`. */
export function mergeTouched(into: Touched, from: Touched): void {
  for (const key of Object.keys(from) as (keyof Touched)[]) {
    const src = from[key];
    if (typeof src === "boolean") (into[key] as boolean) ||= src;
    else for (const x of src as Set<string | number>) (into[key] as Set<string | number>).add(x);
  }
}

export class Revert extends Error {
  constructor(readonly errorName: string) {
    super(errorName);
  }
}
export const revert = (name: string): never => {
  throw new Revert(name);
};

export interface Addresses {
  actors: Record<ActorName, string>;
  settlement: string;
  financing: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };
