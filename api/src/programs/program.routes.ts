import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import type { CreditPassingRules, PlatformBounds } from "../../../chain/ledger";
import { LEDGER_LIMITS } from "../../../chain/limits";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { party } from "../http/party";
import { page, positiveYuan, uuid } from "../http/schemas";
import { formatYuan } from "../money";
import { PROGRAM_SET_MEMBER, PROGRAM_SET_RULES } from "./program.actions";
import type { Members, ProgramRules, ProgramService } from "./program.service";

// The ledger stores depth as uint8 and term as uint16; anything it can hold goes through, and the ledger alone
// judges it against the bounds (422 RULES_OUT_OF_BOUNDS / RULES_INVALID_BOUNDS). 255 and 65,535 are those types'
// widths, not contract constants; the hard limits the contract does define are LEDGER_LIMITS.maxDepth/maxTermDays.
const depth = z.int().min(1).max(255).meta({ description: "Deepest tier a voucher may reach; tier-1 suppliers hold depth 1" });
const termDays = z.int().min(1).max(65_535).meta({ description: "Longest term from issue to maturity, in days" });

const boundsFields = {
  maxDepth: depth,
  maxTermDays: termDays,
  minSplitFloor: positiveYuan.meta({ description: "No program's smallest piece may be below this (yuan)" }),
  invoicesMandatory: z.boolean().meta({ description: "No program may switch invoicesRequired off" }),
  coverageMandatory: z.boolean().meta({ description: "No program may switch issuanceCoveredByCredit off" }),
};
const bounds = z.object({ ...boundsFields, minSplitFloor: z.string() }).meta({ description: "The platform's bounds on every program's rules" });
const boundsJson = (b: PlatformBounds) => ({ ...b, minSplitFloor: formatYuan(b.minSplitFloor) });

const rulesFields = {
  maxDepth: depth,
  maxTermDays: termDays,
  minSplit: positiveYuan.meta({ description: "Smallest piece a split, transfer or financing may create or leave (yuan)" }),
  invoicesRequired: z.boolean().meta({ description: "Issue and transfer need confirmed invoices covering the amount" }),
  whitelistOnly: z.boolean().meta({ description: "Only whitelisted suppliers may receive the program's vouchers" }),
  banksRestricted: z.boolean().meta({ description: "Only the program's eligible banks may finance its vouchers" }),
  issuanceCoveredByCredit: z.boolean().meta({ description: "Outstanding vouchers may not exceed the core enterprise's open credit lines" }),
};
const rules = z
  .object({
    ...rulesFields,
    minSplit: z.string(),
    program: party.meta({ description: "The core enterprise whose program this is" }),
    configured: z.boolean().meta({ description: "False while the program runs on the ledger's defaults" }),
  })
  .meta({ description: "A core enterprise's credit-passing rules as the ledger applies them (defaults filled in, clamped to the bounds)" });
const rulesJson = (r: ProgramRules) => ({ ...r, minSplit: formatYuan(r.minSplit) });

const member = z.object({ organisation: party });

const programParam = z.strictObject({ coreOrgId: uuid });
const memberParam = z.strictObject({ coreOrgId: uuid, orgId: uuid });
const SETTERS = ["admin", "checker"] as const;
const PROPOSED = { 202: { description: "Proposed; a checker of the core enterprise approves it at POST /approvals/{id}/approve", schema: pendingAction } };

const LISTS: { list: Members; what: string; who: string }[] = [
  { list: "suppliers", what: "supplier whitelist", who: "supplier" },
  { list: "banks", what: "eligible banks", who: "bank" },
];

export function programRoutes(guard: Guard, dual: DualControl, programs: ProgramService): RouteTable {
  const t = new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/programs/bounds",
        summary: "The platform's bounds on every program's rules (anyone signed in)",
        tags: ["programs"],
        auth: true,
        responses: { 200: { description: "The bounds", schema: bounds } },
      },
      async () => boundsJson(await programs.bounds()),
    )
    .add(
      {
        method: "put",
        path: "/programs/bounds",
        summary: "Set the platform's bounds (operator)",
        description: `Hard limits: depth ${LEDGER_LIMITS.maxDepth}, term ${LEDGER_LIMITS.maxTermDays} days; beyond them 422 RULES_INVALID_BOUNDS. Programs' rules are clamped to tightened bounds.`,
        tags: ["programs"],
        auth: true,
        kinds: ["operator"],
        roles: SETTERS,
        body: z.strictObject(boundsFields),
        responses: { 200: { description: "Set on the ledger", schema: bounds.extend({ id: z.string(), txHash: z.string() }) } },
      },
      async ({ actor, body }) => {
        const r = await programs.setBounds(actor, body);
        return { id: "bounds", ...boundsJson(r.bounds), txHash: r.txHash };
      },
    )
    .add(
      {
        method: "get",
        path: "/programs/:coreOrgId/rules",
        summary: "A core enterprise's credit-passing rules (anyone signed in: suppliers and banks need them)",
        tags: ["programs"],
        auth: true,
        params: programParam,
        responses: { 200: { description: "The rules", schema: rules } },
      },
      async ({ params }) => rulesJson(await programs.rules(params.coreOrgId)),
    )
    .add(
      {
        method: "put",
        path: "/programs/:coreOrgId/rules",
        summary: "Propose the program's rules within the platform bounds (the core enterprise's maker; a checker approves)",
        description: "Rules outside the bounds fail the approval with 422 RULES_OUT_OF_BOUNDS. The approval's result holds the rules as set and the transaction.",
        tags: ["programs"],
        auth: true,
        kinds: ["core"],
        roles: ["maker"],
        params: programParam,
        body: z.strictObject(rulesFields),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) =>
        pendingActionJson(await dual.propose(actor, PROGRAM_SET_RULES, { coreOrgId: params.coreOrgId, rules: body satisfies CreditPassingRules })),
    );
  for (const { list, what, who } of LISTS) {
    t.add(
      {
        method: "get",
        path: `/programs/:coreOrgId/${list}`,
        summary: `The program's ${what} (the core enterprise, the operator, the regulator)`,
        tags: ["programs"],
        auth: true,
        params: programParam,
        query: page,
        responses: { 200: { description: `A page of the ${what}, by ledger account`, schema: pageSchema(member) } },
      },
      async ({ actor, params, query }) => mapPage(await programs.members(actor, params.coreOrgId, list, query), (m) => ({ organisation: m.organisation })),
    );
    for (const [method, listed] of [["put", true], ["delete", false]] as const) {
      t.add(
        {
          method,
          path: `/programs/:coreOrgId/${list}/:orgId`,
          summary: `Propose ${listed ? "adding a" : "removing a"} ${who} ${listed ? "to" : "from"} the program's ${what} (the core enterprise's maker; a checker approves)`,
          description: "The approval's result holds the change and the transaction.",
          tags: ["programs"],
          auth: true,
          kinds: ["core"],
          roles: ["maker"],
          params: memberParam,
          responses: PROPOSED,
        },
        async ({ actor, params }) =>
          pendingActionJson(await dual.propose(actor, PROGRAM_SET_MEMBER, { coreOrgId: params.coreOrgId, list, orgId: params.orgId, listed })),
      );
    }
  }
  return t;
}
