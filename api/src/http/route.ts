/**
 * Routes are declared once, with their zod schemas; the same declaration mounts the handler (validating
 * parameters, query and body, and refusing unknown fields) and feeds the OpenAPI document.
 */
import { Router, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { AppError } from "../errors";

type Schema = z.ZodType;

export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema> {
  method: "get" | "post" | "put" | "delete";
  /** Express path, e.g. `/vouchers/:id`. */
  path: string;
  summary: string;
  tags: string[];
  /** Whether a bearer token is required. */
  auth: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** Status → schema of the successful response. */
  responses: Record<number, { description: string; schema?: Schema }>;
}

export interface Valid<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export type Handler<P, Q, B> = (valid: Valid<P, Q, B>, req: Request, res: Response) => Promise<void> | void;

function parse<T>(schema: Schema | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data as T;
  const errors = result.error.issues.map((i) => ({ in: where, path: i.path.join("."), message: i.message }));
  throw new AppError("VALIDATION_FAILED", errors.map((e) => `${e.in} ${e.path || "(root)"}: ${e.message}`).join("; "), { errors });
}

/** A router whose routes are declared with their schemas, so that they can also be described. */
export class RouteTable {
  readonly router: Router = Router();
  readonly specs: RouteSpec<Schema, Schema, Schema>[] = [];

  add<P extends Schema, Q extends Schema, B extends Schema>(
    spec: RouteSpec<P, Q, B>,
    handler: Handler<z.output<P>, z.output<Q>, z.output<B>>,
  ): this {
    this.specs.push(spec as unknown as RouteSpec<Schema, Schema, Schema>);
    const mounted: RequestHandler = async (req, res) => {
      const valid = {
        params: parse<z.output<P>>(spec.params, req.params, "path"),
        query: parse<z.output<Q>>(spec.query, req.query, "query"),
        // A route without a body schema takes no body: anything sent is ignored, never trusted.
        body: parse<z.output<B>>(spec.body, spec.body ? req.body : undefined, "body"),
      };
      await handler(valid, req, res);
    };
    this.router[spec.method](spec.path, mounted);
    return this;
  }
}
