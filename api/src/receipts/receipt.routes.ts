import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { ledgerId, page, text, uuid } from "../http/schemas";
import { RECEIPT_CANCEL, RECEIPT_DELIVER, RECEIPT_ISSUE, RECEIPT_SPLIT, RECEIPT_TRANSFER } from "./receipt.actions";
import { RECEIPT_STATUSES, receiptJson, receiptSchema } from "./receipt.json";
import { MAX_LOTS, type ReceiptService } from "./receipt.service";

/** A commodity code as exchanges write it: capitals, digits and . _ -, at most 16 (the ledger's bytes16). */
export const commodityCode = z
  .string()
  .max(16)
  .regex(/^[A-Z][A-Z0-9._-]{0,15}$/, "must be a capital followed by up to 15 capitals, digits, '.', '_' or '-', such as LI2CO3")
  .meta({ example: "LI2CO3" });
const gradeCode = z.string().max(16).regex(/^[\x21-\x7e]{1,16}$/, "must be 1–16 printable ASCII characters").meta({ example: "battery-99.5" });
/** Grams as a positive decimal string: at most a billion tonnes. */
export const grams = z
  .string()
  .max(15)
  .regex(/^[1-9]\d{0,14}$/, "must be a positive whole number of grams as a decimal string, at most 15 digits")
  .transform((s) => BigInt(s))
  .meta({ example: "25000000" });
const commitmentHex = z
  .string()
  .max(66)
  .regex(/^0x[0-9a-f]{64}$/, "must be 32 bytes as 0x-prefixed lower-case hex")
  .refine((h) => !/^0x0{64}$/.test(h), "must not be zero")
  .meta({ description: "The salted commitment (for example SHA-256) to the full receipt document (GB/T 30332), which the warehouse keeps" });

const PROPOSED = { 202: { description: "Proposed; a checker of the same organisation approves it at POST /approvals/{id}/approve", schema: pendingAction } };
const byId = z.strictObject({ id: ledgerId });

export function receiptRoutes(guard: Guard, dual: DualControl, receipts: ReceiptService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/receipts",
        summary: "Propose issuing an electronic warehouse receipt (电子仓单) against a weighed inbound (the warehouse's maker; a checker approves)",
        description:
          "The reading must be one of this warehouse's own weighing platforms' (404 otherwise); its Merkle leaf is what the receipt commits to, and it may back one receipt only. " +
          "422 RECEIPT_READING_NOT_WEIGHT when the device is not a weighing platform; 422 RECEIPT_INVALID_QUANTITY when the quantity exceeds the weight; 409 RECEIPT_ATTESTATION_USED when the reading or the inbound reference backs a receipt already. " +
          "404 for an unknown depositor. Approval issues it on the ledger; the approval's result holds the receipt.",
        tags: ["receipts"],
        auth: true,
        kinds: ["warehouse"],
        roles: ["maker"],
        body: z.strictObject({
          depositorOrgId: uuid,
          commodity: commodityCode,
          grade: gradeCode,
          quantity: grams,
          readingId: ledgerId.meta({ description: "The weighing platform's reading of the inbound (POST /iot/readings)" }),
          inbound: text(64).meta({ description: "The warehouse's own reference of the inbound (入库单号)" }),
          bay: text(64).meta({ description: "Where the goods lie; the ledger keeps a commitment to it" }),
          document: commitmentHex,
        }),
        responses: PROPOSED,
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, RECEIPT_ISSUE, body)),
    )
    .add(
      {
        method: "get",
        path: "/receipts",
        summary: "Warehouse receipts: those the organisation owns, keeps as warehouse, or holds in pledge as bank; every one for the operator and the regulator",
        tags: ["receipts"],
        auth: true,
        query: page.extend({ status: z.enum(RECEIPT_STATUSES).optional() }),
        responses: { 200: { description: "A page of receipts, newest first", schema: pageSchema(receiptSchema) } },
      },
      async ({ actor, query }) => mapPage(await receipts.list(actor, query), receiptJson),
    )
    .add(
      {
        method: "get",
        path: "/receipts/:id",
        summary: "A warehouse receipt (its owner, warehouse, pledgee bank, the operator and the regulator)",
        tags: ["receipts"],
        auth: true,
        params: byId,
        responses: { 200: { description: "The receipt", schema: receiptSchema } },
      },
      async ({ actor, params }) => receiptJson(await receipts.get(actor, params.id)),
    )
    .add(
      {
        method: "post",
        path: "/receipts/:id/transfer",
        summary: "Propose passing the receipt to another organisation (the owner's maker; a checker approves)",
        description: "403 RECEIPT_NOT_OWNER unless yours; 409 RECEIPT_NOT_ACTIVE when pledged, split, delivered or cancelled; 404 for an unknown recipient; 422 RECEIPT_INVALID_ARGUMENT to yourself.",
        tags: ["receipts"],
        auth: true,
        roles: ["maker"],
        params: byId,
        body: z.strictObject({ toOrgId: uuid }),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, RECEIPT_TRANSFER, { id: params.id, toOrgId: body.toOrgId })),
    )
    .add(
      {
        method: "post",
        path: "/receipts/:id/split",
        summary: "Propose splitting the receipt into lots whose quantities add up to it (the owner's maker; a checker approves)",
        description: `403 RECEIPT_NOT_OWNER unless yours; 409 RECEIPT_NOT_ACTIVE; 422 RECEIPT_LOTS_MISMATCH when the lots do not add up. 2 to ${MAX_LOTS} lots, each with its own document's commitment.`,
        tags: ["receipts"],
        auth: true,
        roles: ["maker"],
        params: byId,
        body: z.strictObject({ lots: z.array(z.strictObject({ quantity: grams, document: commitmentHex })).min(2).max(MAX_LOTS) }),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, RECEIPT_SPLIT, { id: params.id, lots: body.lots })),
    )
    .add(
      {
        method: "post",
        path: "/receipts/:id/deliver",
        summary: "Propose surrendering the receipt for delivery out of the warehouse (提货; the owner's maker; a checker approves)",
        description: "403 RECEIPT_NOT_OWNER unless yours; 409 RECEIPT_NOT_ACTIVE when pledged or closed.",
        tags: ["receipts"],
        auth: true,
        roles: ["maker"],
        params: byId,
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, RECEIPT_DELIVER, { id: params.id })),
    )
    .add(
      {
        method: "post",
        path: "/receipts/:id/cancel",
        summary: "Propose cancelling the receipt (注销; the owner's maker; a checker approves)",
        description: "403 RECEIPT_NOT_OWNER unless yours; 409 RECEIPT_NOT_ACTIVE when pledged or closed.",
        tags: ["receipts"],
        auth: true,
        roles: ["maker"],
        params: byId,
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, RECEIPT_CANCEL, { id: params.id })),
    );
}
