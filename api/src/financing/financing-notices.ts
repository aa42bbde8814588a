/**
 * The webhooks of the financing marketplace's off-ledger steps, in the API's own spellings (yuan as decimal
 * strings, ids as strings, instants in ISO 8601). The holder hears that a bank quoted; the bank hears that the
 * holder took its quote, which has just locked the amount on the ledger for the bank to approve.
 */
import type { Party } from "../http/party";
import { formatYuan } from "../money";
import type { OffLedgerEvent } from "../webhooks/webhook-outbox";
import type { ApplicationRow, QuoteTerms } from "./financing.repository";

const termsJson = (t: QuoteTerms) => ({
  rateBps: t.rateBps,
  feeBps: t.feeBps,
  days: t.days,
  interest: formatYuan(t.interest),
  fee: formatYuan(t.fee),
  net: formatYuan(t.net),
});

/** To the holder who asked: `bank` quoted these terms on its request. */
export function quotedNotice(app: ApplicationRow, quoteId: string, terms: QuoteTerms, bank: Party): OffLedgerEvent {
  return {
    organisationId: app.holderOrgId,
    type: "financing.quoted",
    data: {
      requestId: app.id,
      quoteId,
      voucherId: app.voucherId.toString(),
      amount: formatYuan(app.amount),
      bank,
      ...termsJson(terms),
      validUntil: terms.validUntil.toISOString(),
    },
  };
}

/** To the bank whose quote the holder accepted: the request is on the ledger, awaiting its approval by `deadline`. */
export function acceptedNotice(
  app: ApplicationRow,
  quote: QuoteTerms & { id: string; bankOrgId: string },
  holder: Party,
  onChain: { requestId: bigint; txHash: string; deadline: Date },
): OffLedgerEvent {
  return {
    organisationId: quote.bankOrgId,
    type: "financing.accepted",
    data: {
      requestId: app.id,
      quoteId: quote.id,
      voucherId: app.voucherId.toString(),
      amount: formatYuan(app.amount),
      holder,
      ...termsJson(quote),
      onChainRequestId: onChain.requestId.toString(),
      txHash: onChain.txHash,
      approveBy: onChain.deadline.toISOString(),
    },
  };
}
