/**
 * The webhook events an organisation sees, derived from ledger events it is party to. Each is named for what
 * happened to the receiving organisation, and its data uses the API's own spellings: yuan as decimal strings,
 * ledger ids as decimal strings, instants in ISO 8601. Financing quotes and acceptances happen off the ledger:
 * the financing service queues them itself, in the transaction that records them (webhook-outbox.ts).
 */
import type { LedgerEvent } from "../../../chain/events";
import type { Account } from "../../../chain/ledger";
import type { ProjectionState } from "../indexer/projection-state";
import { formatYuan } from "../money";

export const WEBHOOK_EVENT_TYPES = [
  "invoice.confirmed",
  "voucher.received",
  "financing.quoted",
  "financing.accepted",
  "financing.paid",
  "slot.funded",
  "voucher.redeemed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** One event for one account, before accounts are resolved to organisations and endpoints. */
export interface WebhookEvent {
  account: Account;
  type: WebhookEventType;
  blockNumber: number;
  logIndex: number;
  data: Record<string, unknown>;
}

/** What each ledger event tells whom. `state` holds the touched rows after the batch was applied. */
export function webhookEventsOf(e: LedgerEvent, state: ProjectionState): WebhookEvent[] {
  const at = (account: Account, type: WebhookEventType, data: Record<string, unknown>): WebhookEvent => ({
    account,
    type,
    blockNumber: e.blockNumber,
    logIndex: e.logIndex,
    data: { ...data, txHash: e.txHash },
  });
  switch (e.name) {
    case "InvoiceConfirmed": {
      // The seller is the one waiting to hear: its invoice can now back a voucher.
      const invoice = state.invoices.get(e.args.key);
      return invoice ? [at(invoice.seller, "invoice.confirmed", { invoiceKey: e.args.key, buyerAccount: e.args.buyer })] : [];
    }
    case "VoucherIssued":
      return [at(e.args.holder, "voucher.received", { voucherId: e.args.id.toString(), amount: formatYuan(e.args.amount), maturity: e.args.maturity.toISOString() })];
    case "VoucherTransferred":
      return [at(e.args.to, "voucher.received", { voucherId: e.args.id.toString(), fromAccount: e.args.from, amount: formatYuan(e.args.amount) })];
    case "FinancingExecuted": {
      const f = state.financing.get(e.args.requestId);
      if (!f) return [];
      const data = { requestId: e.args.requestId.toString(), pieceId: e.args.pieceId.toString(), net: formatYuan(e.args.net), interest: formatYuan(e.args.interest), fee: formatYuan(e.args.fee) };
      return [at(f.holder, "financing.paid", data), at(f.bank, "financing.paid", data)];
    }
    case "SlotFunded":
      return [at(e.args.debtor, "slot.funded", { maturity: e.args.maturity.toISOString(), amount: formatYuan(e.args.amount), escrowed: formatYuan(e.args.escrowed) })];
    case "VoucherRedeemed":
      return [at(e.args.holder, "voucher.redeemed", { voucherId: e.args.id.toString(), value: formatYuan(e.args.value) })];
    default:
      return [];
  }
}
