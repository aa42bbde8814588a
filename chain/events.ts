/**
 * Ledger events in domain types: enough to rebuild the whole ledger state from the logs alone.
 * Addresses are accounts, money is bigint fen, times are Dates, small counts are numbers.
 */
import type { Account, Bytes32, CreditPassingRules, Fen, GuaranteeKind, PlatformBounds, PledgeBounds, Role } from "./values";

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
  // WarehouseReceipts: quantities in grams; commodity and grade codes as text
  ReceiptIssued: {
    id: bigint;
    warehouse: Account;
    depositor: Account;
    commodity: string;
    grade: string;
    quantity: bigint;
    weighed: bigint;
    inbound: Bytes32;
    reading: Bytes32;
    location: Bytes32;
    document: Bytes32;
  };
  ReceiptTransferred: { id: bigint; from: Account; to: Account };
  ReceiptSplit: { parent: bigint; id: bigint; quantity: bigint; document: Bytes32 };
  ReceiptDelivered: { id: bigint; owner: Account; quantity: bigint };
  ReceiptCancelled: { id: bigint; owner: Account; quantity: bigint };
  ReceiptPledgeChanged: { id: bigint; pledged: boolean };
  // CommodityPrices: fen per tonne; `day` counts CST days from 1970-01-01
  PublisherChanged: { publisher: Account; appointed: boolean };
  PricePosted: { commodity: string; day: number; fenPerTonne: Fen; publisher: Account };
  // Pledges (its BoundsChanged and FeeChanged are renamed, as Financing and CreditPassingRules have their own)
  PledgeBoundsChanged: { bounds: PledgeBounds };
  PledgeFeeChanged: { feeBps: number; recipient: Account };
  PledgeRateSet: { bank: Account; commodity: string; rateBps: number };
  PledgeRequested: {
    loanId: bigint;
    borrower: Account;
    bank: Account;
    commodity: string;
    receiptIds: bigint[];
    amount: Fen;
    rateBps: number;
    maturity: Date;
  };
  PledgeCancelled: { loanId: bigint; by: Account };
  LoanDrawn: { loanId: bigint; amount: Fen; value: Fen; limit: Fen; fenPerTonne: Fen; fee: Fen };
  CollateralAdded: { loanId: bigint; receiptIds: bigint[]; quantity: bigint };
  LoanRepaid: { loanId: bigint; payer: Account; interestPaid: Fen; principalPaid: Fen; principalLeft: Fen };
  PledgeReleased: { loanId: bigint };
  /** Ratios in basis points of principal to value, rounded up; 2^256-1 when the value is nil. */
  MarginWarning: { loanId: bigint; ratioBps: bigint };
  MarginCalled: { loanId: bigint; ratioBps: bigint; deadline: Date };
  MarginCallCured: { loanId: bigint; ratioBps: bigint };
  LoanDefaulted: { loanId: bigint; ratioBps: bigint };
  CollateralSeized: { loanId: bigint; bank: Account; principal: Fen; interest: Fen };
  // Settlement: late funding
  PenaltyRateChanged: { core: Account; rateBps: number };
  PenaltyCharged: { debtor: Account; maturity: Date; days: number; rateBps: number; base: Fen; penalty: Fen };
  PenaltyPaid: { id: bigint; holder: Account; amount: Fen };
  // Guarantees: `subject` is a voucher piece or a pledge loan, as `kind` says
  GuaranteeIssued: { id: bigint; guarantor: Account; bank: Account; kind: GuaranteeKind; subject: bigint; amount: Fen; expiry: Date };
  GuaranteeCalled: { id: bigint; bank: Account; guarantor: Account; claim: Fen; paid: Fen };
  RecourseRecorded: { id: bigint; guarantor: Account; obligor: Account; amount: Fen };
  RecourseRecovered: { id: bigint; payer: Account; amount: Fen; left: Fen };
  GuaranteeReleased: { id: bigint; by: Account };
  GuaranteeExpired: { id: bigint };
  // CargoPolicies
  PolicyUnderwritten: { policyId: bigint; receiptId: bigint; insurer: Account; insured: Fen; start: Date; end: Date; terms: Bytes32 };
  ClaimFiled: { claimId: bigint; policyId: bigint; claimant: Account; loss: Fen; evidence: Bytes32 };
  ClaimPaid: { claimId: bigint; policyId: bigint; beneficiary: Account; amount: Fen };
  ClaimRejected: { claimId: bigint; policyId: bigint; reason: Bytes32 };
  // WarehouseFees: fen per tonne per day; `day` counts CST days from 1970-01-01
  TariffSet: { warehouse: Account; commodity: string; storageFenPerTonneDay: Fen; supervisionFenPerTonneDay: Fen };
  FeeAccountOpened: { receiptId: bigint; warehouse: Account; day: number; storageFenPerTonneDay: Fen; supervisionFenPerTonneDay: Fen };
  SupervisionStarted: { receiptId: bigint; day: number };
  SupervisionEnded: { receiptId: bigint; by: Account; days: number; fee: Fen };
  FeesPaid: { receiptId: bigint; payer: Account; warehouse: Account; storageFee: Fen; supervisionFee: Fen; day: number; closed: boolean };
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
