/**
 * A core enterprise's program under dual control: its rules, eligible banks and supplier whitelist decide who may
 * hold and finance its credit, so its maker proposes a change and its checker approves it. The ledger judges the
 * rules against the platform's bounds when the checker approves (422 RULES_OUT_OF_BOUNDS then fails the action).
 */
import { z } from "zod";
import type { CreditPassingRules } from "../../../chain/ledger";
import { action, type ActionTable } from "../approvals/dual-control";
import { partyOf } from "../http/party";
import { yuan } from "../http/schemas";
import { formatYuan } from "../money";
import type { Members, ProgramService } from "./program.service";

export const PROGRAM_SET_RULES = "program.setRules";
export const PROGRAM_SET_MEMBER = "program.setMember";

export interface MemberChange {
  coreOrgId: string;
  list: Members;
  orgId: string;
  listed: boolean;
}

const storedRules = z.object({
  program: z.object({ id: z.string() }),
  rules: z.object({
    maxDepth: z.number().int(),
    maxTermDays: z.number().int(),
    minSplit: yuan,
    invoicesRequired: z.boolean(),
    whitelistOnly: z.boolean(),
    banksRestricted: z.boolean(),
    issuanceCoveredByCredit: z.boolean(),
  }),
});
const storedMember = z.object({
  program: z.object({ id: z.string() }),
  organisation: z.object({ id: z.string() }),
  list: z.enum(["suppliers", "banks"]),
  listed: z.boolean(),
});

export function programActions(programs: ProgramService): ActionTable {
  return {
    [PROGRAM_SET_RULES]: action<{ coreOrgId: string; rules: CreditPassingRules }>({
      propose: async (maker, { coreOrgId, rules }) => ({
        program: partyOf(await programs.rulesChanger(maker, coreOrgId)),
        rules: { ...rules, minSplit: formatYuan(rules.minSplit) },
      }),
      execute: async (checker, payload) => {
        const p = storedRules.parse(payload);
        const r = await programs.setRules(checker, p.program.id, p.rules);
        return { id: p.program.id, rules: { ...r.rules, minSplit: formatYuan(r.rules.minSplit) }, txHash: r.txHash };
      },
    }),
    [PROGRAM_SET_MEMBER]: action<MemberChange>({
      propose: async (maker, { coreOrgId, list, orgId, listed }) => {
        const { core, org } = await programs.memberChange(maker, coreOrgId, list, orgId);
        return { program: partyOf(core), organisation: partyOf(org), list, listed };
      },
      execute: async (checker, payload) => {
        const p = storedMember.parse(payload);
        const r = await programs.setMember(checker, p.program.id, p.list, p.organisation.id, p.listed);
        return { id: r.organisation.id, ...r };
      },
    }),
  };
}
