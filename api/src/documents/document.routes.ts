/** HTTP for documents: upload (sealed, committed on the ledger), list, read back, open. */
import { z } from "zod";
import { mapPage, pageSchema } from "../http/pagination";
import { party } from "../http/party";
import { RouteTable, type Guard } from "../http/route";
import { page, text, uuid } from "../http/schemas";
import { DOCUMENT_KINDS, type DocumentKind } from "./document.repository";
import type { DocumentService, DocumentView } from "./document.service";

/** 4 MiB of content: a scanned invoice or a contract's pages. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
/** What a JSON body carrying the largest document in base64 needs, with room for the other fields. */
export const DOCUMENT_BODY_LIMIT = "6mb";

const base64 = z
  .string()
  .min(4)
  .max(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4)
  // A character class repeated, not groups of four: a group repeated over megabytes overflows the regex engine's stack.
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be standard base64 with padding")
  .refine((s) => s.length % 4 === 0, "must be standard base64 with padding")
  .transform((s) => new Uint8Array(Buffer.from(s, "base64")))
  .refine((b) => b.length > 0 && b.length <= MAX_DOCUMENT_BYTES, `must hold 1 to ${MAX_DOCUMENT_BYTES.toLocaleString("en")} bytes`)
  .meta({ description: `The content, base64 (at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB once decoded)` });

const mediaType = z
  .string()
  .max(100)
  .regex(/^[a-z]+\/[a-z0-9.+-]+$/, "must be a media type such as application/pdf")
  .meta({ example: "application/pdf" });

const document = z.object({
  id: z.string(),
  organisation: party.meta({ description: "Whose document it is" }),
  kind: z.enum(DOCUMENT_KINDS),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int().meta({ description: "Bytes" }),
  invoiceId: z.string().nullable(),
  salt: z.string().meta({ description: "With the content, proves the commitment: SHA-256 of the salt's 32 bytes followed by the content" }),
  commitment: z.string().meta({ description: "What the ledger holds (DocumentCommitted), under the organisation's account" }),
  uploadedBy: z.string(),
  txHash: z.string(),
  blockNumber: z.number().int(),
  createdAt: z.string(),
  onLedger: z.boolean().meta({
    description: "The ledger names this organisation as the commitment's owner: read from the chain for one document, as indexed from it in a list",
  }),
});

const documentJson = (d: DocumentView) => ({
  id: d.id,
  organisation: d.organisation,
  kind: d.kind as DocumentKind,
  name: d.name,
  mediaType: d.mediaType,
  size: d.size,
  invoiceId: d.invoiceId,
  salt: d.salt,
  commitment: d.commitment,
  uploadedBy: d.uploadedBy,
  txHash: d.txHash,
  blockNumber: d.blockNumber,
  createdAt: d.createdAt.toISOString(),
  onLedger: d.onLedger,
});
const id = z.strictObject({ id: uuid });

export function documentRoutes(guard: Guard, documents: DocumentService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/documents",
        summary: "Upload a document (an invoice's image, a contract): encrypted under my organisation's key, its salted commitment on the ledger",
        tags: ["documents"],
        auth: true,
        body: z.strictObject({
          kind: z.enum(DOCUMENT_KINDS),
          name: text(200),
          mediaType,
          content: base64,
          invoiceId: uuid.optional().meta({ description: "An invoice of mine (as seller or buyer) the document belongs to" }),
        }),
        responses: { 201: { description: "Stored and committed", schema: document } },
      },
      async ({ actor, body }) => documentJson(await documents.upload(actor, body)),
    )
    .add(
      {
        method: "get",
        path: "/documents",
        summary: "My organisation's documents, newest first (all of them for the regulator); never their content",
        tags: ["documents"],
        auth: true,
        query: page,
        responses: { 200: { description: "A page of documents", schema: pageSchema(document) } },
      },
      async ({ actor, query }) => mapPage(await documents.list(actor, query), documentJson),
    )
    .add(
      {
        method: "get",
        path: "/documents/:id",
        summary: "One document's record, with whether the ledger holds its commitment",
        tags: ["documents"],
        auth: true,
        params: id,
        responses: { 200: { description: "The document", schema: document } },
      },
      async ({ actor, params }) => documentJson(await documents.get(actor, params.id)),
    )
    .add(
      {
        method: "get",
        path: "/documents/:id/content",
        summary: "Open a document (its organisation, or the regulator): decrypted and checked against its commitment",
        tags: ["documents"],
        auth: true,
        params: id,
        responses: { 200: { description: "The content, base64", schema: z.object({ name: z.string(), mediaType: z.string(), content: z.string() }) } },
      },
      async ({ actor, params }) => {
        const { meta, content } = await documents.content(actor, params.id);
        return { name: meta.name, mediaType: meta.mediaType, content: Buffer.from(content).toString("base64") };
      },
    );
}
