import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { cstDay } from "../http/cst-day";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { commitment, ledgerId, page, positiveYuan } from "../http/schemas";
import { POLICY_CLAIM_ACCEPT } from "./policy.actions";
import { policyJson, policySchema } from "./policy.json";
import type { PolicyService } from "./policy.service";

const byId = z.strictObject({ id: ledgerId });
const byClaim = z.strictObject({ claimId: ledgerId });
const policyTx = policySchema.extend({ txHash: z.string() });

export function policyRoutes(guard: Guard, dual: DualControl, policies: PolicyService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/policies",
        summary: "Underwrite a cargo policy on an active or pledged warehouse receipt (the insurer's maker)",
        description: "404 for an unknown receipt; 409 POLICY_RECEIPT_NOT_INSURABLE unless active or pledged, POLICY_ALREADY_INSURED while another policy is in force; 422 POLICY_INVALID_PERIOD when empty or over.",
        tags: ["policies"],
        auth: true,
        kinds: ["insurer"],
        roles: ["maker"],
        body: z.strictObject({ receiptId: ledgerId, insured: positiveYuan, start: cstDay, end: cstDay, terms: commitment.meta({ description: "The commitment (SHA-256) to the policy document" }) }),
        responses: { 201: { description: "Underwritten", schema: policyTx } },
      },
      async ({ actor, body }) => {
        const p = await policies.underwrite(actor, body);
        return { ...policyJson(p), txHash: p.txHash };
      },
    )
    .add(
      {
        method: "get",
        path: "/policies",
        summary: "Cargo policies: those the insurer underwrote, those on receipts the organisation owns or holds in pledge; every one for the operator and the regulator",
        tags: ["policies"],
        auth: true,
        query: page,
        responses: { 200: { description: "A page of policies with their claims, newest first", schema: pageSchema(policySchema) } },
      },
      async ({ actor, query }) => mapPage(await policies.list(actor, query), policyJson),
    )
    .add(
      {
        method: "get",
        path: "/policies/:id",
        summary: "A cargo policy and its claims (its insurer, the receipt's owner and pledgee bank, the operator and the regulator)",
        tags: ["policies"],
        auth: true,
        params: byId,
        responses: { 200: { description: "The policy", schema: policySchema } },
      },
      async ({ actor, params }) => policyJson(await policies.get(actor, params.id)),
    )
    .add(
      {
        method: "post",
        path: "/policies/:id/claims",
        summary: "Claim a loss under the policy (the receipt's owner's or pledgee bank's maker)",
        description: "403 POLICY_NOT_INSURED for its insurer; 409 POLICY_NOT_IN_FORCE outside its period, POLICY_CLAIM_PENDING while a claim awaits the insurer, POLICY_RECEIPT_NOT_INSURABLE once the goods left; 422 POLICY_INVALID_AMOUNT when the cover is used up.",
        tags: ["policies"],
        auth: true,
        roles: ["maker"],
        params: byId,
        body: z.strictObject({ loss: positiveYuan, evidence: commitment.meta({ description: "The commitment to the loss report" }) }),
        responses: { 201: { description: "Filed", schema: policyTx.extend({ claimId: z.string() }) } },
      },
      async ({ actor, params, body }) => {
        const p = await policies.fileClaim(actor, params.id, body);
        return { ...policyJson(p), claimId: p.claimId.toString(), txHash: p.txHash };
      },
    )
    .add(
      {
        method: "post",
        path: "/policies/claims/:claimId/accept",
        summary: "Propose paying a claim (the insurer's maker; a checker approves): the pledgee bank while the receipt secures a drawn loan, else the owner",
        description: "404 for another insurer's claim; 403 POLICY_NOT_INSURER for the claimant; 409 POLICY_CLAIM_NOT_FILED once decided; 422 POLICY_INVALID_AMOUNT above the loss or the cover left, CASH_INSUFFICIENT_BALANCE.",
        tags: ["policies"],
        auth: true,
        kinds: ["insurer"],
        roles: ["maker"],
        params: byClaim,
        body: z.strictObject({ amount: positiveYuan }),
        responses: { 202: { description: "Proposed; a checker of the same organisation approves it at POST /approvals/{id}/approve", schema: pendingAction } },
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, POLICY_CLAIM_ACCEPT, { claimId: params.claimId, amount: body.amount })),
    )
    .add(
      {
        method: "post",
        path: "/policies/claims/:claimId/reject",
        summary: "Reject a claim (the insurer's maker); it moves no money",
        description: "404 for another insurer's claim; 403 POLICY_NOT_INSURER for the claimant; 409 POLICY_CLAIM_NOT_FILED once decided.",
        tags: ["policies"],
        auth: true,
        kinds: ["insurer"],
        roles: ["maker"],
        params: byClaim,
        body: z.strictObject({ reason: commitment.meta({ description: "The commitment to the insurer's letter" }) }),
        responses: { 200: { description: "Rejected", schema: policyTx } },
      },
      async ({ actor, params, body }) => {
        const p = await policies.reject(actor, params.claimId, body.reason);
        return { ...policyJson(p), txHash: p.txHash };
      },
    );
}
