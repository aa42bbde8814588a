import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { cstDay, cstDayText } from "../http/cst-day";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { party } from "../http/party";
import { page, positiveYuan, uuid } from "../http/schemas";
import { CREDIT_LINE_AMEND, CREDIT_LINE_CLOSE, CREDIT_LINE_GRANT, type AmendInput, type GrantInput } from "./credit-line.actions";
import { creditLineJson } from "./credit-line.json";
import type { CreditLineService } from "./credit-line.service";

const creditLine = z
  .object({
    id: z.string().meta({ description: "`<bank organisation id>.<core organisation id>`" }),
    bank: party,
    core: party,
    limit: z.string(),
    used: z.string(),
    available: z.string().meta({ description: "limit − used while open and not expired, else 0" }),
    expiry: cstDayText.meta({ description: "The day the line expires, at 00:00 China Standard Time" }),
    expiryAt: z.string().meta({ description: "The expiry as an instant, ISO 8601" }),
    open: z.boolean(),
    expired: z.boolean(),
  })
  .meta({ description: "A bank's credit line (授信) to a core enterprise, as on the ledger" });

/** Both halves are organisation ids, looked up as uuids: anything else would reach the database as one. */
const ORG_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const idParam = z.strictObject({
  id: z.string().max(73).regex(new RegExp(`^${ORG_ID}\\.${ORG_ID}$`), "must be a credit line id, <bank organisation id>.<core organisation id>"),
});

const PROPOSED = { 202: { description: "Proposed; a checker of the bank approves it at POST /approvals/{id}/approve", schema: pendingAction } };
const VIEWERS = ["bank", "core", "operator", "regulator"] as const;

export function creditLineRoutes(guard: Guard, dual: DualControl, lines: CreditLineService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/credit-lines",
        summary: "Propose granting a core enterprise a credit line (bank maker; a checker approves)",
        description: "Approval returns the line and the ledger transaction. 409 CREDIT_LINE_ALREADY_OPEN when the bank already has an open line to that core enterprise.",
        tags: ["credit lines"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        body: z.strictObject({ coreOrgId: uuid, limit: positiveYuan, expiry: cstDay }),
        responses: PROPOSED,
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, CREDIT_LINE_GRANT, body satisfies GrantInput)),
    )
    .add(
      {
        method: "get",
        path: "/credit-lines",
        summary: "Credit lines: a bank's own, those granted to a core enterprise, or all (operator, regulator)",
        tags: ["credit lines"],
        auth: true,
        kinds: VIEWERS,
        query: page.extend({
          bankOrgId: uuid.optional(),
          coreOrgId: uuid.optional(),
          open: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
        }),
        responses: { 200: { description: "A page of credit lines, by bank account, then core enterprise account", schema: pageSchema(creditLine) } },
      },
      async ({ actor, query }) => mapPage(await lines.list(actor, query), creditLineJson),
    )
    .add(
      {
        method: "get",
        path: "/credit-lines/:id",
        summary: "One credit line (its bank, its core enterprise, the operator, the regulator)",
        tags: ["credit lines"],
        auth: true,
        kinds: VIEWERS,
        params: idParam,
        responses: { 200: { description: "The credit line", schema: creditLine } },
      },
      async ({ actor, params }) => creditLineJson(await lines.get(actor, params.id)),
    )
    .add(
      {
        method: "put",
        path: "/credit-lines/:id",
        summary: "Propose raising or lowering the limit or moving the expiry (the bank's maker; a checker approves)",
        description: "A field left out keeps its current value. The limit cannot go below what is used.",
        tags: ["credit lines"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        params: idParam,
        body: z
          .strictObject({ limit: positiveYuan.optional(), expiry: cstDay.optional() })
          .refine((b) => b.limit !== undefined || b.expiry !== undefined, "give a new limit, a new expiry or both"),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, CREDIT_LINE_AMEND, { id: params.id, ...body } satisfies AmendInput)),
    )
    .add(
      {
        method: "post",
        path: "/credit-lines/:id/close",
        summary: "Propose closing the credit line (the bank's maker; a checker approves)",
        tags: ["credit lines"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        params: idParam,
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, CREDIT_LINE_CLOSE, { id: params.id })),
    );
}
