/**
 * A reason the platform cannot start that the person starting it can fix: `npm start` prints its message as
 * one line, without a stack, and exits 1. The message says what to do; it never holds a secret.
 */
export class StartupError extends Error {
  override name = "StartupError";
}
