import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { cstDay } from "../http/cst-day";
import { party } from "../http/party";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { ledgerId, page, positiveYuan, uuid } from "../http/schemas";
import { commodityCode } from "../receipts/receipt.routes";
import { PLEDGE_BOUNDS, PLEDGE_DEFAULT, PLEDGE_DRAWDOWN, PLEDGE_FEE, PLEDGE_RATE, PLEDGE_REPAY, PLEDGE_SEIZE } from "./pledge.actions";
import { LOAN_STATUSES, loanJson, loanSchema } from "./pledge.json";
import { MAX_FEE_BPS, MAX_RATE_BPS, MAX_RECEIPTS, type PledgeService } from "./pledge.service";

const bps = (max: number) => z.number().int().min(0).max(max);
const days = z.number().int().min(0).max(65_535);
const boundsSchema = z.strictObject({
  maxPledgeRateBps: bps(10_000).meta({ description: "The highest pledge rate a bank may set, bp of the receipts' value (70 % by default)" }),
  warningBps: bps(10_000).meta({ description: "Principal over value at which a loan is flagged (80 %)" }),
  callBps: bps(10_000).meta({ description: "Principal over value at which a margin call is made (85 %)" }),
  callDays: days.meta({ description: "Days the borrower has to answer a call" }),
  graceDays: days.meta({ description: "Days after maturity before the bank may take the receipts" }),
});
const receiptIds = z.array(ledgerId).min(1).max(MAX_RECEIPTS);
const byId = z.strictObject({ id: ledgerId });
const PROPOSED = { 202: { description: "Proposed; a checker of the same organisation approves it at POST /approvals/{id}/approve", schema: pendingAction } };
const loanTx = loanSchema.extend({ txHash: z.string() });

export function pledgeRoutes(guard: Guard, dual: DualControl, pledges: PledgeService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/pledges/terms",
        summary: "The operator's pledge bounds and the platform's fee on pledge loans",
        tags: ["pledges"],
        auth: true,
        responses: { 200: { description: "The terms", schema: z.object({ bounds: boundsSchema, fee: z.object({ feeBps: z.number().int(), recipient: party.nullable() }) }) } },
      },
      () => pledges.terms(),
    )
    .add(
      {
        method: "put",
        path: "/pledges/bounds",
        summary: "Propose the pledge bounds (the operator's maker; a checker approves)",
        description: "422 PLEDGE_INVALID_BOUNDS unless 0 < pledge rate ≤ warning < call ≤ 100 % and the call period is at least a day.",
        tags: ["pledges"],
        auth: true,
        kinds: ["operator"],
        roles: ["maker"],
        body: boundsSchema,
        responses: PROPOSED,
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, PLEDGE_BOUNDS, body)),
    )
    .add(
      {
        method: "put",
        path: "/pledges/fee",
        summary: "Propose the platform's fee on pledge loans and who receives it (the operator's maker; a checker approves)",
        description: "404 for an unknown recipient; 422 PLEDGE_INVALID_FEE unless it is an active operator. Applies to loans requested from then on.",
        tags: ["pledges"],
        auth: true,
        kinds: ["operator"],
        roles: ["maker"],
        body: z.strictObject({ feeBps: bps(MAX_FEE_BPS), recipientOrgId: uuid }),
        responses: PROPOSED,
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, PLEDGE_FEE, body)),
    )
    .add(
      {
        method: "get",
        path: "/pledges/rates",
        summary: "Banks' pledge rates per commodity",
        tags: ["pledges"],
        auth: true,
        query: z.strictObject({ bankOrgId: uuid.optional() }),
        responses: { 200: { description: "The rates", schema: z.object({ items: z.array(z.object({ bank: party, commodity: z.string(), rateBps: z.number().int() })) }) } },
      },
      async ({ query }) => ({ items: await pledges.rates(query.bankOrgId) }),
    )
    .add(
      {
        method: "put",
        path: "/pledges/rates/:commodity",
        summary: "Propose the bank's pledge rate on a commodity, 0 to stop lending on it (the bank's maker; a checker approves)",
        description: "422 PLEDGE_RATE_ABOVE_BOUND above the operator's bound.",
        tags: ["pledges"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        params: z.strictObject({ commodity: commodityCode }),
        body: z.strictObject({ rateBps: bps(10_000) }),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, PLEDGE_RATE, { commodity: params.commodity, rateBps: body.rateBps })),
    )
    .add(
      {
        method: "post",
        path: "/pledges",
        summary: "Pledge own receipts of one commodity to a bank and ask for a loan (the owner's maker): the receipts are locked at once",
        description:
          "404 for an unknown bank or a receipt not yours; 422 ORGANISATION_WRONG_KIND when the lender is not a bank; 409 RECEIPT_NOT_ACTIVE; 422 PLEDGE_COMMODITY_MISMATCH, PLEDGE_INVALID_RECEIPTS (a receipt twice), PLEDGE_NO_RATE, PRICE_NOT_POSTED, PLEDGE_INVALID_MATURITY, " +
          "or PLEDGE_ABOVE_LIMIT when the amount exceeds the receipts' value at today's price × the bank's rate.",
        tags: ["pledges"],
        auth: true,
        roles: ["maker"],
        body: z.strictObject({
          receiptIds,
          bankOrgId: uuid,
          amount: positiveYuan,
          rateBps: z.number().int().min(1).max(MAX_RATE_BPS).meta({ description: "Interest a year, bp" }),
          maturity: cstDay,
        }),
        responses: { 201: { description: "Requested; the bank's maker proposes the drawdown", schema: loanTx } },
      },
      async ({ actor, body }) => {
        const l = await pledges.request(actor, body);
        return { ...loanJson(l), txHash: l.txHash };
      },
    )
    .add(
      {
        method: "get",
        path: "/pledges",
        summary: "Pledge loans: the organisation's own as borrower or bank; every one for the operator and the regulator",
        tags: ["pledges"],
        auth: true,
        query: page.extend({ status: z.enum(LOAN_STATUSES).optional() }),
        responses: { 200: { description: "A page of loans, newest first", schema: pageSchema(loanSchema) } },
      },
      async ({ actor, query }) => mapPage(await pledges.list(actor, query), loanJson),
    )
    .add(
      {
        method: "get",
        path: "/pledges/:id",
        summary: "A pledge loan (its borrower, its bank, the operator and the regulator)",
        tags: ["pledges"],
        auth: true,
        params: byId,
        responses: { 200: { description: "The loan", schema: loanSchema } },
      },
      async ({ actor, params }) => loanJson(await pledges.get(actor, params.id)),
    )
    .add(
      {
        method: "post",
        path: "/pledges/:id/cancel",
        summary: "Withdraw (the borrower) or decline (the bank) a request not yet drawn: the receipts are released",
        description: "409 PLEDGE_INVALID_STATUS once drawn or closed.",
        tags: ["pledges"],
        auth: true,
        roles: ["maker"],
        params: byId,
        responses: { 200: { description: "Cancelled", schema: loanTx } },
      },
      async ({ actor, params }) => {
        const l = await pledges.cancel(actor, params.id);
        return { ...loanJson(l), txHash: l.txHash };
      },
    )
    .add(
      {
        method: "post",
        path: "/pledges/:id/drawdown",
        summary: "Propose paying the loan out in settlement cash (the bank's maker; a checker approves)",
        description: "403 PLEDGE_NOT_BANK for the borrower; 409 PLEDGE_INVALID_STATUS unless requested; 422 PLEDGE_ABOVE_LIMIT at today's price, PRICE_NOT_POSTED, PLEDGE_INVALID_MATURITY, CASH_INSUFFICIENT_BALANCE.",
        tags: ["pledges"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        params: byId,
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, PLEDGE_DRAWDOWN, { id: params.id })),
    )
    .add(
      {
        method: "post",
        path: "/pledges/:id/top-up",
        summary: "Add own receipts of the loan's commodity (补仓; the borrower's maker): a margin call they cure is lifted",
        description: "403 PLEDGE_NOT_BORROWER for the bank; 409 PLEDGE_INVALID_STATUS unless active; 404 for a receipt not yours; 409 RECEIPT_NOT_ACTIVE; 422 PLEDGE_COMMODITY_MISMATCH or PLEDGE_INVALID_RECEIPTS.",
        tags: ["pledges"],
        auth: true,
        roles: ["maker"],
        params: byId,
        body: z.strictObject({ receiptIds }),
        responses: { 200: { description: "Added", schema: loanTx } },
      },
      async ({ actor, params, body }) => {
        const l = await pledges.topUp(actor, params.id, body.receiptIds);
        return { ...loanJson(l), txHash: l.txHash };
      },
    )
    .add(
      {
        method: "post",
        path: "/pledges/:id/repay",
        summary: "Propose repaying part or all, interest first, in settlement cash (the borrower's maker; a checker approves); paid in full, the receipts are released",
        description: "403 PLEDGE_NOT_BORROWER for the bank; 409 PLEDGE_INVALID_STATUS unless active or defaulted; 422 PLEDGE_INVALID_AMOUNT above what is owed, CASH_INSUFFICIENT_BALANCE.",
        tags: ["pledges"],
        auth: true,
        roles: ["maker"],
        params: byId,
        body: z.strictObject({ amount: positiveYuan }),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, PLEDGE_REPAY, { id: params.id, amount: body.amount })),
    )
    .add(
      {
        method: "post",
        path: "/pledges/:id/check",
        summary: "Value the loan at today's price (动态估值): warns, makes a margin call, or lifts one (its borrower, its bank, the operator, the regulator)",
        description: "409 PLEDGE_INVALID_STATUS unless active; 422 PRICE_NOT_POSTED. `check.ratioBps` is null when the check changed nothing (below the warning ratio, or a call already in force).",
        tags: ["pledges"],
        auth: true,
        params: byId,
        responses: {
          200: {
            description: "Checked",
            schema: loanTx.extend({ check: z.object({ outcome: z.enum(["none", "warning", "called", "cured"]), ratioBps: z.string().nullable() }) }),
          },
        },
      },
      async ({ actor, params }) => {
        const l = await pledges.check(actor, params.id);
        return { ...loanJson(l), txHash: l.txHash, check: { outcome: l.check.outcome, ratioBps: l.check.ratioBps?.toString() ?? null } };
      },
    )
    .add(
      {
        method: "post",
        path: "/pledges/:id/default",
        summary: "Propose declaring the loan in default after an unanswered margin call (the bank's maker; a checker approves)",
        description: "403 PLEDGE_NOT_BANK; 409 PLEDGE_INVALID_STATUS unless active; 409 PLEDGE_NO_DEFAULT with no call, before its deadline, or once back below the call ratio; 422 PRICE_NOT_POSTED.",
        tags: ["pledges"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        params: byId,
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, PLEDGE_DEFAULT, { id: params.id })),
    )
    .add(
      {
        method: "post",
        path: "/pledges/:id/seize",
        summary: "Propose taking the receipts (处置) of a loan in default, or past maturity and grace (the bank's maker; a checker approves)",
        description: "403 PLEDGE_NOT_BANK; 409 PLEDGE_INVALID_STATUS unless active or defaulted; 409 PLEDGE_NOT_ENFORCEABLE before then; 409 PLEDGE_BORROWER_FROZEN under a judicial freeze.",
        tags: ["pledges"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        params: byId,
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, PLEDGE_SEIZE, { id: params.id })),
    );
}
