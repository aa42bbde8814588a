import { describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes } from "ethers";
import { canonicalDigits, canonicalInvoiceId, InvoiceIdError, invoiceKey, type InvoiceId } from "../../chain/invoice-key";

const CODE10 = "0310021130";
const CODE12 = "031002113011";
const NUMBER = "12345678";
const DIGITAL = "25310000000012345678";

const vat = (code: string, number: string): InvoiceId => ({ kind: "vat", code, number });
const digital = (number: string): InvoiceId => ({ kind: "digital", number });

/** Asserts that `id` is refused with an InvoiceIdError whose message matches `message`. */
function rejects(id: InvoiceId, message: RegExp): void {
  let caught: unknown;
  try {
    invoiceKey(id);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InvoiceIdError);
  expect((caught as Error).name).toBe("InvoiceIdError");
  expect((caught as Error).message).toMatch(message);
}

describe("canonicalDigits", () => {
  it("when the input is plain ASCII digits of an allowed length, then it is returned unchanged", () => {
    expect(canonicalDigits("0123456789", [10, 12], "code")).toBe("0123456789");
    expect(canonicalDigits("012345678901", [10, 12], "code")).toBe("012345678901");
  });

  it("when the input has surrounding whitespace, inner spaces, hyphens or full-width digits, then only the ASCII digits remain", () => {
    expect(canonicalDigits("  1234 5678\t", [8], "n")).toBe("12345678");
    expect(canonicalDigits("1234-5678", [8], "n")).toBe("12345678");
    expect(canonicalDigits("１２３４５６７８", [8], "n")).toBe("12345678");
    expect(canonicalDigits("１２３４－５６７８", [8], "n")).toBe("12345678"); // full-width hyphen
    expect(canonicalDigits("1234\u30005678", [8], "n")).toBe("12345678"); // ideographic space
    expect(canonicalDigits("\n12345678\r\n", [8], "n")).toBe("12345678");
  });

  it("when the length is not one of the allowed ones, then it names what and how many digits were found", () => {
    expect(() => canonicalDigits("1234567", [8], "invoice number")).toThrow(InvoiceIdError);
    expect(() => canonicalDigits("1234567", [8], "invoice number")).toThrow("invoice number must have 8 digits, not 7");
    expect(() => canonicalDigits("01234567890", [10, 12], "invoice code")).toThrow("must have 10 or 12 digits, not 11");
  });
});

describe("canonicalInvoiceId", () => {
  it("when a VAT invoice is given, then its identity is VAT:code:number", () => {
    expect(canonicalInvoiceId(vat(CODE10, NUMBER))).toBe(`VAT:${CODE10}:${NUMBER}`);
    expect(canonicalInvoiceId(vat(CODE12, NUMBER))).toBe(`VAT:${CODE12}:${NUMBER}`);
  });

  it("when a 全电 invoice is given, then its identity is EI:number", () => {
    expect(canonicalInvoiceId(digital(DIGITAL))).toBe(`EI:${DIGITAL}`);
  });
});

describe("invoiceKey", () => {
  it("when an invoice is keyed, then the key is keccak256 of the canonical identity, as the contract documents", () => {
    expect(invoiceKey(vat(CODE10, NUMBER))).toBe(keccak256(toUtf8Bytes(`VAT:${CODE10}:${NUMBER}`)));
    expect(invoiceKey(digital(DIGITAL))).toBe(keccak256(toUtf8Bytes(`EI:${DIGITAL}`)));
  });

  it("when the same VAT invoice is typed in different formattings, then every formatting gives the same key", () => {
    const expected = invoiceKey(vat(CODE10, NUMBER));
    const variants = [
      vat(`  ${CODE10}  `, ` ${NUMBER} `),
      vat("0310-021130", "1234-5678"),
      vat("0310 021 130", "1234 5678"),
      vat("０３１００２１１３０", "１２３４５６７８"),
      vat("０３１０－０２１１３０", "１２３４\u3000５６７８"),
      vat("\t0310021130\n", "12345678\r\n"),
    ];
    for (const v of variants) expect(invoiceKey(v)).toBe(expected);
  });

  it("when the same 全电 invoice is typed in different formattings, then every formatting gives the same key", () => {
    const expected = invoiceKey(digital(DIGITAL));
    for (const n of [` ${DIGITAL} `, "2531-0000-0000-1234-5678", "2531 0000 0000 1234 5678", "２５３１００００００００１２３４５６７８"]) {
      expect(invoiceKey(digital(n))).toBe(expected);
    }
  });

  it("when two invoices differ in one digit, then their keys differ", () => {
    expect(invoiceKey(vat(CODE10, "12345678"))).not.toBe(invoiceKey(vat(CODE10, "12345679")));
    expect(invoiceKey(vat(CODE10, NUMBER))).not.toBe(invoiceKey(vat("0310021131", NUMBER)));
    expect(invoiceKey(digital(DIGITAL))).not.toBe(invoiceKey(digital("25310000000012345679")));
  });

  it("when a VAT invoice's code and number spell the same 20 digits as a 全电 number, then the keys still differ", () => {
    const twenty = `${CODE12}${NUMBER}`;
    expect(twenty).toHaveLength(20);
    expect(invoiceKey(vat(CODE12, NUMBER))).not.toBe(invoiceKey(digital(twenty)));
    expect(canonicalInvoiceId(vat(CODE12, NUMBER))).not.toBe(canonicalInvoiceId(digital(twenty)));
  });

  it("when a VAT code has the wrong number of digits, then InvoiceIdError is thrown", () => {
    rejects(vat("031002113", NUMBER), /invoice code must have 10 or 12 digits, not 9/);
    rejects(vat("03100211301", NUMBER), /not 11/);
    rejects(vat("0310021130111", NUMBER), /not 13/);
  });

  it("when a VAT number has the wrong number of digits, then InvoiceIdError is thrown", () => {
    rejects(vat(CODE10, "1234567"), /invoice number must have 8 digits, not 7/);
    rejects(vat(CODE10, "123456789"), /not 9/);
  });

  it("when a 全电 number is not 20 digits, then InvoiceIdError is thrown", () => {
    rejects(digital(DIGITAL.slice(1)), /digital invoice number must have 20 digits, not 19/);
    rejects(digital(`${DIGITAL}0`), /not 21/);
    rejects(digital(NUMBER), /not 8/);
  });

  it("when a part is empty or only formatting, then InvoiceIdError is thrown", () => {
    rejects(vat("", NUMBER), /invoice code must contain only digits/);
    rejects(vat(CODE10, "   "), /invoice number must contain only digits/);
    rejects(digital("- -"), /digital invoice number must contain only digits/);
  });

  it("when a part contains letters, punctuation or other separators, then InvoiceIdError is thrown instead of dropping them", () => {
    for (const bad of ["1234567A", "1234.5678", "1234_5678", "1234/5678", "1234–5678", "No.12345678", "0x123456"]) {
      rejects(vat(CODE10, bad), /invoice number must contain only digits/);
    }
    rejects(digital(`${DIGITAL.slice(0, 19)}X`), /only digits/);
    rejects(vat("031002113O", NUMBER), /invoice code must contain only digits/); // letter O, not zero
  });

  it("when a part uses digits of another script, then InvoiceIdError is thrown", () => {
    rejects(vat(CODE10, "١٢٣٤٥٦٧٨"), /only digits/); // Arabic-Indic
    rejects(vat(CODE10, "一二三四五六七八"), /only digits/); // Chinese numerals
  });

  it("when a part uses digit-like symbols that are neither ASCII nor full-width digits, then InvoiceIdError is thrown", () => {
    // The documented rule: full-width digits, spaces and hyphens are formatting; "anything else is an error".
    rejects(vat(CODE10, "①2345678"), /only digits/); // circled digit one
    rejects(vat(CODE10, "¹2345678"), /only digits/); // superscript one
    rejects(vat(CODE10, "𝟏2345678"), /only digits/); // mathematical bold one
  });
});
