/** A bank's credit-line actions under dual control: granting, amending and closing a line move credit. */
import { action, type ActionTable } from "../approvals/dual-control";
import { formatYuan } from "../money";
import { doneJson, expiryJson, storedParties, storedTerms, termsJson } from "./credit-line.json";
import type { CreditLineService } from "./credit-line.service";

export const CREDIT_LINE_GRANT = "creditLine.grant";
export const CREDIT_LINE_AMEND = "creditLine.amend";
export const CREDIT_LINE_CLOSE = "creditLine.close";

export interface GrantInput {
  coreOrgId: string;
  limit: bigint;
  expiry: Date;
}
export interface AmendInput {
  id: string;
  limit?: bigint;
  expiry?: Date;
}

/** The three dual-control kinds: the maker's proposal is checked at once, the checker's approval runs it. */
export function creditLineActions(lines: CreditLineService): ActionTable {
  return {
    [CREDIT_LINE_GRANT]: action<GrantInput>({
      propose: async (maker, input) => termsJson(await lines.proposeGrant(maker, input)),
      execute: async (checker, payload) => {
        const p = storedTerms.parse(payload);
        return doneJson(await lines.grant(checker, { coreOrgId: p.core.id, limit: p.limit, expiry: new Date(p.expiryAt) }));
      },
    }),
    [CREDIT_LINE_AMEND]: action<AmendInput>({
      propose: async (maker, { id, ...input }) => {
        const a = await lines.proposeAmend(maker, id, input);
        return { ...termsJson(a), previous: { limit: formatYuan(a.previous.limit), ...expiryJson(a.previous.expiry) } };
      },
      execute: async (checker, payload) => {
        const p = storedTerms.parse(payload);
        return doneJson(await lines.amend(checker, { coreOrgId: p.core.id, limit: p.limit, expiry: new Date(p.expiryAt) }));
      },
    }),
    [CREDIT_LINE_CLOSE]: action<{ id: string }>({
      propose: async (maker, { id }) => {
        const c = await lines.proposeClose(maker, id);
        return { ...c, used: formatYuan(c.used) };
      },
      execute: async (checker, payload) => doneJson(await lines.close(checker, { coreOrgId: storedParties.parse(payload).core.id })),
    }),
  };
}
