/**
 * A commitment that can be opened one field at a time: a Merkle root over an invoice's fields, each hashed with a
 * salt of its own. Showing a bank the amount reveals the amount, its salt and the sibling hashes on its path to the
 * root, and nothing of the other fields: their hashes are salted, so not even a short field (a date, a tax amount)
 * can be guessed from them.
 *
 * Anyone can check an opening without this code (the README gives the same rules):
 * - a field's salt is HMAC-SHA256 keyed by the invoice's salt (32 bytes, from its hex) over the field's name, in hex;
 * - a leaf is SHA-256 of the byte 0x00 and the UTF-8 of {"field":…,"salt":…,"value":…} as JSON with keys in that
 *   order and no spaces (`value` a string or null);
 * - a node is SHA-256 of the byte 0x01, the left hash and the right hash; at a level with an odd count the last
 *   hash goes up unchanged;
 * - the leaves are the fields in the order of INVOICE_FIELDS, and the root, 0x-prefixed, is what the ledger holds.
 */
import { createHash, createHmac } from "node:crypto";

export const INVOICE_FIELDS = ["invoice", "seller", "buyer", "amount", "tax", "issueDate", "contractRef", "fileDigest"] as const;
export type InvoiceField = (typeof INVOICE_FIELDS)[number];
export type InvoiceFields = Record<InvoiceField, string | null>;

/** One sibling on the way from a leaf to the root: the hash and the side it sits on. */
export interface PathStep {
  side: "left" | "right";
  hash: string;
}

export interface FieldOpening {
  field: InvoiceField;
  value: string | null;
  salt: string;
  path: PathStep[];
}

const sha256 = (...parts: Buffer[]): Buffer => createHash("sha256").update(Buffer.concat(parts)).digest();
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function fieldSalt(invoiceSalt: string, field: InvoiceField): string {
  return createHmac("sha256", Buffer.from(invoiceSalt, "hex")).update(field).digest("hex");
}

function leaf(field: InvoiceField, value: string | null, salt: string): Buffer {
  return sha256(LEAF, Buffer.from(JSON.stringify({ field, salt, value }), "utf8"));
}

/** Every level of the tree, leaves first, root last. */
function levels(leaves: Buffer[]): Buffer[][] {
  const out = [leaves];
  while (out[out.length - 1].length > 1) {
    const below = out[out.length - 1];
    const up: Buffer[] = [];
    for (let i = 0; i < below.length; i += 2) up.push(i + 1 < below.length ? sha256(NODE, below[i], below[i + 1]) : below[i]);
    out.push(up);
  }
  return out;
}

const hex = (b: Buffer) => `0x${b.toString("hex")}`;

function tree(fields: InvoiceFields, invoiceSalt: string): Buffer[][] {
  return levels(INVOICE_FIELDS.map((f) => leaf(f, fields[f], fieldSalt(invoiceSalt, f))));
}

/** The root the ledger holds for these fields under this salt. */
export function fieldCommitment(fields: InvoiceFields, invoiceSalt: string): string {
  const t = tree(fields, invoiceSalt);
  return hex(t[t.length - 1][0]);
}

/** Openings of `chosen` fields, each enough on its own to check against the root. */
export function openFields(fields: InvoiceFields, invoiceSalt: string, chosen: readonly InvoiceField[]): FieldOpening[] {
  const t = tree(fields, invoiceSalt);
  return chosen.map((field) => {
    let index = INVOICE_FIELDS.indexOf(field);
    const path: PathStep[] = [];
    for (const level of t.slice(0, -1)) {
      const sibling = index % 2 === 0 ? index + 1 : index - 1;
      if (sibling < level.length) path.push({ side: index % 2 === 0 ? "right" : "left", hash: hex(level[sibling]) });
      index = Math.floor(index / 2);
    }
    return { field, value: fields[field], salt: fieldSalt(invoiceSalt, field), path };
  });
}

/** Whether `opening` leads to `root`. Malformed hex in a path is simply not a match. */
export function verifyOpening(opening: FieldOpening, root: string): boolean {
  if (!(INVOICE_FIELDS as readonly string[]).includes(opening.field)) return false;
  let h = leaf(opening.field, opening.value, opening.salt);
  for (const step of opening.path) {
    if (!/^0x[0-9a-f]{64}$/.test(step.hash)) return false;
    const sibling = Buffer.from(step.hash.slice(2), "hex");
    h = step.side === "left" ? sha256(NODE, sibling, h) : sha256(NODE, h, sibling);
  }
  return hex(h) === root.toLowerCase();
}
