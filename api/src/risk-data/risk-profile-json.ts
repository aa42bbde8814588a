/** A risk profile as the API shows it and as it is stored and digested: yuan as decimal strings, days as YYYY-MM-DD. */
import { z } from "zod";
import { formatYuan } from "../money";
import { TAX_CREDIT_GRADES } from "../verification/business-registry";
import type { RiskProfile, Tally } from "./risk-profile";

const tally = z.object({ count: z.number().int(), amount: z.string().meta({ description: "Yuan" }) });

export const riskProfileSchema = z.object({
  computedAt: z.string(),
  onPlatformSince: z.string().meta({ description: "The day the organisation was approved on the platform (CST)" }),
  platformTenureDays: z.number().int(),
  registry: z
    .object({
      status: z.enum(["active", "revoked", "cancelled"]),
      establishedOn: z.string(),
      yearsInBusiness: z.number().int(),
      registeredCapital: z.string().meta({ description: "Yuan" }),
      taxCreditGrade: z.enum(TAX_CREDIT_GRADES).nullable().meta({ description: "纳税信用等级 where the registry has it" }),
    })
    .nullable()
    .meta({ description: "What the business registry holds; null when it has no such enterprise" }),
  vouchersReceived: tally.meta({ description: "Vouchers issued to it and pieces passed to it" }),
  vouchersRedeemed: tally.meta({ description: "Pieces it was paid at maturity" }),
  financing: z.object({ requested: z.number().int(), executed: z.number().int(), executedAmount: z.string(), declined: z.number().int() }),
  overdue: z.object({
    asDebtor: z.number().int().meta({ description: "Its own maturities flagged overdue" }),
    heldAtOverdueMaturity: z.number().int().meta({ description: "Pieces it still holds at a maturity flagged overdue" }),
  }),
});

export type RiskProfileJson = z.infer<typeof riskProfileSchema>;

const tallyJson = (t: Tally) => ({ count: t.count, amount: formatYuan(t.amount) });

export function profileJson(p: RiskProfile): RiskProfileJson {
  return {
    computedAt: p.computedAt.toISOString(),
    onPlatformSince: p.onPlatformSince,
    platformTenureDays: p.platformTenureDays,
    registry: p.registry && { ...p.registry, registeredCapital: formatYuan(p.registry.registeredCapital) },
    vouchersReceived: tallyJson(p.vouchersReceived),
    vouchersRedeemed: tallyJson(p.vouchersRedeemed),
    financing: { ...p.financing, executedAmount: formatYuan(p.financing.executedAmount) },
    overdue: p.overdue,
  };
}
