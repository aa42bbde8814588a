/**
 * Malformed requests derived from the operations of an OpenAPI document, with fast-check. Each request is valid
 * but for one thing: a field of the wrong type, out of range, with a control or bidi character, overlong or
 * missing; a bad id in the path; a bad cursor, limit or filter in the query; a key given twice; a wrong content
 * type. Each names what it broke, so that a failure says which.
 */
import fc from "fast-check";

export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

interface Parameter {
  name: string;
  in: "path" | "query";
  schema: JsonSchema;
}

export interface Operation {
  /** `GET /vouchers/{id}` */
  name: string;
  method: "get" | "post" | "put" | "delete";
  path: string;
  auth: boolean;
  parameters: Parameter[];
  body: JsonSchema | undefined;
}

export interface BadRequest {
  what: string;
  /** The URL: path and query, percent-encoded. */
  url: string;
  contentType: string;
  /** The raw body, when one is sent. */
  body: string | undefined;
}

/** Values the generated requests use where a valid one is wanted: ids that exist, so that a request reaches as deep as it can. */
export interface ValidIds {
  organisations: string[];
  creditLine: string;
}

interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown[]; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
}

export function operationsOf(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      name: `${method.toUpperCase()} ${path}`,
      method: method as Operation["method"],
      path,
      auth: (op.security ?? []).length > 0,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content["application/json"]?.schema,
    })),
  );
}

// ---------------------------------------------------------------- valid values

/** What generated text is made of: nothing a text field refuses, nothing trimmed away. */
const LETTERS = Array.from("abcdefghijkmnpqrstuvwxyz23456789名字银行");

/** A value the schema accepts (as far as the document tells): the base a single mutation then breaks. */
function validOf(s: JsonSchema, ids: ValidIds): fc.Arbitrary<unknown> {
  const choices = s.oneOf ?? s.anyOf;
  if (choices) return fc.oneof(...choices.map((c) => validOf(c, ids)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case "boolean":
      return fc.boolean();
    case "integer":
    case "number":
      return fc.integer({ min: Math.max(s.minimum ?? 0, -1e6), max: Math.min(s.maximum ?? 1e6, 1e6) });
    case "array": {
      const min = s.minItems ?? 0;
      return fc.array(validOf(s.items ?? {}, ids), { minLength: min, maxLength: Math.max(min, Math.min(s.maxItems ?? 3, 3)) });
    }
    case "object": {
      const required = new Set(s.required ?? []);
      const fields = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, validOf(v, ids)]));
      return fc.record(fields, { requiredKeys: Object.keys(fields).filter((k) => required.has(k)) });
    }
    default:
      return validString(s, ids);
  }
}

function validString(s: JsonSchema, ids: ValidIds): fc.Arbitrary<string> {
  if (s.format === "uuid") return fc.constantFrom(...ids.organisations);
  if (s.format === "email") return fc.constantFrom("new.user@example.com", "ops@example.cn");
  if (s.format === "date-time") return fc.constant("2030-06-30T00:00:00.000Z");
  if (s.pattern?.includes("\\.[0-9a-f]{8}")) return fc.constant(ids.creditLine);
  if (s.pattern === "^\\d{4}-\\d{2}-\\d{2}$") return fc.constantFrom("2030-06-30", "2031-01-15");
  // fast-check cannot generate from lookarounds: the text patterns only refuse characters LETTERS never has.
  if (s.pattern && !s.pattern.includes("(?")) return fc.stringMatching(new RegExp(s.pattern));
  const min = s.minLength ?? 1;
  const max = Math.max(min, Math.min(s.maxLength ?? 30, 30));
  return fc.string({ unit: fc.constantFrom(...LETTERS), minLength: min, maxLength: max });
}

// ---------------------------------------------------------------- what breaks a value

/** Characters no text field takes: controls, DEL, C1, bidi embeddings, overrides and isolates, lone surrogates. */
const HOSTILE_CHARS = ["\u0000", "\u0001", "\u0007", "\u001b", "\u007f", "\u0085", "\u009b", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ud800", "\udfff"];
const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

interface Broken {
  what: string;
  value: unknown;
}

/** Values of other JSON types than the schema's. */
function wrongTypes(s: JsonSchema): Broken[] {
  const all: [string, unknown][] = [["string", "text"], ["number", 1.5], ["integer", 42], ["boolean", true], ["null", null], ["object", { a: 1 }], ["array", [1]]];
  const type = s.type ?? (s.enum ? typeof s.enum[0] : s.const !== undefined ? typeof s.const : undefined);
  return all.filter(([t]) => t !== type && !(type === "number" && t === "integer")).map(([t, value]) => ({ what: `a ${t}`, value }));
}

function brokenStrings(s: JsonSchema, valid: string): Broken[] {
  const max = s.maxLength ?? 1000;
  const out: Broken[] = [
    ...HOSTILE_CHARS.map((c) => ({ what: `${hex(c)} inside`, value: `${valid.slice(0, 1)}${c}${valid.slice(1)}` })),
    ...["\u0000", "\u202e", "\ud800"].map((c) => ({ what: `${hex(c)} at the end`, value: `${valid}${c}` })),
    { what: `${max + 1} characters`, value: "x".repeat(max + 1) },
    { what: `${max + 1} digits`, value: "9".repeat(max + 1) },
    { what: "an overlong CJK text", value: "银".repeat(max + 1) },
    { what: "an empty string", value: "" },
  ];
  if (s.enum) out.push({ what: "a value outside the enum", value: `${String(s.enum[0])}x` }, { what: "the enum in capitals", value: String(s.enum[0]).toUpperCase() + "X" });
  return out;
}

function brokenNumbers(s: JsonSchema): Broken[] {
  const out: Broken[] = [
    { what: "a fraction", value: 1.5 },
    { what: "2^53 + 2", value: 2 ** 53 + 2 },
    { what: "-2^53", value: -(2 ** 53) },
    { what: "1e308", value: 1e308 },
    { what: "a numeric string", value: "1" },
  ];
  if (s.minimum !== undefined && s.minimum > -(2 ** 53)) out.push({ what: "below the minimum", value: s.minimum - 1 });
  if (s.maximum !== undefined && s.maximum < 2 ** 53) out.push({ what: "above the maximum", value: s.maximum + 1 });
  return out;
}

function brokenArrays(s: JsonSchema, valid: unknown[]): Broken[] {
  const out: Broken[] = [{ what: "an item of the wrong type", value: [...valid, { a: 1 }] }];
  if (s.maxItems !== undefined) out.push({ what: `${s.maxItems + 1} items`, value: Array.from({ length: s.maxItems + 1 }, (_, i) => valid[i % Math.max(valid.length, 1)] ?? "1") });
  if ((s.minItems ?? 0) > 0) out.push({ what: "no items", value: [] });
  return out;
}

function brokenObjects(s: JsonSchema, valid: Record<string, unknown>): Broken[] {
  const out: Broken[] = [{ what: "an unknown field", value: { ...valid, isAdmin: true } }];
  for (const k of s.required ?? []) {
    const rest = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k));
    out.push({ what: `no ${k}`, value: rest });
  }
  return out;
}

/** Every way to break one value of schema `s` whose valid form is `valid`. */
function breaks(s: JsonSchema, valid: unknown): Broken[] {
  const variant = (s.oneOf ?? s.anyOf)?.find((c) => c.type === "object" && c.properties && typeof valid === "object");
  const schema = variant ?? s;
  const own =
    typeof valid === "string"
      ? brokenStrings(schema, valid)
      : typeof valid === "number"
        ? brokenNumbers(schema)
        : Array.isArray(valid)
          ? brokenArrays(schema, valid)
          : valid && typeof valid === "object"
            ? brokenObjects(schema, valid as Record<string, unknown>)
            : [];
  return [...wrongTypes(schema), ...own];
}

// ---------------------------------------------------------------- where a value sits in a body

interface Slot {
  at: string[];
  schema: JsonSchema;
  value: unknown;
}

/** Every field of a valid body, nested ones too, and the body itself. */
function slotsOf(schema: JsonSchema, value: unknown, at: string[] = []): Slot[] {
  const here: Slot = { at, schema, value };
  const variant = (schema.oneOf ?? schema.anyOf)?.find((c) => c.properties && Object.entries(c.properties).every(([k, p]) => p.const === undefined || (value as Record<string, unknown>)[k] === p.const));
  const s = variant ?? schema;
  if (s.properties && value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    return [here, ...Object.entries(s.properties).flatMap(([k, p]) => (k in v ? slotsOf(p, v[k], [...at, k]) : []))];
  }
  return [here];
}

function replaced(root: unknown, at: string[], value: unknown): unknown {
  if (!at.length) return value;
  const [head, ...rest] = at as [string, ...string[]];
  const obj = root as Record<string, unknown>;
  return { ...obj, [head]: replaced(obj[head], rest, value) };
}

// ---------------------------------------------------------------- what breaks a path or a query

const BAD_PATH_SEGMENTS = [
  "0", "-1", "1.5", "1e3", "0x1f", "abc", "%00", "%20", "%E2%80%AE", "%FF", "%C0%AE", "%ED%A0%80", "1%0A",
  "99999999999999999999", "9223372036854775808", "18446744073709551616", "00000000-0000-0000-0000-00000000000g",
  "%27%20OR%201%3D1%20--", "x.y", "a".repeat(300),
];

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const UUID = "7f0c9a52-1e8d-4b6a-9c3f-2d5e8a1b4c70";
const BAD_CURSORS = [
  "bm90LWEtdXVpZA", "!!!", "%00", "a".repeat(201), "AAAA", b64("99999999999999999999"), b64("9223372036854775808"), b64("-1"), b64("0"),
  b64(`-271821-04-20T00:00:00.000Z|${UUID}`), b64(`+275760-09-13T00:00:00.000Z|${UUID}`), b64("2025-01-01T00:00:00.000Z|not-a-uuid"),
  b64(`2025-01-01T00:00:00.000Z|${UUID}|x`), b64("9999999999:0"), b64("1:9999999999"), b64(`-271821-04-20T00:00:00.000Z|0x${"a".repeat(40)}`),
  b64(`0x${"g".repeat(40)}`), b64(`0x${"a".repeat(40)}|0x${"b".repeat(40)}|x`), b64("\u0000"), b64("1") + "=",
];

function badQueryValues(s: JsonSchema, name: string): string[] {
  if (name === "cursor") return BAD_CURSORS;
  const common = ["%00", "%E2%80%AE", "%FF", "a".repeat(300)];
  if (s.type === "integer" || s.type === "number") {
    return [...common, "abc", "", "1.5", "Infinity", "NaN", "1e400", "-1", "9007199254740993", ...(s.maximum !== undefined ? [String(s.maximum + 1)] : []), ...(s.minimum !== undefined ? [String(s.minimum - 1)] : [])];
  }
  return [...common, "%20x", "not-a-value", "99999999999999999999"];
}

// ---------------------------------------------------------------- requests

function urlOf(op: Operation, path: Record<string, string>, query: [string, string][]): string {
  const p = op.path.replace(/\{(\w+)\}/g, (_, name: string) => path[name] ?? "");
  return query.length ? `${p}?${query.map(([k, v]) => `${k}=${v}`).join("&")}` : p;
}

const validPath = (op: Operation, ids: ValidIds) =>
  fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === "path").map((p) => [p.name, validString(p.schema, ids)])));

/** Every malformed request of `op`, one mutation each. */
export function badRequests(op: Operation, ids: ValidIds): fc.Arbitrary<BadRequest> {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const base = fc.record({ path: validPath(op, ids), body: op.body ? validOf(op.body, ids) : fc.constant(undefined) });
  const json = (body: unknown) => (body === undefined ? undefined : JSON.stringify(body));
  /** `body` null sends none; undefined sends the base body. */
  const request = (what: string, b: { path: Record<string, string>; body: unknown }, query: [string, string][] = [], body?: string | null, contentType = "application/json"): BadRequest => ({
    what,
    url: urlOf(op, b.path, query),
    contentType,
    body: body === null ? undefined : (body ?? json(b.body)),
  });

  const kinds: fc.Arbitrary<BadRequest>[] = [
    // Every operation takes strict queries: an unknown parameter is refused, and so is a repeated one.
    base.chain((b) => fc.constantFrom(request("an unknown query parameter", b, [["isAdmin", "1"]]), request("an unknown query parameter with NUL", b, [["x%00", "1"]]))),
  ];
  if (pathParams.length) {
    kinds.push(
      base.chain((b) =>
        fc.tuple(fc.constantFrom(...pathParams), fc.constantFrom(...BAD_PATH_SEGMENTS)).map(([p, bad]) => request(`path ${p.name} = ${bad.slice(0, 40)}`, { ...b, path: { ...b.path, [p.name]: bad } })),
      ),
    );
  }
  if (queryParams.length) {
    kinds.push(
      base.chain((b) =>
        fc
          .constantFrom(...queryParams)
          .chain((p) => fc.constantFrom(...badQueryValues(p.schema, p.name)).map((v) => request(`query ${p.name} = ${v.slice(0, 40)}`, b, [[p.name, v]]))),
      ),
      base.chain((b) => fc.constantFrom(...queryParams).map((p) => request(`query ${p.name} twice`, b, [[p.name, "1"], [p.name, "2"]]))),
    );
  }
  if (op.body) {
    const bodySchema = op.body;
    kinds.push(
      // One field (or the body itself) broken; the base body is drawn again for each case.
      base.chain((b) => {
        const slots = slotsOf(bodySchema, b.body);
        return fc.constantFrom(...slots).chain((slot) => {
          const ways = breaks(slot.schema, slot.value);
          return fc.constantFrom(...ways).map((w) => request(`body ${slot.at.join(".") || "(root)"}: ${w.what}`, { ...b, body: replaced(b.body, slot.at, w.value) }));
        });
      }),
      base.chain((b) => {
        const text = json(b.body) ?? "{}";
        const key = Object.keys(b.body as object).at(0);
        const twice = key === undefined ? '{"a":1,"a":2}' : text.replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify((b.body as Record<string, unknown>)[key])},`);
        return fc.constantFrom(
          request("a key given twice", b, [], twice),
          request("a key given twice, once escaped", b, [], key === undefined ? '{"a":1,"\\u0061":2}' : `{${JSON.stringify(key).replace(/^"(.)/, (_, c: string) => `"\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}:null,${text.slice(1)}`),
          request("JSON sent as text/plain", b, [], text, "text/plain"),
          request("JSON sent as a form", b, [], text, "application/x-www-form-urlencoded"),
          request("JSON sent as XML", b, [], text, "application/xml"),
          request("JSON in UTF-16", b, [], text, "application/json; charset=utf-16"),
          request("a charset nobody knows", b, [], text, "application/json; charset=klingon"),
          request("truncated JSON", b, [], text.slice(0, -1)),
          request("no body", b, [], null),
          request("an array body", b, [], "[]"),
          request("a null body", b, [], "null"),
          request("a number body", b, [], "42"),
          request("a body over the size limit", b, [], JSON.stringify({ pad: "x".repeat(70_000) })),
        );
      }),
    );
  }
  return fc.oneof(...kinds);
}
