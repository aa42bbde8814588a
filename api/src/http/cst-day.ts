/**
 * Days. The ledger stores maturities and expiries as 00:00 China Standard Time (UTC+8, no daylight saving) of their
 * day; in JSON such a day is `YYYY-MM-DD`, read and written in CST, so that a client never has to know the offset.
 * An invoice's issue date is a plain calendar day in a date column, which holds it as that day's 00:00 UTC.
 */
import { z } from "zod";
import { CST_OFFSET_MS } from "../../../chain/cst-day";

export { cstDaysBetween, formatCstDay } from "../../../chain/cst-day";

/** 00:00 UTC of a real calendar day, or undefined for 2026-02-30 and the like (refused, not rolled over). */
function utcMidnight(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : undefined;
}

const dayOf = (offsetMs: number) =>
  z
    .string()
    .max(10)
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day, YYYY-MM-DD")
    .transform((text, ctx) => {
      const t = utcMidnight(text);
      if (t === undefined) {
        ctx.addIssue({ code: "custom", message: `${text} is not a calendar day` });
        return z.NEVER;
      }
      return new Date(t - offsetMs);
    });

/** `YYYY-MM-DD` → 00:00 China Standard Time of that day: the instant the ledger stores for a maturity or an expiry. */
export const cstDay = dayOf(CST_OFFSET_MS).meta({
  description: "A day, YYYY-MM-DD, meaning 00:00 China Standard Time (UTC+8) of that day",
  example: "2027-03-31",
});

/** `YYYY-MM-DD` → 00:00 UTC of that day, for a date column. */
export const calendarDay = dayOf(0).meta({ description: "A calendar day, YYYY-MM-DD", example: "2026-03-15" });

/** A CST day in a response, as formatCstDay writes it. */
export const cstDayText = z.string().meta({ description: "A day, YYYY-MM-DD (00:00 China Standard Time)", example: "2027-03-31" });

/** A date column's day, as YYYY-MM-DD. */
export const formatCalendarDay = (at: Date): string => at.toISOString().slice(0, 10);
