import { z } from "zod";
import { LEDGER_LIMITS } from "../../../chain/limits";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import { mapPage, pageSchema } from "../http/pagination";
import { cstDayText, formatCstDay } from "../http/cst-day";
import { party } from "../http/party";
import { RouteTable, type Guard } from "../http/route";
import { ledgerId, page, positiveYuan, queryNumber, uuid } from "../http/schemas";
import { formatYuan } from "../money";
import type { FinancingApproval } from "./financing-approval";
import { APPLICATION_STATUSES, QUOTE_STATUSES } from "./financing.repository";
import {
  DEFAULT_QUOTE_MINUTES,
  DEFAULT_REQUEST_HOURS,
  MAX_QUOTE_MINUTES,
  MAX_REQUEST_HOURS,
  type ApplicationView,
  type FinancingService,
  type QuoteView,
} from "./financing.service";
import { effectiveApr } from "./pricing";

const instant = z.iso.datetime({ offset: true }).max(40).transform((s) => new Date(s));
const apr = z.string().nullable().meta({ description: "(interest + fee) / net × 365 / days, in percent with 4 decimals", example: "4.3127" });

const quote = z
  .object({
    id: z.string(),
    requestId: z.string(),
    bank: party,
    rateBps: z.number().int().meta({ description: "Annual discount rate in basis points (360-day year, as the contract prices)" }),
    feeBps: z.number().int().meta({ description: "The platform's fee in basis points of the amount" }),
    days: z.number().int().meta({ description: "CST days from the quoting day (counted) to maturity (not counted)" }),
    interest: z.string(),
    fee: z.string(),
    net: z.string().meta({ description: "Cash the holder receives: amount − interest − fee" }),
    effectiveApr: apr,
    validUntil: z.string(),
    status: z.enum(QUOTE_STATUSES),
    createdAt: z.string(),
  })
  .meta({ description: "A bank's price for a financing request, computed by the ledger's own arithmetic at the ledger's time of quoting" });

const preview = quote
  .pick({ rateBps: true, feeBps: true, days: true, interest: true, fee: true, net: true, effectiveApr: true })
  .meta({ description: "A quote's price before it is posted, by the same arithmetic at the ledger's current time" });

const quoteJson = (q: QuoteView) => ({
  id: q.id,
  requestId: q.applicationId,
  bank: q.bank,
  rateBps: q.rateBps,
  feeBps: q.feeBps,
  days: q.days,
  interest: formatYuan(q.interest),
  fee: formatYuan(q.fee),
  net: formatYuan(q.net),
  effectiveApr: effectiveApr(q),
  validUntil: q.validUntil.toISOString(),
  status: q.status,
  createdAt: q.createdAt.toISOString(),
});

const application = z
  .object({
    id: z.string(),
    voucherId: z.string(),
    holder: party,
    amount: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    expiresAt: z.string().meta({ description: "When the request leaves the market unless accepted" }),
    createdAt: z.string(),
    voucher: z.object({ debtor: party, maturity: cstDayText, maturityAt: z.string().meta({ description: "The maturity as an instant, ISO 8601" }) }).nullable(),
    acceptedQuoteId: z.string().nullable(),
    onChainRequestId: z.string().nullable(),
    deadline: z.string().nullable().meta({ description: "The on-chain request's deadline: after it the bank can no longer pay and the lock is released" }),
    execution: z
      .object({ pieceId: z.string(), days: z.number().int(), interest: z.string(), fee: z.string(), net: z.string(), effectiveApr: apr })
      .nullable(),
    quotes: z.array(quote).optional().meta({ description: "On a single request: all quotes for the holder, the bank's own for a bank" }),
  })
  .meta({ description: "A holder's financing request (融资申请) on the marketplace" });

/** The execution's figures, once the ledger executed the request and the projection holds every one of them. */
function executionJson(c: ApplicationView["chain"]) {
  if (c?.status !== "executed" || c.pieceId === null || c.days === null || c.interest === null || c.fee === null || c.net === null) return null;
  const { pieceId, days, interest, fee, net } = c;
  return {
    pieceId: pieceId.toString(),
    days,
    interest: formatYuan(interest),
    fee: formatYuan(fee),
    net: formatYuan(net),
    effectiveApr: effectiveApr({ interest, fee, net, days }),
  };
}

const applicationJson = (v: ApplicationView, withQuotes: boolean) => {
  const c = v.chain;
  return {
    id: v.id,
    voucherId: v.voucherId.toString(),
    holder: v.holder,
    amount: formatYuan(v.amount),
    status: v.status,
    expiresAt: v.expiresAt.toISOString(),
    createdAt: v.createdAt.toISOString(),
    voucher: v.voucher && v.debtor ? { debtor: v.debtor, maturity: formatCstDay(v.voucher.maturity), maturityAt: v.voucher.maturity.toISOString() } : null,
    acceptedQuoteId: v.acceptedQuoteId,
    onChainRequestId: v.onChainRequestId?.toString() ?? null,
    deadline: c?.deadline.toISOString() ?? null,
    execution: executionJson(c),
    ...(withQuotes ? { quotes: v.quotes.map(quoteJson) } : {}),
  };
};

const withTx = application.extend({ txHash: z.string() });
const idParam = z.strictObject({ id: uuid });
const oneOf = (a: string, b: string) => (v: Record<string, unknown>) => v[a] === undefined || v[b] === undefined;

export function financingRoutes(guard: Guard, service: FinancingService, approval: FinancingApproval): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/financing/requests",
        summary: "Ask the market for cash against part of a voucher you hold (supplier)",
        description: `The amount must not exceed the voucher's unlocked value (422 VOUCHER_INSUFFICIENT_VALUE), less what your open requests already ask for (409 VOUCHER_VALUE_RESERVED; of simultaneous requests over the same value, one is opened). The request stays open for \`validForHours\` (default ${DEFAULT_REQUEST_HOURS}, at most ${MAX_REQUEST_HOURS}) or until \`expiresAt\`, and must expire before the voucher matures.`,
        tags: ["financing"],
        auth: true,
        kinds: ["supplier"],
        roles: ["maker", "admin"],
        body: z
          .strictObject({
            voucherId: ledgerId,
            amount: positiveYuan,
            expiresAt: instant.optional(),
            validForHours: z.number().int().min(1).max(MAX_REQUEST_HOURS).optional(),
          })
          .refine(oneOf("expiresAt", "validForHours"), "give expiresAt or validForHours, not both"),
        responses: { 201: { description: "The request, open for quotes", schema: application } },
      },
      async ({ actor, body }) => applicationJson(await service.open(actor, body), true),
    )
    .add(
      {
        method: "get",
        path: "/financing/requests",
        summary: "Financing requests: a holder's own; for a bank, the open ones it may quote on and those it quoted on; all for the operator and the regulator",
        tags: ["financing"],
        auth: true,
        kinds: ["supplier", "bank", "operator", "regulator"],
        query: page.extend({ status: z.enum(APPLICATION_STATUSES).optional() }),
        responses: { 200: { description: "A page of requests, newest first", schema: pageSchema(application) } },
      },
      async ({ actor, query }) => mapPage(await service.list(actor, query), (a) => applicationJson(a, false)),
    )
    .add(
      {
        method: "get",
        path: "/financing/requests/:id",
        summary: "One financing request with the quotes you may see",
        tags: ["financing"],
        auth: true,
        kinds: ["supplier", "bank", "operator", "regulator"],
        params: idParam,
        responses: { 200: { description: "The request", schema: application } },
      },
      async ({ actor, params }) => applicationJson(await service.get(actor, params.id), true),
    )
    .add(
      {
        method: "post",
        path: "/financing/requests/:id/quotes",
        summary: "Quote a rate on an open request (bank)",
        description: `Priced by the ledger's discount arithmetic at the ledger's current time, with the platform's current fee. Stands for \`validForMinutes\` (default ${DEFAULT_QUOTE_MINUTES}, at most ${MAX_QUOTE_MINUTES}) or until \`validUntil\`. Posting again while the request is open replaces your quote under a new id, so that a holder always accepts the exact terms it saw.`,
        tags: ["financing"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker", "checker"],
        params: idParam,
        body: z
          .strictObject({
            rateBps: z.number().int().min(1).max(LEDGER_LIMITS.maxRateBps),
            validUntil: instant.optional(),
            validForMinutes: z.number().int().min(1).max(MAX_QUOTE_MINUTES).optional(),
          })
          .refine(oneOf("validUntil", "validForMinutes"), "give validUntil or validForMinutes, not both"),
        responses: { 201: { description: "The quote", schema: quote } },
      },
      async ({ actor, params, body }) => quoteJson(await service.quote(actor, params.id, body)),
    )
    .add(
      {
        method: "get",
        path: "/financing/requests/:id/quote-preview",
        summary: "What a quote at this rate would be now: interest, fee, net and effective APR, priced as POST …/quotes prices it (bank); nothing is stored",
        description: "Refused as a quote would be: 404 when the request is not on offer to your bank, 409 FINANCING_REQUEST_CLOSED when it is no longer open.",
        tags: ["financing"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker", "checker"],
        params: idParam,
        query: z.strictObject({ rateBps: queryNumber(z.number().int().min(1).max(LEDGER_LIMITS.maxRateBps)) }),
        responses: { 200: { description: "The price", schema: preview } },
      },
      async ({ actor, params, query }) => {
        const p = await service.preview(actor, params.id, query.rateBps);
        return { ...p, interest: formatYuan(p.interest), fee: formatYuan(p.fee), net: formatYuan(p.net), effectiveApr: effectiveApr(p) };
      },
    )
    .add(
      {
        method: "post",
        path: "/financing/requests/:id/accept",
        summary: "Accept one quote: sends the request to the ledger, which locks the amount (holder)",
        description: "Other quotes lapse. An expired quote is 409 QUOTE_EXPIRED; a request no longer open is 409 FINANCING_REQUEST_CLOSED.",
        tags: ["financing"],
        auth: true,
        kinds: ["supplier"],
        roles: ["maker", "admin"],
        params: idParam,
        body: z.strictObject({ quoteId: uuid }),
        responses: { 200: { description: "Accepted and on the ledger", schema: withTx } },
      },
      async ({ actor, params, body }) => {
        const r = await service.accept(actor, params.id, body.quoteId);
        return { ...applicationJson(r.view, true), txHash: r.txHash };
      },
    )
    .add(
      {
        method: "post",
        path: "/financing/requests/:id/approve",
        summary: "Propose paying out an accepted request; the bank's checker approves it at POST /approvals/{id}/approve (bank maker)",
        description: "The approval runs the ledger's atomic exchange: the voucher piece to the bank, the net cash to the holder. While a proposal is pending another is 409 FINANCING_IN_APPROVAL.",
        tags: ["financing"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        params: idParam,
        responses: { 202: { description: "Awaiting the checker (kind financing.approve)", schema: pendingAction } },
      },
      async ({ actor, params }) => pendingActionJson(await approval.propose(actor, params.id)),
    )
    .add(
      {
        method: "post",
        path: "/financing/requests/:id/decline",
        summary: "Decline an accepted request; the ledger releases the holder's lock (bank)",
        tags: ["financing"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker", "checker"],
        params: idParam,
        responses: { 200: { description: "Declined", schema: withTx } },
      },
      async ({ actor, params }) => {
        const r = await approval.decline(actor, params.id);
        return { ...applicationJson(r.view, true), txHash: r.txHash };
      },
    )
    .add(
      {
        method: "post",
        path: "/financing/requests/:id/cancel",
        summary: "Withdraw a request, open or accepted (holder)",
        description: "An accepted request is cancelled on the ledger, which releases the lock; `txHash` is null for a request that never reached it.",
        tags: ["financing"],
        auth: true,
        kinds: ["supplier"],
        roles: ["maker", "admin"],
        params: idParam,
        responses: { 200: { description: "Cancelled", schema: application.extend({ txHash: z.string().nullable() }) } },
      },
      async ({ actor, params }) => {
        const r = await service.cancel(actor, params.id);
        return { ...applicationJson(r.view, true), txHash: r.txHash };
      },
    );
}
