/**
 * Which failures mean "the database is not reachable, retry later". The shapes are the ones node-postgres,
 * @prisma/adapter-pg and the Prisma client give (connection-loss.test.ts produces the 57P01 one from a real
 * server); here each SQLSTATE and socket code is checked on its own.
 */
import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, guardDatabase, isDatabaseUnavailable } from "../../../api/src/db/unavailable";

/** A server error as it reaches a service: Prisma's error → DriverAdapterError → the mapped node-postgres error. */
function throughPrisma(sqlstate: string, message: string) {
  const cause = { kind: "postgres", code: sqlstate, originalCode: sqlstate, severity: "FATAL", message };
  const driverAdapterError = Object.assign(new Error(message), { name: "DriverAdapterError", cause });
  return Object.assign(new Error(`Database error. Code: \`${sqlstate}\``), { code: "P2039", meta: { driverAdapterError } });
}

/** A socket error as node-postgres raises it. */
function socketError(code: string, syscall: string) {
  return Object.assign(new Error(`${syscall} ${code}`), { code, syscall, errno: -1 });
}

describe("isDatabaseUnavailable", () => {
  it.each([
    ["57P01", "terminating connection due to administrator command"],
    ["57P02", "terminating connection due to crash of another server process"],
    ["57P03", "the database system is starting up"],
    ["08006", "connection failure"],
    ["08003", "connection does not exist"],
    ["08P01", "protocol violation"],
  ])("when the server ends the session with %s, then it is unavailable", (sqlstate, message) => {
    expect(isDatabaseUnavailable(throughPrisma(sqlstate, message))).toBe(true);
  });

  it.each([
    ["23505", "duplicate key value violates unique constraint"],
    ["40001", "could not serialize access due to concurrent update"],
    ["57014", "canceling statement due to statement timeout"],
    ["42P01", "relation does not exist"],
  ])("when the server refuses a statement with %s, then it is not", (sqlstate, message) => {
    expect(isDatabaseUnavailable(throughPrisma(sqlstate, message))).toBe(false);
  });

  it.each([
    ["ECONNRESET", "read"],
    ["EPIPE", "write"],
    ["ECONNREFUSED", "connect"],
  ])("when the socket fails with %s, then it is unavailable, bare or wrapped by the adapter", (code, syscall) => {
    expect(isDatabaseUnavailable(socketError(code, syscall))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { cause: socketError(code, syscall) }))).toBe(true);
  });

  it.each(["Connection terminated unexpectedly", "Connection terminated", "Client has encountered a connection error and is not queryable"])(
    "when node-postgres says %j, then it is unavailable",
    (message) => expect(isDatabaseUnavailable(new Error(message))).toBe(true),
  );

  it("when the adapter reports a closed connection by kind, then it is unavailable", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { cause: { kind: "ConnectionClosed" } }))).toBe(true);
  });
});

describe("guardDatabase", () => {
  it("when the work loses its connection, then it throws a retryable DatabaseUnavailableError that keeps the cause", async () => {
    const lost = throughPrisma("57P01", "terminating connection due to administrator command");
    const err = await guardDatabase(() => Promise.reject(lost)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err).toMatchObject({ code: "DATABASE_UNAVAILABLE", retryable: true, cause: lost });
  });

  it("when the work fails for a business reason, then the error passes through unchanged", async () => {
    const duplicate = throughPrisma("23505", "duplicate key");
    await expect(guardDatabase(() => Promise.reject(duplicate))).rejects.toBe(duplicate);
  });
});
