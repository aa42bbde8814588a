/**
 * An invoice's committed fields, built the same way when it is submitted and whenever a field is disclosed: the
 * digits-only identity, the parties' ledger accounts, fen as decimal strings and the issue date as a calendar day.
 */
import type { Account } from "../../../chain/ledger";
import { fieldCommitment, type InvoiceFields } from "../disclosure/field-commitment";
import { formatCalendarDay } from "../http/cst-day";
import type { Fen } from "../money";

export interface CommittedInvoice {
  kind: string;
  code: string | null;
  number: string;
  amount: Fen;
  tax: Fen;
  issueDate: Date;
  contractRef: string | null;
  fileDigest: string | null;
}

/** The canonical identity (chain/invoice-key.ts) of a stored invoice. */
export const canonicalOf = (i: Pick<CommittedInvoice, "kind" | "code" | "number">): string => (i.kind === "vat" ? `VAT:${i.code ?? ""}:${i.number}` : `EI:${i.number}`);

export function invoiceFields(i: CommittedInvoice, seller: Account, buyer: Account): InvoiceFields {
  return {
    invoice: canonicalOf(i),
    seller,
    buyer,
    amount: i.amount.toString(),
    tax: i.tax.toString(),
    issueDate: formatCalendarDay(i.issueDate),
    contractRef: i.contractRef,
    fileDigest: i.fileDigest,
  };
}

/** What the ledger holds for the invoice: a Merkle root over its fields (see field-commitment.ts). */
export const invoiceCommitment = (i: CommittedInvoice, seller: Account, buyer: Account, salt: string): string => fieldCommitment(invoiceFields(i, seller, buyer), salt);
