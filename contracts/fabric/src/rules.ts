/**
 * Credit-passing rules (contracts/CreditPassingRules.sol): one set per core enterprise, always read through the
 * platform bounds that only the operator sets, so that tightening a bound tightens every program at once.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { refusal } from "./errors";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { requireCaller } from "./participants";
import { canonicalJson } from "./state";
import { ROLE, U16_MAX, U64_MAX, parseAccount, parseBool, parseList, parseRecord, parseSmall, parseUint } from "./values";

export interface Bounds {
  maxDepth: number;
  maxTermDays: number;
  minSplitFloor: bigint;
  invoicesMandatory: boolean;
  coverageMandatory: boolean;
}

export interface Rules {
  maxDepth: number;
  maxTermDays: number;
  minSplit: bigint;
  invoicesRequired: boolean;
  whitelistOnly: boolean;
  banksRestricted: boolean;
  issuanceCoveredByCredit: boolean;
}

/** Supply-chain e-vouchers run at most six months in principle and never over a year (2025 rule). */
const HARD_MAX_TERM_DAYS = 365;
const HARD_MAX_DEPTH = 32;
const DEFAULT_RULES: Rules = {
  maxDepth: 5,
  maxTermDays: 180,
  minSplit: 1n,
  invoicesRequired: true,
  whitelistOnly: false,
  banksRestricted: false,
  issuanceCoveredByCredit: true,
};

const BOUNDS = "bounds";
const RULES = "rules";
const WHITELIST = "whitelist";
const ELIGIBLE_BANK = "eligibleBank";

type Stored<T> = { [K in keyof T]: T[K] extends bigint ? string : T[K] };

export const defaultBounds = (): Bounds => ({
  maxDepth: HARD_MAX_DEPTH,
  maxTermDays: HARD_MAX_TERM_DAYS,
  minSplitFloor: 1n,
  invoicesMandatory: false,
  coverageMandatory: false,
});

export async function putBounds(ctx: LedgerContext, b: Bounds): Promise<void> {
  await ctx.state.put(BOUNDS, [], b);
  ctx.emit("BoundsChanged", { bounds: { ...b } });
}

export async function boundsOf(ctx: LedgerContext): Promise<Bounds> {
  const b = await ctx.state.get<Stored<Bounds>>(BOUNDS, []);
  return b === undefined ? defaultBounds() : { ...b, minSplitFloor: BigInt(b.minSplitFloor) };
}

async function storedRules(ctx: LedgerContext, core: string): Promise<Rules | undefined> {
  const r = await ctx.state.get<Stored<Rules>>(RULES, [core]);
  return r === undefined ? undefined : { ...r, minSplit: BigInt(r.minSplit) };
}

/** The rules in force for `core`: its own, or the defaults, clamped to the bounds. */
export async function rulesOf(ctx: LedgerContext, core: string): Promise<Rules> {
  const r = { ...((await storedRules(ctx, core)) ?? DEFAULT_RULES) };
  const b = await boundsOf(ctx);
  if (r.maxDepth > b.maxDepth) r.maxDepth = b.maxDepth;
  if (r.maxTermDays > b.maxTermDays) r.maxTermDays = b.maxTermDays;
  if (r.minSplit < b.minSplitFloor) r.minSplit = b.minSplitFloor;
  if (b.invoicesMandatory) r.invoicesRequired = true;
  if (b.coverageMandatory) r.issuanceCoveredByCredit = true;
  return r;
}

/** No bound touches the whitelist flag, and default rules leave it off: the program's own rules alone say. */
export async function mayReceive(ctx: LedgerContext, core: string, supplier: string): Promise<boolean> {
  const r = await storedRules(ctx, core);
  return r?.whitelistOnly !== true || (await ctx.state.get(WHITELIST, [core, supplier])) !== undefined;
}

export async function mayFinance(ctx: LedgerContext, core: string, bank: string): Promise<boolean> {
  const r = await storedRules(ctx, core);
  return r?.banksRestricted !== true || (await ctx.state.get(ELIGIBLE_BANK, [core, bank])) !== undefined;
}

function parseBounds(raw: string): Bounds {
  const b = parseRecord(raw, "bounds");
  return {
    maxDepth: parseSmall(b.maxDepth, "bounds.maxDepth", 0xff),
    maxTermDays: parseSmall(b.maxTermDays, "bounds.maxTermDays", U16_MAX),
    minSplitFloor: parseUint(b.minSplitFloor, "bounds.minSplitFloor", U64_MAX),
    invoicesMandatory: parseBool(b.invoicesMandatory, "bounds.invoicesMandatory"),
    coverageMandatory: parseBool(b.coverageMandatory, "bounds.coverageMandatory"),
  };
}

function parseRules(raw: string): Rules {
  const r = parseRecord(raw, "rules");
  return {
    maxDepth: parseSmall(r.maxDepth, "rules.maxDepth", 0xff),
    maxTermDays: parseSmall(r.maxTermDays, "rules.maxTermDays", U16_MAX),
    minSplit: parseUint(r.minSplit, "rules.minSplit", U64_MAX),
    invoicesRequired: parseBool(r.invoicesRequired, "rules.invoicesRequired"),
    whitelistOnly: parseBool(r.whitelistOnly, "rules.whitelistOnly"),
    banksRestricted: parseBool(r.banksRestricted, "rules.banksRestricted"),
    issuanceCoveredByCredit: parseBool(r.issuanceCoveredByCredit, "rules.issuanceCoveredByCredit"),
  };
}

const parseAccounts = (raw: string, what: string): string[] => parseList(raw, what).map((a) => parseAccount(a, what));

@Info({ title: "Rules", description: "Credit-passing rules per core enterprise, within the platform bounds" })
export class RulesContract extends LedgerContract {
  constructor() {
    super("Rules");
  }

  @Transaction()
  async setBounds(ctx: LedgerContext, bounds: string): Promise<void> {
    await requireCaller(ctx, ROLE.operator);
    const b = parseBounds(bounds);
    if (b.maxDepth === 0 || b.maxDepth > HARD_MAX_DEPTH) throw refusal("CreditPassingRulesInvalidBounds");
    if (b.maxTermDays === 0 || b.maxTermDays > HARD_MAX_TERM_DAYS) throw refusal("CreditPassingRulesInvalidBounds");
    if (b.minSplitFloor === 0n) throw refusal("CreditPassingRulesInvalidBounds");
    await putBounds(ctx, b);
  }

  @Transaction()
  async setRules(ctx: LedgerContext, rules: string): Promise<void> {
    await requireCaller(ctx, ROLE.core);
    const r = parseRules(rules);
    const b = await boundsOf(ctx);
    if (r.maxDepth === 0 || r.maxDepth > b.maxDepth) throw refusal("CreditPassingRulesOutOfBounds");
    if (r.maxTermDays === 0 || r.maxTermDays > b.maxTermDays) throw refusal("CreditPassingRulesOutOfBounds");
    if (r.minSplit < b.minSplitFloor) throw refusal("CreditPassingRulesOutOfBounds");
    if (b.invoicesMandatory && !r.invoicesRequired) throw refusal("CreditPassingRulesOutOfBounds");
    if (b.coverageMandatory && !r.issuanceCoveredByCredit) throw refusal("CreditPassingRulesOutOfBounds");
    const core = ctx.caller.account;
    await ctx.state.put(RULES, [core], r);
    ctx.emit("RulesChanged", { core, rules: { ...r } });
  }

  @Transaction()
  async setWhitelisted(ctx: LedgerContext, suppliers: string, listed: string): Promise<void> {
    await requireCaller(ctx, ROLE.core);
    const accounts = parseAccounts(suppliers, "suppliers");
    const on = parseBool(listed, "listed");
    const core = ctx.caller.account;
    for (const supplier of accounts) {
      if (on) await ctx.state.put(WHITELIST, [core, supplier], { listed: true });
      else await ctx.state.delete(WHITELIST, [core, supplier]);
      ctx.emit("SupplierWhitelistChanged", { core, supplier, listed: on });
    }
  }

  @Transaction()
  async setEligibleBanks(ctx: LedgerContext, banks: string, eligible: string): Promise<void> {
    await requireCaller(ctx, ROLE.core);
    const accounts = parseAccounts(banks, "banks");
    const on = parseBool(eligible, "eligible");
    const core = ctx.caller.account;
    for (const bank of accounts) {
      if (on) await ctx.state.put(ELIGIBLE_BANK, [core, bank], { eligible: true });
      else await ctx.state.delete(ELIGIBLE_BANK, [core, bank]);
      ctx.emit("BankEligibilityChanged", { core, bank, eligible: on });
    }
  }

  @Transaction(false)
  @Returns("string")
  async bounds(ctx: LedgerContext): Promise<string> {
    return canonicalJson(await boundsOf(ctx));
  }

  @Transaction(false)
  @Returns("string")
  async rulesOf(ctx: LedgerContext, core: string): Promise<string> {
    return canonicalJson(await rulesOf(ctx, parseAccount(core, "core")));
  }

  @Transaction(false)
  @Returns("string")
  async mayReceive(ctx: LedgerContext, core: string, supplier: string): Promise<string> {
    return String(await mayReceive(ctx, parseAccount(core, "core"), parseAccount(supplier, "supplier")));
  }

  @Transaction(false)
  @Returns("string")
  async mayFinance(ctx: LedgerContext, core: string, bank: string): Promise<string> {
    return String(await mayFinance(ctx, parseAccount(core, "core"), parseAccount(bank, "bank")));
  }
}
