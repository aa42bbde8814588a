/**
 * For what the code itself has just written or checked, and so must be there: a row read back after its write, a
 * key collected a line earlier. Missing means a bug or a concurrent delete, never a caller's mistake, so this is a
 * plain Error (500 INTERNAL) that names what was missing, rather than a TypeError on `undefined` further on.
 */
export function mustExist<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`);
  return value;
}
