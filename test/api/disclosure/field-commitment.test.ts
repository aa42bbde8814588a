import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createHash, createHmac } from "node:crypto";
import { fieldCommitment, INVOICE_FIELDS, openFields, verifyOpening, type InvoiceFields } from "../../../api/src/disclosure/field-commitment";

const SALT = "11".repeat(32);
const FIELDS: InvoiceFields = {
  invoice: "VAT:3200123456:01234567",
  seller: "0x1111111111111111111111111111111111111111",
  buyer: "0x2222222222222222222222222222222222222222",
  amount: "125000050",
  tax: "16250007",
  issueDate: "2025-05-20",
  contractRef: "HT-2025-001",
  fileDigest: null,
};

/** The README's rules, written out again by hand: eight leaves make a full tree of three levels. */
function rootByHand(fields: InvoiceFields, salt: string): string {
  const h = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
  const leaves = INVOICE_FIELDS.map((field) => {
    const fieldSalt = createHmac("sha256", Buffer.from(salt, "hex")).update(field).digest("hex");
    return h(Buffer.from([0]), Buffer.from(`{"field":${JSON.stringify(field)},"salt":"${fieldSalt}","value":${JSON.stringify(fields[field])}}`, "utf8"));
  });
  let level = leaves;
  while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, i) => h(Buffer.from([1]), level[2 * i], level[2 * i + 1]));
  return `0x${level[0].toString("hex")}`;
}

const fieldsArb: fc.Arbitrary<InvoiceFields> = fc.record(
  Object.fromEntries(INVOICE_FIELDS.map((f) => [f, fc.option(fc.string({ unit: "binary", maxLength: 40 }), { nil: null })])) as Record<keyof InvoiceFields, fc.Arbitrary<string | null>>,
);
const saltArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("hex"));

describe("field commitments", () => {
  it("the root is the one the documented rules give", () => {
    expect(fieldCommitment(FIELDS, SALT)).toBe(rootByHand(FIELDS, SALT));
  });

  it("when any one field or the salt changes, then the root changes", () => {
    const root = fieldCommitment(FIELDS, SALT);
    for (const f of INVOICE_FIELDS) expect(fieldCommitment({ ...FIELDS, [f]: `${FIELDS[f] ?? ""}x` }, SALT)).not.toBe(root);
    expect(fieldCommitment(FIELDS, "12".repeat(32))).not.toBe(root);
  });

  it("an opening reveals its own field and salt only: the others' values appear nowhere in it", () => {
    const [opening] = openFields(FIELDS, SALT, ["amount"]);
    const text = JSON.stringify(opening);
    expect(opening.value).toBe("125000050");
    for (const f of ["invoice", "seller", "tax", "contractRef"] as const) expect(text).not.toContain(FIELDS[f]);
    expect(opening.path).toHaveLength(3);
  });

  it("property: every field's opening verifies against the root, and a changed value, salt, step or root does not", () => {
    fc.assert(
      fc.property(fieldsArb, saltArb, fc.constantFrom(...INVOICE_FIELDS), fc.string({ minLength: 1, maxLength: 5 }), (fields, salt, field, extra) => {
        const root = fieldCommitment(fields, salt);
        expect(root).toBe(rootByHand(fields, salt));
        const [o] = openFields(fields, salt, [field]);
        expect(verifyOpening(o, root)).toBe(true);
        expect(verifyOpening({ ...o, value: `${o.value ?? ""}${extra}` }, root)).toBe(false);
        expect(verifyOpening({ ...o, salt: `${o.salt.slice(0, -1)}${o.salt.endsWith("0") ? "1" : "0"}` }, root)).toBe(false);
        const flipped = o.path.map((s, i) => (i === 0 ? { ...s, side: s.side === "left" ? ("right" as const) : ("left" as const) } : s));
        expect(verifyOpening({ ...o, path: flipped }, root)).toBe(false);
        expect(verifyOpening({ ...o, path: o.path.slice(1) }, root)).toBe(false);
        expect(verifyOpening(o, fieldCommitment(fields, salt === SALT ? "12".repeat(32) : SALT))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("an opening that names another field, or carries malformed hex, does not verify and does not throw", () => {
    const root = fieldCommitment(FIELDS, SALT);
    const [o] = openFields(FIELDS, SALT, ["tax"]);
    expect(verifyOpening({ ...o, field: "amount" }, root)).toBe(false);
    expect(verifyOpening({ ...o, field: "nonsense" as never }, root)).toBe(false);
    expect(verifyOpening({ ...o, path: [{ side: "left", hash: "0xzz" }, ...o.path.slice(1)] }, root)).toBe(false);
  });
});
