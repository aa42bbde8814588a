import { z } from "zod";
import { GUARANTEE_KINDS } from "../../../chain/values";
import { party } from "../http/party";
import { formatYuan } from "../money";
import type { GuaranteeView } from "./guarantee.service";

export const GUARANTEE_STATUSES = ["active", "called", "released", "expired"] as const;
const yuanText = z.string().meta({ description: "Yuan, a decimal string" });

export const guaranteeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(GUARANTEE_KINDS).meta({ description: "What it backs: a financed voucher piece, or a pledge loan" }),
    subject: z.string().meta({ description: "The voucher piece's or the pledge loan's id" }),
    status: z.enum(GUARANTEE_STATUSES),
    guarantor: party,
    bank: party,
    amount: yuanText.meta({ description: "The most the guarantor pays" }),
    expiry: z.string().meta({ description: "Until when the bank may call it, ISO 8601" }),
    claim: yuanText.nullable().meta({ description: "The claim outstanding when called" }),
    paid: yuanText.meta({ description: "What the guarantor paid on the call" }),
    obligor: party.nullable().meta({ description: "Who owes the guarantor since the call: the voucher's debtor or the loan's borrower" }),
    recovered: yuanText.meta({ description: "What the guarantor has been repaid on its recourse" }),
  })
  .meta({ description: "A guarantee (担保) of a bank's claim" });

export const guaranteeJson = (g: GuaranteeView) => ({
  id: g.id.toString(),
  kind: g.kind,
  subject: g.subject.toString(),
  status: g.status,
  guarantor: g.guarantorParty,
  bank: g.bankParty,
  amount: formatYuan(g.amount),
  expiry: g.expiry.toISOString(),
  claim: g.claim === null ? null : formatYuan(g.claim),
  paid: formatYuan(g.paid),
  obligor: g.obligorParty,
  recovered: formatYuan(g.recovered),
});
