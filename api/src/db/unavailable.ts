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
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// The server ended the session: 57P01 admin shutdown or pg_terminate_backend, 57P02 crash shutdown, 57P03 not yet
// accepting connections; class 08 is every connection exception.
const CONNECTION_LOST_SQLSTATE = /^(57P0[123]|08[0-9A-Z]{3})$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE"]);
// node-postgres words a session that ended under it, and a client it gave up on after that, only in text.
const UNREACHABLE_TEXT =
  /Connection terminated|ECONNREFUSED|ECONNRESET|EPIPE|Can't reach database|Connection ended unexpectedly|not queryable/i;

interface ErrorShape {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

function lostConnection(o: ErrorShape): boolean {
  if (typeof o.kind === "string" && UNREACHABLE_KINDS.has(o.kind)) return true;
  if (typeof o.code === "string") {
    if (UNREACHABLE_PRISMA_CODES.has(o.code) || SOCKET_CODES.has(o.code) || CONNECTION_LOST_SQLSTATE.test(o.code)) return true;
  }
  if (typeof o.originalCode === "string" && CONNECTION_LOST_SQLSTATE.test(o.originalCode)) return true;
  return typeof o.message === "string" && UNREACHABLE_TEXT.test(o.message);
}

/**
 * Whether `e`, in any of the shapes Prisma, its driver adapters and node-postgres give it, means "not reachable".
 * Through @prisma/adapter-pg a server error arrives as a PrismaClientKnownRequestError whose
 * `meta.driverAdapterError` is a DriverAdapterError whose `cause` carries the SQLSTATE (`code`, `originalCode`);
 * a socket error arrives as a DriverAdapterError of kind ConnectionClosed, or as node-postgres' own Error.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const pending: unknown[] = [e];
  for (let seen = 0; pending.length > 0 && seen < 10; seen += 1) {
    const cur = pending.shift();
    if (!cur || typeof cur !== "object") continue;
    if (cur instanceof DatabaseUnavailableError) return true;
    const o = cur as ErrorShape;
    if (lostConnection(o)) return true;
    pending.push(o.cause, o.meta?.driverAdapterError);
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
