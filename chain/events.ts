/**
 * Ledger events in domain types: enough to rebuild the whole ledger state from the logs alone.
 * Addresses are accounts, money is bigint fen, times are Dates, small counts are numbers.
 */
import type { Account, Bytes32, CreditPassingRules, Fen, PlatformBounds, Role } from "./values";

export interface EventArgs {
  // Participants
  ParticipantRegistered: { account: Account; roles: Role[]; usccHash: Bytes32; kycHash: Bytes32 };
  ParticipantRolesChanged: { account: Account; roles: Role[] };
  ParticipantKycUpdated: { account: Account; kycHash: Bytes32 };
  ParticipantSuspensionChanged: { account: Account; suspended: boolean };
  ParticipantFreezeChanged: { account: Account; frozen: boolean };
  /** The API's audit log anchored: `head` is its newest entry's hash, `entries` the log's length up to it. */
  AuditLogAnchored: { operator: Account; head: Bytes32; entries: bigint };
  // CreditPassingRules
  BoundsChanged: { bounds: PlatformBounds };
  RulesChanged: { core: Account; rules: CreditPassingRules };
  SupplierWhitelistChanged: { core: Account; supplier: Account; listed: boolean };
  BankEligibilityChanged: { core: Account; bank: Account; eligible: boolean };
  // CreditLines
  CreditLineGranted: { bank: Account; core: Account; limit: Fen; expiry: Date };
  CreditLineAmended: { bank: Account; core: Account; limit: Fen; expiry: Date };
  CreditLineClosed: { bank: Account; core: Account; closedBy: Account };
  CreditLineUsed: { bank: Account; core: Account; amount: Fen; used: Fen };
  CreditLineReleased: { bank: Account; core: Account; amount: Fen; used: Fen };
  // Invoices
  InvoiceRegistered: { key: Bytes32; seller: Account; buyer: Account; amount: Fen; commitment: Bytes32 };
  InvoiceConfirmed: { key: Bytes32; buyer: Account };
  InvoiceUsed: { key: Bytes32; voucherId: bigint; amount: Fen; used: Fen };
  // SettlementCash (ERC-20 Transfer/Approval are reported as CashTransfer/CashApproval)
  CashTransfer: { from: Account; to: Account; value: Fen };
  CashApproval: { owner: Account; spender: Account; value: Fen };
  CashMinted: { bank: Account; to: Account; amount: Fen; ref: Bytes32 };
  CashBurned: { bank: Account; from: Account; amount: Fen; ref: Bytes32 };
  SettlementBankDesignated: { bank: Account };
  // Vouchers: the ERC-3525 events, then the domain events
  Transfer: { from: Account; to: Account; tokenId: bigint };
  TransferValue: { fromTokenId: bigint; toTokenId: bigint; value: Fen };
  SlotChanged: { tokenId: bigint; oldSlot: bigint; newSlot: bigint };
  ApprovalValue: { tokenId: bigint; operator: Account; value: Fen };
  VoucherIssued: { id: bigint; debtor: Account; holder: Account; amount: Fen; maturity: Date };
  VoucherSplit: { parentId: bigint; id: bigint; holder: Account; amount: Fen };
  VoucherTransferred: { parentId: bigint; id: bigint; to: Account; from: Account; amount: Fen; depth: number };
  VoucherLocked: { id: bigint; amount: Fen; locked: Fen };
  VoucherUnlocked: { id: bigint; amount: Fen; locked: Fen };
  VoucherFinanced: { parentId: bigint; id: bigint; bank: Account; amount: Fen };
  VoucherRedeemed: { id: bigint; holder: Account; value: Fen };
  /** `debtor` and `maturity` are unpacked from `slot` by the chain layer. */
  SlotFunded: { slot: bigint; debtor: Account; maturity: Date; amount: Fen; escrowed: Fen };
  // Financing
  FeeChanged: { feeBps: number; recipient: Account };
  FinancingRequested: {
    requestId: bigint;
    voucherId: bigint;
    bank: Account;
    holder: Account;
    amount: Fen;
    rateBps: number;
    feeBps: number;
    deadline: Date;
  };
  FinancingExecuted: { requestId: bigint; pieceId: bigint; days: number; interest: Fen; fee: Fen; net: Fen };
  FinancingDeclined: { requestId: bigint };
  FinancingCancelled: { requestId: bigint };
  FinancingReleased: { requestId: bigint; releasedBy: Account };
  // Settlement
  GracePeriodChanged: { graceSeconds: number };
  SlotFundedBy: { debtor: Account; maturity: Date; amount: Fen };
  SlotOverdue: { debtor: Account; maturity: Date; shortfall: Fen };
  // DataServices
  DocumentCommitted: { owner: Account; commitment: Bytes32 };
  DisclosureRecorded: { holder: Account; bank: Account; voucherId: bigint; digest: Bytes32 };
  ConsentGranted: { subject: Account; bank: Account; until: Date };
  ConsentWithdrawn: { subject: Account; bank: Account };
  RiskQueried: { bank: Account; subject: Account; digest: Bytes32; fee: Fen };
  QueryFeeChanged: { fee: Fen; recipient: Account };
  // ReadingAnchors
  /** The Merkle root of `count` IoT readings with ids from `firstId` to `lastId`, anchored by the operator. */
  ReadingsAnchored: { operator: Account; root: Bytes32; firstId: bigint; lastId: bigint; count: bigint };
}

export type EventName = keyof EventArgs;

interface EventBase {
  /** The contract that emitted it. */
  contract: string;
  blockNumber: number;
  blockHash: string;
  /** Position in the block, unique with the block number: the indexer's idempotency key. */
  logIndex: number;
  txHash: string;
}

/** A discriminated union of every ledger event. */
export type LedgerEvent = { [N in EventName]: EventBase & { name: N; args: EventArgs[N] } }[EventName];

export type EventOf<N extends EventName> = Extract<LedgerEvent, { name: N }>;
