import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { ORG_KINDS, USER_ROLES } from "../auth/actor";
import type { ApiKeyRow } from "../auth/identity.repository";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { newPassword, page, text, uuid } from "../http/schemas";
import type { OrganisationView } from "./organisation.repository";
import type { OrganisationService, StatusChange } from "./organisation.service";
import { USER_ADD, USER_DISABLE, USER_SET_ROLE, userJson } from "./user.actions";

const organisation = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  uscc: z.string(),
  kinds: z.array(z.enum(ORG_KINDS)),
  account: z.string().meta({ description: "The organisation's ledger address" }),
  status: z.enum(["active", "suspended", "frozen", "unregistered"]),
  createdAt: z.string(),
});
export const organisationJson = (o: OrganisationView) => ({ ...o, createdAt: o.createdAt.toISOString() });

const user = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(USER_ROLES), disabled: z.boolean() });
const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(USER_ROLES),
  userId: z.string().nullable().meta({ description: "The user the key acts for (null only for keys revoked when keys began to name users)" }),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
const apiKeyJson = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role,
  userId: k.userId,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

const idParam = z.strictObject({ id: uuid });
const STATUS_CHANGES: { change: StatusChange; by: "operator" | "regulator"; summary: string }[] = [
  { change: "suspend", by: "operator", summary: "Suspend an organisation on the ledger (operator)" },
  { change: "reinstate", by: "operator", summary: "Reinstate a suspended organisation (operator)" },
  { change: "freeze", by: "regulator", summary: "Freeze an organisation: nothing of its moves on the ledger (regulator)" },
  { change: "unfreeze", by: "regulator", summary: "Unfreeze an organisation (regulator)" },
];

const PROPOSED = {
  202: {
    description:
      "Proposed; a checker of the organisation approves it at POST /approvals/{id}/approve, and the approval's result holds the user. " +
      "While the organisation has no active checker, the admin's change is carried out at once and the action comes back approved.",
    schema: pendingAction,
  },
};

export function organisationRoutes(guard: Guard, dual: DualControl, organisations: OrganisationService): RouteTable {
  const t = new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/orgs",
        summary: "The directory of organisations: names, codes, kinds, ledger accounts and status",
        tags: ["organisations"],
        auth: true,
        query: page.extend({ kind: z.enum(ORG_KINDS).optional() }),
        responses: { 200: { description: "A page of organisations, newest first", schema: pageSchema(organisation) } },
      },
      async ({ query }) =>
        mapPage(await organisations.list(query), organisationJson),
    )
    .add(
      {
        method: "get",
        path: "/orgs/:id",
        summary: "One organisation",
        tags: ["organisations"],
        auth: true,
        params: idParam,
        responses: { 200: { description: "The organisation", schema: organisation } },
      },
      async ({ params }) => organisationJson(await organisations.get(params.id)),
    );
  for (const s of STATUS_CHANGES) {
    t.add(
      {
        method: "post",
        path: `/orgs/:id/${s.change}`,
        summary: s.summary,
        tags: ["organisations"],
        auth: true,
        kinds: [s.by],
        roles: ["admin", "checker"],
        params: idParam,
        responses: { 200: { description: "Done on the ledger", schema: organisation.extend({ txHash: z.string() }) } },
      },
      async ({ actor, params }) => {
        const r = await organisations.changeStatus(actor, params.id, s.change);
        return { ...organisationJson(r.organisation), txHash: r.txHash };
      },
    );
  }
  return t
    .add(
      {
        method: "get",
        path: "/orgs/:id/users",
        summary: "The organisation's users (its admin)",
        tags: ["organisations"],
        auth: true,
        roles: ["admin"],
        params: idParam,
        query: page,
        responses: { 200: { description: "A page of users, newest first", schema: pageSchema(user) } },
      },
      async ({ actor, params, query }) => mapPage(await organisations.users(actor, params.id, query), userJson),
    )
    .add(
      {
        method: "post",
        path: "/orgs/:id/users",
        summary: "Propose adding a user as admin, maker or checker (its admin; a checker approves)",
        description: "The email is reserved at once (409 EMAIL_TAKEN); the user can sign in once a checker approves. Rejecting frees the email.",
        tags: ["organisations"],
        auth: true,
        roles: ["admin"],
        params: idParam,
        body: z.strictObject({
          email: z.email().max(254),
          name: text(100),
          role: z.enum(USER_ROLES),
          password: newPassword,
        }),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, USER_ADD, { orgId: params.id, ...body })),
    )
    .add(
      {
        method: "put",
        path: "/orgs/:id/users/:userId/role",
        summary: "Propose changing a user's role (its admin; a checker approves)",
        description: "Once approved, the user's tokens and API keys act in the new role at once; keys made for the old role stop working.",
        tags: ["organisations"],
        auth: true,
        roles: ["admin"],
        params: z.strictObject({ id: uuid, userId: uuid }),
        body: z.strictObject({ role: z.enum(USER_ROLES) }),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, USER_SET_ROLE, { orgId: params.id, userId: params.userId, role: body.role })),
    )
    .add(
      {
        method: "post",
        path: "/orgs/:id/users/:userId/disable",
        summary: "Propose disabling a user (its admin; a checker approves): once approved, their tokens and API keys stop working at once",
        tags: ["organisations"],
        auth: true,
        roles: ["admin"],
        params: z.strictObject({ id: uuid, userId: uuid }),
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, USER_DISABLE, { orgId: params.id, userId: params.userId })),
    )
    .add(
      {
        method: "post",
        path: "/orgs/:id/users/:userId/unlock",
        summary: "Lift a user's failed-login delay and lockout (its admin)",
        description: "After too many failed logins an account waits or is locked (429 LOGIN_THROTTLED, LOGIN_LOCKED); this ends it at once.",
        tags: ["organisations"],
        auth: true,
        roles: ["admin"],
        params: z.strictObject({ id: uuid, userId: uuid }),
        responses: { 200: { description: "The user", schema: user } },
      },
      async ({ actor, params }) => userJson(await organisations.unlockUser(actor, params.id, params.userId)),
    )
    .add(
      {
        method: "get",
        path: "/orgs/:id/api-keys",
        summary: "The organisation's API keys, without their secrets (its admin)",
        tags: ["organisations"],
        auth: true,
        roles: ["admin"],
        params: idParam,
        query: page,
        responses: { 200: { description: "A page of API keys, newest first", schema: pageSchema(apiKey) } },
      },
      async ({ actor, params, query }) => mapPage(await organisations.apiKeys(actor, params.id, query), apiKeyJson),
    )
    .add(
      {
        method: "post",
        path: "/orgs/:id/api-keys",
        summary: "Create an API key for an ERP system, acting for one of the organisation's users; the key is shown once (its admin)",
        description:
          "Send it as `Authorization: ApiKey <key>`. The key acts for `userId`, who must hold `role` (422 API_KEY_ROLE_NOT_HELD) and be active " +
          "(422 USER_DISABLED); what it proposes is that user's, so a key of the same user can never approve it (403 SAME_USER). " +
          "Disabling the user stops the key.",
        tags: ["organisations"],
        auth: true,
        roles: ["admin"],
        params: idParam,
        body: z.strictObject({ name: text(100), role: z.enum(["maker", "checker"]), userId: uuid }),
        responses: { 201: { description: "The key, with its secret", schema: apiKey.extend({ key: z.string() }) } },
      },
      async ({ actor, params, body }) => {
        const k = await organisations.createApiKey(actor, params.id, body);
        return { ...apiKeyJson(k), key: k.key };
      },
    )
    .add(
      {
        method: "post",
        path: "/orgs/:id/api-keys/:keyId/revoke",
        summary: "Revoke an API key (its admin)",
        tags: ["organisations"],
        auth: true,
        roles: ["admin"],
        params: z.strictObject({ id: uuid, keyId: uuid }),
        responses: { 200: { description: "The revoked key", schema: apiKey } },
      },
      async ({ actor, params }) => apiKeyJson(await organisations.revokeApiKey(actor, params.id, params.keyId)),
    );
}
