/**
 * The JSON Canonicalization Scheme (RFC 8785) for the values a device signs: objects, arrays, strings, booleans,
 * null and safe integers. Within that subset RFC 8785 is: no whitespace, object members sorted by their names'
 * UTF-16 code units, strings escaped as ECMAScript's JSON.stringify escapes them, integers in plain decimal. A
 * fraction or an integer beyond 2^53 − 1 is refused rather than canonicalised: its decimal text is where
 * implementations disagree, and a signature must never depend on that.
 */
export class NotCanonicalisable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotCanonicalisable";
  }
}

export function jcs(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new NotCanonicalisable(`${value} is not a safe integer`);
    // -0 is 0 in RFC 8785; JSON.stringify already writes it so.
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(jcs).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    // The default sort compares UTF-16 code units, which is RFC 8785's order (section 3.2.3).
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(",")}}`;
  }
  throw new NotCanonicalisable(`a ${typeof value} has no JSON form`);
}
