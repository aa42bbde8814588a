/** Form rules shared by the money pages: days as the API takes them, rates as clerks type them. */
import type { Rule } from "antd/es/form";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar day written YYYY-MM-DD, as the API's `cstDay` accepts. */
export function isDay(value: string | undefined): boolean {
  const day = value?.trim() ?? "";
  const at = DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  // 2027-02-30 parses as 2 March: the day must come back as written.
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === day;
}

/** The rule for a required day; with `optional`, an empty field passes too. */
export function dayRule(invalid: string, optional = false): Rule {
  return {
    validator: (_rule, value: string | undefined) =>
      (optional && !value?.trim()) || isDay(value) ? Promise.resolve() : Promise.reject(new Error(invalid)),
  };
}

/**
 * "3.85" (a yearly percentage, as a clerk says it) → 385 basis points; undefined for anything else. Text and
 * integers only, so that 4.1 never becomes 409.99999.
 */
export function bpsOfPercent(typed: string | undefined): number | undefined {
  const m = typed ? /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(typed) : null;
  if (!m) return undefined;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps > 0 ? bps : undefined;
}

export function rateRule(invalid: string): Rule {
  return {
    validator: (_rule, value: string | undefined) =>
      bpsOfPercent(value) === undefined ? Promise.reject(new Error(invalid)) : Promise.resolve(),
  };
}
