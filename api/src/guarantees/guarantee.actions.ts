/** Guarantee steps that move money, under dual control: issuing (it commits the guarantor's cash), demand, recovery, reclaim. */
import { z } from "zod";
import { GUARANTEE_KINDS } from "../../../chain/values";
import { action, type ActionTable } from "../approvals/dual-control";
import { formatYuan, parseYuan } from "../money";
import { guaranteeJson } from "./guarantee.json";
import type { GuaranteeService, GuaranteeTerms, GuaranteeView } from "./guarantee.service";

export const GUARANTEE_ISSUE = "guarantees.issue";
export const GUARANTEE_DEMAND = "guarantees.demand";
export const GUARANTEE_RECOVER = "guarantees.recover";
export const GUARANTEE_RECLAIM = "guarantees.reclaim";

const ref = z.object({ guarantee: z.object({ id: z.string().transform((s) => BigInt(s)) }) });
const about = (g: GuaranteeView) => ({ id: g.id.toString(), kind: g.kind, subject: g.subject.toString(), status: g.status, amount: formatYuan(g.amount) });
const terms = z.object({
  kind: z.enum(GUARANTEE_KINDS),
  subject: z.string().transform((s) => BigInt(s)),
  bank: z.object({ id: z.string() }),
  amount: z.string(),
  expiry: z.string(),
});

export function guaranteeActions(guarantees: GuaranteeService): ActionTable {
  return {
    [GUARANTEE_ISSUE]: action<GuaranteeTerms>({
      propose: async (maker, t) => {
        const { bank } = await guarantees.checkIssue(maker, t);
        return { kind: t.kind, subject: t.subject.toString(), bank, amount: formatYuan(t.amount), expiry: t.expiry.toISOString() };
      },
      execute: async (checker, payload) => {
        const p = terms.parse(payload);
        const g = await guarantees.issue(checker, { kind: p.kind, subject: p.subject, bankOrgId: p.bank.id, amount: parseYuan(p.amount), expiry: new Date(p.expiry) });
        return { ...guaranteeJson(g), txHash: g.txHash };
      },
    }),
    [GUARANTEE_DEMAND]: action<{ id: bigint }>({
      propose: async (maker, { id }) => ({ guarantee: about(await guarantees.checkDemand(maker, id)) }),
      execute: async (checker, payload) => {
        const g = await guarantees.demand(checker, ref.parse(payload).guarantee.id);
        return { ...guaranteeJson(g), txHash: g.txHash };
      },
    }),
    [GUARANTEE_RECOVER]: action<{ id: bigint; amount: bigint }>({
      propose: async (maker, { id, amount }) => ({ guarantee: about(await guarantees.checkRecover(maker, id, amount)), amount: formatYuan(amount) }),
      execute: async (checker, payload) => {
        const p = ref.extend({ amount: z.string() }).parse(payload);
        const g = await guarantees.recover(checker, p.guarantee.id, parseYuan(p.amount));
        return { ...guaranteeJson(g), txHash: g.txHash };
      },
    }),
    [GUARANTEE_RECLAIM]: action<{ id: bigint }>({
      propose: async (maker, { id }) => {
        const g = await guarantees.checkReclaim(maker, id);
        return { guarantee: about(g), amount: formatYuan(g.owed) };
      },
      execute: async (checker, payload) => {
        const g = await guarantees.reclaim(checker, ref.parse(payload).guarantee.id);
        return { ...guaranteeJson(g), amount: formatYuan(g.amount), txHash: g.txHash };
      },
    }),
  };
}
