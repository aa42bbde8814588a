/**
 * Days. The ledger stores maturities and expiries as 00:00 China Standard Time (UTC+8, no daylight saving) of their
 * day; in JSON such a day is `YYYY-MM-DD`, read and written in CST, so that a client never has to know the offset.
 * An invoice's issue date is a plain calendar day in a date column, which holds it as that day's 00:00 UTC.
 */
import { z } from "zod";

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

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

/** The China Standard Time day on which `at` falls, as YYYY-MM-DD. */
export const formatCstDay = (at: Date): string => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);

/** A date column's day, as YYYY-MM-DD. */
export const formatCalendarDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Whole CST days from the day `from` falls on to the day `to` falls on (negative when `to` is earlier). */
export const cstDaysBetween = (from: Date, to: Date): number =>
  Math.floor((to.getTime() + CST_OFFSET_MS) / DAY_MS) - Math.floor((from.getTime() + CST_OFFSET_MS) / DAY_MS);
