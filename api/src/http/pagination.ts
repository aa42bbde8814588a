/**
 * Cursor pagination, the same for every list: a page holds at most `limit` items and, when more follow, an opaque
 * cursor naming the key of the last item shown. Lists come newest first, keyed by (createdAt, id) so that rows
 * created in the same millisecond still have one place each; lists of ledger records use the ledger's own order
 * (voucher ids, event positions), newest first as well.
 *
 * `paged` is the only place that asks for one row more than the page, to know whether another page exists.
 */
import { z } from "zod";
import { AppError } from "../errors";
import { MAX_LEDGER_ID } from "./schemas";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a client sends: the cursor it was given, if any, and how many items it wants. */
export interface PageQuery {
  cursor?: string | undefined;
  limit: number;
}

/** How a list names a position: the key of a row, written into a cursor and read back from one. */
export interface Keyset<R, K> {
  keyOf(row: R): K;
  write(key: K): string;
  /** The key a cursor's text names, or undefined when this list never writes such text. */
  read(text: string): K | undefined;
}

const forged = () => new AppError("VALIDATION_FAILED", "The cursor is not one this API gave out");

function decode<K>(cursor: string, keys: Keyset<unknown, K>): K {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  // Base64url has more than one spelling of some texts: only the one this API writes is accepted.
  if (!text || Buffer.from(text, "utf8").toString("base64url") !== cursor) throw forged();
  const key = keys.read(text);
  if (key === undefined) throw forged();
  return key;
}

/**
 * One page of a list. `fetch` returns up to `take` rows after `after` (all from the start when undefined), in
 * the list's order; it may skip rows the caller may not see, as long as it skips the same ones every time.
 */
export async function paged<R, K>(
  q: PageQuery,
  keys: Keyset<NoInfer<R>, K>,
  fetch: (after: K | undefined, take: number) => Promise<R[]>,
): Promise<Page<R>> {
  const after = q.cursor === undefined ? undefined : decode(q.cursor, keys as Keyset<unknown, K>);
  const rows = await fetch(after, q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  const more = rows.length > q.limit && last !== undefined;
  return { items, nextCursor: more ? Buffer.from(keys.write(keys.keyOf(last)), "utf8").toString("base64url") : null };
}

export const mapPage = <R, T>(page: Page<R>, map: (row: R) => T): Page<T> => ({ items: page.items.map(map), nextCursor: page.nextCursor });

export async function mapPageAsync<R, T>(page: Page<R>, map: (rows: R[]) => Promise<T[]>): Promise<Page<T>> {
  return { items: await map(page.items), nextCursor: page.nextCursor };
}

// ---------------------------------------------------------------- the keys lists use

export interface Stamped {
  createdAt: Date;
  id: string;
}

/** A positive decimal key the database's signed 64-bit bigint can hold, as this API writes it (no sign, no leading zero). */
export function bigintKey(text: string): bigint | undefined {
  if (!/^[1-9]\d{0,18}$/.test(text)) return undefined;
  const n = BigInt(text);
  return n <= MAX_LEDGER_ID ? n : undefined;
}

/** An instant as `toISOString` writes it, in years 0000–9999: a negative year is outside PostgreSQL's timestamps. */
export function instantKey(text: string): Date | undefined {
  const at = new Date(text);
  return /^\d{4}-/.test(text) && !Number.isNaN(at.getTime()) && at.toISOString() === text ? at : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Newest first: `<createdAt, ISO 8601>|<id>`. */
export const newestFirst: Keyset<Stamped, Stamped> = {
  keyOf: (r) => ({ createdAt: r.createdAt, id: r.id }),
  write: (k) => `${k.createdAt.toISOString()}|${k.id}`,
  read(text) {
    const [at, id, ...rest] = text.split("|");
    const createdAt = instantKey(at);
    if (rest.length || !id || !UUID.test(id) || !createdAt) return undefined;
    return { createdAt, id };
  },
};

/** The order of a newest-first list, for Prisma's `orderBy`. */
export const NEWEST_FIRST: [{ createdAt: "desc" }, { id: "desc" }] = [{ createdAt: "desc" }, { id: "desc" }];

/** The rows after `k` in newest-first order, for Prisma's `where`: older, or as old with a smaller id. */
export const olderThan = (k: Stamped | undefined) =>
  k ? { OR: [{ createdAt: { lt: k.createdAt } }, { createdAt: k.createdAt, id: { lt: k.id } }] } : {};

/** Ledger ids, such as voucher ids: `<id>`. */
export const byLedgerId = <R extends { id: bigint }>(): Keyset<R, bigint> => ({
  keyOf: (r) => r.id,
  write: (k) => k.toString(),
  read: bigintKey,
});

/** The largest block number and log index the database holds (PostgreSQL's integer). */
const MAX_POSITION = 2_147_483_647;

/** A position on the chain: `<block number>:<log index>`. */
export interface Position {
  blockNumber: number;
  logIndex: number;
}

export const byPosition = <R>(positionOf: (row: R) => Position): Keyset<R, Position> => ({
  keyOf: positionOf,
  write: (k) => `${k.blockNumber}:${k.logIndex}`,
  read(text) {
    const m = /^(0|[1-9]\d{0,9}):(0|[1-9]\d{0,9})$/.exec(text);
    const [blockNumber, logIndex] = [Number(m?.[1]), Number(m?.[2])];
    return m && blockNumber <= MAX_POSITION && logIndex <= MAX_POSITION ? { blockNumber, logIndex } : undefined;
  },
});

/** The response schema of a page of `item`. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
  });
