/** Paying a cargo-policy claim moves the insurer's money: a maker's proposal and a checker's approval. */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import { formatYuan, parseYuan } from "../money";
import { policyJson } from "./policy.json";
import type { PolicyService } from "./policy.service";

export const POLICY_CLAIM_ACCEPT = "policies.acceptClaim";

export function policyActions(policies: PolicyService): ActionTable {
  return {
    [POLICY_CLAIM_ACCEPT]: action<{ claimId: bigint; amount: bigint }>({
      propose: async (maker, { claimId, amount }) => {
        const { claim, policy } = await policies.checkAccept(maker, claimId, amount);
        return { claim: { id: claim.id.toString(), policyId: policy.id.toString(), loss: formatYuan(claim.loss) }, amount: formatYuan(amount) };
      },
      execute: async (checker, payload) => {
        const p = z.object({ claim: z.object({ id: z.string() }), amount: z.string() }).parse(payload);
        const done = await policies.accept(checker, BigInt(p.claim.id), parseYuan(p.amount));
        return { ...policyJson(done), beneficiary: done.beneficiary, txHash: done.txHash };
      },
    }),
  };
}
