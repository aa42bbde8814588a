/**
 * The caps the contracts enforce, read from their public constants when they are compiled (the generated
 * chain/evm/abi/ modules), never retyped: whoever checks a request before sending it to the ledger checks it
 * against these, so that the two cannot drift apart.
 */
import { creditPassingRulesConstants } from "./evm/abi/CreditPassingRules";
import { financingConstants } from "./evm/abi/Financing";
import { settlementConstants } from "./evm/abi/Settlement";
import { vouchersConstants } from "./evm/abi/Vouchers";

export const LEDGER_LIMITS = {
  /** Vouchers one batch redemption may pay (Settlement.MAX_BATCH). */
  maxRedeemBatch: settlementConstants.MAX_BATCH,
  /** Pieces one split may create (Vouchers.MAX_PIECES). */
  maxPiecesPerSplit: vouchersConstants.MAX_PIECES,
  /** Invoices that may back one issue or one transfer (Vouchers.MAX_INVOICES). */
  maxInvoicesPerVoucher: vouchersConstants.MAX_INVOICES,
  /** The longest grace period after maturity before a slot may be flagged overdue, in seconds (Settlement.MAX_GRACE). */
  maxGraceSeconds: settlementConstants.MAX_GRACE,
  /** The highest late-funding penalty rate a core enterprise may set, in basis points a year (Settlement.MAX_PENALTY_RATE_BPS). */
  maxPenaltyRateBps: settlementConstants.MAX_PENALTY_RATE_BPS,
  /** The highest financing rate, in basis points a year (Financing.MAX_RATE_BPS). */
  maxRateBps: financingConstants.MAX_RATE_BPS,
  /** The highest platform fee, in basis points (Financing.MAX_FEE_BPS). */
  maxFeeBps: financingConstants.MAX_FEE_BPS,
  /** The deepest tier the platform bounds may allow (CreditPassingRules.HARD_MAX_DEPTH). */
  maxDepth: creditPassingRulesConstants.HARD_MAX_DEPTH,
  /** The longest term the platform bounds may allow, in days (CreditPassingRules.HARD_MAX_TERM_DAYS). */
  maxTermDays: creditPassingRulesConstants.HARD_MAX_TERM_DAYS,
} as const;
