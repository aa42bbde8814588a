/**
 * One multi-row `INSERT … ON CONFLICT DO UPDATE` per chunk of rows: the indexer writes hundreds of projection
 * rows per batch, and a round trip per row would cap catch-up far below the chain's event rate.
 */

export interface Column {
  name: string;
  /** SQL type the parameter is cast to, so that strings and numbers land in bigint, timestamp and array columns. */
  cast: "text" | "bigint" | "integer" | "boolean" | "timestamp(3)" | "text[]" | "bigint[]" | "jsonb";
}

interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Inserts rows; any conflict fails the statement. */
export function bulkInsert(db: RawExecutor, table: string, columns: readonly Column[], rows: readonly unknown[][]): Promise<void> {
  return bulkWrite(db, table, columns, undefined, rows);
}

/** Inserts rows, or updates every non-key column of those whose `key` exists. */
export function bulkUpsert(
  db: RawExecutor,
  table: string,
  columns: readonly Column[],
  key: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  return bulkWrite(db, table, columns, key, rows);
}

/**
 * The rows travel as one JSON parameter that PostgreSQL unpacks with jsonb_to_recordset: thousands of
 * placeholders cost far more to bind (especially in PGlite) than one document costs to parse.
 */
async function bulkWrite(
  db: RawExecutor,
  table: string,
  columns: readonly Column[],
  key: readonly string[] | undefined,
  rows: readonly unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const record = columns.map((c) => `"${c.name}" ${c.cast === "timestamp(3)" ? "timestamp(3)" : c.cast}`).join(", ");
  const updates = columns
    .filter((c) => key && !key.includes(c.name))
    .map((c) => `"${c.name}" = EXCLUDED."${c.name}"`)
    .join(", ");
  const onConflict = key
    ? ` ON CONFLICT (${key.map((k) => `"${k}"`).join(", ")}) ${updates ? `DO UPDATE SET ${updates}` : "DO NOTHING"}`
    : "";
  const docs = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, toJson(row[i])])));
  await db.$executeRawUnsafe(
    `INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${record})${onConflict}`,
    JSON.stringify(docs),
  );
}

function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  // Prisma keeps DateTime as UTC in `timestamp(3)`; an ISO string without the zone lands the same way.
  if (value instanceof Date) return value.toISOString().replace("Z", "");
  return value;
}
