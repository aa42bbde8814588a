/**
 * One error type for the API, a catalogue of stable codes, and the one place where a code becomes an HTTP
 * status and an RFC 9457 problem document. Ledger errors keep the codes the chain layer gives them; their
 * statuses are looked up here, never stored in the domain error.
 */
import { ChainError, CONTRACT_ERRORS, type ContractErrorCode } from "../../chain/errors";
import { DatabaseUnavailableError, isDatabaseUnavailable } from "./db/unavailable";
import { MoneyFormatError } from "./money";
import { VerifierUnavailableError } from "./verification/verifier-unavailable";

/** API-level codes and their statuses and titles. */
export const API_ERRORS = {
  VALIDATION_FAILED: { status: 400, title: "The request is not valid" },
  MONEY_FORMAT: { status: 400, title: "Money must be a decimal string of yuan with at most two decimals" },
  UNAUTHENTICATED: { status: 401, title: "Authentication is required" },
  TOKEN_INVALID: { status: 401, title: "The token is invalid or expired" },
  FORBIDDEN: { status: 403, title: "Your role may not do this" },
  NOT_FOUND: { status: 404, title: "No such resource" },
  CONFLICT: { status: 409, title: "The resource changed or already exists" },
  IDEMPOTENCY_KEY_REUSED: { status: 409, title: "This Idempotency-Key was used with a different request" },
  IDEMPOTENCY_INTERRUPTED: {
    status: 409,
    title: "The first request with this Idempotency-Key was cut off when its server stopped; check the outcome, then retry with a new key",
  },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: "A request with this Idempotency-Key is still running; retry later" },
  ALREADY_DECIDED: { status: 409, title: "This was already decided" },
  SAME_USER: { status: 403, title: "The checker must be a different user from the maker" },
  USER_DISABLED: { status: 422, title: "The user is disabled" },
  API_KEY_ROLE_NOT_HELD: { status: 422, title: "An API key's role must be the role its user holds" },
  ORGANISATION_SUSPENDED: { status: 403, title: "The organisation is suspended by the operator; its users cannot sign in or act" },
  ORGANISATION_FROZEN: { status: 403, title: "The organisation is frozen by the regulator; its users cannot sign in or act" },
  CREDENTIALS_INVALID: { status: 401, title: "The email or password is wrong" },
  REFRESH_TOKEN_INVALID: { status: 401, title: "The refresh token is invalid, expired or already used" },
  USCC_INVALID: { status: 400, title: "The unified social credit code is not valid" },
  USCC_TAKEN: { status: 409, title: "An organisation or application with this unified social credit code exists" },
  EMAIL_TAKEN: { status: 409, title: "A user with this email exists" },
  USCC_NOT_REGISTERED: { status: 422, title: "The business registry has no enterprise with this unified social credit code" },
  USCC_REVOKED: { status: 422, title: "The enterprise's business licence is revoked (吊销)" },
  USCC_CANCELLED: { status: 422, title: "The enterprise is deregistered (注销)" },
  REGISTERED_NAME_MISMATCH: { status: 422, title: "The name differs from the enterprise's registered name" },
  INVOICE_NUMBER_INVALID: { status: 400, title: "The invoice code or number is not valid" },
  INVOICE_NUMBER_TAKEN: { status: 409, title: "This invoice was already submitted" },
  INVOICE_NOT_CONFIRMED: { status: 422, title: "The invoice is not confirmed by its buyer" },
  INVOICE_NOT_AT_TAX_BUREAU: { status: 422, title: "The tax bureau has no invoice with these number, date and amount" },
  INVOICE_VOID: { status: 422, title: "The tax bureau says the invoice is void (作废)" },
  INVOICE_RED_FLUSHED: { status: 422, title: "The tax bureau says the invoice is reversed by a red-letter invoice (红冲)" },
  INVOICE_PARTIES_DIFFER: { status: 422, title: "The tax bureau's seller or buyer of the invoice is not the organisation named" },
  QUOTE_EXPIRED: { status: 409, title: "The quote is no longer valid" },
  WEBHOOK_URL_FORBIDDEN: {
    status: 400,
    title: "Webhook endpoints must be https URLs of public hosts: not loopback, private, link-local or metadata addresses",
  },
  VOUCHER_VALUE_RESERVED: { status: 409, title: "Open financing requests already reserve this part of the voucher's value" },
  VOUCHER_ON_HOLD: {
    status: 409,
    title: "The voucher is held: an invoice behind it was voided or red-flushed after use, and the regulator has not lifted the hold",
  },
  FINANCING_REQUEST_CLOSED: { status: 409, title: "The financing request is no longer open" },
  FINANCING_NOT_ACCEPTED: { status: 409, title: "The financing request has not been accepted with your bank's quote" },
  FINANCING_IN_APPROVAL: { status: 409, title: "An approval of this financing was already proposed" },
  ALERT_NOT_OPEN: { status: 409, title: "Only an open alert can be acknowledged" },
  ALERT_RESOLVED: { status: 409, title: "The alert is already resolved" },
  IOT_DEVICE_KEY_INVALID: { status: 400, title: "A device's public key must be a raw 32-byte Ed25519 key in base64url" },
  IOT_DEVICE_KEY_TAKEN: { status: 409, title: "A device with this public key is already registered; each device has a key of its own" },
  IOT_DEVICE_ALREADY_RETIRED: { status: 409, title: "The device is already retired" },
  IOT_DEVICE_UNKNOWN: { status: 401, title: "No registered device has this id" },
  IOT_SIGNATURE_INVALID: { status: 401, title: "The reading's signature is not its device's Ed25519 signature of the canonical payload" },
  IOT_DEVICE_RETIRED: { status: 403, title: "The device is retired; its readings are refused" },
  IOT_READING_KIND_MISMATCH: { status: 422, title: "The reading's kind is not its device's kind" },
  IOT_READING_REPLAYED: { status: 409, title: "The device already sent a reading with this counter" },
  IOT_READING_OUT_OF_ORDER: { status: 409, title: "The counter is below the device's latest; a device's readings must arrive in counter order" },
  IOT_READING_NOT_ANCHORED: { status: 409, title: "The reading is not anchored on the ledger yet; ask again after the next anchoring" },
  RECEIPT_READING_NOT_WEIGHT: { status: 422, title: "A receipt is issued only against a weighing platform's reading" },
  CLOCK_FIXED: { status: 409, title: "Only the embedded chain's clock can be moved" },
  SETTLEMENT_AMOUNT_CHANGED: { status: 409, title: "The slot owes a different amount than the funding proposed; propose it again" },
  SETTLEMENT_FUNDING_PENDING: { status: 409, title: "A funding of this maturity already awaits its checker" },
  DISCLOSURE_NOTHING_TO_SHOW: {
    status: 422,
    title: "No invoice behind this voucher can be opened field by field: the platform does not hold them, or they predate selective disclosure",
  },
  CONSENT_ENDED: { status: 409, title: "The consent was already withdrawn or has run out" },
  RISK_QUERY_BUDGET_EXHAUSTED: {
    status: 409,
    title: "Your bank's data-service budget on the ledger does not cover the query fee; its maker and checker can raise it",
  },
  ORGANISATION_WRONG_KIND: { status: 422, title: "The organisation is not of the kind this needs (core enterprise, supplier or bank)" },
  CASH_REFERENCE_USED: { status: 409, title: "This bank already recorded a cash movement with this reference" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "The request body is too large" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  LOGIN_THROTTLED: { status: 429, title: "Too many failed logins for this account or address; wait as Retry-After says" },
  LOGIN_LOCKED: { status: 429, title: "Locked after too many failed logins, until Retry-After or until the organisation's admin unlocks it" },
  INTERNAL: { status: 500, title: "Something went wrong on our side" },
  DATABASE_UNAVAILABLE: { status: 503, title: "The database is unavailable; retry later" },
  CHAIN_UNAVAILABLE: { status: 503, title: "The ledger is unavailable; retry later" },
  VERIFIER_UNAVAILABLE: { status: 503, title: "The business registry or the invoice verifier is unavailable; retry later" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** Every code an AppError may carry: the API's own and the ledger's, so that a misspelt code does not compile. */
export type ErrorCode = ApiErrorCode | ContractErrorCode;

/** Codes the chain layer gives when a transaction failed before or outside a contract (chain/evm, chain/embedded, chain/fabric). */
type ChainFailureCode =
  | "SIGNER_UNKNOWN"
  | "SIGNER_MISMATCH"
  | "CHAIN_REJECTED"
  | "CHAIN_TX_DROPPED"
  | "LEDGER_CONFLICT"
  | "LEDGER_INVALID_TRANSACTION"
  | "LEDGER_UNSUPPORTED"
  | "LEDGER_REJECTED";

/** Titles of the Fabric ledger's own failures, which no contract error names. */
const CHAIN_FAILURE_TITLES: Partial<Record<ChainFailureCode, string>> = {
  LEDGER_CONFLICT: "Another transaction changed what this one read on the ledger; send it again",
  LEDGER_INVALID_TRANSACTION: "The ledger's peers did not accept the transaction",
  LEDGER_UNSUPPORTED: "The ledger this platform runs on does not offer this yet",
  LEDGER_REJECTED: "The ledger's gateway refused the request",
};

/** Ledger codes whose status is not the default 422 (a business rule said no). */
const LEDGER_STATUS: Partial<Record<ContractErrorCode | ChainFailureCode, number>> = {
  VOUCHER_NOT_FOUND: 404,
  INVOICE_NOT_FOUND: 404,
  CREDIT_LINE_NOT_FOUND: 404,
  PARTICIPANT_NOT_REGISTERED: 404,
  INVOICE_DUPLICATE: 409,
  INVOICE_ALREADY_USED: 409,
  INVOICE_ALREADY_CONFIRMED: 409,
  CREDIT_LINE_ALREADY_OPEN: 409,
  PARTICIPANT_ALREADY_REGISTERED: 409,
  PARTICIPANT_STATUS_UNCHANGED: 409,
  FINANCING_NOT_PENDING: 409,
  VOUCHER_NOTHING_TO_REDEEM: 409,
  VOUCHER_LOCKED: 409,
  SETTLEMENT_NOTHING_TO_FUND: 409,
  PARTICIPANT_NOT_ACTIVE: 403,
  PARTICIPANT_MISSING_ROLE: 403,
  PARTICIPANT_REGULATOR_RESERVED: 403,
  CASH_NOT_SETTLEMENT_BANK: 403,
  CONSENT_NOT_IN_FORCE: 403,
  DOCUMENT_ALREADY_COMMITTED: 409,
  CASH_LEDGER_REFERENCE_USED: 409,
  CASH_SETTLEMENT_BANK_UNCHANGED: 409,
  RECEIPT_NOT_FOUND: 404,
  RECEIPT_NOT_OWNER: 403,
  RECEIPT_NOT_ACTIVE: 409,
  RECEIPT_NOT_PLEDGED: 409,
  RECEIPT_ATTESTATION_USED: 409,
  PRICE_NOT_PUBLISHER: 403,
  PRICE_PUBLISHER_UNCHANGED: 409,
  PRICE_ALREADY_POSTED: 409,
  PLEDGE_INVALID_STATUS: 409,
  PLEDGE_NOT_BANK: 403,
  PLEDGE_NOT_BORROWER: 403,
  PLEDGE_NOT_PARTY: 403,
  PLEDGE_NO_DEFAULT: 409,
  PLEDGE_BORROWER_FROZEN: 409,
  PLEDGE_NOT_ENFORCEABLE: 409,
  SETTLEMENT_NOT_REDEEMED: 409,
  SETTLEMENT_NO_PENALTY: 409,
  SETTLEMENT_PENALTY_PAID: 409,
  GUARANTEE_ALREADY_EXISTS: 409,
  GUARANTEE_INVALID_STATUS: 409,
  GUARANTEE_NOT_BANK: 403,
  GUARANTEE_EXPIRED: 409,
  GUARANTEE_NOT_EXPIRED: 409,
  GUARANTEE_NO_DEFAULT: 409,
  GUARANTEE_NOT_RELEASABLE: 403,
  GUARANTEE_CLAIM_OUTSTANDING: 409,
  POLICY_RECEIPT_NOT_INSURABLE: 409,
  POLICY_ALREADY_INSURED: 409,
  POLICY_NOT_FOUND: 404,
  POLICY_NOT_IN_FORCE: 409,
  POLICY_CLAIM_PENDING: 409,
  POLICY_CLAIM_NOT_FILED: 409,
  POLICY_NOT_INSURER: 403,
  POLICY_NOT_INSURED: 403,
  FEE_NOT_WAREHOUSE: 403,
  FEE_ACCOUNT_ALREADY_OPEN: 409,
  FEE_ACCOUNT_NOT_OPEN: 409,
  FEE_RECEIPT_NOT_HELD: 409,
  FEE_NO_TARIFF: 409,
  FEE_CANNOT_SUPERVISE: 409,
  FEE_CANNOT_END_SUPERVISION: 409,
  FEE_NOTHING_DUE: 409,
  SIGNER_UNKNOWN: 500,
  SIGNER_MISMATCH: 500,
  LEDGER_MODULE_ONLY: 500,
  CHAIN_REJECTED: 502,
  CHAIN_TX_DROPPED: 503,
  // Fabric: an MVCC conflict is the caller's to retry (the same call is endorsed again on the new state); the rest
  // are the ledger's or the platform's, not the caller's. Unsupported is 501: the feature, not the request, is missing.
  LEDGER_CONFLICT: 409,
  LEDGER_INVALID_TRANSACTION: 502,
  LEDGER_UNSUPPORTED: 501,
  LEDGER_REJECTED: 502,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    /** Extra members of the problem document, such as validation errors. */
    readonly extras: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(detail ?? code, options);
    this.name = "AppError";
  }
}

/** Takes any string: a ChainError's code comes from the chain layer, which also has codes of its own. */
export function statusOf(code: string): number {
  if (code in API_ERRORS) return API_ERRORS[code as ApiErrorCode].status;
  return LEDGER_STATUS[code as ContractErrorCode | ChainFailureCode] ?? 422;
}

function titleOf(code: string): string {
  if (code in API_ERRORS) return API_ERRORS[code as ApiErrorCode].title;
  const ledger = Object.values(CONTRACT_ERRORS).find((e) => e.code === code);
  return ledger?.message ?? CHAIN_FAILURE_TITLES[code as ChainFailureCode] ?? "The request could not be carried out";
}

export interface Problem {
  /** A URI reference, relative to the API, naming the kind of problem (RFC 9457 §3.1.1). */
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  [extra: string]: unknown;
}

/** Serialises what the ledger gives as arguments: bigints as decimal strings, dates as ISO 8601. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/**
 * The problem document for any thrown value. Unknown errors become INTERNAL with no detail: a 500 never
 * leaks a message or a stack trace.
 */
export function toProblem(error: unknown, instance?: string): Problem {
  let code: string;
  let detail: string | undefined;
  let extras: Record<string, unknown> = {};
  if (error instanceof AppError) {
    ({ code, detail, extras } = error);
  } else if (error instanceof ChainError) {
    code = error.code;
    if (error.revert) extras = { ledger: { error: error.revert.name, args: plain(error.revert.args) } };
  } else if (error instanceof DatabaseUnavailableError || isDatabaseUnavailable(error)) {
    code = "DATABASE_UNAVAILABLE";
  } else if (error instanceof VerifierUnavailableError) {
    code = "VERIFIER_UNAVAILABLE";
  } else if (error instanceof MoneyFormatError) {
    code = "MONEY_FORMAT";
    detail = error.message;
  } else {
    code = "INTERNAL";
  }
  const status = statusOf(code);
  return {
    type: `/problems/${code.toLowerCase().replace(/_/g, "-")}`,
    title: titleOf(code),
    status,
    code,
    ...(detail && status < 500 ? { detail } : {}),
    ...(instance ? { instance } : {}),
    ...extras,
  };
}
