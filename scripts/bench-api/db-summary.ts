/**
 * What the database did per HTTP operation in a window of the load, from the server's db-trace.ts record:
 * statements, interactive transactions, rows returned and PostgreSQL's own time, per operation, and the most
 * frequent statements.
 */
import { round } from "../bench-stats";
import { readDbTrace } from "./db-trace";
import type { ProfileWindow } from "./profile";

export interface DbSummary {
  label: string;
  operations: number;
  perOperation: { statements: number; transactions: number; rowsReturned: number; postgresMs: number };
  /** PostgreSQL's synchronous run time as a share of the window's wall time (it runs on the server's one thread). */
  postgresPctOfWall: number;
  top: { statement: string; perOperation: number; rowsPerCall: number }[];
}

/** One shape per Prisma statement: schema prefixes dropped, long IN-lists and value lists collapsed. */
const shape = (sql: string) =>
  sql
    .replace(/"public"\./g, "")
    .replace(/\$\d+(,\s*\$\d+)+/g, "$n…")
    .replace(/\(\$n…\)(,\s*\(\$n…\))+/g, "($n…)…")
    .slice(0, 160);

export function dbSummary(file: string, windows: (ProfileWindow & { operations: number })[], topN = 12): DbSummary[] {
  const t = readDbTrace(file);
  return windows.map((w) => {
    const inside = t.statements.filter(([at]) => at >= w.fromUs && at <= w.toUs);
    const pgUs = t.postgres.filter(([at]) => at >= w.fromUs && at <= w.toUs).reduce((a, [, us]) => a + us, 0);
    const shapes = new Map<string, { n: number; rows: number }>();
    let transactions = 0;
    let rows = 0;
    for (const [, sql, r] of inside) {
      if (sql.startsWith("BEGIN (interactive")) {
        transactions += 1;
        continue;
      }
      rows += r;
      const k = shape(sql);
      const e = shapes.get(k) ?? { n: 0, rows: 0 };
      e.n += 1;
      e.rows += r;
      shapes.set(k, e);
    }
    const per = (x: number) => round(x / Math.max(1, w.operations), 1);
    return {
      label: w.label,
      operations: w.operations,
      perOperation: { statements: per(inside.length - transactions), transactions: per(transactions), rowsReturned: per(rows), postgresMs: round(pgUs / 1000 / Math.max(1, w.operations), 2) },
      postgresPctOfWall: round((100 * pgUs) / Math.max(1, w.toUs - w.fromUs)),
      top: [...shapes.entries()]
        .sort((a, b) => b[1].n - a[1].n)
        .slice(0, topN)
        .map(([statement, e]) => ({ statement, perOperation: per(e.n), rowsPerCall: round(e.rows / e.n, 1) })),
    };
  });
}
