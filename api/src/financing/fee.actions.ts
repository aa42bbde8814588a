/** The platform fee under dual control: it is deducted from every financing, so one operator user cannot set it alone. */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import type { FeeService } from "./fee.service";

export const FEE_SET = "fee.set";

const stored = z.object({ feeBps: z.number().int(), recipient: z.object({ id: z.string() }) });

export function feeActions(fees: FeeService): ActionTable {
  return {
    [FEE_SET]: action<{ feeBps: number; recipientOrgId: string }>({
      propose: async (_maker, { feeBps, recipientOrgId }) => ({ feeBps, recipient: await fees.recipient(recipientOrgId), previous: await fees.current() }),
      execute: async (checker, payload) => {
        const p = stored.parse(payload);
        return { id: "fee", ...(await fees.set(checker, p.feeBps, p.recipient.id)) };
      },
    }),
  };
}
