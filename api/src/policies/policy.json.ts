import { z } from "zod";
import { party } from "../http/party";
import { formatYuan } from "../money";
import type { PolicyView } from "./policy.service";

const yuanText = z.string().meta({ description: "Yuan, a decimal string" });

export const claimSchema = z.object({
  id: z.string(),
  status: z.enum(["filed", "paid", "rejected"]),
  claimant: party,
  loss: yuanText,
  paid: yuanText,
  beneficiary: party.nullable().meta({ description: "Who was paid: the pledgee bank while the receipt secured a drawn loan, else the owner" }),
  evidence: z.string().meta({ description: "The commitment to the loss report" }),
  reason: z.string().nullable().meta({ description: "The commitment to the insurer's letter, when rejected" }),
});

export const policySchema = z
  .object({
    id: z.string(),
    receiptId: z.string(),
    insurer: party,
    insured: yuanText.meta({ description: "The cover" }),
    paid: yuanText.meta({ description: "What claims have paid out of the cover" }),
    start: z.string(),
    end: z.string(),
    terms: z.string().meta({ description: "The commitment to the policy document" }),
    claims: z.array(claimSchema),
  })
  .meta({ description: "A cargo policy (货物保险) on a warehouse receipt" });

export const policyJson = (p: PolicyView) => ({
  id: p.id.toString(),
  receiptId: p.receiptId.toString(),
  insurer: p.insurerParty,
  insured: formatYuan(p.insured),
  paid: formatYuan(p.paid),
  start: p.start.toISOString(),
  end: p.end.toISOString(),
  terms: p.terms,
  claims: p.claims.map((c) => ({
    id: c.id.toString(),
    status: c.status,
    claimant: c.claimantParty,
    loss: formatYuan(c.loss),
    paid: formatYuan(c.paid),
    beneficiary: c.beneficiaryParty,
    evidence: c.evidence,
    reason: c.reason,
  })),
});
