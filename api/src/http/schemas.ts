/** Schemas shared by many routes: money, ids, pages. Objects are strict: unknown fields are refused. */
import { z } from "zod";
import { MoneyFormatError, parseYuan } from "../money";

/** Yuan as a decimal string with at most two decimals, parsed into bigint fen. */
export const yuan = z
  .string()
  // MAX_FEN in yuan has 18 digits, a point and two decimals: anything longer is more than the ledger holds.
  .max(21)
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

/** The largest id the database holds: ledger ids are uint256 on chain, but PostgreSQL's bigint is signed 64-bit. */
export const MAX_LEDGER_ID = 2n ** 63n - 1n;

/** Ledger ids (vouchers, financing requests) travel as decimal strings. */
export const ledgerId = z
  .string()
  .max(19)
  .regex(/^[1-9]\d{0,18}$/, "must be a positive integer as a decimal string")
  .transform((s) => BigInt(s))
  .refine((id) => id <= MAX_LEDGER_ID, `must be at most ${MAX_LEDGER_ID}`)
  .meta({ example: "42" });

export const uuid = z.uuid().max(36);

/*
 * Text fields take no C0 or C1 control character and no DEL (PostgreSQL refuses NUL in text; the others hide
 * what a reviewer reads), no bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069: they
 * make a name or a note read differently from what is stored), and no lone surrogate (stored, it would silently
 * become U+FFFD). The patterns are plain ECMA-262 with no flags,
 * so the OpenAPI document carries them as they are.
 */
const LONE_SURROGATE = "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const ONE_LINE = new RegExp(`^(?![\\s\\S]*(?:${LONE_SURROGATE}))[^\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]*$`);
/** Line breaks and tabs are welcome in a note or a reason. */
const LINES = new RegExp(`^(?![\\s\\S]*(?:${LONE_SURROGATE}))[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]*$`);

/** Refuses control and bidirectional-override characters in a string schema that does not trim or bound as `text` does. */
export const withoutControls = (s: z.ZodString) => s.regex(ONE_LINE, "must not contain control or bidirectional-override characters");

/** A one-line text a person typed: a name, a reference. Trimmed, then `min`–`max` characters. */
export const text = (max: number, min = 1) => withoutControls(z.string().trim().min(min).max(max));

/** A note or a reason: may span lines. */
export const lines = (max: number) =>
  z.string().trim().min(1).max(max).regex(LINES, "must not contain control characters other than line breaks and tabs, nor bidirectional overrides");

/** A new password: 12–200 characters, none of them a control character (no keyboard types one). */
export const newPassword = withoutControls(z.string().min(12).max(200));

/**
 * A whole number sent in a query string, in plain decimal digits. z.coerce.number() would also read "" as 0, and
 * take " 7", "0x10" and "1e1"; here any other text reaches `schema` as a string and is refused.
 */
export const queryNumber = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && /^\d{1,16}$/.test(v) ? Number(v) : v), schema);

/** Cursor pagination: at most 100 items a page. */
export const page = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: queryNumber(z.number().int().min(1).max(100).default(20)),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ in: z.enum(["path", "query", "body"]), path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "On VALIDATION_FAILED: each field refused, where it was and why" }),
    ledger: z
      .object({ error: z.string(), args: z.record(z.string(), z.unknown()) })
      .optional()
      .meta({ description: "On a ledger refusal: the contract's custom error and its arguments" }),
    reading: z
      .object({ index: z.number().int(), deviceId: z.string(), counter: z.number().int() })
      .optional()
      .meta({ description: "On a refused IoT reading: its position in the batch, its device and its counter" }),
  })
  .meta({ description: "RFC 9457 problem details, with a stable `code`" });

/** A 32-byte commitment (the SHA-256 of a document kept off the ledger), as the ledger records it. */
export const commitment = z
  .string()
  .max(66)
  .regex(/^0x[0-9a-f]{64}$/, "must be 32 bytes as 0x-prefixed lower-case hex")
  .refine((h) => !/^0x0{64}$/.test(h), "must not be zero");
