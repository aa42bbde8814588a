/** The OpenAPI 3.1 document, generated from the route registry's zod schemas (JSON Schema 2020-12). */
import { z } from "zod";
import type { RouteSpec } from "./http/route";
import { problemSchema } from "./http/schemas";

function schemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** Express's `/vouchers/:id` is OpenAPI's `/vouchers/{id}`. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, "{$1}");

export function buildOpenApi(
  info: { title: string; version: string; description?: string },
  specs: readonly RouteSpec<z.ZodType, z.ZodType, z.ZodType>[],
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of specs) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [["path", r.params], ["query", r.query]] as const) {
      if (!schema) continue;
      const json = schemaOf(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: s });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = res.schema
        ? { description: res.description, content: { "application/json": { schema: schemaOf(res.schema, "output") } } }
        : { description: res.description };
    }
    responses.default = {
      description: "An error, as RFC 9457 problem details",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
    (paths[openApiPath(r.path)] ??= {})[r.method] = {
      summary: r.summary,
      tags: r.tags,
      ...(r.auth ? { security: [{ bearer: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(r.body, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      schemas: { Problem: schemaOf(problemSchema, "output") },
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}
