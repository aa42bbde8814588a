/** Form rules the invoice and voucher forms share, as the API validates: calendar days and amounts that may be zero. */
import type { Rule } from "antd/es/form";
import { parseYuanInput } from "../../format/money";
import type { Translate } from "../../i18n/language";

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A calendar day typed as 2027-03-02 (the API's YYYY-MM-DD). */
export function dayRule(t: Translate): Rule {
  return { validator: (_r, v: string | undefined) => (v && DAY.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t("invoices.submit.dateInvalid")))) };
}

/** An amount that may be zero (a tax), with at most two decimals. */
export function zeroOrMoreRule(t: Translate): Rule {
  return { validator: (_r, v: string | undefined) => (v && parseYuanInput(v) ? Promise.resolve() : Promise.reject(new Error(t("invoices.submit.taxInvalid")))) };
}
