/**
 * The query model of the ledger, rebuilt from events alone. `ProjectionState` holds the rows a batch of events
 * touches; `apply` turns each event into row changes. It knows nothing of the database: the repository loads
 * the rows named by `touchedKeys`, and writes back the ones marked dirty.
 */
import type { EventOf, LedgerEvent } from "../../../chain/events";
import type { Account, Bytes32, Fen } from "../../../chain/ledger";
import { lineKey, ProjectionError, ProjectionState, slotKey, type FinancingRow, type Table } from "./projection-state";

export * from "./projection-state";

/** The keys a batch of events will read, so the repository can load them in a few queries. */
export interface TouchedKeys {
  participants: Set<Account>;
  creditLines: Set<string>;
  invoices: Set<Bytes32>;
  vouchers: Set<bigint>;
  financing: Set<bigint>;
  cash: Set<Account>;
  slots: Set<string>;
}

export function touchedKeys(events: readonly LedgerEvent[]): TouchedKeys {
  const k: TouchedKeys = {
    participants: new Set(),
    creditLines: new Set(),
    invoices: new Set(),
    vouchers: new Set(),
    financing: new Set(),
    cash: new Set(),
    slots: new Set(),
  };
  for (const e of events) {
    const a = e.args as Record<string, unknown>;
    switch (e.name) {
      case "ParticipantRegistered":
      case "ParticipantRolesChanged":
      case "ParticipantKycUpdated":
      case "ParticipantSuspensionChanged":
      case "ParticipantFreezeChanged":
        k.participants.add(e.args.account);
        break;
      case "CreditLineGranted":
      case "CreditLineAmended":
      case "CreditLineClosed":
      case "CreditLineUsed":
      case "CreditLineReleased":
        k.creditLines.add(lineKey(a.bank as Account, a.core as Account));
        break;
      case "InvoiceRegistered":
      case "InvoiceConfirmed":
      case "InvoiceUsed":
        k.invoices.add(a.key as Bytes32);
        break;
      case "CashTransfer":
        k.cash.add(e.args.from);
        k.cash.add(e.args.to);
        break;
      case "VoucherIssued":
        k.vouchers.add(e.args.id);
        k.slots.add(slotKey(e.args.debtor, e.args.maturity));
        break;
      case "VoucherTransferred":
      case "VoucherSplit":
      case "VoucherFinanced":
        k.vouchers.add(e.args.parentId);
        k.vouchers.add(e.args.id);
        break;
      case "VoucherLocked":
      case "VoucherUnlocked":
      case "VoucherRedeemed":
        k.vouchers.add(e.args.id);
        break;
      case "SlotFunded":
        k.slots.add(slotKey(e.args.debtor, e.args.maturity));
        break;
      case "SlotOverdue":
        k.slots.add(slotKey(e.args.debtor, e.args.maturity));
        break;
      case "FinancingRequested":
      case "FinancingExecuted":
      case "FinancingDeclined":
      case "FinancingCancelled":
      case "FinancingReleased":
        k.financing.add(e.args.requestId);
        break;
      default:
        // Touches no row; `apply` refuses a kind it does not know.
        break;
    }
  }
  return k;
}

const ZERO = "0x0000000000000000000000000000000000000000";

export function apply(state: ProjectionState, e: LedgerEvent): void {
  switch (e.name) {
    case "ParticipantRegistered":
      state.participants.put(e.args.account, {
        account: e.args.account,
        roles: e.args.roles,
        suspended: false,
        frozen: false,
        usccHash: e.args.usccHash,
        kycHash: e.args.kycHash,
      });
      return;
    case "ParticipantRolesChanged":
      update(state.participants, e.args.account, "participant", (p) => ({ ...p, roles: e.args.roles }));
      return;
    case "ParticipantKycUpdated":
      update(state.participants, e.args.account, "participant", (p) => ({ ...p, kycHash: e.args.kycHash }));
      return;
    case "ParticipantSuspensionChanged":
      update(state.participants, e.args.account, "participant", (p) => ({ ...p, suspended: e.args.suspended }));
      return;
    case "ParticipantFreezeChanged":
      update(state.participants, e.args.account, "participant", (p) => ({ ...p, frozen: e.args.frozen }));
      return;

    case "BoundsChanged":
      state.settings.put("bounds", e.args.bounds);
      return;
    case "RulesChanged":
      state.settings.put(`rules:${e.args.core}`, e.args.rules);
      return;
    case "SupplierWhitelistChanged":
      state.settings.put(`whitelist:${e.args.core}:${e.args.supplier}`, e.args.listed);
      return;
    case "BankEligibilityChanged":
      state.settings.put(`eligible:${e.args.core}:${e.args.bank}`, e.args.eligible);
      return;
    case "FeeChanged":
      state.settings.put("fee", { feeBps: e.args.feeBps, recipient: e.args.recipient });
      return;
    case "GracePeriodChanged":
      state.settings.put("grace", e.args.graceSeconds);
      return;

    case "CreditLineGranted": {
      const key = lineKey(e.args.bank, e.args.core);
      const used = state.creditLines.get(key)?.used ?? 0n;
      state.creditLines.put(key, { bank: e.args.bank, core: e.args.core, limit: e.args.limit, used, expiry: e.args.expiry, open: true });
      return;
    }
    case "CreditLineAmended":
      update(state.creditLines, lineKey(e.args.bank, e.args.core), "credit line", (l) => ({
        ...l,
        limit: e.args.limit,
        expiry: e.args.expiry,
      }));
      return;
    case "CreditLineClosed":
      update(state.creditLines, lineKey(e.args.bank, e.args.core), "credit line", (l) => ({ ...l, open: false }));
      return;
    case "CreditLineUsed":
    case "CreditLineReleased":
      update(state.creditLines, lineKey(e.args.bank, e.args.core), "credit line", (l) => ({ ...l, used: e.args.used }));
      return;

    case "InvoiceRegistered":
      state.invoices.put(e.args.key, {
        key: e.args.key,
        seller: e.args.seller,
        buyer: e.args.buyer,
        amount: e.args.amount,
        used: 0n,
        confirmed: false,
        commitment: e.args.commitment,
      });
      return;
    case "InvoiceConfirmed":
      update(state.invoices, e.args.key, "invoice", (i) => ({ ...i, confirmed: true }));
      return;
    case "InvoiceUsed":
      update(state.invoices, e.args.key, "invoice", (i) => ({ ...i, used: e.args.used }));
      return;

    case "CashTransfer": {
      const { from, to, value } = e.args;
      if (from !== ZERO) addCash(state, from, -value);
      if (to !== ZERO) addCash(state, to, value);
      return;
    }

    case "VoucherIssued": {
      const { id, debtor, holder, amount, maturity } = e.args;
      state.vouchers.put(id, {
        id,
        owner: holder,
        value: amount,
        redeemedValue: 0n,
        locked: 0n,
        depth: 1,
        financed: false,
        root: id,
        parent: 0n,
        debtor,
        maturity,
        createdBlock: e.blockNumber,
      });
      const sk = slotKey(debtor, maturity);
      const slot = state.slots.get(sk) ?? { debtor, maturity, outstanding: 0n, escrowed: 0n, overdue: false };
      state.slots.put(sk, { ...slot, outstanding: slot.outstanding + amount });
      return;
    }
    case "VoucherTransferred":
      mintPiece(state, e, e.args.to, e.args.depth, false);
      return;
    case "VoucherSplit": {
      const parent = state.vouchers.must(e.args.parentId, "voucher");
      mintPiece(state, e, e.args.holder, parent.depth, parent.financed);
      return;
    }
    case "VoucherFinanced": {
      // The sale lifts the lock it was made under: the contract emits no VoucherUnlocked for it, unless it was
      // deployed before issue 16, whose VoucherUnlocked has already set the lock that remains.
      if (state.unlockedInTx !== `${e.txHash}:${e.args.parentId}`) {
        update(state.vouchers, e.args.parentId, "voucher", (v) => ({ ...v, locked: v.locked - e.args.amount }));
      }
      if (e.args.id === e.args.parentId) {
        update(state.vouchers, e.args.id, "voucher", (v) => ({ ...v, owner: e.args.bank, financed: true }));
      } else {
        const parent = state.vouchers.must(e.args.parentId, "voucher");
        mintPiece(state, e, e.args.bank, parent.depth, true);
      }
      return;
    }
    case "VoucherLocked":
      update(state.vouchers, e.args.id, "voucher", (v) => ({ ...v, locked: e.args.locked }));
      return;
    case "VoucherUnlocked":
      update(state.vouchers, e.args.id, "voucher", (v) => ({ ...v, locked: e.args.locked }));
      state.unlockedInTx = `${e.txHash}:${e.args.id}`;
      return;
    case "VoucherRedeemed": {
      const v = state.vouchers.must(e.args.id, "voucher");
      state.vouchers.put(v.id, { ...v, value: 0n, redeemedValue: e.args.value });
      update(state.slots, slotKey(v.debtor, v.maturity), "slot", (s) => ({
        ...s,
        outstanding: s.outstanding - e.args.value,
        escrowed: s.escrowed - e.args.value,
      }));
      return;
    }
    case "SlotFunded":
      update(state.slots, slotKey(e.args.debtor, e.args.maturity), "slot", (s) => ({ ...s, escrowed: e.args.escrowed }));
      return;
    case "SlotOverdue":
      update(state.slots, slotKey(e.args.debtor, e.args.maturity), "slot", (s) => ({ ...s, overdue: true }));
      return;

    case "FinancingRequested": {
      const a = e.args;
      state.financing.put(a.requestId, {
        id: a.requestId,
        voucherId: a.voucherId,
        holder: a.holder,
        bank: a.bank,
        amount: a.amount,
        rateBps: a.rateBps,
        feeBps: a.feeBps,
        deadline: a.deadline,
        status: "pending",
        pieceId: null,
        days: null,
        interest: null,
        fee: null,
        net: null,
      });
      return;
    }
    case "FinancingExecuted":
      update(state.financing, e.args.requestId, "financing request", (f): FinancingRow => ({
        ...f,
        status: "executed",
        pieceId: e.args.pieceId,
        days: e.args.days,
        interest: e.args.interest,
        fee: e.args.fee,
        net: e.args.net,
      }));
      return;
    case "FinancingDeclined":
      update(state.financing, e.args.requestId, "financing request", (f): FinancingRow => ({ ...f, status: "declined" }));
      return;
    case "FinancingCancelled":
      update(state.financing, e.args.requestId, "financing request", (f): FinancingRow => ({ ...f, status: "cancelled" }));
      return;
    case "FinancingReleased":
      update(state.financing, e.args.requestId, "financing request", (f): FinancingRow => ({ ...f, status: "released" }));
      return;

    // ERC-3525/ERC-20 bookkeeping events, approvals, funding notices, cash issuance (its CashTransfer moves the
    // balances), the settlement bank's designation (read from the ledger when needed) and audit anchors: kept in
    // the event log only. Reading anchors are recorded by the job that sent them (api/src/iot/anchoring.ts).
    case "AuditLogAnchored":
    case "ReadingsAnchored":
    case "SettlementBankDesignated":
    case "CashApproval":
    case "CashMinted":
    case "CashBurned":
    case "Transfer":
    case "TransferValue":
    case "SlotChanged":
    case "ApprovalValue":
    case "SlotFundedBy":
      return;

    // Data services: the services that make them keep their own records, with the transaction; the ledger's
    // consent is read from the ledger whenever a query is made.
    case "DocumentCommitted":
    case "DisclosureRecorded":
    case "ConsentGranted":
    case "ConsentWithdrawn":
    case "RiskQueried":
    case "QueryFeeChanged":
      return;

    // Inventory pledge: not projected yet.
    case "ReceiptIssued":
    case "ReceiptTransferred":
    case "ReceiptSplit":
    case "ReceiptDelivered":
    case "ReceiptCancelled":
    case "ReceiptPledgeChanged":
    case "PublisherChanged":
    case "PricePosted":
    case "PledgeBoundsChanged":
    case "PledgeFeeChanged":
    case "PledgeRateSet":
    case "PledgeRequested":
    case "PledgeCancelled":
    case "LoanDrawn":
    case "CollateralAdded":
    case "LoanRepaid":
    case "PledgeReleased":
    case "MarginWarning":
    case "MarginCalled":
    case "MarginCallCured":
    case "LoanDefaulted":
    case "CollateralSeized":
      return;

    default:
      // Every kind the port declares is handled above, so `e` is `never` here; a kind the chain emits but the port
      // does not know (a contract upgraded ahead of this code) must stop the projection, not be silently dropped.
      unknownEvent(e);
  }
}

function unknownEvent(e: never): never {
  const { name, blockNumber, logIndex } = e as { name: unknown; blockNumber: unknown; logIndex: unknown };
  throw new ProjectionError(`Unknown ledger event ${String(name)} at block ${String(blockNumber)}, log ${String(logIndex)}`);
}

function update<K, R>(table: Table<K, R>, key: K, what: string, fn: (row: R) => R): void {
  table.put(key, fn(table.must(key, what)));
}

function addCash(state: ProjectionState, account: Account, delta: Fen): void {
  const row = state.cash.get(account) ?? { account, balance: 0n };
  state.cash.put(account, { ...row, balance: row.balance + delta });
}

function mintPiece(
  state: ProjectionState,
  e: EventOf<"VoucherTransferred"> | EventOf<"VoucherSplit"> | EventOf<"VoucherFinanced">,
  owner: Account,
  depth: number,
  financed: boolean,
): void {
  const parent = state.vouchers.must(e.args.parentId, "voucher");
  state.vouchers.put(parent.id, { ...parent, value: parent.value - e.args.amount });
  state.vouchers.put(e.args.id, {
    id: e.args.id,
    owner,
    value: e.args.amount,
    redeemedValue: 0n,
    locked: 0n,
    depth,
    financed,
    root: parent.root,
    parent: parent.id,
    debtor: parent.debtor,
    maturity: parent.maturity,
    createdBlock: e.blockNumber,
  });
}
