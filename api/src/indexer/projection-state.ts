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
  Invoice,
  ParticipantStatus,
  Role,
  SlotAccount,
  Voucher,
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

export const slotKey = (debtor: Account, maturity: Date): string => `${debtor}@${maturity.getTime() / 1000}`;
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
  /** Platform settings and program rules: small, written whole. */
  readonly settings = new Table<string, unknown>();
  /**
   * The voucher whose lock the current transaction's VoucherUnlocked set, as `txHash:id`. Contracts deployed
   * before issue 16 emit VoucherUnlocked before VoucherFinanced in a sale; later ones emit VoucherFinanced alone.
   * Never stored: a transaction's events all lie in one block, so in one batch.
   */
  unlockedInTx: string | undefined;
}
