/**
 * The invoice verifier port (the tax bureau's 全国增值税发票查验平台 or a licensed gateway to it): whether an invoice
 * exists as typed, and between whom. An invoice is registered on the ledger only once this says valid.
 */
import type { Fen } from "../money";

/** 有效, 作废 (voided by the seller), 红冲 (reversed by a red-letter invoice), or no such invoice with these details. */
export type InvoiceOutcome = "valid" | "void" | "red-flushed" | "not-found";

export interface InvoiceQuery {
  /** A VAT invoice's 10- or 12-digit code; undefined for an all-electronic invoice (全电发票). */
  code?: string;
  /** The 8-digit number of a VAT invoice, or the 20-digit number of an all-electronic one. */
  number: string;
  /** The issue day (YYYY-MM-DD). */
  issueDate: string;
  amountBeforeTax: Fen;
  /** The check code's last six digits (校验码), which an ordinary VAT invoice needs; the platform does not collect it yet. */
  checkCode?: string;
  /**
   * The seller and buyer the submitter names. A gateway ignores them and answers what the tax bureau holds; the
   * embedded sandbox answers invoices outside its dataset from them (see embedded-verifiers.ts).
   */
  claimed: { sellerUscc: string; buyerUscc: string };
}

export type InvoiceVerdict =
  | { outcome: "not-found" }
  | { outcome: "valid" | "void" | "red-flushed"; sellerUscc: string; buyerUscc: string };

export interface InvoiceVerifier {
  /** Throws VerifierUnavailableError when the verifier cannot answer. */
  verify(q: InvoiceQuery): Promise<InvoiceVerdict>;
}
