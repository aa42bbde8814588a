/**
 * Settlement (contracts/Settlement.sol): the core enterprise pays once, every holder is paid. The debtor funds
 * a slot with settlement cash for what it owes; from the maturity day on, anyone redeems a voucher of a funded
 * slot, which pays its holder and, for a bank's financed piece, releases that bank's line. A slot still
 * unfunded a grace period after maturity is overdue.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { settle } from "./cash";
import { releaseLine } from "./credit-lines";
import { refusal } from "./errors";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { requireCaller } from "./participants";
import { issuedOf, slotTotals } from "./slots";
import { ESCROW_ACCOUNT, ROLE, U32_MAX, U40_MAX, parseAccount, parseList, parseUint, slotId } from "./values";
import { redeemVoucher } from "./voucher-hooks";
import { parseVoucherId } from "./voucher-store";

const MAX_BATCH = 50;
const MAX_GRACE = 90n * 86_400n;
const DEFAULT_GRACE = 3n * 86_400n;
const GRACE = "gracePeriod";
const OVERDUE = "overdueFlag";

async function graceOf(ctx: LedgerContext): Promise<bigint> {
  const g = await ctx.state.get<{ seconds: string }>(GRACE, []);
  return g === undefined ? DEFAULT_GRACE : BigInt(g.seconds);
}

async function isOverdue(ctx: LedgerContext, debtor: string, maturity: bigint): Promise<boolean> {
  if (ctx.state.now < maturity + (await graceOf(ctx))) return false;
  return (await slotTotals.funded(ctx, debtor, maturity)) < (await issuedOf(ctx, debtor, maturity));
}

async function redeem(ctx: LedgerContext, id: bigint): Promise<void> {
  const { holder, value, debtor, financed } = await redeemVoucher(ctx, id);
  await settle(ctx, ESCROW_ACCOUNT, holder, value);
  if (financed) await releaseLine(ctx, holder, debtor, value);
}

const parseMaturity = (raw: string) => parseUint(raw, "maturity", U40_MAX);

@Info({ title: "Settlement", description: "Funding slots at maturity and redeeming their vouchers" })
export class SettlementContract extends LedgerContract {
  constructor() {
    super("Settlement");
  }

  /** The caller, an active core enterprise, escrows the shortfall of its slot maturing at `maturity`. */
  @Transaction()
  @Returns("string")
  async fund(ctx: LedgerContext, maturity: string): Promise<string> {
    await requireCaller(ctx, ROLE.core);
    const due = parseMaturity(maturity);
    const debtor = ctx.caller.account;
    const issued = await issuedOf(ctx, debtor, due);
    const funded = await slotTotals.funded(ctx, debtor, due);
    if (funded >= issued) throw refusal("SettlementNothingToFund", debtor, due);
    const shortfall = issued - funded;
    ctx.emit("SlotFundedBy", { debtor, maturity: due, amount: shortfall });
    await settle(ctx, debtor, ESCROW_ACCOUNT, shortfall);
    await slotTotals.addFunded(ctx, debtor, due, shortfall);
    const escrowed = funded + shortfall - (await slotTotals.redeemed(ctx, debtor, due));
    ctx.emit("SlotFunded", { slot: slotId(debtor, due), amount: shortfall, escrowed });
    return shortfall.toString();
  }

  /** Anyone, from maturity on, for a funded slot. */
  @Transaction()
  async redeem(ctx: LedgerContext, id: string): Promise<void> {
    await redeem(ctx, parseVoucherId(id));
  }

  /** Up to 50 vouchers (a JSON list of ids), all or none. */
  @Transaction()
  async redeemBatch(ctx: LedgerContext, ids: string): Promise<void> {
    const list = parseList(ids, "ids");
    if (list.length === 0 || list.length > MAX_BATCH) throw refusal("SettlementBatchSize", list.length, MAX_BATCH);
    for (const id of list.map(parseVoucherId)) await redeem(ctx, id);
  }

  /** Records that a slot is overdue, so that the indexer and the regulator see it. Anyone. */
  @Transaction()
  async flagOverdue(ctx: LedgerContext, debtor: string, maturity: string): Promise<void> {
    const account = parseAccount(debtor, "debtor");
    const due = parseMaturity(maturity);
    const flagged = (await ctx.state.get(OVERDUE, [account, due.toString()])) !== undefined;
    if (flagged || !(await isOverdue(ctx, account, due))) throw refusal("SettlementNotOverdue", account, due);
    await ctx.state.put(OVERDUE, [account, due.toString()], { flagged: true });
    const shortfall = (await issuedOf(ctx, account, due)) - (await slotTotals.funded(ctx, account, due));
    ctx.emit("SlotOverdue", { debtor: account, maturity: due, shortfall });
  }

  @Transaction()
  async setGracePeriod(ctx: LedgerContext, graceSeconds: string): Promise<void> {
    await requireCaller(ctx, ROLE.operator);
    const seconds = parseUint(graceSeconds, "graceSeconds", U32_MAX);
    if (seconds > MAX_GRACE) throw refusal("SettlementInvalidGracePeriod", seconds);
    await ctx.state.put(GRACE, [], { seconds: seconds.toString() });
    ctx.emit("GracePeriodChanged", { graceSeconds: Number(seconds) });
  }

  @Transaction(false)
  @Returns("string")
  async isOverdue(ctx: LedgerContext, debtor: string, maturity: string): Promise<string> {
    return String(await isOverdue(ctx, parseAccount(debtor, "debtor"), parseMaturity(maturity)));
  }

  @Transaction(false)
  @Returns("string")
  async gracePeriod(ctx: LedgerContext): Promise<string> {
    return String(await graceOf(ctx));
  }
}
