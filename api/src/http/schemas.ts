/** Schemas shared by many routes: money, ids, pages. Objects are strict: unknown fields are refused. */
import { z } from "zod";
import { MoneyFormatError, parseYuan } from "../money";

/** Yuan as a decimal string with at most two decimals, parsed into bigint fen. */
export const yuan = z
  .string()
  .regex(/^(0|[1-9]\d*)(\.\d{1,2})?$/, "must be yuan as a decimal string with at most two decimals, such as \"1250.50\"")
  .transform((text, ctx) => {
    try {
      return parseYuan(text);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as MoneyFormatError).message });
      return z.NEVER;
    }
  })
  .meta({ description: "Amount in yuan (元), a decimal string with at most two decimals", example: "1250000.50" });

/** A positive amount of yuan. */
export const positiveYuan = yuan.refine((fen) => fen > 0n, "must be more than zero");

/** Ledger ids (vouchers, financing requests) travel as decimal strings. */
export const ledgerId = z
  .string()
  .regex(/^[1-9]\d{0,19}$/, "must be a positive integer as a decimal string")
  .transform((s) => BigInt(s))
  .meta({ example: "42" });

export const uuid = z.uuid();

/** Cursor pagination: at most 100 items a page. */
export const page = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .meta({ description: "RFC 9457 problem details, with a stable `code`" });
