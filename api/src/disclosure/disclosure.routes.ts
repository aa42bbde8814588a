/** HTTP for selective disclosure: the holder discloses; the holder, the bank and the regulator read it back, checked. */
import { z } from "zod";
import { party } from "../http/party";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { ledgerId, page, uuid } from "../http/schemas";
import { INVOICE_FIELDS } from "./field-commitment";
import type { DisclosureService, DisclosureView } from "./disclosure.service";

const opening = z.object({
  field: z.enum(INVOICE_FIELDS),
  value: z.string().nullable().meta({ description: "The field's value as committed: fen as decimal strings, accounts, the day as YYYY-MM-DD" }),
  salt: z.string().meta({ description: "The field's own salt (hex)" }),
  path: z.array(z.object({ side: z.enum(["left", "right"]), hash: z.string() })).meta({ description: "Sibling hashes from the leaf up to the root" }),
  verified: z.boolean().meta({ description: "The opening leads to the commitment the ledger holds now" }),
  party: party.optional().meta({ description: "The organisation behind a seller or buyer account" }),
  display: z.string().optional().meta({ description: "The value as the rest of the API spells it: amount and tax in yuan, the invoice by its number (a VAT invoice's code, a space, its number)" }),
});

const invoice = z.object({
  key: z.string().meta({ description: "The invoice's key on the ledger" }),
  voucherId: z.string().meta({ description: "The piece of the lineage it backed" }),
  status: z.enum(["opened", "not-held", "whole-only"]).meta({
    description: "opened: field by field; not-held: registered on the ledger without the platform holding its details; whole-only: committed before selective disclosure",
  }),
  ledgerCommitment: z.string().nullable(),
  openings: z.array(opening),
});

const disclosure = z.object({
  id: z.string(),
  voucherId: z.string(),
  holder: party,
  bank: party,
  disclosedBy: z.string().meta({ description: "The holder's user who disclosed" }),
  fields: z.array(z.enum(INVOICE_FIELDS)),
  invoices: z.array(invoice),
  verified: z.boolean().meta({ description: "Every opening of every invoice leads to its commitment on the ledger" }),
  checkedAgainst: z.enum(["ledger", "indexed-ledger"]).meta({
    description: "ledger: each commitment read from the chain for this answer (one disclosure); indexed-ledger: as the platform indexed it from the chain (a list)",
  }),
  digest: z.string().meta({ description: "SHA-256 of what was shown, as recorded on the ledger (DisclosureRecorded)" }),
  txHash: z.string(),
  blockNumber: z.number().int(),
  createdAt: z.string(),
});

const disclosureJson = (d: DisclosureView) => ({
  id: d.id,
  voucherId: d.voucherId.toString(),
  holder: d.holder,
  bank: d.bank,
  disclosedBy: d.disclosedBy,
  fields: d.fields as (typeof INVOICE_FIELDS)[number][],
  invoices: d.invoices,
  verified: d.verified,
  checkedAgainst: d.checkedAgainst,
  digest: d.digest,
  txHash: d.txHash,
  blockNumber: d.blockNumber,
  createdAt: d.createdAt.toISOString(),
});

export function disclosureRoutes(guard: Guard, disclosures: DisclosureService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/vouchers/:id/disclosures",
        summary: "Disclose to one bank the invoices behind this voucher's lineage, only the fields chosen (the holder)",
        description:
          "Each invoice's chosen fields are opened against its commitment on the ledger (a Merkle root over the fields, each salted); the other fields stay hidden. The ledger records who showed what to whom (DisclosureRecorded, with a digest of the openings).",
        tags: ["disclosures"],
        auth: true,
        kinds: ["core", "supplier"],
        params: z.strictObject({ id: ledgerId }),
        body: z.strictObject({
          bankOrgId: uuid,
          fields: z
            .array(z.enum(INVOICE_FIELDS))
            .min(1)
            .max(INVOICE_FIELDS.length)
            .refine((f) => new Set(f).size === f.length, "must not name a field twice")
            .meta({ description: "The fields to open on each invoice" }),
        }),
        responses: { 201: { description: "Disclosed, and checked against the ledger", schema: disclosure } },
      },
      async ({ actor, params, body }) => disclosureJson(await disclosures.disclose(actor, params.id, body)),
    )
    .add(
      {
        method: "get",
        path: "/disclosures",
        summary: "Disclosures I made or received, newest first (all of them for the regulator and the operator)",
        tags: ["disclosures"],
        auth: true,
        query: page,
        responses: { 200: { description: "A page of disclosures", schema: pageSchema(disclosure) } },
      },
      async ({ actor, query }) => mapPage(await disclosures.list(actor, query), disclosureJson),
    )
    .add(
      {
        method: "get",
        path: "/disclosures/:id",
        summary: "One disclosure, each opening checked against the invoice's commitment on the ledger now",
        tags: ["disclosures"],
        auth: true,
        params: z.strictObject({ id: uuid }),
        responses: { 200: { description: "The disclosure", schema: disclosure } },
      },
      async ({ actor, params }) => disclosureJson(await disclosures.get(actor, params.id)),
    );
}
