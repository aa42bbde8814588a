/**
 * Whether `e` is a unique-constraint violation, in Prisma's (P2002) or PostgreSQL's (23505) words; a raw query
 * that failed (P2010) carries the driver's error, with PostgreSQL's code, in its meta.
 */
export function isUniqueViolation(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth += 1) {
    const o = cur as { code?: string; cause?: unknown; originalCode?: string; meta?: { driverAdapterError?: unknown } };
    if (o.code === "P2002" || o.code === "23505" || o.originalCode === "23505") return true;
    cur = o.code === "P2010" ? o.meta?.driverAdapterError : o.cause;
  }
  return false;
}
