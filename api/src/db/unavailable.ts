/** The database cannot be reached: retry later. The API answers 503; nothing was written. */
export class DatabaseUnavailableError extends Error {
  readonly code = "DATABASE_UNAVAILABLE";
  readonly retryable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 server closed, P2024 pool timeout.
const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNREACHABLE_TEXT = /Connection terminated|ECONNREFUSED|ECONNRESET|EPIPE|Can't reach database|Connection ended unexpectedly/i;

/** Whether `e`, in any of the shapes Prisma, its driver adapters and node-postgres give it, means "not reachable". */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth += 1) {
    if (cur instanceof DatabaseUnavailableError) return true;
    const o = cur as { name?: string; code?: string; kind?: string; message?: string; cause?: unknown };
    if (o.kind && UNREACHABLE_KINDS.has(o.kind)) return true;
    if (o.code && UNREACHABLE_CODES.has(o.code)) return true;
    if (typeof o.message === "string" && UNREACHABLE_TEXT.test(o.message)) return true;
    cur = o.cause;
  }
  return false;
}

/** Runs `fn`, turning "the database is not reachable" into DatabaseUnavailableError. */
export async function guardDatabase<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isDatabaseUnavailable(e) && !(e instanceof DatabaseUnavailableError)) {
      throw new DatabaseUnavailableError("The database is not reachable", { cause: e });
    }
    throw e;
  }
}
