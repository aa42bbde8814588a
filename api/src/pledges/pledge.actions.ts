/**
 * Pledge decisions under dual control: the operator's bounds and fee, a bank's rate, and every step that moves
 * money or goods (drawdown, repayment, default, seizure).
 */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import { formatYuan, parseYuan } from "../money";
import { loanJson } from "./pledge.json";
import type { LoanView, PledgeService } from "./pledge.service";
import type { Actor } from "../auth/actor";
import type { PledgeBounds } from "../../../chain/ledger";

export const PLEDGE_BOUNDS = "pledges.setBounds";
export const PLEDGE_FEE = "pledges.setFee";
export const PLEDGE_RATE = "pledges.setRate";
export const PLEDGE_DRAWDOWN = "pledges.drawdown";
export const PLEDGE_REPAY = "pledges.repay";
export const PLEDGE_DEFAULT = "pledges.declareDefault";
export const PLEDGE_SEIZE = "pledges.seize";

const bounds = z.object({ maxPledgeRateBps: z.number(), warningBps: z.number(), callBps: z.number(), callDays: z.number(), graceDays: z.number() });
const loanRef = z.object({ loan: z.object({ id: z.string().transform((s) => BigInt(s)) }) });
const about = (l: { id: bigint; status: string; commodity: string; amount: bigint }) => ({ id: l.id.toString(), status: l.status, commodity: l.commodity, amount: formatYuan(l.amount) });

export function pledgeActions(pledges: PledgeService): ActionTable {
  /** A step on one loan by its bank: checked at the proposal, run at the approval. */
  const bankStep = (check: (a: Actor, id: bigint) => Promise<LoanView>, run: (a: Actor, id: bigint) => Promise<LoanView & { txHash: string }>) =>
    action<{ id: bigint }>({
      propose: async (maker, { id }) => ({ loan: about(await check(maker, id)) }),
      execute: async (checker, payload) => {
        const l = await run(checker, loanRef.parse(payload).loan.id);
        return { ...loanJson(l), txHash: l.txHash };
      },
    });
  return {
    [PLEDGE_BOUNDS]: action<PledgeBounds>({
      propose: async (_maker, b) => ({ bounds: pledges.checkBounds(b), previous: (await pledges.terms()).bounds }),
      execute: async (checker, payload) => pledges.setBounds(checker, bounds.parse((payload as { bounds: unknown }).bounds)),
    }),
    [PLEDGE_FEE]: action<{ feeBps: number; recipientOrgId: string }>({
      propose: async (_maker, { feeBps, recipientOrgId }) => ({ feeBps, recipient: await pledges.feeRecipient(recipientOrgId), previous: (await pledges.terms()).fee }),
      execute: async (checker, payload) => {
        const p = z.object({ feeBps: z.number(), recipient: z.object({ id: z.string() }) }).parse(payload);
        return pledges.setFee(checker, p.feeBps, p.recipient.id);
      },
    }),
    [PLEDGE_RATE]: action<{ commodity: string; rateBps: number }>({
      propose: async (_maker, input) => {
        await pledges.checkRate(input.rateBps);
        return input;
      },
      execute: async (checker, payload) => {
        const p = z.object({ commodity: z.string(), rateBps: z.number() }).parse(payload);
        return pledges.setRate(checker, p.commodity, p.rateBps);
      },
    }),
    [PLEDGE_DRAWDOWN]: bankStep((a, id) => pledges.checkDrawdown(a, id), (c, id) => pledges.drawdown(c, id)),
    [PLEDGE_DEFAULT]: bankStep((a, id) => pledges.checkDefault(a, id), (c, id) => pledges.declareDefault(c, id)),
    [PLEDGE_SEIZE]: bankStep((a, id) => pledges.checkSeize(a, id), (c, id) => pledges.seize(c, id)),
    [PLEDGE_REPAY]: action<{ id: bigint; amount: bigint }>({
      propose: async (maker, { id, amount }) => ({ loan: about(await pledges.checkRepay(maker, id, amount)), amount: formatYuan(amount) }),
      execute: async (checker, payload) => {
        const p = loanRef.extend({ amount: z.string() }).parse(payload);
        const l = await pledges.repay(checker, p.loan.id, parseYuan(p.amount));
        return { ...loanJson(l), released: l.released, txHash: l.txHash };
      },
    }),
  };
}
