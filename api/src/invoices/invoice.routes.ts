import { z } from "zod";
import { formatYuan } from "../money";
import { calendarDay, formatCalendarDay } from "../http/cst-day";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { party } from "../http/party";
import { lines, page, positiveYuan, text, uuid, yuan } from "../http/schemas";
import type { InvoiceService, InvoiceView } from "./invoice.service";

export const invoiceSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["vat", "digital"]),
    code: z.string().nullable().meta({ description: "VAT invoice code, digits only; null for a digital invoice" }),
    number: z.string().meta({ description: "Invoice number, digits only" }),
    key: z.string().meta({ description: "The canonical key the ledger registers the invoice under" }),
    seller: party,
    buyer: party,
    amount: z.string().meta({ description: "Amount excluding tax, yuan" }),
    tax: z.string(),
    total: z.string().meta({ description: "Amount including tax (价税合计): what the ledger registers and vouchers may be backed by" }),
    issueDate: z.string(),
    contractRef: z.string().nullable(),
    fileDigest: z.string().nullable(),
    salt: z.string().meta({ description: "The salt of the commitment; with the details it proves what the ledger holds" }),
    commitment: z.string(),
    commitmentScheme: z.enum(["field-merkle", "salted-sha256"]).meta({
      description: "field-merkle: a Merkle root over the fields, each with its own salt, so that single fields can be disclosed; salted-sha256: one hash of all the details (invoices submitted before selective disclosure)",
    }),
    status: z.enum(["submitted", "confirming", "confirmed", "disputed"]),
    disputeReason: z.string().nullable(),
    ledger: z
      .object({ registered: z.literal(true), confirmed: z.boolean(), amount: z.string(), used: z.string(), available: z.string() })
      .nullable()
      .meta({ description: "The ledger's record once registered: how much vouchers already use" }),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ description: "An invoice between a seller and its buyer" });

export const invoiceJson = (i: InvoiceView) => ({
  id: i.id,
  kind: i.kind,
  code: i.code,
  number: i.number,
  key: i.key,
  seller: i.seller,
  buyer: i.buyer,
  amount: formatYuan(i.amount),
  tax: formatYuan(i.tax),
  total: formatYuan(i.amount + i.tax),
  issueDate: formatCalendarDay(i.issueDate),
  contractRef: i.contractRef,
  fileDigest: i.fileDigest,
  salt: i.salt,
  commitment: i.commitment,
  commitmentScheme: i.commitmentScheme as "field-merkle" | "salted-sha256",
  status: i.status,
  disputeReason: i.disputeReason,
  ledger: i.ledger
    ? { registered: true as const, confirmed: i.ledger.confirmed, amount: formatYuan(i.ledger.amount), used: formatYuan(i.ledger.used), available: formatYuan(i.ledger.amount - i.ledger.used) }
    : null,
  createdAt: i.createdAt.toISOString(),
  decidedAt: i.decidedAt?.toISOString() ?? null,
});

const idParam = z.strictObject({ id: uuid });

const invoiceNumber = z.string().min(1).max(40);
const details = {
  buyerOrgId: uuid,
  amount: positiveYuan.meta({ description: "Amount excluding tax, yuan" }),
  tax: yuan.meta({ description: "Tax, yuan (may be zero)" }),
  issueDate: calendarDay,
  contractRef: text(100).optional(),
  fileDigest: z.string().length(64).regex(/^[0-9a-fA-F]{64}$/, "must be a SHA-256 digest in hex").optional().meta({ description: "SHA-256 of the invoice file, hex" }),
};

const submitBody = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("vat"),
    code: invoiceNumber.meta({ description: "10- or 12-digit invoice code; spaces, hyphens and full-width digits are formatting" }),
    number: invoiceNumber.meta({ description: "8-digit invoice number" }),
    ...details,
  }),
  z.strictObject({
    kind: z.literal("digital"),
    number: invoiceNumber.meta({ description: "20-digit number of a fully digital invoice (全电发票)" }),
    ...details,
  }),
]);

export function invoiceRoutes(guard: Guard, invoices: InvoiceService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/invoices",
        summary: "Submit an invoice to its buyer (the seller)",
        description:
          "The ledger registers it only when the buyer confirms. The same invoice in any formatting is one canonical key: a second submission is 409 INVOICE_NUMBER_TAKEN. " +
          "Only organisations holding the supplier role may sell on the ledger (a core enterprise that also supplies another chain holds both).",
        tags: ["invoices"],
        auth: true,
        kinds: ["supplier"],
        roles: ["admin", "maker"],
        body: submitBody,
        responses: { 201: { description: "Submitted, awaiting the buyer", schema: invoiceSchema } },
      },
      async ({ actor, body }) => invoiceJson(await invoices.submit(actor, body)),
    )
    .add(
      {
        method: "get",
        path: "/invoices",
        summary: "Invoices I sold or bought (the operator and the regulator: all)",
        tags: ["invoices"],
        auth: true,
        query: page.extend({
          as: z.enum(["seller", "buyer"]).optional().meta({ description: "Only the invoices where you are the seller, or the buyer" }),
          status: z.enum(["submitted", "confirming", "confirmed", "disputed"]).optional(),
        }),
        responses: { 200: { description: "A page of invoices, newest first", schema: pageSchema(invoiceSchema) } },
      },
      async ({ actor, query }) =>
        mapPage(await invoices.list(actor, { cursor: query.cursor, limit: query.limit, role: query.as, status: query.status }), invoiceJson),
    )
    .add(
      {
        method: "get",
        path: "/invoices/:id",
        summary: "One invoice (its seller, its buyer, the operator and the regulator)",
        tags: ["invoices"],
        auth: true,
        params: idParam,
        responses: { 200: { description: "The invoice", schema: invoiceSchema } },
      },
      async ({ actor, params }) => invoiceJson(await invoices.get(actor, params.id)),
    )
    .add(
      {
        method: "post",
        path: "/invoices/:id/confirm",
        summary: "Confirm an invoice (its buyer): registers it on the ledger and confirms it there",
        description:
          "Before the ledger registers it, the tax bureau's verifier must say the invoice is valid and was issued by its seller to its buyer: 422 INVOICE_NOT_AT_TAX_BUREAU, INVOICE_VOID (作废), INVOICE_RED_FLUSHED (红冲) or INVOICE_PARTIES_DIFFER otherwise, and 503 VERIFIER_UNAVAILABLE when the verifier does not answer. " +
          "After a refusal the invoice is submitted again, nothing on the ledger: a 503 may be retried.",
        tags: ["invoices"],
        auth: true,
        kinds: ["core", "supplier"],
        params: idParam,
        responses: {
          200: {
            description: "Confirmed on the ledger",
            schema: invoiceSchema.extend({
              txHash: z.string().nullable().meta({ description: "The confirmation's transaction" }),
              registerTxHash: z.string().nullable().meta({ description: "The registration's transaction (signed with the seller's key)" }),
            }),
          },
        },
      },
      async ({ actor, params }) => {
        const r = await invoices.confirm(actor, params.id);
        return { ...invoiceJson(r.invoice), txHash: r.txHash, registerTxHash: r.registerTxHash };
      },
    )
    .add(
      {
        method: "post",
        path: "/invoices/:id/dispute",
        summary: "Dispute an invoice (its buyer); nothing goes to the ledger",
        tags: ["invoices"],
        auth: true,
        kinds: ["core", "supplier"],
        params: idParam,
        body: z.strictObject({ reason: lines(1000) }),
        responses: { 200: { description: "Disputed", schema: invoiceSchema } },
      },
      async ({ actor, params, body }) => invoiceJson(await invoices.dispute(actor, params.id, body.reason)),
    );
}
