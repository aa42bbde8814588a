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

/** Full-width digits ０-９ (U+FF10–FF19), as a Chinese IME types them, read as ASCII digits. */
function halfWidthDigits(s: string): string {
  return s.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30));
}

/**
 * Reduces one part of an invoice identity to ASCII digits. Full-width digits, spaces (including the
 * ideographic space) and hyphens (including the full-width one) are formatting; anything else, even a
 * digit-like symbol such as ① or ¹, is an error, never silently read, so that two different invoices can
 * never collapse to one key.
 */
export function canonicalDigits(raw: string, lengths: readonly number[], what: string): string {
  const digits = halfWidthDigits(raw).replace(/[\s\u3000\-\uFF0D]/g, "");
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
