/**
 * A slot's account (one debtor, one maturity) as three sums of delta keys: face value issued, cash funded,
 * and face value redeemed. The EVM keeps `outstanding` and `escrowed` in one storage slot, which every issue,
 * funding and redemption of the slot rewrites; here each of those writes a key of its own.
 */
import type { LedgerContext } from "./ledger-contract";

export const SLOT_ISSUED = "slotIssued";
const SLOT_FUNDED = "slotFunded";
const SLOT_REDEEMED = "slotRedeemed";

const attributes = (debtor: string, maturity?: bigint) => (maturity === undefined ? [debtor] : [debtor, maturity.toString()]);

/** Issued face value of the slot, or of all of the debtor's slots when `maturity` is left out. */
export const issuedOf = (ctx: LedgerContext, debtor: string, maturity?: bigint) =>
  ctx.state.sumDeltas(SLOT_ISSUED, attributes(debtor, maturity));

export const redeemedOf = (ctx: LedgerContext, debtor: string, maturity?: bigint) =>
  ctx.state.sumDeltas(SLOT_REDEEMED, attributes(debtor, maturity));

export const slotTotals = {
  funded: (ctx: LedgerContext, debtor: string, maturity: bigint) => ctx.state.sumDeltas(SLOT_FUNDED, attributes(debtor, maturity)),
  redeemed: (ctx: LedgerContext, debtor: string, maturity: bigint) => redeemedOf(ctx, debtor, maturity),
  addFunded: (ctx: LedgerContext, debtor: string, maturity: bigint, amount: bigint) =>
    ctx.state.addDelta(SLOT_FUNDED, attributes(debtor, maturity), amount),
  addRedeemed: (ctx: LedgerContext, debtor: string, maturity: bigint, amount: bigint) =>
    ctx.state.addDelta(SLOT_REDEEMED, attributes(debtor, maturity), amount),
};
