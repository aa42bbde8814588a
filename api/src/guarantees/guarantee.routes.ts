import { z } from "zod";
import { GUARANTEE_KINDS } from "../../../chain/values";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { cstDay } from "../http/cst-day";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { ledgerId, page, positiveYuan, uuid } from "../http/schemas";
import { GUARANTEE_DEMAND, GUARANTEE_ISSUE, GUARANTEE_RECLAIM, GUARANTEE_RECOVER } from "./guarantee.actions";
import { GUARANTEE_STATUSES, guaranteeJson, guaranteeSchema } from "./guarantee.json";
import type { GuaranteeService } from "./guarantee.service";

const byId = z.strictObject({ id: ledgerId });
const PROPOSED = { 202: { description: "Proposed; a checker of the same organisation approves it at POST /approvals/{id}/approve", schema: pendingAction } };

export function guaranteeRoutes(guard: Guard, dual: DualControl, guarantees: GuaranteeService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/guarantees",
        summary: "Propose guaranteeing a bank's claim, a financed voucher piece or a pledge loan, up to an amount (the guarantor's maker; a checker approves)",
        description:
          "The checker's approval issues it and allows the guarantees module that much more of the guarantor's settlement cash, which a call takes. " +
          "404 for an unknown bank; 422 ORGANISATION_WRONG_KIND when it is not a bank, GUARANTEE_INVALID_EXPIRY, GUARANTEE_INVALID_SUBJECT when the bank holds no such claim; 409 GUARANTEE_ALREADY_EXISTS.",
        tags: ["guarantees"],
        auth: true,
        kinds: ["guarantor"],
        roles: ["maker"],
        body: z.strictObject({
          kind: z.enum(GUARANTEE_KINDS),
          subject: ledgerId.meta({ description: "The financed voucher piece's or the pledge loan's id" }),
          bankOrgId: uuid,
          amount: positiveYuan,
          expiry: cstDay,
        }),
        responses: PROPOSED,
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, GUARANTEE_ISSUE, body)),
    )
    .add(
      {
        method: "get",
        path: "/guarantees",
        summary: "Guarantees: the organisation's own as guarantor, bank or obligor; every one for the operator and the regulator",
        tags: ["guarantees"],
        auth: true,
        query: page.extend({ status: z.enum(GUARANTEE_STATUSES).optional() }),
        responses: { 200: { description: "A page of guarantees, newest first", schema: pageSchema(guaranteeSchema) } },
      },
      async ({ actor, query }) => mapPage(await guarantees.list(actor, query), guaranteeJson),
    )
    .add(
      {
        method: "get",
        path: "/guarantees/:id",
        summary: "A guarantee (its guarantor, its bank, its obligor once called, the operator and the regulator)",
        tags: ["guarantees"],
        auth: true,
        params: byId,
        responses: { 200: { description: "The guarantee", schema: guaranteeSchema } },
      },
      async ({ actor, params }) => guaranteeJson(await guarantees.get(actor, params.id)),
    )
    .add(
      {
        method: "post",
        path: "/guarantees/:id/demand",
        summary: "Propose calling the guarantee on default (the bank's maker; a checker approves): the guarantor pays the bank and takes the claim over",
        description: "403 GUARANTEE_NOT_BANK; 409 GUARANTEE_INVALID_STATUS unless active, GUARANTEE_EXPIRED past its expiry, GUARANTEE_NO_DEFAULT while the claim is not in default.",
        tags: ["guarantees"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        params: byId,
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, GUARANTEE_DEMAND, { id: params.id })),
    )
    .add(
      {
        method: "post",
        path: "/guarantees/:id/recover",
        summary: "Propose repaying the guarantor on its recourse (the obligor's or the bank's maker; a checker approves)",
        description: "403 for the guarantor; 409 GUARANTEE_INVALID_STATUS unless called; 422 GUARANTEE_INVALID_AMOUNT above what the guarantor is still owed, CASH_INSUFFICIENT_BALANCE.",
        tags: ["guarantees"],
        auth: true,
        roles: ["maker"],
        params: byId,
        body: z.strictObject({ amount: positiveYuan }),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, GUARANTEE_RECOVER, { id: params.id, amount: body.amount })),
    )
    .add(
      {
        method: "post",
        path: "/guarantees/:id/reclaim",
        summary: "Propose handing the guarantor back what it paid and was not repaid, once the claim is paid in full (the bank's maker; a checker approves)",
        description: "403 GUARANTEE_NOT_BANK; 409 GUARANTEE_INVALID_STATUS unless called, GUARANTEE_CLAIM_OUTSTANDING before the claim is paid; 422 GUARANTEE_INVALID_AMOUNT when nothing is owed, CASH_INSUFFICIENT_BALANCE.",
        tags: ["guarantees"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        params: byId,
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, GUARANTEE_RECLAIM, { id: params.id })),
    )
    .add(
      {
        method: "post",
        path: "/guarantees/:id/release",
        summary: "Release a guarantee not called (the bank's maker); it moves no money",
        description: "403 GUARANTEE_NOT_RELEASABLE for anyone but the bank; 409 GUARANTEE_INVALID_STATUS unless active.",
        tags: ["guarantees"],
        auth: true,
        roles: ["maker"],
        params: byId,
        responses: { 200: { description: "Released", schema: guaranteeSchema.extend({ txHash: z.string() }) } },
      },
      async ({ actor, params }) => {
        const g = await guarantees.release(actor, params.id);
        return { ...guaranteeJson(g), txHash: g.txHash };
      },
    )
    .add(
      {
        method: "post",
        path: "/guarantees/:id/expire",
        summary: "Lapse a guarantee not called once its expiry has passed (any party to it, or the platform); it moves no money",
        description: "409 GUARANTEE_INVALID_STATUS unless active, GUARANTEE_NOT_EXPIRED before its expiry.",
        tags: ["guarantees"],
        auth: true,
        roles: ["maker"],
        params: byId,
        responses: { 200: { description: "Expired", schema: guaranteeSchema.extend({ txHash: z.string() }) } },
      },
      async ({ actor, params }) => {
        const g = await guarantees.expire(actor, params.id);
        return { ...guaranteeJson(g), txHash: g.txHash };
      },
    );
}
