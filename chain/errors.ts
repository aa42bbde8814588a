/**
 * Typed chain errors. Every custom error of the contracts becomes a stable code with its decoded arguments;
 * the HTTP layer maps codes to statuses in one place. A revert is never retryable: the same transaction
 * would revert again. Unavailability and timeouts are: the same signed transaction may be sent again.
 */
import { LEDGER_LIMITS } from "./limits";

const DAY_SECONDS = 86_400;

export interface ChainErrorSpec {
  code: string;
  message: string;
}

/** Contract custom error name → stable code and message. */
export const CONTRACT_ERRORS = {
  ParticipantsZeroAddress: { code: "PARTICIPANT_INVALID", message: "The zero address cannot be a participant" },
  ParticipantsAlreadyRegistered: { code: "PARTICIPANT_ALREADY_REGISTERED", message: "The participant is already registered" },
  ParticipantsNotRegistered: { code: "PARTICIPANT_NOT_REGISTERED", message: "The participant is not registered" },
  ParticipantsInvalidRoles: { code: "PARTICIPANT_INVALID_ROLES", message: "The roles are empty or unknown" },
  ParticipantsNotActive: { code: "PARTICIPANT_NOT_ACTIVE", message: "A party is not active: unregistered, suspended or frozen" },
  ParticipantsMissingRole: { code: "PARTICIPANT_MISSING_ROLE", message: "A party lacks the role this action needs" },
  ParticipantsSelfLockout: { code: "PARTICIPANT_SELF_LOCKOUT", message: "An operator or regulator cannot lock itself out" },
  ParticipantsStatusUnchanged: { code: "PARTICIPANT_STATUS_UNCHANGED", message: "The participant already has that status" },
  ParticipantsRegulatorRoleReserved: {
    code: "PARTICIPANT_REGULATOR_RESERVED",
    message: "Only a regulator grants or revokes the regulator's role, and the operator cannot suspend a regulator",
  },

  CreditPassingRulesInvalidBounds: { code: "RULES_INVALID_BOUNDS", message: "The platform bounds exceed the hard limits" },
  CreditPassingRulesOutOfBounds: { code: "RULES_OUT_OF_BOUNDS", message: "The rules fall outside the platform bounds" },

  CreditLinesAlreadyOpen: { code: "CREDIT_LINE_ALREADY_OPEN", message: "A credit line is already open between these parties" },
  CreditLinesNotFound: { code: "CREDIT_LINE_NOT_FOUND", message: "No open credit line between the bank and the core enterprise" },
  CreditLinesExpired: { code: "CREDIT_LINE_EXPIRED", message: "The credit line has expired" },
  CreditLinesNotExpired: { code: "CREDIT_LINE_NOT_EXPIRED", message: "The credit line has not expired yet" },
  CreditLinesExceeded: { code: "CREDIT_LINE_EXCEEDED", message: "The amount exceeds what is left of the credit line" },
  CreditLinesLimitBelowUsed: { code: "CREDIT_LINE_LIMIT_BELOW_USED", message: "A limit must be positive and not below what is used" },
  CreditLinesExpiryInPast: { code: "CREDIT_LINE_EXPIRY_IN_PAST", message: "The expiry must be in the future" },
  CreditLinesUnauthorized: { code: "LEDGER_MODULE_ONLY", message: "Only a ledger module may do this" },

  InvoicesAlreadyRegistered: { code: "INVOICE_DUPLICATE", message: "This invoice is already registered" },
  InvoicesNotFound: { code: "INVOICE_NOT_FOUND", message: "The invoice is not registered" },
  InvoicesAlreadyConfirmed: { code: "INVOICE_ALREADY_CONFIRMED", message: "The invoice is already confirmed" },
  InvoicesNotBuyer: { code: "INVOICE_NOT_BUYER", message: "Only the invoice's buyer may confirm it" },
  InvoicesNotConfirmed: { code: "INVOICE_NOT_CONFIRMED", message: "The invoice is not confirmed by its buyer" },
  InvoicesPartyMismatch: { code: "INVOICE_PARTY_MISMATCH", message: "The invoice is between other parties" },
  InvoicesExhausted: { code: "INVOICE_ALREADY_USED", message: "The invoice is already fully used" },
  InvoicesInsufficient: { code: "INVOICE_INSUFFICIENT", message: "The invoices cover less than the amount" },
  InvoicesInvalid: { code: "INVOICE_INVALID", message: "The invoice has a zero amount or key, or the seller as buyer" },
  InvoicesUnauthorized: { code: "LEDGER_MODULE_ONLY", message: "Only a ledger module may do this" },

  SettlementCashUnauthorized: { code: "LEDGER_MODULE_ONLY", message: "Only a ledger module may do this" },
  SettlementCashZeroAmount: { code: "CASH_ZERO_AMOUNT", message: "The amount must be positive" },
  SettlementCashNotSettlementBank: { code: "CASH_NOT_SETTLEMENT_BANK", message: "Only the settlement bank mints and burns settlement cash" },
  SettlementCashReferenceUsed: { code: "CASH_LEDGER_REFERENCE_USED", message: "The ledger already recorded a cash movement with this reference" },
  SettlementCashBankUnchanged: { code: "CASH_SETTLEMENT_BANK_UNCHANGED", message: "This bank is already the settlement bank" },
  ERC20InsufficientBalance: { code: "CASH_INSUFFICIENT_BALANCE", message: "Not enough settlement cash" },
  ERC20InsufficientAllowance: { code: "CASH_INSUFFICIENT_ALLOWANCE", message: "The cash allowance is too small" },
  ERC20InvalidReceiver: { code: "CASH_INVALID_RECEIVER", message: "Cash cannot go to that address" },
  ERC20InvalidSender: { code: "CASH_INVALID_SENDER", message: "Cash cannot come from that address" },
  ERC20InvalidApprover: { code: "CASH_INVALID_APPROVER", message: "That address cannot approve" },
  ERC20InvalidSpender: { code: "CASH_INVALID_SPENDER", message: "That address cannot spend" },

  VouchersNotFound: { code: "VOUCHER_NOT_FOUND", message: "No such voucher" },
  VouchersNotHolder: { code: "VOUCHER_NOT_HOLDER", message: "Only the voucher's holder may do this" },
  VouchersInvalidAmount: { code: "VOUCHER_INVALID_AMOUNT", message: "The amount is zero or below the minimum split" },
  VouchersInsufficientValue: { code: "VOUCHER_INSUFFICIENT_VALUE", message: "The amount exceeds the voucher's unlocked value" },
  VouchersInvalidMaturity: { code: "VOUCHER_INVALID_MATURITY", message: "The maturity must be a future day within the maximum term" },
  VouchersMatured: { code: "VOUCHER_MATURED", message: "The voucher has matured and can no longer move" },
  VouchersDepthExceeded: { code: "VOUCHER_DEPTH_EXCEEDED", message: "The transfer would pass the program's maximum tier depth" },
  VouchersInvoicesRequired: { code: "VOUCHER_INVOICES_REQUIRED", message: "The program requires invoices for this" },
  VouchersTooMany: { code: "VOUCHER_TOO_MANY", message: "Too many invoices or pieces in one operation" },
  VouchersRecipientNotAllowed: { code: "VOUCHER_RECIPIENT_NOT_ALLOWED", message: "The recipient may not receive this voucher" },
  VouchersFinanced: { code: "VOUCHER_FINANCED", message: "A financed voucher cannot be passed on or financed again" },
  VouchersIssuanceNotCovered: { code: "VOUCHER_ISSUANCE_NOT_COVERED", message: "Issuance would exceed the core enterprise's credit-line cover" },
  VouchersSlotOverflow: { code: "VOUCHER_SLOT_OVERFLOW", message: "The maturity's outstanding total would exceed what the ledger can hold" },
  VouchersNothingToRedeem: { code: "VOUCHER_NOTHING_TO_REDEEM", message: "The voucher is already redeemed or empty" },
  VouchersNotMatured: { code: "VOUCHER_NOT_MATURED", message: "The voucher has not matured yet" },
  VouchersLocked: { code: "VOUCHER_LOCKED", message: "The voucher is locked by a pending financing request" },
  VouchersSlotUnfunded: { code: "SETTLEMENT_SLOT_UNFUNDED", message: "The debtor has not funded this maturity" },
  VouchersUseBusinessFunction: { code: "VOUCHER_USE_BUSINESS_FUNCTION", message: "Use the ledger's business functions to move value" },
  VouchersUnauthorized: { code: "LEDGER_MODULE_ONLY", message: "Only a ledger module may do this" },

  FinancingNotPending: { code: "FINANCING_NOT_PENDING", message: "The financing request is not pending" },
  FinancingNotBank: { code: "FINANCING_NOT_BANK", message: "Only the request's bank may do this" },
  FinancingNotHolder: { code: "FINANCING_NOT_HOLDER", message: "Only the request's holder may do this" },
  FinancingExpired: { code: "FINANCING_EXPIRED", message: "The financing request's deadline has passed" },
  FinancingNotExpired: { code: "FINANCING_NOT_EXPIRED", message: "The financing request's deadline has not passed" },
  FinancingInvalidDeadline: { code: "FINANCING_INVALID_DEADLINE", message: "The deadline must be in the future and before maturity" },
  FinancingInvalidRate: { code: "FINANCING_INVALID_RATE", message: `The rate must be above 0 and at most ${LEDGER_LIMITS.maxRateBps / 100}% a year` },
  FinancingBankNotEligible: { code: "FINANCING_BANK_NOT_ELIGIBLE", message: "The bank is not eligible for this program" },
  FinancingNoProceeds: { code: "FINANCING_NO_PROCEEDS", message: "Interest and fee would leave nothing for the holder" },
  FinancingInvalidFee: { code: "FINANCING_INVALID_FEE", message: "The fee is too high or its recipient is not an operator" },

  SettlementNothingToFund: { code: "SETTLEMENT_NOTHING_TO_FUND", message: "The slot is already fully funded" },
  SettlementBatchSize: { code: "SETTLEMENT_BATCH_SIZE", message: `A batch must hold between 1 and ${LEDGER_LIMITS.maxRedeemBatch} vouchers` },
  SettlementNotOverdue: { code: "SETTLEMENT_NOT_OVERDUE", message: "The slot is not overdue, or was already flagged" },
  ReadingAnchorsZeroRoot: { code: "READING_ANCHOR_ZERO_ROOT", message: "A Merkle root of readings is never zero" },
  ReadingAnchorsInvalidBatch: { code: "READING_ANCHOR_INVALID_BATCH", message: "A batch of readings is empty, too large, or holds more readings than its ids" },
  ReadingAnchorsAlreadyAnchored: { code: "READING_ANCHOR_DUPLICATE", message: "This Merkle root of readings is already anchored" },

  SettlementInvalidGracePeriod: { code: "SETTLEMENT_INVALID_GRACE", message: `The grace period must be at most ${LEDGER_LIMITS.maxGraceSeconds / DAY_SECONDS} days` },

  DataServicesInvalidArgument: { code: "DATA_INVALID_ARGUMENT", message: "A commitment or digest is empty, or a consent's end is not within a year and a day from now" },
  DataServicesDocumentCommitted: { code: "DOCUMENT_ALREADY_COMMITTED", message: "The ledger already holds this document's commitment" },
  DataServicesNoConsent: { code: "CONSENT_NOT_IN_FORCE", message: "The organisation has not consented to this bank's queries, or its consent ended" },
  DataServicesSelfConsent: { code: "CONSENT_TO_SELF", message: "An organisation cannot consent to itself" },

  WarehouseReceiptsUnknown: { code: "RECEIPT_NOT_FOUND", message: "No such warehouse receipt" },
  WarehouseReceiptsNotOwner: { code: "RECEIPT_NOT_OWNER", message: "Only the receipt's owner may do this" },
  WarehouseReceiptsNotActive: { code: "RECEIPT_NOT_ACTIVE", message: "The receipt is not active: it is pledged, split, delivered or cancelled" },
  WarehouseReceiptsNotPledged: { code: "RECEIPT_NOT_PLEDGED", message: "The receipt is not pledged" },
  WarehouseReceiptsAttestationUsed: { code: "RECEIPT_ATTESTATION_USED", message: "This inbound or weighing reading already backs a receipt: the same goods are never receipted twice" },
  WarehouseReceiptsInvalidQuantity: { code: "RECEIPT_INVALID_QUANTITY", message: "The quantity is zero or above what the weighing device measured" },
  WarehouseReceiptsQuantityMismatch: { code: "RECEIPT_LOTS_MISMATCH", message: "The lots do not add up to the receipt's quantity" },
  WarehouseReceiptsInvalidLots: { code: "RECEIPT_INVALID_LOTS", message: "A split needs between 2 and 16 lots" },
  WarehouseReceiptsInvalidArgument: { code: "RECEIPT_INVALID_ARGUMENT", message: "A commitment or the commodity is empty, or the receipt would go to its owner" },
  WarehouseReceiptsUnauthorized: { code: "LEDGER_MODULE_ONLY", message: "Only a ledger module may do this" },

  CommodityPricesNotPublisher: { code: "PRICE_NOT_PUBLISHER", message: "Only an appointed price publisher posts prices" },
  CommodityPricesPublisherUnchanged: { code: "PRICE_PUBLISHER_UNCHANGED", message: "The organisation already is (or is not) a price publisher" },
  CommodityPricesAlreadyPosted: { code: "PRICE_ALREADY_POSTED", message: "Today's price of this commodity is already posted; a day's price is never rewritten" },
  CommodityPricesInvalidPrice: { code: "PRICE_INVALID", message: "A price must be positive and name a commodity" },
  CommodityPricesNoPrice: { code: "PRICE_NOT_POSTED", message: "No price of the commodity is posted for today" },

  PledgesInvalidStatus: { code: "PLEDGE_INVALID_STATUS", message: "The pledge loan is not in a status that allows this" },
  PledgesNotBank: { code: "PLEDGE_NOT_BANK", message: "Only the loan's bank may do this" },
  PledgesNotBorrower: { code: "PLEDGE_NOT_BORROWER", message: "Only the loan's borrower may do this" },
  PledgesNotParty: { code: "PLEDGE_NOT_PARTY", message: "Only the borrower or the bank may cancel a request" },
  PledgesInvalidBounds: { code: "PLEDGE_INVALID_BOUNDS", message: "The bounds must satisfy 0 < pledge rate ≤ warning < call ≤ 100%, with a call period of at least a day" },
  PledgesRateAboveBound: { code: "PLEDGE_RATE_ABOVE_BOUND", message: "The pledge rate is above the operator's bound" },
  PledgesNoPledgeRate: { code: "PLEDGE_NO_RATE", message: "The bank sets no pledge rate on this commodity" },
  PledgesInvalidRate: { code: "PLEDGE_INVALID_RATE", message: "The interest rate must be above 0 and at most 100% a year" },
  PledgesInvalidMaturity: { code: "PLEDGE_INVALID_MATURITY", message: "The maturity must be in the future" },
  PledgesInvalidReceipts: { code: "PLEDGE_INVALID_RECEIPTS", message: "A loan holds between 1 and 16 receipts" },
  PledgesCommodityMismatch: { code: "PLEDGE_COMMODITY_MISMATCH", message: "Every receipt of a loan must be of the loan's commodity" },
  PledgesAboveLimit: { code: "PLEDGE_ABOVE_LIMIT", message: "The amount is above the receipts' value times the pledge rate at today's price" },
  PledgesInvalidAmount: { code: "PLEDGE_INVALID_AMOUNT", message: "The amount is zero, or more than is owed" },
  PledgesNoDefault: { code: "PLEDGE_NO_DEFAULT", message: "The loan cannot be declared in default: no margin call, its deadline not passed, or back below the call ratio" },
  PledgesInvalidFee: { code: "PLEDGE_INVALID_FEE", message: "The fee is above 10% or its recipient is not an active operator" },
  PledgesBorrowerFrozen: { code: "PLEDGE_BORROWER_FROZEN", message: "The borrower is under a judicial freeze: its receipts stay where they are" },
  PledgesNotEnforceable: { code: "PLEDGE_NOT_ENFORCEABLE", message: "The loan is neither in default nor past maturity and grace" },
  SettlementInvalidPenaltyRate: { code: "SETTLEMENT_INVALID_PENALTY_RATE", message: `The penalty rate must be at most ${LEDGER_LIMITS.maxPenaltyRateBps / 100}% a year` },
  SettlementNotRedeemed: { code: "SETTLEMENT_NOT_REDEEMED", message: "The voucher is not redeemed yet: its penalty share is paid after redemption" },
  SettlementNoPenalty: { code: "SETTLEMENT_NO_PENALTY", message: "The voucher's slot was funded without a penalty" },
  SettlementPenaltyPaid: { code: "SETTLEMENT_PENALTY_PAID", message: "The voucher's penalty share was already paid" },
  GuaranteesInvalidSubject: { code: "GUARANTEE_INVALID_SUBJECT", message: "The claim is not one the bank holds: not its financed, unredeemed voucher piece, or not its requested or active pledge loan" },
  GuaranteesAlreadyGuaranteed: { code: "GUARANTEE_ALREADY_EXISTS", message: "The claim already has a guarantee in force or called" },
  GuaranteesInvalidAmount: { code: "GUARANTEE_INVALID_AMOUNT", message: "The amount is zero, or above what is still owed to the guarantor" },
  GuaranteesInvalidExpiry: { code: "GUARANTEE_INVALID_EXPIRY", message: "The expiry must be in the future" },
  GuaranteesSelfGuarantee: { code: "GUARANTEE_SELF", message: "A guarantor cannot guarantee a claim to itself" },
  GuaranteesInvalidStatus: { code: "GUARANTEE_INVALID_STATUS", message: "The guarantee is not in a status that allows this" },
  GuaranteesNotBank: { code: "GUARANTEE_NOT_BANK", message: "Only the guarantee's bank may call it" },
  GuaranteesExpired: { code: "GUARANTEE_EXPIRED", message: "The guarantee has expired" },
  GuaranteesNotExpired: { code: "GUARANTEE_NOT_EXPIRED", message: "The guarantee has not expired yet" },
  GuaranteesNoDefault: { code: "GUARANTEE_NO_DEFAULT", message: "The guaranteed claim is not in default" },
  GuaranteesNotReleasable: { code: "GUARANTEE_NOT_RELEASABLE", message: "Only the bank releases a guarantee whose claim is still owed" },
  GuaranteesClaimOutstanding: { code: "GUARANTEE_CLAIM_OUTSTANDING", message: "The claim has not been paid to the bank in full yet" },
  CargoPoliciesReceiptNotInsurable: { code: "POLICY_RECEIPT_NOT_INSURABLE", message: "The receipt is neither active nor pledged" },
  CargoPoliciesAlreadyInsured: { code: "POLICY_ALREADY_INSURED", message: "The receipt already has a policy in force" },
  CargoPoliciesInvalidAmount: { code: "POLICY_INVALID_AMOUNT", message: "The amount is zero, or above the loss or the cover left" },
  CargoPoliciesInvalidPeriod: { code: "POLICY_INVALID_PERIOD", message: "The policy's period is empty or already over" },
  CargoPoliciesUnknownPolicy: { code: "POLICY_NOT_FOUND", message: "No such cargo policy" },
  CargoPoliciesNotInForce: { code: "POLICY_NOT_IN_FORCE", message: "The loss is claimed outside the policy's period" },
  CargoPoliciesClaimPending: { code: "POLICY_CLAIM_PENDING", message: "The policy already has a claim awaiting the insurer" },
  CargoPoliciesClaimNotFiled: { code: "POLICY_CLAIM_NOT_FILED", message: "The claim is not awaiting the insurer: never filed, paid or rejected" },
  CargoPoliciesNotInsurer: { code: "POLICY_NOT_INSURER", message: "Only the policy's insurer decides its claims" },
  CargoPoliciesNotInsured: { code: "POLICY_NOT_INSURED", message: "Only the receipt's owner or the bank of the loan it is pledged to may claim" },
  CargoPoliciesLoanMismatch: { code: "POLICY_LOAN_MISMATCH", message: "The loan named is not the one holding the pledged receipt" },
  WarehouseFeesNotWarehouse: { code: "FEE_NOT_WAREHOUSE", message: "Only the receipt's warehouse may do this" },
  WarehouseFeesAlreadyOpen: { code: "FEE_ACCOUNT_ALREADY_OPEN", message: "The receipt's fee account is already open" },
  WarehouseFeesNotOpen: { code: "FEE_ACCOUNT_NOT_OPEN", message: "The receipt's fee account was never opened, or is closed" },
  WarehouseFeesReceiptNotHeld: { code: "FEE_RECEIPT_NOT_HELD", message: "The receipt is neither active nor pledged" },
  WarehouseFeesNoTariff: { code: "FEE_NO_TARIFF", message: "The warehouse has no tariff for the receipt's commodity" },
  WarehouseFeesCannotSupervise: { code: "FEE_CANNOT_SUPERVISE", message: "The receipt is not pledged, or already supervised" },
  WarehouseFeesCannotEndSupervision: { code: "FEE_CANNOT_END_SUPERVISION", message: "Supervision is not running, or the receipt is still pledged" },
  WarehouseFeesNothingDue: { code: "FEE_NOTHING_DUE", message: "Nothing is due on the receipt yet" },
} as const satisfies Record<string, ChainErrorSpec>;

/** The stable code of a contract error, as a literal type: a misspelt code does not compile. */
export type ContractErrorCode = (typeof CONTRACT_ERRORS)[keyof typeof CONTRACT_ERRORS]["code"];

/** Why the ledger did not do what was asked. */
export class ChainError extends Error {
  constructor(
    /** Stable code, e.g. VOUCHER_INSUFFICIENT_VALUE or CHAIN_UNAVAILABLE. */
    readonly code: string,
    message: string,
    /** The same signed transaction may succeed if sent again. */
    readonly retryable: boolean,
    /** The contract error's name and decoded arguments, for reverts. */
    readonly revert?: { name: string; args: Record<string, unknown> },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ChainError";
  }
}

/** The chain (node, RPC endpoint or embedded process) cannot be reached or did not answer in time. */
export class ChainUnavailableError extends ChainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CHAIN_UNAVAILABLE", message, true, undefined, options);
    this.name = "ChainUnavailableError";
  }
}

export function revertError(name: string, args: Record<string, unknown>, cause?: unknown): ChainError {
  const spec: ChainErrorSpec = (CONTRACT_ERRORS as Record<string, ChainErrorSpec | undefined>)[name] ?? { code: "LEDGER_REVERTED", message: `The ledger refused: ${name}` };
  return new ChainError(spec.code, spec.message, false, { name, args }, { cause });
}
