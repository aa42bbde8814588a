/**
 * Does nothing. For a callback a test must hand over but does not assert on: a log line, or the error event of
 * a connection the test breaks on purpose. One named no-op, so that every such place says so the same way.
 */
export function ignore(): void {
  // Deliberately empty: see above.
}

/** A platform and server log that says nothing: the tests assert on what the API does, not on what it logs. */
export const silentLog = { info: ignore, warn: ignore, error: ignore };
