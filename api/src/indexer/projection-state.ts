/**
 * The rows of the ledger's query model, and the in-memory tables a batch of events is applied to before the
 * repository writes back what changed.
 */
import type {
  Account,
  Bytes32,
  CreditLine,
  Fen,
  FinancingRequest,
  CargoPolicy,
  Guarantee,
  PolicyClaim,
  Invoice,
  ParticipantStatus,
  PledgeLoanStatus,
  Role,
  SlotAccount,
  Voucher,
  WarehouseReceiptStatus,
} from "../../../chain/ledger";

export interface ParticipantRow {
  account: Account;
  roles: Role[];
  suspended: boolean;
  frozen: boolean;
  usccHash: Bytes32;
  kycHash: Bytes32;
}

export function statusOf(p: Pick<ParticipantRow, "suspended" | "frozen">): ParticipantStatus {
  return p.frozen ? "frozen" : p.suspended ? "suspended" : "active";
}

/** The projected rows are the port's own shapes, with what only the projection knows added. */
export type CreditLineRow = CreditLine;

export type InvoiceRow = Invoice;

export interface VoucherRow extends Voucher {
  /** Block where it was minted; lineage queries order by it. */
  createdBlock: number;
}

export interface SlotRow extends SlotAccount {
  overdue: boolean;
}

export type FinancingStatus = "pending" | "executed" | "declined" | "cancelled" | "released";

export interface FinancingRow extends FinancingRequest {
  status: FinancingStatus;
  pieceId: bigint | null;
  days: number | null;
  interest: Fen | null;
  fee: Fen | null;
  net: Fen | null;
}

export interface CashRow {
  account: Account;
  balance: Fen;
}

/** A warehouse receipt as projected: the port's record, with its backing and the loan that holds it. */
export interface ReceiptRow {
  id: bigint;
  owner: Account;
  warehouse: Account;
  status: WarehouseReceiptStatus;
  parent: bigint;
  commodity: string;
  grade: string;
  quantity: bigint;
  location: Bytes32;
  document: Bytes32;
  inbound: Bytes32;
  reading: Bytes32;
  loanId: bigint | null;
  createdBlock: number;
}

export type MarginState = "none" | "warning" | "called";

export interface PledgeLoanRow {
  id: bigint;
  borrower: Account;
  bank: Account;
  commodity: string;
  quantity: bigint;
  receiptIds: bigint[];
  amount: Fen;
  principal: Fen;
  interestPaid: Fen;
  rateBps: number;
  feeBps: number;
  maturity: Date;
  status: PledgeLoanStatus;
  drawnValue: Fen | null;
  drawnLimit: Fen | null;
  drawnPrice: Fen | null;
  drawnFee: Fen | null;
  margin: MarginState;
  /** Decimal text: the ledger reports 2^256-1 for goods valued at nothing. */
  ratioBps: string | null;
  callDeadline: Date | null;
  createdBlock: number;
}

export interface PriceRow {
  commodity: string;
  day: number;
  fenPerTonne: Fen;
  publisher: Account;
  postedBlock: number;
}

/** A guarantee as the ledger holds it, with the claim its call found; null where the ledger says undefined. */
export interface GuaranteeRow extends Omit<Guarantee, "obligor"> {
  obligor: Account | null;
  claim: Fen | null;
  createdBlock: number;
}

export interface CargoPolicyRow extends CargoPolicy {
  createdBlock: number;
}

/** A claim as the ledger holds it, with the insurer's reason when rejected; null where the ledger says undefined. */
export interface PolicyClaimRow extends Omit<PolicyClaim, "beneficiary"> {
  beneficiary: Account | null;
  reason: Bytes32 | null;
  createdBlock: number;
}

export interface FeeAccountRow {
  receiptId: bigint;
  warehouse: Account;
  openedDay: number;
  storageFenPerTonneDay: Fen;
  supervisionFenPerTonneDay: Fen;
  supervising: boolean;
  closed: boolean;
  storagePaid: Fen;
  supervisionPaid: Fen;
  paidTo: number | null;
  createdBlock: number;
}

export interface PenaltyRow {
  debtor: Account;
  maturity: Date;
  days: number;
  rateBps: number;
  base: Fen;
  penalty: Fen;
  paidOut: Fen;
}

export const slotKey = (debtor: Account, maturity: Date): string => `${debtor}@${maturity.getTime() / 1000}`;
export const priceKey = (commodity: string, day: number): string => `${commodity}@${day}`;
export const lineKey = (bank: Account, core: Account): string => `${bank}>${core}`;

/** A table of rows in memory with the keys of those that changed. */
export class Table<K, R> {
  readonly rows = new Map<K, R>();
  readonly dirty = new Set<K>();

  get(key: K): R | undefined {
    return this.rows.get(key);
  }

  must(key: K, what: string): R {
    const row = this.rows.get(key);
    if (!row) throw new ProjectionError(`${what} ${String(key)} is not in the projection`);
    return row;
  }

  put(key: K, row: R): void {
    this.rows.set(key, row);
    this.dirty.add(key);
  }

  touch(key: K): void {
    this.dirty.add(key);
  }
}

/**
 * The events do not fit the projection: a row they need is missing, or a kind the port does not know. Replaying
 * the same events cannot fix it, so it is never retried: the indexer stops and the operator is told.
 */
export class ProjectionError extends Error {
  readonly retryable = false;

  constructor(message: string) {
    super(message);
    this.name = "ProjectionError";
  }
}

export class ProjectionState {
  readonly participants = new Table<Account, ParticipantRow>();
  readonly creditLines = new Table<string, CreditLineRow>();
  readonly invoices = new Table<Bytes32, InvoiceRow>();
  readonly vouchers = new Table<bigint, VoucherRow>();
  readonly slots = new Table<string, SlotRow>();
  readonly financing = new Table<bigint, FinancingRow>();
  readonly cash = new Table<Account, CashRow>();
  readonly receipts = new Table<bigint, ReceiptRow>();
  readonly loans = new Table<bigint, PledgeLoanRow>();
  readonly prices = new Table<string, PriceRow>();
  readonly guarantees = new Table<bigint, GuaranteeRow>();
  readonly policies = new Table<bigint, CargoPolicyRow>();
  readonly claims = new Table<bigint, PolicyClaimRow>();
  readonly feeAccounts = new Table<bigint, FeeAccountRow>();
  /** Keyed like slots. */
  readonly penalties = new Table<string, PenaltyRow>();
  /** Platform settings and program rules: small, written whole. */
  readonly settings = new Table<string, unknown>();
  /**
   * The voucher whose lock the current transaction's VoucherUnlocked set, as `txHash:id`. Contracts deployed
   * before issue 16 emit VoucherUnlocked before VoucherFinanced in a sale; later ones emit VoucherFinanced alone.
   * Never stored: a transaction's events all lie in one block, so in one batch.
   */
  unlockedInTx: string | undefined;
}
