/** Form rules of the receipt forms, as the API validates: commodity codes, kilograms, 32-byte commitments. */
import type { Rule } from "antd/es/form";
import { gramsOfKg } from "../../format/quantity";
import type { Translate } from "../../i18n/language";

const COMMODITY = /^[A-Z][A-Z0-9._-]{0,15}$/;
const COMMITMENT = /^0x[0-9a-f]{64}$/;

export const commodityRule = (t: Translate): Rule => ({
  validator: (_r, v: string | undefined) => (v && COMMODITY.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t("receipts.rule.commodity")))),
});

export const kgRule = (t: Translate): Rule => ({
  validator: (_r, v: string | undefined) => (v && gramsOfKg(v) ? Promise.resolve() : Promise.reject(new Error(t("receipts.rule.kg")))),
});

export const commitmentRule = (t: Translate): Rule => ({
  validator: (_r, v: string | undefined) =>
    v && COMMITMENT.test(v.trim()) && !/^0x0{64}$/.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t("receipts.rule.commitment"))),
});

/** The grams of a kilogram field the rule accepted. */
export function gramsValue(kg: string): string {
  const g = gramsOfKg(kg);
  if (!g) throw new Error("gramsValue before validation");
  return g;
}
