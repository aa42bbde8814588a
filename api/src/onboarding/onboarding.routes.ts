import { z } from "zod";
import type { ApplicationRow } from "./onboarding.repository";
import { formatYuan } from "../money";
import { APPLICANT_KINDS, type OnboardingService, type RegistryView } from "./onboarding.service";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { lines, newPassword, page, text, uuid } from "../http/schemas";

const application = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  uscc: z.string(),
  kinds: z.array(z.string()),
  admin: z.object({ name: z.string(), email: z.string() }),
  status: z.enum(["pending", "approving", "approved", "rejected"]),
  reviewNote: z.string().nullable(),
  organisationId: z.string().nullable(),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
});

export const applicationJson = (a: ApplicationRow) => ({
  id: a.id,
  name: a.name,
  nameEn: a.nameEn,
  uscc: a.uscc,
  kinds: a.kinds,
  admin: { name: a.contactName, email: a.contactEmail },
  status: a.status,
  reviewNote: a.reviewNote,
  organisationId: a.organisationId,
  createdAt: a.createdAt.toISOString(),
  reviewedAt: a.reviewedAt?.toISOString() ?? null,
});

const registry = z
  .object({
    status: z.enum(["found", "not-registered", "unavailable"]),
    record: z
      .object({
        uscc: z.string(),
        name: z.string(),
        legalRepresentative: z.string(),
        registeredCapital: z.string().meta({ description: "Registered capital, yuan" }),
        establishedOn: z.string(),
        status: z.enum(["active", "revoked", "cancelled"]).meta({ description: "存续, 吊销 or 注销" }),
      })
      .nullable(),
  })
  .meta({ description: "The business registry's record of the USCC, asked when the application is read; unavailable when the registry did not answer" });

const registryJson = (v: RegistryView) => ({
  status: v.status,
  record: v.status === "found" ? { ...v.record, registeredCapital: formatYuan(v.record.registeredCapital) } : null,
});

const idParam = z.strictObject({ id: uuid });

export function onboardingRoutes(guard: Guard, onboarding: OnboardingService): RouteTable {
  return new RouteTable(guard)
    .addPublic(
      {
        method: "post",
        path: "/applications",
        summary: "Apply to join the platform (no account needed)",
        description:
          "The USCC must pass the GB 32100-2015 check character; a USCC already applied with or registered is a 409 USCC_TAKEN (of simultaneous applications with one USCC, one is accepted). " +
          "The business registry must hold the USCC as active under the name applied with: 422 USCC_NOT_REGISTERED, USCC_REVOKED (吊销), USCC_CANCELLED (注销) or REGISTERED_NAME_MISMATCH otherwise; 503 VERIFIER_UNAVAILABLE when the registry does not answer. " +
          "The admin's email is not checked here, so that the answer tells nobody which emails are registered: the operator's approval refuses one that already has an account.",
        tags: ["onboarding"],
        auth: false,
        body: z.strictObject({
          name: text(200, 2),
          nameEn: text(200, 2).optional(),
          uscc: text(40),
          kinds: z.array(z.enum(APPLICANT_KINDS)).min(1).max(APPLICANT_KINDS.length),
          admin: z.strictObject({
            name: text(100),
            email: z.email().max(254),
            password: newPassword.meta({ description: "The admin's password: at least 12 characters" }),
          }),
        }),
        responses: { 201: { description: "The application, pending review", schema: application } },
      },
      async ({ body }) => applicationJson(await onboarding.apply(body)),
    )
    .add(
      {
        method: "get",
        path: "/applications",
        summary: "List applications (operator)",
        tags: ["onboarding"],
        auth: true,
        kinds: ["operator"],
        query: page.extend({ status: z.enum(["pending", "approving", "approved", "rejected"]).optional() }),
        responses: { 200: { description: "A page of applications, newest first", schema: pageSchema(application) } },
      },
      async ({ query }) =>
        mapPage(await onboarding.list(query), applicationJson),
    )
    .add(
      {
        method: "get",
        path: "/applications/:id",
        summary: "One application (operator)",
        tags: ["onboarding"],
        auth: true,
        kinds: ["operator"],
        params: idParam,
        responses: { 200: { description: "The application, with the business registry's record beside it", schema: application.extend({ registry }) } },
      },
      async ({ params }) => {
        const app = await onboarding.get(params.id);
        return { ...applicationJson(app), registry: registryJson(await onboarding.registryView(app)) };
      },
    )
    .add(
      {
        method: "post",
        path: "/applications/:id/approve",
        summary: "Approve: create the organisation, its admin and its ledger key, and register it on the ledger (operator)",
        description:
          "409 USCC_TAKEN when an organisation with the USCC exists, 409 EMAIL_TAKEN when a user with the admin's email exists: the application stays pending, to be rejected with a note.",
        tags: ["onboarding"],
        auth: true,
        kinds: ["operator"],
        roles: ["admin", "checker"],
        params: idParam,
        responses: {
          200: {
            description: "Approved and registered",
            schema: z.object({ id: z.string(), application, organisationId: z.string(), account: z.string(), txHash: z.string() }),
          },
        },
      },
      async ({ actor, params }) => {
        const r = await onboarding.approve(actor, params.id);
        return { id: r.organisationId, application: applicationJson(r.application), organisationId: r.organisationId, account: r.account, txHash: r.txHash };
      },
    )
    .add(
      {
        method: "post",
        path: "/applications/:id/reject",
        summary: "Reject, with a note the applicant will see (operator)",
        tags: ["onboarding"],
        auth: true,
        kinds: ["operator"],
        roles: ["admin", "checker"],
        params: idParam,
        body: z.strictObject({ note: lines(1000) }),
        responses: { 200: { description: "Rejected", schema: application } },
      },
      async ({ actor, params, body }) => applicationJson(await onboarding.reject(actor, params.id, body.note)),
    );
}
