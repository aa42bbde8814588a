/**
 * The ledger port: everything the contracts do, in domain types. Amounts are bigint fen, times are Dates,
 * parties are organisation accounts (each organisation's ledger address is its identity on the ledger).
 * Nothing outside chain/ imports ethers; everything outside chain/ talks to the ledger through this.
 */
import type { LedgerEvent } from "./events";
import type { Account, Bytes32, CreditPassingRules, Fen, ParticipantStatus, PlatformBounds, Role } from "./values";

export { ROLES } from "./values";
export type { Account, Bytes32, CreditPassingRules, Fen, ParticipantStatus, PlatformBounds, Role } from "./values";

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
  readonly history: HistoryPort;
  readonly clock: ClockPort;
  /** Makes `account` able to pay for gas where the chain charges for it. A no-op on zero-gas-price chains. */
  ensureGas(account: Account): Promise<void>;
  /** Throws ChainUnavailableError unless the chain answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
