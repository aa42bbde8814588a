/**
 * Date-only values. Maturities live on the ledger as 00:00 China Standard Time (UTC+8), so a `YYYY-MM-DD`
 * maturity means that instant; an invoice's issue date is a calendar day, stored as a date column.
 */
import { z } from "zod";

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** Midnight UTC of a valid calendar day, or undefined for 2026-02-30 and the like. */
function utcDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : undefined;
}

const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD");

/** `YYYY-MM-DD` → that day's 00:00 UTC (for date columns). */
export const calendarDay = dayString
  .transform((text, ctx) => {
    const t = utcDay(text);
    if (t === undefined) {
      ctx.addIssue({ code: "custom", message: `${text} is not a calendar day` });
      return z.NEVER;
    }
    return new Date(t);
  })
  .meta({ description: "A calendar day, YYYY-MM-DD", example: "2026-03-15" });

/** `YYYY-MM-DD` → 00:00 China Standard Time of that day, the instant the ledger stores for a maturity. */
export const cstMidnight = dayString
  .transform((text, ctx) => {
    const t = utcDay(text);
    if (t === undefined) {
      ctx.addIssue({ code: "custom", message: `${text} is not a calendar day` });
      return z.NEVER;
    }
    return new Date(t - CST_OFFSET_MS);
  })
  .meta({ description: "A day, YYYY-MM-DD, meaning 00:00 China Standard Time (UTC+8) of that day", example: "2026-09-30" });

/** The China Standard Time calendar day of an instant, as YYYY-MM-DD. */
export function cstDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** A date column's day, as YYYY-MM-DD. */
export function utcDayString(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** 00:00 CST of the day on which `now` falls (CST). */
export function cstToday(now: Date): Date {
  return new Date(Math.floor((now.getTime() + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS);
}
