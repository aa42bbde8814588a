/**
 * Credit lines (contracts/CreditLines.sol): a bank grants a core enterprise a limit in fen until an expiry.
 * Financing uses the line; redeeming the financed piece releases it.
 *
 * Changed design: `used` is not a field of the line but the sum of its delta keys (one per financing, one per
 * redemption), so that redemptions of different financed pieces never write the same key. The issuance cover
 * (the EVM's running `_openLimit[core]`) is summed on read over the core's lines.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { refusal } from "./errors";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { requireActive, requireCaller, requireOwnIdentity } from "./participants";
import { canonicalJson } from "./state";
import { ROLE, U40_MAX, U64_MAX, parseAccount, parseUint } from "./values";

interface LineRecord {
  limit: string;
  expiry: string;
  open: boolean;
}

export interface Line {
  limit: bigint;
  used: bigint;
  expiry: bigint;
  open: boolean;
}

// Keyed core first, so that one partial-key query finds every line of a core.
const LINE = "creditLine";
const USED = "creditLineUsed";

async function lineOf(ctx: LedgerContext, bank: string, core: string): Promise<Line> {
  const r = await ctx.state.get<LineRecord>(LINE, [core, bank]);
  const used = await ctx.state.sumDeltas(USED, [core, bank]);
  if (r === undefined) return { limit: 0n, used, expiry: 0n, open: false };
  return { limit: BigInt(r.limit), used, expiry: BigInt(r.expiry), open: r.open };
}

async function putLine(ctx: LedgerContext, bank: string, core: string, line: Line): Promise<void> {
  await ctx.state.put(LINE, [core, bank], { limit: line.limit, expiry: line.expiry, open: line.open });
}

function requireUsable(ctx: LedgerContext, bank: string, core: string, line: Line, amount: bigint): void {
  if (!line.open) throw refusal("CreditLinesNotFound", bank, core);
  if (ctx.state.now >= line.expiry) throw refusal("CreditLinesExpired", bank, core, line.expiry);
  const left = line.limit - line.used;
  if (amount > left) throw refusal("CreditLinesExceeded", bank, core, left, amount);
}

function requireTerms(ctx: LedgerContext, limit: bigint, expiry: bigint, used: bigint): void {
  if (limit === 0n || limit < used) throw refusal("CreditLinesLimitBelowUsed", limit, used);
  if (expiry <= ctx.state.now) throw refusal("CreditLinesExpiryInPast", expiry);
}

async function openLine(ctx: LedgerContext, bank: string, core: string): Promise<Line> {
  const line = await lineOf(ctx, bank, core);
  if (!line.open) throw refusal("CreditLinesNotFound", bank, core);
  return line;
}

async function close(ctx: LedgerContext, bank: string, core: string, line: Line): Promise<void> {
  await putLine(ctx, bank, core, { ...line, open: false });
  ctx.emit("CreditLineClosed", { bank, core, closedBy: ctx.caller.account });
}

/** Reverts as financing would if `bank` financed `amount` for `core` now. */
export async function requireAvailable(ctx: LedgerContext, bank: string, core: string, amount: bigint): Promise<void> {
  requireUsable(ctx, bank, core, await lineOf(ctx, bank, core), amount);
}

export async function useLine(ctx: LedgerContext, bank: string, core: string, amount: bigint): Promise<void> {
  const line = await lineOf(ctx, bank, core);
  requireUsable(ctx, bank, core, line, amount);
  await ctx.state.addDelta(USED, [core, bank], amount);
  ctx.emit("CreditLineUsed", { bank, core, amount, used: line.used + amount });
}

export async function releaseLine(ctx: LedgerContext, bank: string, core: string, amount: bigint): Promise<void> {
  // The new total is read for the event: redemptions on one line serialise, those on different lines do not.
  const used = await ctx.state.sumDeltas(USED, [core, bank]);
  await ctx.state.addDelta(USED, [core, bank], -amount);
  ctx.emit("CreditLineReleased", { bank, core, amount, used: used - amount });
}

/** The sum of the limits of `core`'s open lines: the cover for its issuance. */
export async function openLimitOf(ctx: LedgerContext, core: string): Promise<bigint> {
  let total = 0n;
  for (const { value } of await ctx.state.scan(LINE, [core])) {
    const line = value as LineRecord;
    if (line.open) total += BigInt(line.limit);
  }
  return total;
}

@Info({ title: "CreditLines", description: "Bank credit lines to core enterprises" })
export class CreditLinesContract extends LedgerContract {
  constructor() {
    super("CreditLines");
  }

  @Transaction()
  async grant(ctx: LedgerContext, core: string, limit: string, expiry: string): Promise<void> {
    await requireCaller(ctx, ROLE.bank);
    const coreAccount = parseAccount(core, "core");
    await requireActive(ctx, coreAccount, ROLE.core);
    const bank = ctx.caller.account;
    const terms = { limit: parseUint(limit, "limit", U64_MAX), expiry: parseUint(expiry, "expiry", U40_MAX) };
    const line = await lineOf(ctx, bank, coreAccount);
    if (line.open) throw refusal("CreditLinesAlreadyOpen", bank, coreAccount);
    requireTerms(ctx, terms.limit, terms.expiry, line.used);
    await putLine(ctx, bank, coreAccount, { ...line, ...terms, open: true });
    ctx.emit("CreditLineGranted", { bank, core: coreAccount, ...terms });
  }

  @Transaction()
  async amend(ctx: LedgerContext, core: string, limit: string, expiry: string): Promise<void> {
    await requireCaller(ctx, ROLE.bank);
    const coreAccount = parseAccount(core, "core");
    const bank = ctx.caller.account;
    const terms = { limit: parseUint(limit, "limit", U64_MAX), expiry: parseUint(expiry, "expiry", U40_MAX) };
    const line = await openLine(ctx, bank, coreAccount);
    requireTerms(ctx, terms.limit, terms.expiry, line.used);
    await putLine(ctx, bank, coreAccount, { ...line, ...terms });
    ctx.emit("CreditLineAmended", { bank, core: coreAccount, ...terms });
  }

  /** Outstanding use stays and is released at redemption. */
  @Transaction()
  async close(ctx: LedgerContext, core: string): Promise<void> {
    await requireCaller(ctx, ROLE.bank);
    const coreAccount = parseAccount(core, "core");
    const bank = ctx.caller.account;
    await close(ctx, bank, coreAccount, await openLine(ctx, bank, coreAccount));
  }

  /** Anyone, once the line has expired, so that it no longer counts towards issuance cover. */
  @Transaction()
  async closeExpired(ctx: LedgerContext, bank: string, core: string): Promise<void> {
    const bankAccount = parseAccount(bank, "bank");
    const coreAccount = parseAccount(core, "core");
    const line = await openLine(ctx, bankAccount, coreAccount);
    if (ctx.state.now < line.expiry) throw refusal("CreditLinesNotExpired", bankAccount, coreAccount, line.expiry);
    // The event names who closed it; that name must be the caller's own.
    await requireOwnIdentity(ctx);
    await close(ctx, bankAccount, coreAccount, line);
  }

  @Transaction(false)
  @Returns("string")
  async get(ctx: LedgerContext, bank: string, core: string): Promise<string> {
    const bankAccount = parseAccount(bank, "bank");
    const coreAccount = parseAccount(core, "core");
    return canonicalJson({ bank: bankAccount, core: coreAccount, ...(await lineOf(ctx, bankAccount, coreAccount)) });
  }

  /** What `bank` can still finance for `core` now: zero if closed or expired. */
  @Transaction(false)
  @Returns("string")
  async available(ctx: LedgerContext, bank: string, core: string): Promise<string> {
    const line = await lineOf(ctx, parseAccount(bank, "bank"), parseAccount(core, "core"));
    if (!line.open || ctx.state.now >= line.expiry) return "0";
    return String(line.limit - line.used);
  }

  @Transaction(false)
  @Returns("string")
  async openLimitOf(ctx: LedgerContext, core: string): Promise<string> {
    return String(await openLimitOf(ctx, parseAccount(core, "core")));
  }
}
