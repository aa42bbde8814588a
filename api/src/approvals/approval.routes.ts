import { z } from "zod";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { lines, page, uuid } from "../http/schemas";
import type { DualControl, PendingActionView } from "./dual-control";

const ACTION_STATUSES = ["pending", "executing", "approved", "rejected", "failed"] as const;

export const pendingAction = z
  .object({
    id: z.string(),
    kind: z.string().meta({ description: "What the action does (the `kind` filter of GET /approvals lists them); the payload is the proposal as the checker sees it" }),
    status: z.enum(ACTION_STATUSES).meta({ description: "executing: a checker approved and the action is running" }),
    payload: z.unknown(),
    makerId: z.string(),
    checkerId: z.string().nullable(),
    result: z.unknown().nullable(),
    txHash: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ description: "An action awaiting (or after) its checker's decision" });

export const pendingActionJson = (a: PendingActionView) => ({
  id: a.id,
  kind: a.kind,
  status: a.status,
  payload: a.payload,
  makerId: a.makerUserId,
  checkerId: a.checkerUserId,
  result: a.result ?? null,
  txHash: a.txHash,
  createdAt: a.createdAt.toISOString(),
  decidedAt: a.decidedAt?.toISOString() ?? null,
});

const idParam = z.strictObject({ id: uuid });

/** Built after the modules registered their actions: the kinds listed are the ones registered. */
export function approvalRoutes(guard: Guard, dual: DualControl): RouteTable {
  const kinds = dual.kinds();
  return new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/approvals",
        summary: "My organisation's maker/checker actions",
        tags: ["approvals"],
        auth: true,
        query: page.extend({ status: z.enum(ACTION_STATUSES).optional(), kind: z.enum(kinds).optional().meta({ description: "Only the actions of this kind; a kind no module registered is refused" }) }),
        responses: { 200: { description: "A page of actions, newest first", schema: pageSchema(pendingAction) } },
      },
      async ({ actor, query }) =>
        mapPage(await dual.list(actor, query), pendingActionJson),
    )
    .add(
      {
        method: "get",
        path: "/approvals/:id",
        summary: "One maker/checker action",
        tags: ["approvals"],
        auth: true,
        params: idParam,
        responses: { 200: { description: "The action", schema: pendingAction } },
      },
      async ({ actor, params }) => pendingActionJson(await dual.get(actor, params.id)),
    )
    .add(
      {
        method: "post",
        path: "/approvals/:id/approve",
        summary: "Approve and carry out the action (a checker other than the maker)",
        tags: ["approvals"],
        auth: true,
        roles: ["checker"],
        params: idParam,
        responses: { 200: { description: "Carried out", schema: pendingAction } },
      },
      async ({ actor, params }) => pendingActionJson(await dual.approve(actor, params.id)),
    )
    .add(
      {
        method: "post",
        path: "/approvals/:id/reject",
        summary: "Reject the action (a checker)",
        tags: ["approvals"],
        auth: true,
        roles: ["checker"],
        params: idParam,
        body: z.strictObject({ note: lines(1000) }),
        responses: { 200: { description: "Rejected", schema: pendingAction } },
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.reject(actor, params.id, body.note)),
    );
}
