/**
 * Cursor pagination: a page holds at most `limit` items and, when more follow, an opaque cursor naming the last
 * item shown. Repositories are asked for one item more than the page, to know whether another page exists.
 */
import { z } from "zod";
import { AppError } from "../errors";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const encodeCursor = (key: string): string => Buffer.from(key, "utf8").toString("base64url");

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  if (!key || encodeCursor(key) !== cursor) throw new AppError("VALIDATION_FAILED", "The cursor is not one this API gave out");
  return key;
}

/** Cuts `rows` (fetched with limit + 1) into a page. */
export function pageOf<R, T>(rows: R[], limit: number, keyOf: (r: R) => string, map: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  return { items: shown.map(map), nextCursor: more && shown.length ? encodeCursor(keyOf(shown[shown.length - 1]!)) : null };
}

/** The response schema of a page of `item`. */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
