/**
 * HTTP for consented risk data: consents (the organisation), queries (the bank, under consent, for a fee), the
 * bank's fee budget and the operator's fee (both proposed by a maker and approved by a checker).
 */
import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { cstDay, formatCstDay } from "../http/cst-day";
import { party } from "../http/party";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { page, uuid, yuan } from "../http/schemas";
import { formatYuan } from "../money";
import { RISK_DATA_BUDGET, RISK_DATA_FEE } from "./risk-data.actions";
import { MAX_CONSENT_DAYS, type ConsentView, type QueryFee, type QueryView, type RiskDataService } from "./risk-data.service";
import { riskProfileSchema } from "./risk-profile-json";

const instant = z.string().nullable();

const consent = z.object({
  id: z.string(),
  subject: party.meta({ description: "The organisation whose risk profile may be queried" }),
  bank: party,
  until: z.string().meta({ description: "The consent ends at 00:00 China Standard Time of this day" }),
  status: z.enum(["active", "withdrawn", "expired"]),
  grantedBy: z.string(),
  txHash: z.string(),
  createdAt: z.string(),
  withdrawnAt: instant,
  withdrawnBy: instant,
  withdrawTxHash: instant,
});

const query = z.object({
  id: z.string(),
  bank: party,
  subject: party,
  queriedBy: z.string(),
  profile: riskProfileSchema,
  fee: z.string().meta({ description: "The data-service fee paid, in yuan" }),
  digest: z.string().meta({ description: "SHA-256 of the profile shown, as recorded on the ledger (RiskQueried)" }),
  txHash: z.string(),
  blockNumber: z.number().int(),
  createdAt: z.string(),
});

const fee = z.object({ fee: z.string().meta({ description: "Yuan per query" }), recipient: party.nullable() });

const consentJson = (c: ConsentView) => ({
  id: c.id,
  subject: c.subject,
  bank: c.bank,
  until: formatCstDay(c.until),
  status: c.status,
  grantedBy: c.grantedBy,
  txHash: c.txHash,
  createdAt: c.createdAt.toISOString(),
  withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
  withdrawnBy: c.withdrawnBy,
  withdrawTxHash: c.withdrawTxHash,
});

const queryJson = (q: QueryView) => ({
  id: q.id,
  bank: q.bank,
  subject: q.subject,
  queriedBy: q.queriedBy,
  profile: q.profile,
  fee: formatYuan(q.fee),
  digest: q.digest,
  txHash: q.txHash,
  blockNumber: q.blockNumber,
  createdAt: q.createdAt.toISOString(),
});

const feeJson = (f: QueryFee) => ({ fee: formatYuan(f.fee), recipient: f.recipient });

export function riskDataRoutes(guard: Guard, dual: DualControl, riskData: RiskDataService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/risk-data/consents",
        summary: "Let one bank query my risk profile until a day (replaces my consent in force to that bank)",
        description: `Recorded on the ledger (ConsentGranted). At most ${MAX_CONSENT_DAYS} days ahead.`,
        tags: ["risk data"],
        auth: true,
        kinds: ["core", "supplier"],
        body: z.strictObject({ bankOrgId: uuid, until: cstDay }),
        responses: { 201: { description: "Consented", schema: consent } },
      },
      async ({ actor, body }) => consentJson(await riskData.grant(actor, body.bankOrgId, body.until)),
    )
    .add(
      {
        method: "post",
        path: "/risk-data/consents/:id/withdraw",
        summary: "Withdraw a consent: the bank's next query is refused",
        tags: ["risk data"],
        auth: true,
        kinds: ["core", "supplier"],
        params: z.strictObject({ id: uuid }),
        responses: { 200: { description: "Withdrawn (ConsentWithdrawn on the ledger)", schema: consent } },
      },
      async ({ actor, params }) => consentJson(await riskData.withdraw(actor, params.id)),
    )
    .add(
      {
        method: "get",
        path: "/risk-data/consents",
        summary: "Consents I gave or was given, newest first (all of them for the regulator and the operator)",
        tags: ["risk data"],
        auth: true,
        query: page,
        responses: { 200: { description: "A page of consents", schema: pageSchema(consent) } },
      },
      async ({ actor, query: q }) => mapPage(await riskData.consents(actor, q), consentJson),
    )
    .add(
      {
        method: "post",
        path: "/risk-data/queries",
        summary: "Query an organisation's risk profile under its consent, paying the data-service fee (a bank)",
        description:
          "The profile is computed from the platform's ledger records and the business registry: figures only, never the records behind them. The query and its fee are recorded on the ledger (RiskQueried); the fee is drawn on the bank's budget (PUT /risk-data/budget).",
        tags: ["risk data"],
        auth: true,
        kinds: ["bank"],
        body: z.strictObject({ subjectOrgId: uuid }),
        responses: { 201: { description: "The profile, with the fee paid", schema: query } },
      },
      async ({ actor, body }) => queryJson(await riskData.query(actor, body.subjectOrgId)),
    )
    .add(
      {
        method: "get",
        path: "/risk-data/queries",
        summary: "Queries my bank made, or queries made about my organisation, newest first",
        tags: ["risk data"],
        auth: true,
        query: page,
        responses: { 200: { description: "A page of queries", schema: pageSchema(query) } },
      },
      async ({ actor, query: q }) => mapPage(await riskData.queries(actor, q), queryJson),
    )
    .add(
      {
        method: "get",
        path: "/risk-data/fee",
        summary: "The data-service fee per risk query, and who receives it",
        tags: ["risk data"],
        auth: true,
        responses: { 200: { description: "The fee", schema: fee } },
      },
      async () => feeJson(await riskData.fee()),
    )
    .add(
      {
        method: "put",
        path: "/risk-data/fee",
        summary: "Propose the data-service fee per query and its recipient, the operator (operator maker; a checker approves)",
        tags: ["risk data"],
        auth: true,
        kinds: ["operator"],
        roles: ["maker"],
        body: z.strictObject({ fee: yuan, recipientOrgId: uuid }),
        responses: { 202: { description: "Proposed; a checker of the operator approves it at POST /approvals/{id}/approve", schema: pendingAction } },
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, RISK_DATA_FEE, { fee: body.fee, recipientOrgId: body.recipientOrgId })),
    )
    .add(
      {
        method: "get",
        path: "/risk-data/budget",
        summary: "What is left of my bank's budget for query fees, and the fee per query",
        tags: ["risk data"],
        auth: true,
        kinds: ["bank"],
        responses: { 200: { description: "The budget", schema: fee.extend({ remaining: z.string().meta({ description: "Yuan" }) }) } },
      },
      async ({ actor }) => {
        const b = await riskData.budget(actor);
        return { ...feeJson(b), remaining: formatYuan(b.remaining) };
      },
    )
    .add(
      {
        method: "put",
        path: "/risk-data/budget",
        summary: "Propose my bank's budget for query fees, replacing what is left of it (maker; a checker approves)",
        tags: ["risk data"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        body: z.strictObject({ amount: yuan }),
        responses: { 202: { description: "Proposed; a checker of the bank approves it at POST /approvals/{id}/approve", schema: pendingAction } },
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, RISK_DATA_BUDGET, { amount: body.amount })),
    );
}
