/**
 * The one list of what counts as a secret in a request, and the one function that takes secrets out before a
 * request is digested or written anywhere. A digest of a body that holds a password lets anyone who reads it test
 * guesses offline, keyed or not; so the value never reaches the digest at all.
 */

/**
 * Field names (compared without case, `_` or `-`) whose values are secrets, and endings that mark one: a new
 * route's `adminPassword` or `clientSecret` is covered without anyone remembering this file.
 */
const SECRET_ENDINGS = ["password", "passphrase", "secret", "privatekey", "token", "apikey", "mnemonic", "masterkey"];

export const REDACTED = "[redacted]";

export function isSecretField(name: string): boolean {
  const n = name.toLowerCase().replace(/[_-]/g, "");
  return SECRET_ENDINGS.some((end) => n.endsWith(end));
}

/** `value` with every secret field's value, at any depth, replaced by REDACTED; the input is not changed. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, isSecretField(k) ? REDACTED : redactSecrets(v)]),
    );
  }
  return value;
}
