/** The OpenAPI 3.1 document, generated from the route registry's zod schemas (JSON Schema 2020-12). */
import { z } from "zod";
import type { RouteSpec } from "./http/route";
import { problemSchema } from "./http/schemas";
import { errorResponsesOf, IDEMPOTENCY_KEY_PARAMETER, RATE_LIMIT_HEADERS, SHARED_COMPONENTS } from "./openapi.errors";

const INT32 = 2 ** 31;

/**
 * Gives every integer the format its bounds fit (zod's `.int()` bounds it to the safe integers, which is int64),
 * so that a client generator picks a type wide enough and no wider.
 */
function withIntegerFormats(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) withIntegerFormats(n);
    return;
  }
  if (!node || typeof node !== "object") return;
  const s = node as Record<string, unknown>;
  const integer = s.type === "integer" || (Array.isArray(s.type) && s.type.includes("integer"));
  if (integer && s.format === undefined) {
    const min = typeof s.minimum === "number" ? s.minimum : -Infinity;
    const max = typeof s.maximum === "number" ? s.maximum : Infinity;
    s.format = min >= -INT32 && max < INT32 ? "int32" : "int64";
  }
  for (const v of Object.values(s)) withIntegerFormats(v);
}

function schemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  delete json.$schema;
  withIntegerFormats(json);
  return json;
}

/** Express's `/vouchers/:id` is OpenAPI's `/vouchers/{id}`. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, "{$1}");

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A stable name for client generators, from the method and the path: `GET /vouchers/:id/tree` is
 * `getVouchersByIdTree`, `PUT /cash/allowances/:bankOrgId` is `putCashAllowancesByBankOrgId`.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split("/")
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith(":") ? ["by", segment.slice(1)] : segment.split(/[^A-Za-z0-9]+/)))
    .filter(Boolean);
  return method.toLowerCase() + words.map(capitalised).join("");
}

export function buildOpenApi(
  info: { title: string; version: string; description?: string },
  specs: readonly RouteSpec<z.ZodType, z.ZodType, z.ZodType>[],
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Map<string, string>();
  for (const r of specs) {
    const operationId = operationIdOf(r.method, r.path);
    const other = operationIds.get(operationId);
    if (other) throw new Error(`${r.method.toUpperCase()} ${r.path} and ${other} would share the operationId ${operationId}`);
    operationIds.set(operationId, `${r.method.toUpperCase()} ${r.path}`);
    const parameters: unknown[] = r.auth && r.method !== "get" ? [IDEMPOTENCY_KEY_PARAMETER] : [];
    for (const [where, schema] of [["path", r.params], ["query", r.query]] as const) {
      if (!schema) continue;
      const json = schemaOf(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: s });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = {
        description: res.description,
        headers: RATE_LIMIT_HEADERS,
        ...(res.schema ? { content: { "application/json": { schema: schemaOf(res.schema, "output") } } } : {}),
      };
    }
    Object.assign(responses, errorResponsesOf(r));
    (paths[openApiPath(r.path)] ??= {})[r.method] = {
      operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: r.tags,
      ...(r.auth ? { security: [{ bearer: [] }] } : { security: [] }),
      // Who may call, as the guard decides (absent: anyone signed in). The console enables an action only for
      // them (web/src/access.ts reads these through its generated operations table).
      ...(r.kinds ? { "x-kinds": r.kinds } : {}),
      ...(r.roles ? { "x-roles": r.roles } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(r.body, "input") } } } } : {}),
      responses,
    };
  }
  const tags = [...new Set(specs.flatMap((r) => r.tags))].sort().map((name) => ({ name }));
  return {
    openapi: "3.1.0",
    info,
    tags,
    paths,
    components: {
      schemas: { Problem: schemaOf(problemSchema, "output") },
      ...SHARED_COMPONENTS,
    },
  };
}
