/** The privacy pages' shapes, as the generated API schema gives them. */
import type { paths } from "../../api/schema";

type Listed<P extends "/documents" | "/disclosures" | "/risk-data/consents" | "/risk-data/queries"> =
  paths[P]["get"]["responses"][200]["content"]["application/json"]["items"][number];

export type DocumentRecord = Listed<"/documents">;
export type Disclosure = Listed<"/disclosures">;
export type DisclosedInvoice = Disclosure["invoices"][number];
export type Opening = DisclosedInvoice["openings"][number];
export type InvoiceField = Disclosure["fields"][number];
export type Consent = Listed<"/risk-data/consents">;
export type RiskQuery = Listed<"/risk-data/queries">;
export type RiskProfile = RiskQuery["profile"];

/** The fields of an invoice's commitment, in the ledger's order (api/src/disclosure/field-commitment.ts). */
export const INVOICE_FIELDS: readonly InvoiceField[] = ["invoice", "seller", "buyer", "amount", "tax", "issueDate", "contractRef", "fileDigest"];
