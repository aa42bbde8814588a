/**
 * Maturities are days: on the ledger, 00:00 China Standard Time (UTC+8) of the day. In JSON a maturity is the
 * day as `YYYY-MM-DD`, read and written in CST, so that a client never has to know the offset.
 */
import { z } from "zod";

const CST_OFFSET_MS = 8 * 3600_000;

/** The CST calendar day of `at`, as YYYY-MM-DD. */
export const cstDay = (at: Date): string => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);

/** `YYYY-MM-DD` → that day's 00:00 CST. A day that does not exist (2026-02-30) is refused, not rolled over. */
export const cstDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day as YYYY-MM-DD")
  .transform((text, ctx) => {
    const at = new Date(`${text}T00:00:00+08:00`);
    if (Number.isNaN(at.getTime()) || cstDay(at) !== text) {
      ctx.addIssue({ code: "custom", message: `${text} is not a calendar day` });
      return z.NEVER;
    }
    return at;
  })
  .meta({ description: "A day, YYYY-MM-DD, meaning 00:00 China Standard Time (UTC+8)", example: "2027-03-31" });
