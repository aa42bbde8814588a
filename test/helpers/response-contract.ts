/**
 * Every answer the route tests receive, checked against /openapi.json: its status is one the operation documents
 * (a success explicitly; a problem explicitly or under `default`), its body fits the schema documented for that
 * status and content type, and it carries the documented rate-limit headers. Requests to paths the document does
 * not describe (/docs, /openapi.json, an unknown route) are not checked.
 */
import type express from "express";
import request, { type Response, type Test } from "supertest";
import { z } from "zod";

interface MediaType {
  schema?: { $ref?: string; [keyword: string]: unknown };
}
interface ResponseObject {
  $ref?: string;
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaType>;
}
interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, ResponseObject> };
}

const local = (ref: string) => ref.replace(/^#\/components\/\w+\//, "");

export class ContractViolation extends Error {
  override name = "ContractViolation";
}

export interface ResponseContract {
  /** Throws a ContractViolation when `res`, the answer to `method url`, disagrees with the document. */
  check(method: string, url: string, res: Response): void;
}

export function responseContract(doc: OpenApi): ResponseContract {
  const operations = Object.entries(doc.paths).flatMap(([template, ops]) => {
    const pattern = new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`);
    return Object.entries(ops).map(([method, op]) => ({ method, template, pattern, responses: op.responses }));
  });
  const validators = new Map<string, z.ZodType>();
  const validatorOf = (key: string, schema: NonNullable<MediaType["schema"]>): z.ZodType => {
    let v = validators.get(key);
    if (!v) {
      const resolved = schema.$ref ? doc.components.schemas[local(schema.$ref)] : schema;
      v = z.fromJSONSchema(resolved as z.core.JSONSchema.JSONSchema);
      validators.set(key, v);
    }
    return v;
  };
  return {
    check(method, url, res) {
      const path = url.split("?")[0];
      // A literal segment wins over a parameter (`/approvals/pending` over `/approvals/{id}`).
      const candidates = operations.filter((o) => o.method === method.toLowerCase() && o.pattern.test(path));
      const op = candidates.sort((a, b) => (b.template.match(/\{/g)?.length ?? 0) - (a.template.match(/\{/g)?.length ?? 0)).at(-1);
      if (!op) return;
      const name = `${method.toUpperCase()} ${op.template} → ${res.status}`;
      const status = String(res.status);
      const declared: Partial<Record<string, ResponseObject>> = op.responses;
      let response = declared[status] ?? (res.status >= 400 ? declared.default : undefined);
      if (!response) throw new ContractViolation(`${name}: the document does not declare this status (it declares ${Object.keys(op.responses).join(", ")})`);
      if (response.$ref) response = doc.components.responses[local(response.$ref)];
      for (const header of Object.keys(response.headers ?? {})) {
        if (header.toLowerCase() in res.headers) continue;
        throw new ContractViolation(`${name}: the documented header ${header} is missing`);
      }
      const content = response.content;
      if (!content) return;
      const type = (res.get("content-type") ?? "").split(";")[0];
      const media = (content as Partial<Record<string, MediaType>>)[type];
      if (!media) throw new ContractViolation(`${name}: answered ${type || "no content type"}; the document says ${Object.keys(content).join(" or ")}`);
      if (!media.schema) return;
      const parsed = validatorOf(`${op.method} ${op.template} ${status} ${type}`, media.schema).safeParse(res.body);
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
        throw new ContractViolation(`${name}: the body does not fit the documented schema: ${issues.join("; ")}\n${JSON.stringify(res.body).slice(0, 600)}`);
      }
    },
  };
}

const METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);

/** supertest over `app`, with `contract` checked on every answer before the test's own expectations. */
export function contractChecked(app: express.Express, contract: ResponseContract): ReturnType<typeof request> {
  return new Proxy(request(app), {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || !METHODS.has(key) || typeof value !== "function") return value;
      return (url: string) => (value.call(target, url) as Test).expect((res: Response) => contract.check(key, url, res));
    },
  });
}
