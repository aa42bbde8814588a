/**
 * Many rows through PGlite cost far more in the driver than in PostgreSQL: each value crosses the wire protocol
 * and the adapter one at a time (10,000 voucher rows: about 250 ms, against 30 ms of query). A large read instead
 * has PostgreSQL build one JSON text of all the rows, which crosses as a single value and is parsed natively.
 * Bigints must be selected as text (JSON numbers lose them past 2^53), timestamps come back without a zone.
 */
import type { Prisma } from "./database";
import { Prisma as Sql } from "../generated/prisma/client";

/**
 * The rows `select` returns, as objects, in its order. `select` must name every column, give bigints as text, and
 * carry a number `_n` it is ordered by, which the objects keep (typed out of T, to be ignored): removing it in
 * PostgreSQL (to_jsonb(r) - '_n') doubles the time. ORDER BY names the output column before the table's, so a
 * column renamed to its own name as text would sort as text: the select must order by `_n` too.
 */
export async function jsonRows<T>(prisma: Prisma, select: Sql.Sql): Promise<T[]> {
  const [{ rows }] = await prisma.$queryRaw<{ rows: string }[]>`
    SELECT coalesce(json_agg(r ORDER BY r."_n"), '[]')::text AS rows FROM (${select}) r`;
  return JSON.parse(rows) as T[];
}

/** A `timestamp` column as json_agg writes it: UTC, with no zone. */
export const utc = (text: string): Date => new Date(`${text}Z`);
