import { z } from "zod";
import { LEDGER_LIMITS } from "../../../chain/limits";
import type { DualControl } from "../approvals/dual-control";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import { formatYuan } from "../money";
import { cstDay, cstDayText, formatCstDay } from "../http/cst-day";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { party } from "../http/party";
import { ledgerId, page, positiveYuan, queryNumber, uuid } from "../http/schemas";
import { VOUCHER_ISSUE } from "./voucher.actions";
import type { VoucherService, VoucherView } from "./voucher.service";



/** The largest page of a tree: the regulator's graph draws a tree of this many pieces from one request. */
export const TREE_PAGE_MAX = 10_000;

export const voucherSchema = z
  .object({
    id: z.string(),
    rootId: z.string(),
    parentId: z.string().nullable(),
    depth: z.number().int().meta({ description: "Tier: 1 for the piece the core enterprise issued, one more per pass" }),
    value: z.string().meta({ description: "Value held, yuan (zero once redeemed or passed on whole)" }),
    redeemedValue: z.string(),
    locked: z.string().meta({ description: "Value locked by a pending financing request" }),
    available: z.string().meta({ description: "Value that may be passed on, split or financed now" }),
    financed: z.boolean(),
    redeemed: z.boolean(),
    holder: party,
    debtor: party,
    maturity: cstDayText,
    maturityAt: z.string(),
    createdBlock: z.number().int(),
    hold: z
      .object({ voucherId: z.string().meta({ description: "The voucher the hold was placed on: this one or one it came from" }), alertId: z.string() })
      .nullable()
      .optional()
      .meta({ description: "On GET /vouchers and GET /vouchers/{id}: why it may not move (an invoice behind it voided or red-flushed after use), or null" }),
  })
  .meta({ description: "A digital payable voucher (数字债权凭证) or a piece of one" });

export const voucherJson = (v: VoucherView) => ({
  id: v.row.id.toString(),
  rootId: v.row.root.toString(),
  parentId: v.row.parent === 0n ? null : v.row.parent.toString(),
  depth: v.row.depth,
  value: formatYuan(v.row.value),
  redeemedValue: formatYuan(v.row.redeemedValue),
  locked: formatYuan(v.row.locked),
  available: formatYuan(v.row.value - v.row.locked),
  financed: v.row.financed,
  redeemed: v.row.redeemedValue > 0n,
  holder: v.holder,
  debtor: v.debtor,
  maturity: formatCstDay(v.row.maturity),
  maturityAt: v.row.maturity.toISOString(),
  createdBlock: v.row.createdBlock,
  ...(v.hold === undefined ? {} : { hold: v.hold && { voucherId: v.hold.voucherId.toString(), alertId: v.hold.alertId } }),
});

const ancestorSchema = z.object({ id: z.string(), parentId: z.string().nullable(), depth: z.number().int(), holder: party, value: z.string() });
const ancestorJson = (v: VoucherView) => ({
  id: v.row.id.toString(),
  parentId: v.row.parent === 0n ? null : v.row.parent.toString(),
  depth: v.row.depth,
  holder: v.holder,
  value: formatYuan(v.row.value),
});

const nodeSchema = ancestorSchema.extend({ redeemedValue: z.string(), locked: z.string(), financed: z.boolean() });
const nodeJson = (v: VoucherView) => ({
  ...ancestorJson(v),
  redeemedValue: formatYuan(v.row.redeemedValue),
  locked: formatYuan(v.row.locked),
  financed: v.row.financed,
});

const idParam = z.strictObject({ id: ledgerId });
const invoiceIds = z
  .array(uuid)
  .max(LEDGER_LIMITS.maxInvoicesPerVoucher)
  .default([])
  .meta({ description: `Confirmed invoices from the recipient to the payer that back the value (at most ${LEDGER_LIMITS.maxInvoicesPerVoucher})` });
const flag = z.enum(["true", "false"]).transform((s) => s === "true");

export function voucherRoutes(guard: Guard, dual: DualControl, vouchers: VoucherService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/vouchers",
        summary: "Propose issuing a voucher to a tier-1 supplier (a core enterprise's maker; a checker approves)",
        description:
          "Dual control: answers 202 with the pending action. A checker of the same core enterprise approves it with POST /approvals/{id}/approve, " +
          "whose result holds the voucherId and the txHash. The proposal is checked against the program's rules, the invoices and the credit cover at once.",
        tags: ["vouchers"],
        auth: true,
        kinds: ["core"],
        roles: ["maker"],
        body: z.strictObject({
          supplierOrgId: uuid,
          amount: positiveYuan,
          maturity: cstDay,
          invoiceIds,
        }),
        responses: { 202: { description: "Proposed; awaiting a checker", schema: pendingAction } },
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, VOUCHER_ISSUE, body)),
    )
    .add(
      {
        method: "post",
        path: "/vouchers/:id/transfers",
        summary: "Pass part (or all) of a voucher on to a supplier, backed by that supplier's invoices to the holder (the holder)",
        tags: ["vouchers"],
        auth: true,
        kinds: ["supplier"],
        roles: ["admin", "maker"],
        params: idParam,
        body: z.strictObject({ toOrgId: uuid, amount: positiveYuan, invoiceIds }),
        responses: {
          201: {
            description: "The new piece, now the recipient's, and what the holder kept",
            schema: z.object({ id: z.string().meta({ description: "The new piece's id" }), txHash: z.string(), voucher: voucherSchema, from: voucherSchema }),
          },
        },
      },
      async ({ actor, params, body }) => {
        const r = await vouchers.transfer(actor, params.id, body);
        return { id: r.piece.row.id.toString(), txHash: r.txHash, voucher: voucherJson(r.piece), from: voucherJson(r.from) };
      },
    )
    .add(
      {
        method: "post",
        path: "/vouchers/:id/splits",
        summary: "Split pieces off a voucher; the holder keeps them and the rest (the holder)",
        tags: ["vouchers"],
        auth: true,
        kinds: ["supplier", "bank"],
        roles: ["admin", "maker"],
        params: idParam,
        body: z.strictObject({ amounts: z.array(positiveYuan).min(1).max(LEDGER_LIMITS.maxPiecesPerSplit) }),
        responses: {
          201: {
            description: "The pieces, in the order of the amounts",
            schema: z.object({ id: z.string(), ids: z.array(z.string()), txHash: z.string(), voucher: voucherSchema, pieces: z.array(voucherSchema) }),
          },
        },
      },
      async ({ actor, params, body }) => {
        const r = await vouchers.split(actor, params.id, body.amounts);
        return { id: r.voucher.row.id.toString(), ids: r.pieces.map((p) => p.row.id.toString()), txHash: r.txHash, voucher: voucherJson(r.voucher), pieces: r.pieces.map(voucherJson) };
      },
    )
    .add(
      {
        method: "get",
        path: "/vouchers",
        summary: "Vouchers I hold, or (a core enterprise, as=debtor) that I owe; the operator and the regulator: all",
        tags: ["vouchers"],
        auth: true,
        query: page.extend({
          as: z.enum(["holder", "debtor"]).default("holder"),
          includeEmpty: flag.default(false).meta({ description: "Also list vouchers with no value left (passed on whole, redeemed)" }),
          maturityFrom: cstDay.optional(),
          maturityTo: cstDay.optional(),
        }),
        responses: { 200: { description: "A page of vouchers, newest first", schema: pageSchema(voucherSchema) } },
      },
      async ({ actor, query }) => mapPage(await vouchers.list(actor, query), voucherJson),
    )
    .add(
      {
        method: "get",
        path: "/vouchers/:id",
        summary: "One voucher with its lineage to the root (its holder, earlier holders, its debtor, the operator, the regulator)",
        tags: ["vouchers"],
        auth: true,
        params: idParam,
        responses: {
          200: {
            description: "The voucher; `lineage` lists its ancestors from the root down to its parent",
            schema: voucherSchema.extend({ lineage: z.array(ancestorSchema) }),
          },
        },
      },
      async ({ actor, params }) => {
        const v = await vouchers.get(actor, params.id);
        return { ...voucherJson(v), lineage: v.lineage.map(ancestorJson) };
      },
    )
    .add(
      {
        method: "get",
        path: "/vouchers/:id/tree",
        summary: "The whole tree of a voucher's root (its debtor, the operator, the regulator)",
        description:
          `Any voucher of the tree names it. Nodes come in id order (a parent before its children), a page at a time; a page holds up to ${TREE_PAGE_MAX.toLocaleString("en")}, so that a large tree is drawn after one request.`,
        tags: ["vouchers"],
        auth: true,
        params: idParam,
        query: z.strictObject({
          cursor: z.string().max(200).optional(),
          limit: queryNumber(z.number().int().min(1).max(TREE_PAGE_MAX).default(200)),
        }),
        responses: {
          200: {
            description: "The root, the tree's totals and a page of its nodes",
            schema: z.object({
              root: voucherSchema,
              totals: z.object({
                pieces: z.number().int(),
                holders: z.number().int(),
                outstanding: z.string(),
                redeemed: z.string(),
                faceValue: z.string().meta({ description: "What was issued: outstanding plus redeemed" }),
              }),
              nodes: z.array(nodeSchema),
              nextCursor: z.string().nullable(),
            }),
          },
        },
      },
      async ({ actor, params, query }) => {
        const t = await vouchers.tree(actor, params.id, query);
        const nodes = mapPage(t.nodes, nodeJson);
        return {
          root: voucherJson(t.root),
          totals: {
            pieces: t.totals.pieces,
            holders: t.totals.holders,
            outstanding: formatYuan(t.totals.value),
            redeemed: formatYuan(t.totals.redeemed),
            faceValue: formatYuan(t.totals.value + t.totals.redeemed),
          },
          nodes: nodes.items,
          nextCursor: nodes.nextCursor,
        };
      },
    );
}
