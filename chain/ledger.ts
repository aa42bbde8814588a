/**
 * The ledger port: everything the contracts do, in domain types. Amounts are bigint fen, times are Dates,
 * parties are organisation accounts (each organisation's ledger address is its identity on the ledger).
 * Nothing outside chain/ imports ethers; everything outside chain/ talks to the ledger through this.
 */
import type { LedgerEvent } from "./events";
import type { Account, Bytes32, CreditPassingRules, Fen, GuaranteeKind, ParticipantStatus, PlatformBounds, PledgeBounds, Role } from "./values";

export { ROLES } from "./values";
export type { Account, Bytes32, CreditPassingRules, Fen, GuaranteeKind, ParticipantStatus, PlatformBounds, PledgeBounds, Role } from "./values";

/** What a mined transaction returns: where it landed, and what it produced. */
export interface Receipt<T = void> {
  txHash: string;
  blockNumber: number;
  result: T;
}

export interface Participant {
  account: Account;
  roles: Role[];
  status: ParticipantStatus;
  usccHash: Bytes32;
  kycHash: Bytes32;
}

export interface CreditLine {
  bank: Account;
  core: Account;
  limit: Fen;
  used: Fen;
  expiry: Date;
  open: boolean;
}

export interface Invoice {
  key: Bytes32;
  seller: Account;
  buyer: Account;
  amount: Fen;
  used: Fen;
  confirmed: boolean;
  commitment: Bytes32;
}

export interface Voucher {
  id: bigint;
  owner: Account;
  value: Fen;
  redeemedValue: Fen;
  locked: Fen;
  depth: number;
  financed: boolean;
  root: bigint;
  parent: bigint;
  debtor: Account;
  maturity: Date;
}

export interface SlotAccount {
  debtor: Account;
  maturity: Date;
  outstanding: Fen;
  escrowed: Fen;
}

export interface FinancingRequest {
  id: bigint;
  holder: Account;
  voucherId: bigint;
  bank: Account;
  amount: Fen;
  rateBps: number;
  feeBps: number;
  deadline: Date;
}

/** The discount price of a financing, exactly as the contract computes it. */
export interface FinancingQuote {
  days: number;
  interest: Fen;
  fee: Fen;
  net: Fen;
}

export interface ParticipantsPort {
  /**
   * `mspId`: the Fabric MSP the organisation's identities are enrolled in (the ledger checks each caller's
   * certificate against it); the Fabric ledger's configured MSP when omitted. The EVM has no MSPs and ignores it.
   */
  register(operator: Account, p: { account: Account; roles: Role[]; usccHash: Bytes32; kycHash: Bytes32; mspId?: string }): Promise<Receipt>;
  /** Replaces the roles of `account`, never touching "regulator": the ledger refuses that to the operator. */
  setRoles(operator: Account, account: Account, roles: Role[]): Promise<Receipt>;
  /** Gives `account` the regulator's role. A regulator only. */
  grantRegulator(regulator: Account, account: Account): Promise<Receipt>;
  /** Takes the regulator's role from `account` (never the caller's own). A regulator only. */
  revokeRegulator(regulator: Account, account: Account): Promise<Receipt>;
  updateKyc(operator: Account, account: Account, kycHash: Bytes32): Promise<Receipt>;
  suspend(operator: Account, account: Account): Promise<Receipt>;
  reinstate(operator: Account, account: Account): Promise<Receipt>;
  freeze(regulator: Account, account: Account): Promise<Receipt>;
  unfreeze(regulator: Account, account: Account): Promise<Receipt>;
  /** Records the audit log's head hash and length on the ledger (an AuditLogAnchored event). Operator only. */
  anchorAuditLog(operator: Account, head: Bytes32, entries: bigint): Promise<Receipt>;
  get(account: Account): Promise<Participant>;
}

export interface RulesPort {
  setBounds(operator: Account, bounds: PlatformBounds): Promise<Receipt>;
  setRules(core: Account, rules: CreditPassingRules): Promise<Receipt>;
  setWhitelisted(core: Account, suppliers: Account[], listed: boolean): Promise<Receipt>;
  setEligibleBanks(core: Account, banks: Account[], eligible: boolean): Promise<Receipt>;
  bounds(): Promise<PlatformBounds>;
  rulesOf(core: Account): Promise<CreditPassingRules>;
  mayReceive(core: Account, supplier: Account): Promise<boolean>;
  mayFinance(core: Account, bank: Account): Promise<boolean>;
}

export interface CreditLinesPort {
  grant(bank: Account, core: Account, limit: Fen, expiry: Date): Promise<Receipt>;
  amend(bank: Account, core: Account, limit: Fen, expiry: Date): Promise<Receipt>;
  close(bank: Account, core: Account): Promise<Receipt>;
  closeExpired(caller: Account, bank: Account, core: Account): Promise<Receipt>;
  get(bank: Account, core: Account): Promise<CreditLine>;
  available(bank: Account, core: Account): Promise<Fen>;
  openLimitOf(core: Account): Promise<Fen>;
}

export interface InvoicesPort {
  register(seller: Account, i: { key: Bytes32; buyer: Account; amount: Fen; commitment: Bytes32 }): Promise<Receipt>;
  confirm(buyer: Account, key: Bytes32): Promise<Receipt>;
  get(key: Bytes32): Promise<Invoice | undefined>;
}

export interface CashPort {
  /** Makes `bank` the one bank that mints and burns. The regulator only. */
  designateSettlementBank(regulator: Account, bank: Account): Promise<Receipt>;
  /** The designated settlement bank, or undefined before the regulator designates one. */
  settlementBank(): Promise<Account | undefined>;
  /** The settlement bank only; `ref` (the hash of the bank's reference) once per deposit. */
  mint(bank: Account, to: Account, amount: Fen, ref: Bytes32): Promise<Receipt>;
  /** The settlement bank only; `ref` once per withdrawal. */
  burn(bank: Account, from: Account, amount: Fen, ref: Bytes32): Promise<Receipt>;
  approve(owner: Account, spender: Account, amount: Fen): Promise<Receipt>;
  allowance(owner: Account, spender: Account): Promise<Fen>;
  balanceOf(account: Account): Promise<Fen>;
  totalSupply(): Promise<Fen>;
}

export interface VouchersPort {
  issue(core: Account, v: { supplier: Account; amount: Fen; maturity: Date; invoiceKeys: Bytes32[] }): Promise<Receipt<bigint>>;
  splitTransfer(holder: Account, v: { id: bigint; to: Account; amount: Fen; invoiceKeys: Bytes32[] }): Promise<Receipt<bigint>>;
  split(holder: Account, id: bigint, amounts: Fen[]): Promise<Receipt<bigint[]>>;
  get(id: bigint): Promise<Voucher | undefined>;
  slotAccount(debtor: Account, maturity: Date): Promise<SlotAccount>;
  outstandingOf(debtor: Account): Promise<Fen>;
  /** Every voucher id ever minted, ascending. Ids are 1..lastId on the EVM, hashes of the transaction on Fabric. */
  ids(): Promise<bigint[]>;
  /**
   * The newest voucher id, on ledgers whose ids are sequential (the EVM). Fabric's are not, so it refuses with
   * LEDGER_UNSUPPORTED: walking 1..lastId would miss every voucher there. Use `ids()` where both must work.
   */
  lastId(): Promise<bigint>;
}

export interface FinancingPort {
  request(
    holder: Account,
    r: { voucherId: bigint; amount: Fen; bank: Account; rateBps: number; deadline: Date },
  ): Promise<Receipt<bigint>>;
  execute(bank: Account, requestId: bigint): Promise<Receipt<{ pieceId: bigint } & FinancingQuote>>;
  decline(bank: Account, requestId: bigint): Promise<Receipt>;
  cancel(holder: Account, requestId: bigint): Promise<Receipt>;
  release(caller: Account, requestId: bigint): Promise<Receipt>;
  setFee(operator: Account, feeBps: number, recipient: Account): Promise<Receipt>;
  get(requestId: bigint): Promise<FinancingRequest | undefined>;
  quote(q: { amount: Fen; rateBps: number; feeBps: number; maturity: Date; at: Date }): Promise<FinancingQuote>;
  fee(): Promise<{ feeBps: number; recipient: Account }>;
}

export interface SettlementPort {
  fund(core: Account, maturity: Date): Promise<Receipt<Fen>>;
  redeem(caller: Account, id: bigint): Promise<Receipt>;
  redeemBatch(caller: Account, ids: bigint[]): Promise<Receipt>;
  flagOverdue(caller: Account, debtor: Account, maturity: Date): Promise<Receipt>;
  setGracePeriod(operator: Account, seconds: number): Promise<Receipt>;
  isOverdue(debtor: Account, maturity: Date): Promise<boolean>;
  gracePeriod(): Promise<number>;
  /** The caller's (a core enterprise's) penalty rate on funding its overdue slots late, basis points a year. */
  setPenaltyRate(core: Account, rateBps: number): Promise<Receipt>;
  /** Pays the holder of redeemed voucher `id` its share of its slot's late-funding penalty, once. Anyone. */
  payPenalty(caller: Account, id: bigint): Promise<Receipt<Fen>>;
  /** The penalty rate that funding `debtor`'s slot maturing at `maturity` late would charge. */
  penaltyRateFor(debtor: Account, maturity: Date): Promise<number>;
  /** What funding the slot at `at` would escrow in penalty on top of the shortfall. */
  penaltyDue(debtor: Account, maturity: Date, at: Date): Promise<Fen>;
  penaltyPaid(id: bigint): Promise<boolean>;
}

/** What the ledger keeps of documents, disclosures and consented risk queries (never the data itself). */
export interface DataServicesPort {
  commitDocument(owner: Account, commitment: Bytes32): Promise<Receipt>;
  recordDisclosure(holder: Account, d: { bank: Account; voucherId: bigint; digest: Bytes32 }): Promise<Receipt>;
  grantConsent(subject: Account, bank: Account, until: Date): Promise<Receipt>;
  withdrawConsent(subject: Account, bank: Account): Promise<Receipt>;
  /** Charges the query fee in settlement cash, drawn on the bank's allowance to the ledger's data services. */
  recordQuery(bank: Account, subject: Account, digest: Bytes32): Promise<Receipt>;
  setQueryFee(operator: Account, fee: Fen, recipient: Account): Promise<Receipt>;
  /** When the consent ends; undefined when none is in force. */
  consentUntil(subject: Account, bank: Account): Promise<Date | undefined>;
  queryFee(): Promise<{ fee: Fen; recipient: Account | undefined }>;
  documentOwner(commitment: Bytes32): Promise<Account | undefined>;
  /** The account whose cash allowance pays query fees. */
  readonly address: Account;
}

/** A Merkle root of IoT readings as the ledger recorded it (see contracts/interfaces/IReadingAnchors.sol). */
export interface ReadingAnchor {
  root: Bytes32;
  firstId: bigint;
  lastId: bigint;
  count: number;
  anchoredAt: Date;
  blockNumber: number;
}

export interface ReadingAnchorsPort {
  /** Records `root` over `count` readings with ids from `firstId` to `lastId`. The operator only. */
  anchor(operator: Account, a: { root: Bytes32; firstId: bigint; lastId: bigint; count: number }): Promise<Receipt>;
  /** The ledger's record of `root`, or undefined when it was never anchored. */
  anchorOf(root: Bytes32): Promise<ReadingAnchor | undefined>;
}

/** A commodity or grade code as the ledger keeps it: printable ASCII, at most 16 bytes ("LI2CO3", "battery-99.5"). */
export type CommodityCode = string;

export type WarehouseReceiptStatus = "active" | "pledged" | "split" | "delivered" | "cancelled";

/** An electronic warehouse receipt (电子仓单), see contracts/interfaces/IWarehouseReceipts.sol. Quantities in grams. */
export interface WarehouseReceipt {
  id: bigint;
  owner: Account;
  warehouse: Account;
  status: WarehouseReceiptStatus;
  /** The receipt this lot was split from; 0n for an issued one. */
  parent: bigint;
  commodity: CommodityCode;
  grade: CommodityCode;
  quantity: bigint;
  location: Bytes32;
  document: Bytes32;
}

export interface ReceiptIssue {
  depositor: Account;
  commodity: CommodityCode;
  grade: CommodityCode;
  quantity: bigint;
  /** What the weighing device measured: the quantity may not exceed it. */
  weighed: bigint;
  /** The warehouse's own reference of the inbound, hashed. */
  inbound: Bytes32;
  /** A commitment to the signed weighing reading that attests the inbound. */
  reading: Bytes32;
  location: Bytes32;
  document: Bytes32;
}

export interface WarehouseReceiptsPort {
  /** An active warehouse only; neither the inbound (per warehouse) nor the reading may back a receipt already. */
  issue(warehouse: Account, r: ReceiptIssue): Promise<Receipt<bigint>>;
  transfer(owner: Account, id: bigint, to: Account): Promise<Receipt>;
  /** Returns the lots' ids, in the order of `lots`. */
  split(owner: Account, id: bigint, lots: { quantity: bigint; document: Bytes32 }[]): Promise<Receipt<bigint[]>>;
  deliver(owner: Account, id: bigint): Promise<Receipt>;
  cancel(owner: Account, id: bigint): Promise<Receipt>;
  get(id: bigint): Promise<WarehouseReceipt | undefined>;
  /** The receipt that `warehouse`'s inbound, or the reading, backs: 0n when none. */
  backedBy(warehouse: Account, inbound: Bytes32, reading: Bytes32): Promise<{ byInbound: bigint; byReading: bigint }>;
  lastId(): Promise<bigint>;
}

/** A commodity's price of one CST day, in fen per tonne. */
export interface CommodityPrice {
  commodity: CommodityCode;
  /** Days since 1970-01-01 CST (chain/cst-day.ts). */
  day: number;
  fenPerTonne: Fen;
  postedAt: Date;
  publisher: Account;
}

export interface CommodityPricesPort {
  /** The operator only; the publisher is an active participant. */
  appointPublisher(operator: Account, publisher: Account): Promise<Receipt>;
  dismissPublisher(operator: Account, publisher: Account): Promise<Receipt>;
  /** Today's (CST) price, once a day, by an appointed and active publisher. */
  post(publisher: Account, commodity: CommodityCode, fenPerTonne: Fen): Promise<Receipt>;
  isPublisher(account: Account): Promise<boolean>;
  /** The price of CST day `day`, or undefined when none was posted. */
  priceOn(commodity: CommodityCode, day: number): Promise<CommodityPrice | undefined>;
}

export type PledgeLoanStatus = "requested" | "active" | "repaid" | "cancelled" | "defaulted" | "seized";

/** A pledge loan (仓单质押贷款), see contracts/interfaces/IPledges.sol. */
export interface PledgeLoan {
  id: bigint;
  borrower: Account;
  bank: Account;
  status: PledgeLoanStatus;
  commodity: CommodityCode;
  /** Grams pledged, over every receipt. */
  quantity: bigint;
  principal: Fen;
  /** Interest accrued up to `interestFrom`, not yet paid. */
  interest: Fen;
  rateBps: number;
  feeBps: number;
  maturity: Date;
  /** Set from the drawdown. */
  interestFrom: Date | undefined;
  /** The margin call's deadline while one is in force. */
  callDeadline: Date | undefined;
}

/**
 * What a margin check found: the ratio of principal to today's value (basis points, rounded up), and what it did.
 * The ratio is known from the events: undefined when the check emitted none (below the warning ratio, or a call
 * already in force, which `outcome` "called" then says).
 */
export interface MarginCheck {
  ratioBps: bigint | undefined;
  outcome: "called" | "warning" | "cured" | "none";
}

export interface PledgesPort {
  setBounds(operator: Account, bounds: PledgeBounds): Promise<Receipt>;
  setFee(operator: Account, feeBps: number, recipient: Account): Promise<Receipt>;
  setPledgeRate(bank: Account, commodity: CommodityCode, rateBps: number): Promise<Receipt>;
  request(
    borrower: Account,
    r: { receiptIds: bigint[]; bank: Account; amount: Fen; rateBps: number; maturity: Date },
  ): Promise<Receipt<bigint>>;
  /** Pays the loan out from the bank's settlement cash (its allowance to the pledge module). */
  drawdown(bank: Account, loanId: bigint): Promise<Receipt>;
  cancel(caller: Account, loanId: bigint): Promise<Receipt>;
  topUp(borrower: Account, loanId: bigint, receiptIds: bigint[]): Promise<Receipt>;
  /** From the payer's settlement cash (its allowance to the pledge module); `released` when nothing is owed any more. */
  repay(payer: Account, loanId: bigint, amount: Fen): Promise<Receipt<{ released: boolean }>>;
  check(caller: Account, loanId: bigint): Promise<Receipt<MarginCheck>>;
  declareDefault(bank: Account, loanId: bigint): Promise<Receipt>;
  seize(bank: Account, loanId: bigint): Promise<Receipt>;
  get(loanId: bigint): Promise<PledgeLoan | undefined>;
  receiptsOf(loanId: bigint): Promise<bigint[]>;
  /** Principal and interest owed now, interest counted to today. */
  due(loanId: bigint): Promise<{ principal: Fen; interest: Fen }>;
  pledgeRate(bank: Account, commodity: CommodityCode): Promise<number>;
  bounds(): Promise<PledgeBounds>;
  fee(): Promise<{ feeBps: number; recipient: Account | undefined }>;
  lastId(): Promise<bigint>;
  /** The account whose cash allowance drawdowns and repayments are paid through. */
  readonly address: Account;
}

export type GuaranteeStatus = "active" | "called" | "released" | "expired";

/** A guarantee (担保), see contracts/interfaces/IGuarantees.sol. `subject` is a financed voucher piece or a pledge loan. */
export interface Guarantee {
  id: bigint;
  guarantor: Account;
  bank: Account;
  kind: GuaranteeKind;
  subject: bigint;
  amount: Fen;
  expiry: Date;
  status: GuaranteeStatus;
  /** What the guarantor paid on the call; 0n until called. */
  paid: Fen;
  /** Who owes the guarantor once it has paid; undefined until called. */
  obligor: Account | undefined;
  recovered: Fen;
}

export interface GuaranteesPort {
  /** An active guarantor backs `bank`'s claim up to `amount` until `expiry`. Returns the guarantee's id. */
  issue(guarantor: Account, g: { kind: GuaranteeKind; subject: bigint; bank: Account; amount: Fen; expiry: Date }): Promise<Receipt<bigint>>;
  /** The bank calls the guarantee on default: the guarantor pays it (its allowance to this module). Returns what was paid. */
  demand(bank: Account, id: bigint): Promise<Receipt<Fen>>;
  /** `payer` pays the guarantor `amount` of its recourse claim (its allowance to this module). */
  recover(payer: Account, id: bigint, amount: Fen): Promise<Receipt>;
  /** Moves to the guarantor, from the bank's cash, what it paid and was not repaid, once the claim is paid in full. */
  reclaim(caller: Account, id: bigint): Promise<Receipt<Fen>>;
  release(caller: Account, id: bigint): Promise<Receipt>;
  expire(caller: Account, id: bigint): Promise<Receipt>;
  get(id: bigint): Promise<Guarantee | undefined>;
  /** The guarantee in force or called behind a claim: 0n when none. */
  guaranteeOf(kind: GuaranteeKind, subject: bigint): Promise<bigint>;
  lastId(): Promise<bigint>;
  /** The account whose cash allowance pays demands, recoveries and reclaims. */
  readonly address: Account;
}

/** A cargo policy (货物保险) on a warehouse receipt, see contracts/interfaces/ICargoPolicies.sol. */
export interface CargoPolicy {
  id: bigint;
  receiptId: bigint;
  insurer: Account;
  insured: Fen;
  paid: Fen;
  start: Date;
  end: Date;
  terms: Bytes32;
}

export type PolicyClaimStatus = "filed" | "paid" | "rejected";

export interface PolicyClaim {
  id: bigint;
  policyId: bigint;
  claimant: Account;
  status: PolicyClaimStatus;
  loss: Fen;
  paid: Fen;
  /** Who was paid; undefined until paid. */
  beneficiary: Account | undefined;
  evidence: Bytes32;
}

export interface CargoPoliciesPort {
  /** An active insurer covers an active or pledged receipt with no policy in force. Returns the policy's id. */
  underwrite(insurer: Account, p: { receiptId: bigint; insured: Fen; start: Date; end: Date; terms: Bytes32 }): Promise<Receipt<bigint>>;
  /** The receipt's owner, or the bank of loan `loanId` holding it (0n when not pledged), claims a loss. Returns the claim's id. */
  fileClaim(claimant: Account, c: { policyId: bigint; loss: Fen; evidence: Bytes32; loanId: bigint }): Promise<Receipt<bigint>>;
  /** The insurer pays `amount` to the beneficiary (its allowance to this module). Returns who was paid. */
  acceptClaim(insurer: Account, claimId: bigint, amount: Fen, loanId: bigint): Promise<Receipt<Account>>;
  rejectClaim(insurer: Account, claimId: bigint, reason: Bytes32): Promise<Receipt>;
  beneficiaryOf(policyId: bigint, loanId: bigint): Promise<Account>;
  policy(id: bigint): Promise<CargoPolicy | undefined>;
  claim(id: bigint): Promise<PolicyClaim | undefined>;
  /** The newest policy on the receipt, in force or not: 0n when none. */
  policyOf(receiptId: bigint): Promise<bigint>;
  lastIds(): Promise<{ policyId: bigint; claimId: bigint }>;
  readonly address: Account;
}

/** A warehouse's tariff for a commodity, in fen per tonne per day. */
export interface FeeTariff {
  storageFenPerTonneDay: Fen;
  supervisionFenPerTonneDay: Fen;
}

/** A receipt's fee account (仓储费、监管费), see contracts/interfaces/IWarehouseFees.sol. Days are CST days. */
export interface FeeAccount extends FeeTariff {
  receiptId: bigint;
  warehouse: Account;
  storageFrom: number;
  supervisedFrom: number;
  supervising: boolean;
  closed: boolean;
  supervisionDue: Fen;
}

export interface WarehouseFeesPort {
  setTariff(warehouse: Account, commodity: CommodityCode, t: FeeTariff): Promise<Receipt>;
  open(warehouse: Account, receiptId: bigint): Promise<Receipt>;
  startSupervision(warehouse: Account, receiptId: bigint): Promise<Receipt>;
  endSupervision(caller: Account, receiptId: bigint): Promise<Receipt>;
  /** Pays the warehouse what is due (the payer's allowance to this module); closes the account once the goods left. */
  pay(payer: Account, receiptId: bigint): Promise<Receipt<{ storageFee: Fen; supervisionFee: Fen; closed: boolean }>>;
  due(receiptId: bigint): Promise<{ storageFee: Fen; supervisionFee: Fen }>;
  /** undefined when the account was never opened. */
  account(receiptId: bigint): Promise<FeeAccount | undefined>;
  tariff(warehouse: Account, commodity: CommodityCode): Promise<FeeTariff>;
  readonly address: Account;
}

export interface BlockRef {
  number: number;
  hash: string;
  timestamp: Date;
}

/** Reading the ledger's history, for the indexer and the regulator. */
export interface HistoryPort {
  /** The newest block that has the configured number of confirmations. */
  confirmedHead(): Promise<BlockRef>;
  block(number: number): Promise<BlockRef>;
  /** Every ledger event in blocks `from..to` inclusive, in chain order. */
  events(from: number, to: number): Promise<LedgerEvent[]>;
}

/** The ledger's clock. Moving it is possible only on the embedded chain, for demos and tests. */
export interface ClockPort {
  now(): Promise<Date>;
  /**
   * The ledger's time as this process knows it, without a round trip: the wall clock plus the embedded chain's
   * offset, to the millisecond so that records stamped within one second keep the order they were made in. On an external chain, whose time is not ours to move, the wall clock: the block
   * that takes the next transaction is stamped about now, not at the latest block's time.
   */
  current(): Date;
  /** Moves the ledger's time forward by `seconds` and mines a block there. */
  advance(seconds: number): Promise<BlockRef>;
  readonly canTravel: boolean;
}

/** Who may sign for which account: the custodial key vault in production, fixed keys in tests. */
export interface KeyRing {
  /** The private key of `account`, or undefined when this process does not hold it. */
  privateKeyOf(account: Account): Promise<string | undefined>;
}

export interface Ledger {
  readonly chainId: bigint;
  readonly participants: ParticipantsPort;
  readonly rules: RulesPort;
  readonly creditLines: CreditLinesPort;
  readonly invoices: InvoicesPort;
  readonly cash: CashPort;
  readonly vouchers: VouchersPort;
  readonly financing: FinancingPort;
  readonly settlement: SettlementPort;
  readonly dataServices: DataServicesPort;
  readonly readingAnchors: ReadingAnchorsPort;
  readonly receipts: WarehouseReceiptsPort;
  readonly prices: CommodityPricesPort;
  readonly pledges: PledgesPort;
  readonly guarantees: GuaranteesPort;
  readonly policies: CargoPoliciesPort;
  readonly fees: WarehouseFeesPort;
  readonly history: HistoryPort;
  readonly clock: ClockPort;
  /** Makes `account` able to pay for gas where the chain charges for it. A no-op on zero-gas-price chains. */
  ensureGas(account: Account): Promise<void>;
  /** Throws ChainUnavailableError unless the chain answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
