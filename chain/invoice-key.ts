import { keccak256, toUtf8Bytes } from "ethers";

/** A VAT invoice: 10- or 12-digit code plus 8-digit number. */
export interface VatInvoiceId {
  kind: "vat";
  code: string;
  number: string;
}

/** A fully digital invoice (全电发票): a 20-digit number. */
export interface DigitalInvoiceId {
  kind: "digital";
  number: string;
}

export type InvoiceId = VatInvoiceId | DigitalInvoiceId;

export class InvoiceIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvoiceIdError";
  }
}

/**
 * Reduces one part of an invoice identity to ASCII digits. Full-width digits (as typed on a Chinese IME),
 * surrounding or inner spaces and hyphens are formatting; anything else is an error, never silently dropped,
 * so that two different invoices can never collapse to one key.
 */
export function canonicalDigits(raw: string, lengths: readonly number[], what: string): string {
  const digits = raw.normalize("NFKC").trim().replace(/[\s-]/g, "");
  if (!/^[0-9]+$/.test(digits)) throw new InvoiceIdError(`${what} must contain only digits`);
  if (!lengths.includes(digits.length)) {
    throw new InvoiceIdError(`${what} must have ${lengths.join(" or ")} digits, not ${digits.length}`);
  }
  return digits;
}

/** The canonical identity string that the ledger keys an invoice by. */
export function canonicalInvoiceId(id: InvoiceId): string {
  if (id.kind === "vat") {
    return `VAT:${canonicalDigits(id.code, [10, 12], "invoice code")}:${canonicalDigits(id.number, [8], "invoice number")}`;
  }
  return `EI:${canonicalDigits(id.number, [20], "digital invoice number")}`;
}

/** keccak256 of the canonical identity: the key under which the ledger registers the invoice, once ever. */
export function invoiceKey(id: InvoiceId): string {
  return keccak256(toUtf8Bytes(canonicalInvoiceId(id)));
}
