/**
 * One multi-row `INSERT … ON CONFLICT DO UPDATE` per chunk of rows: the indexer writes hundreds of projection
 * rows per batch, and a round trip per row would cap catch-up far below the chain's event rate.
 */

export interface Column {
  name: string;
  /** SQL type the parameter is cast to, so that strings and numbers land in bigint, timestamp and array columns. */
  cast: "text" | "bigint" | "integer" | "boolean" | "timestamp(3)" | "text[]" | "jsonb";
}

interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;

export async function bulkUpsert(
  db: RawExecutor,
  table: string,
  columns: readonly Column[],
  key: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const updates = columns
    .filter((c) => !key.includes(c.name))
    .map((c) => `"${c.name}" = EXCLUDED."${c.name}"`)
    .join(", ");
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const slots = columns.map((c, i) => {
        params.push(toParam(row[i], c.cast));
        return `$${params.length}::${c.cast}`;
      });
      return `(${slots.join(", ")})`;
    });
    const conflict = updates ? `DO UPDATE SET ${updates}` : "DO NOTHING";
    await db.$executeRawUnsafe(
      `INSERT INTO "${table}" (${names}) VALUES ${tuples.join(", ")} ON CONFLICT (${key.map((k) => `"${k}"`).join(", ")}) ${conflict}`,
      ...params,
    );
  }
}

function toParam(value: unknown, cast: Column["cast"]): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  // Prisma stores DateTime as UTC in `timestamp(3)`; an ISO string without the zone lands the same way.
  if (value instanceof Date) return value.toISOString().replace("Z", "");
  if (cast === "jsonb") return JSON.stringify(value);
  return value;
}
