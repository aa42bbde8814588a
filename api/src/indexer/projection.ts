/**
 * The query model of the ledger, rebuilt from events alone. `ProjectionState` holds the rows a batch of events
 * touches; `apply` turns each event into row changes. It knows nothing of the database: the repository loads
 * the rows named by `touchedKeys`, and writes back the ones marked dirty.
 */
import type { EventOf, LedgerEvent } from "../../../chain/events";
import type { Account, Bytes32, Fen } from "../../../chain/ledger";
import {
  lineKey,
  priceKey,
  ProjectionError,
  ProjectionState,
  slotKey,
  type CargoPolicyRow,
  type FeeAccountRow,
  type FinancingRow,
  type GuaranteeRow,
  type PenaltyRow,
  type PledgeLoanRow,
  type PolicyClaimRow,
  type ReceiptRow,
  type Table,
} from "./projection-state";

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
  receipts: Set<bigint>;
  loans: Set<bigint>;
  guarantees: Set<bigint>;
  policies: Set<bigint>;
  /** A claim's policy is loaded with it. */
  claims: Set<bigint>;
  feeAccounts: Set<bigint>;
  /** Late-funding penalties are keyed like slots; a voucher's penalty share is found through its slot. */
  penalties: Set<string>;
  /** Settings an event reads, not only writes. */
  settings: Set<string>;
}

/** The platform's fee on pledge loans: a request records the one in force. */
export const PLEDGE_FEE = "pledgeFee";

export function touchedKeys(events: readonly LedgerEvent[]): TouchedKeys {
  const k: TouchedKeys = {
    participants: new Set(),
    creditLines: new Set(),
    invoices: new Set(),
    vouchers: new Set(),
    financing: new Set(),
    cash: new Set(),
    slots: new Set(),
    receipts: new Set(),
    loans: new Set(),
    guarantees: new Set(),
    policies: new Set(),
    claims: new Set(),
    feeAccounts: new Set(),
    penalties: new Set(),
    settings: new Set(),
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
      case "ReceiptIssued":
      case "ReceiptTransferred":
      case "ReceiptDelivered":
      case "ReceiptCancelled":
      case "ReceiptPledgeChanged":
        k.receipts.add(e.args.id);
        break;
      case "ReceiptSplit":
        k.receipts.add(e.args.parent);
        k.receipts.add(e.args.id);
        break;
      case "PledgeRequested":
        k.settings.add(PLEDGE_FEE);
        k.loans.add(e.args.loanId);
        for (const id of e.args.receiptIds) k.receipts.add(id);
        break;
      case "CollateralAdded":
        k.loans.add(e.args.loanId);
        for (const id of e.args.receiptIds) k.receipts.add(id);
        break;
      case "PledgeCancelled":
      case "LoanDrawn":
      case "LoanRepaid":
      case "PledgeReleased":
      case "MarginWarning":
      case "MarginCalled":
      case "MarginCallCured":
      case "LoanDefaulted":
      case "CollateralSeized":
        k.loans.add(e.args.loanId);
        break;
      case "PenaltyCharged":
        k.penalties.add(slotKey(e.args.debtor, e.args.maturity));
        break;
      case "PenaltyPaid":
        // The voucher's slot names the penalty: the repository loads the voucher, then its slot's penalty.
        k.vouchers.add(e.args.id);
        break;
      case "GuaranteeIssued":
      case "GuaranteeCalled":
      case "RecourseRecorded":
      case "RecourseRecovered":
      case "GuaranteeReleased":
      case "GuaranteeExpired":
        k.guarantees.add(e.args.id);
        break;
      case "PolicyUnderwritten":
        k.policies.add(e.args.policyId);
        break;
      case "ClaimFiled":
      case "ClaimPaid":
      case "ClaimRejected":
        k.claims.add(e.args.claimId);
        k.policies.add(e.args.policyId);
        break;
      case "FeeAccountOpened":
      case "SupervisionStarted":
      case "SupervisionEnded":
      case "FeesPaid":
        k.feeAccounts.add(e.args.receiptId);
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

    // Inventory pledge. A receipt's lock and release come from the receipts contract before the pledge module
    // names the loan, so the loan's own events say which loan holds which receipts.
    case "ReceiptIssued": {
      const a = e.args;
      state.receipts.put(a.id, {
        id: a.id,
        owner: a.depositor,
        warehouse: a.warehouse,
        status: "active",
        parent: 0n,
        commodity: a.commodity,
        grade: a.grade,
        quantity: a.quantity,
        location: a.location,
        document: a.document,
        inbound: a.inbound,
        reading: a.reading,
        loanId: null,
        createdBlock: e.blockNumber,
      });
      return;
    }
    case "ReceiptSplit": {
      const parent = state.receipts.must(e.args.parent, "receipt");
      state.receipts.put(parent.id, { ...parent, status: "split" });
      state.receipts.put(e.args.id, { ...parent, id: e.args.id, status: "active", parent: parent.id, quantity: e.args.quantity, document: e.args.document, createdBlock: e.blockNumber });
      return;
    }
    case "ReceiptTransferred":
      update(state.receipts, e.args.id, "receipt", (r): ReceiptRow => ({ ...r, owner: e.args.to }));
      return;
    case "ReceiptDelivered":
      update(state.receipts, e.args.id, "receipt", (r): ReceiptRow => ({ ...r, status: "delivered" }));
      return;
    case "ReceiptCancelled":
      update(state.receipts, e.args.id, "receipt", (r): ReceiptRow => ({ ...r, status: "cancelled" }));
      return;
    case "ReceiptPledgeChanged":
      update(state.receipts, e.args.id, "receipt", (r): ReceiptRow => ({ ...r, status: e.args.pledged ? "pledged" : "active" }));
      return;

    case "PublisherChanged":
      state.settings.put(`publisher:${e.args.publisher}`, e.args.appointed);
      return;
    case "PricePosted": {
      const { commodity, day, fenPerTonne, publisher } = e.args;
      state.prices.put(priceKey(commodity, day), { commodity, day, fenPerTonne, publisher, postedBlock: e.blockNumber });
      return;
    }
    case "PledgeBoundsChanged":
      state.settings.put("pledgeBounds", e.args.bounds);
      return;
    case "PledgeFeeChanged":
      state.settings.put(PLEDGE_FEE, { feeBps: e.args.feeBps, recipient: e.args.recipient });
      return;
    case "PledgeRateSet":
      state.settings.put(`pledgeRate:${e.args.bank}:${e.args.commodity}`, e.args.rateBps);
      return;

    case "PledgeRequested": {
      const a = e.args;
      let quantity = 0n;
      for (const id of a.receiptIds) {
        const r = state.receipts.must(id, "receipt");
        quantity += r.quantity;
        state.receipts.put(id, { ...r, loanId: a.loanId });
      }
      state.loans.put(a.loanId, {
        id: a.loanId,
        borrower: a.borrower,
        bank: a.bank,
        commodity: a.commodity,
        quantity,
        receiptIds: a.receiptIds,
        amount: a.amount,
        principal: a.amount,
        interestPaid: 0n,
        rateBps: a.rateBps,
        // The fee in force at the request is the loan's: the repository loads the setting for this batch.
        feeBps: (state.settings.get(PLEDGE_FEE) as { feeBps: number } | undefined)?.feeBps ?? 0,
        maturity: a.maturity,
        status: "requested",
        drawnValue: null,
        drawnLimit: null,
        drawnPrice: null,
        drawnFee: null,
        margin: "none",
        ratioBps: null,
        callDeadline: null,
        createdBlock: e.blockNumber,
      });
      return;
    }
    case "CollateralAdded":
      for (const id of e.args.receiptIds) update(state.receipts, id, "receipt", (r): ReceiptRow => ({ ...r, loanId: e.args.loanId }));
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({
        ...l,
        quantity: l.quantity + e.args.quantity,
        receiptIds: [...l.receiptIds, ...e.args.receiptIds],
      }));
      return;
    case "PledgeCancelled":
      releaseReceipts(state, e.args.loanId);
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({ ...l, status: "cancelled" }));
      return;
    case "LoanDrawn":
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({
        ...l,
        status: "active",
        drawnValue: e.args.value,
        drawnLimit: e.args.limit,
        drawnPrice: e.args.fenPerTonne,
        drawnFee: e.args.fee,
      }));
      return;
    case "LoanRepaid":
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({
        ...l,
        principal: e.args.principalLeft,
        interestPaid: l.interestPaid + e.args.interestPaid,
      }));
      return;
    case "PledgeReleased":
      releaseReceipts(state, e.args.loanId);
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({ ...l, status: "repaid", margin: "none", callDeadline: null }));
      return;
    case "MarginWarning":
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({ ...l, margin: "warning", ratioBps: e.args.ratioBps.toString() }));
      return;
    case "MarginCalled":
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({ ...l, margin: "called", ratioBps: e.args.ratioBps.toString(), callDeadline: e.args.deadline }));
      return;
    case "MarginCallCured":
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({ ...l, margin: "none", ratioBps: e.args.ratioBps.toString(), callDeadline: null }));
      return;
    case "LoanDefaulted":
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({ ...l, status: "defaulted", ratioBps: e.args.ratioBps.toString() }));
      return;
    case "CollateralSeized":
      // The receipts' own events (released, then transferred to the bank) follow; they keep the loan's id.
      update(state.loans, e.args.loanId, "pledge loan", (l): PledgeLoanRow => ({ ...l, status: "seized", principal: e.args.principal, margin: "none", callDeadline: null }));
      return;

    case "PenaltyRateChanged":
      state.settings.put(`penaltyRate:${e.args.core}`, e.args.rateBps);
      return;
    case "PenaltyCharged": {
      const { debtor, maturity, days, rateBps, base, penalty } = e.args;
      state.penalties.put(slotKey(debtor, maturity), { debtor, maturity, days, rateBps, base, penalty, paidOut: 0n });
      return;
    }
    case "PenaltyPaid": {
      const v = state.vouchers.must(e.args.id, "voucher");
      update(state.penalties, slotKey(v.debtor, v.maturity), "penalty", (p): PenaltyRow => ({ ...p, paidOut: p.paidOut + e.args.amount }));
      return;
    }

    case "GuaranteeIssued": {
      const a = e.args;
      state.guarantees.put(a.id, {
        id: a.id,
        guarantor: a.guarantor,
        bank: a.bank,
        kind: a.kind,
        subject: a.subject,
        amount: a.amount,
        expiry: a.expiry,
        status: "active",
        claim: null,
        paid: 0n,
        obligor: null,
        recovered: 0n,
        createdBlock: e.blockNumber,
      });
      return;
    }
    case "GuaranteeCalled":
      update(state.guarantees, e.args.id, "guarantee", (g): GuaranteeRow => ({ ...g, status: "called", claim: e.args.claim, paid: e.args.paid }));
      return;
    case "RecourseRecorded":
      update(state.guarantees, e.args.id, "guarantee", (g): GuaranteeRow => ({ ...g, obligor: e.args.obligor }));
      return;
    case "RecourseRecovered":
      update(state.guarantees, e.args.id, "guarantee", (g): GuaranteeRow => ({ ...g, recovered: g.paid - e.args.left }));
      return;
    case "GuaranteeReleased":
      update(state.guarantees, e.args.id, "guarantee", (g): GuaranteeRow => ({ ...g, status: "released" }));
      return;
    case "GuaranteeExpired":
      update(state.guarantees, e.args.id, "guarantee", (g): GuaranteeRow => ({ ...g, status: "expired" }));
      return;

    case "PolicyUnderwritten": {
      const a = e.args;
      state.policies.put(a.policyId, {
        id: a.policyId,
        receiptId: a.receiptId,
        insurer: a.insurer,
        insured: a.insured,
        paid: 0n,
        start: a.start,
        end: a.end,
        terms: a.terms,
        createdBlock: e.blockNumber,
      });
      return;
    }
    case "ClaimFiled": {
      const a = e.args;
      state.claims.put(a.claimId, {
        id: a.claimId,
        policyId: a.policyId,
        claimant: a.claimant,
        status: "filed",
        loss: a.loss,
        paid: 0n,
        beneficiary: null,
        evidence: a.evidence,
        reason: null,
        createdBlock: e.blockNumber,
      });
      return;
    }
    case "ClaimPaid":
      update(state.claims, e.args.claimId, "claim", (c): PolicyClaimRow => ({ ...c, status: "paid", paid: e.args.amount, beneficiary: e.args.beneficiary }));
      update(state.policies, e.args.policyId, "policy", (p): CargoPolicyRow => ({ ...p, paid: p.paid + e.args.amount }));
      return;
    case "ClaimRejected":
      update(state.claims, e.args.claimId, "claim", (c): PolicyClaimRow => ({ ...c, status: "rejected", reason: e.args.reason }));
      return;

    case "TariffSet":
      state.settings.put(`tariff:${e.args.warehouse}:${e.args.commodity}`, {
        storageFenPerTonneDay: e.args.storageFenPerTonneDay.toString(),
        supervisionFenPerTonneDay: e.args.supervisionFenPerTonneDay.toString(),
      });
      return;
    case "FeeAccountOpened": {
      const a = e.args;
      state.feeAccounts.put(a.receiptId, {
        receiptId: a.receiptId,
        warehouse: a.warehouse,
        openedDay: a.day,
        storageFenPerTonneDay: a.storageFenPerTonneDay,
        supervisionFenPerTonneDay: a.supervisionFenPerTonneDay,
        supervising: false,
        closed: false,
        storagePaid: 0n,
        supervisionPaid: 0n,
        paidTo: null,
        createdBlock: e.blockNumber,
      });
      return;
    }
    case "SupervisionStarted":
      update(state.feeAccounts, e.args.receiptId, "fee account", (f): FeeAccountRow => ({ ...f, supervising: true }));
      return;
    case "SupervisionEnded":
      update(state.feeAccounts, e.args.receiptId, "fee account", (f): FeeAccountRow => ({ ...f, supervising: false }));
      return;
    case "FeesPaid":
      update(state.feeAccounts, e.args.receiptId, "fee account", (f): FeeAccountRow => ({
        ...f,
        storagePaid: f.storagePaid + e.args.storageFee,
        supervisionPaid: f.supervisionPaid + e.args.supervisionFee,
        paidTo: e.args.day,
        closed: e.args.closed,
      }));
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

/** The loan no longer holds its receipts: they are free again. */
function releaseReceipts(state: ProjectionState, loanId: bigint): void {
  for (const id of state.loans.must(loanId, "pledge loan").receiptIds) {
    const r = state.receipts.get(id);
    if (r) state.receipts.put(id, { ...r, loanId: null });
  }
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
