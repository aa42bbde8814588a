/**
 * Date-only inputs are days in China Standard Time (UTC+8, no daylight saving): "2026-12-31" is
 * 2026-12-31T00:00+08:00, which is how the ledger stores expiries and maturities.
 */
import { z } from "zod";

const CST_OFFSET_MS = 8 * 3_600_000;

/** The CST calendar day of `at`, as YYYY-MM-DD. */
export const cstDay = (at: Date): string => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);

export const cstDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD")
  .transform((text, ctx) => {
    const at = new Date(`${text}T00:00:00+08:00`);
    // Round-tripping refuses days that do not exist, such as 2026-02-30.
    if (Number.isNaN(at.getTime()) || cstDay(at) !== text) {
      ctx.addIssue({ code: "custom", message: `${text} is not a calendar day` });
      return z.NEVER;
    }
    return at;
  })
  .meta({ description: "A day, YYYY-MM-DD, meaning 00:00 China Standard Time (UTC+8) of that day", example: "2026-12-31" });
