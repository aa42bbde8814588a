/**
 * The two settings of the data service that move money, under dual control: a bank's budget for query fees (the
 * allowance each query's fee is drawn on) and the operator's fee per query.
 */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import { uuid, yuan } from "../http/schemas";
import { formatYuan } from "../money";
import type { RiskDataService } from "./risk-data.service";

export const RISK_DATA_BUDGET = "riskData.budget";
export const RISK_DATA_FEE = "riskData.fee";

const storedBudget = z.object({ amount: yuan });
const storedFee = z.object({ fee: yuan, recipient: z.object({ id: uuid }) });

export function riskDataActions(riskData: RiskDataService): ActionTable {
  return {
    [RISK_DATA_BUDGET]: action<{ amount: bigint }>({
      propose: async (maker, { amount }) => ({ amount: formatYuan(amount), previous: formatYuan((await riskData.budget(maker)).remaining) }),
      execute: async (checker, payload) => {
        const r = await riskData.setBudget(checker, storedBudget.parse(payload).amount);
        return { id: "budget", remaining: formatYuan(r.remaining), txHash: r.txHash };
      },
    }),
    [RISK_DATA_FEE]: action<{ fee: bigint; recipientOrgId: string }>({
      propose: async (_maker, { fee, recipientOrgId }) => ({ fee: formatYuan(fee), recipient: await riskData.operator(recipientOrgId), previous: formatYuan((await riskData.fee()).fee) }),
      execute: async (checker, payload) => {
        const p = storedFee.parse(payload);
        const r = await riskData.setFee(checker, p.fee, p.recipient.id);
        return { id: "fee", fee: formatYuan(r.fee), recipient: r.recipient, txHash: r.txHash };
      },
    }),
  };
}
