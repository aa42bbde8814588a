/**
 * Routes are declared once, with their zod schemas and who may call them; the same declaration mounts the
 * handler and feeds the OpenAPI document. Every mounted route runs the same pipeline: authenticate, check the
 * caller's organisation kind and user role, validate parameters, query and body (unknown fields refused), honour
 * an Idempotency-Key, run the handler, and append every accepted mutation to the audit log. A handler cannot
 * skip a step because it never sees the request before them.
 */
import { Router, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import type { Actor, OrgKind, UserRole } from "../auth/actor";
import { AppError } from "../errors";
import type { RequestParts } from "./digest";
import { noteActor, noteTxHash } from "./request-log";

type Schema = z.ZodType;

export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema> {
  method: "get" | "post" | "put" | "delete";
  /** Express path, e.g. `/vouchers/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Whether a bearer token (or API key) is required. */
  auth: boolean;
  /** Organisation kinds that may call; any when absent. Another kind gets 403 FORBIDDEN. */
  kinds?: readonly OrgKind[];
  /** User roles that may call; any when absent. */
  roles?: readonly UserRole[];
  params?: P;
  query?: Q;
  body?: B;
  /** Mutations are audited unless this is false (logging in changes no business state). */
  audited?: boolean;
  /** Status → schema of the successful response. The first status is the one the handler answers with. */
  responses: Record<number, { description: string; schema?: Schema }>;
}

export interface Valid<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

/** What a handler of an authenticated route receives. */
export interface Call<P, Q, B> extends Valid<P, Q, B> {
  actor: Actor;
  req: Request;
}

/** The JSON body of the successful response, or a promise of it; its status is the route's first declared one. */
export type Handler<P, Q, B> = (call: Call<P, Q, B>) => unknown;
export type PublicHandler<P, Q, B> = (call: Valid<P, Q, B> & { req: Request; res: Response }) => unknown;

/** What the pipeline needs from the rest of the platform. */
export interface Guard {
  /** Verifies the credentials on the request and loads who is calling; throws 401 problems. */
  /** The Actor behind an `Authorization` header's value. */
  actorOf(authorization: string | undefined): Promise<Actor>;
  /** Idempotency-Key handling for mutations. */
  idempotency: IdempotencyPort;
  /** Appends accepted mutations to the hash-chained audit log. */
  audit: AuditPort;
  /** The keyed digest of a request with its secrets redacted: what the audit log and Idempotency-Key matching keep. */
  requestDigest(request: RequestParts): string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyPort {
  /**
   * Claims `key` for this request, or returns the stored response of the first one with the same digest. The
   * claim is completed with the request's audit entry (AuditRecord.completes).
   */
  begin(principal: string, key: string, requestDigest: string): Promise<StoredResponse | "claimed">;
  /** Releases a claim whose request failed, so that a retry runs again. */
  abandon(principal: string, key: string): Promise<void>;
}

export interface AuditRecord {
  actor: Actor | undefined;
  action: string;
  requestDigest: string;
  result: string;
  txHash: string | undefined;
  /** The Idempotency-Key claim this request answers: stored as done, with its response, in the entry's own write. */
  completes?: { principal: string; key: string; response: StoredResponse };
}

export interface AuditPort {
  append(record: AuditRecord): Promise<void>;
}

/** `value` as `schema` reads it; a part of the request the route declares no schema for is undefined. */
function parse<S extends Schema>(schema: S | undefined, value: unknown, where: string): z.output<S> {
  if (!schema) return undefined as z.output<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ in: where, path: i.path.join("."), message: i.message }));
  throw new AppError("VALIDATION_FAILED", errors.map((e) => `${e.in} ${e.path || "(root)"}: ${e.message}`).join("; "), { errors });
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;

/** The ledger transaction a response reports, for the audit entry. */
function txHashOf(body: unknown): string | undefined {
  const tx = (body as { txHash?: unknown } | null)?.txHash;
  return typeof tx === "string" ? tx : undefined;
}

function resultOf(status: number, body: unknown): string {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === "string" ? `${status} ${id}` : String(status);
}

function successStatus(spec: { responses: Record<number, unknown> }): number {
  return Number(Object.keys(spec.responses)[0] ?? 200);
}

/** A router whose routes are declared with their schemas and access rules, so that they can also be described. */
export class RouteTable {
  readonly router: Router = Router();
  readonly specs: RouteSpec<Schema, Schema, Schema>[] = [];

  constructor(private readonly guard?: Guard) {}

  /** An authenticated route. */
  add<P extends Schema, Q extends Schema, B extends Schema>(
    spec: RouteSpec<P, Q, B> & { auth: true },
    handler: Handler<z.output<P>, z.output<Q>, z.output<B>>,
  ): this {
    const guard = this.guard;
    if (!guard) throw new Error(`${spec.method} ${spec.path}: an authenticated route needs a guard`);
    this.specs.push(spec);
    const mutation = spec.method !== "get";
    const mounted: RequestHandler = async (req, res) => {
      const actor = await guard.actorOf(req.get("authorization"));
      noteActor(res, actor);
      const kinds = spec.kinds;
      if (kinds && !actor.org.kinds.some((k) => kinds.includes(k))) {
        throw new AppError("FORBIDDEN", `Only ${kinds.join(" or ")} organisations may do this`);
      }
      if (spec.roles && !spec.roles.includes(actor.role)) {
        throw new AppError("FORBIDDEN", `Only a user with the ${spec.roles.join(" or ")} role may do this`);
      }
      const valid = this.validate(spec, req);
      const status = successStatus(spec);
      if (!mutation) {
        res.status(status).json(await handler({ ...valid, actor, req }));
        return;
      }
      const requestDigest = guard.requestDigest({ method: spec.method, path: req.path, body: valid.body === undefined ? null : (req.body as unknown) });
      const key = req.get("idempotency-key");
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new AppError("VALIDATION_FAILED", "Idempotency-Key must be 8–128 letters, digits or -_:.");
      }
      if (key !== undefined) {
        const first = await guard.idempotency.begin(actor.principalId, key, requestDigest);
        if (first !== "claimed") {
          res.status(first.status).set("Idempotent-Replayed", "true").json(first.body);
          return;
        }
      }
      let body: unknown;
      try {
        body = await handler({ ...valid, actor, req });
      } catch (e) {
        if (key !== undefined) await guard.idempotency.abandon(actor.principalId, key).catch(() => undefined);
        throw e;
      }
      const json = JSON.parse(JSON.stringify(body ?? null)) as unknown;
      await guard.audit.append({
        actor,
        action: `${spec.method.toUpperCase()} ${spec.path}`,
        requestDigest,
        result: resultOf(status, json),
        txHash: txHashOf(json),
        ...(key !== undefined ? { completes: { principal: actor.principalId, key, response: { status, body: json } } } : {}),
      });
      noteTxHash(res, txHashOf(json));
      res.status(status).json(json);
    };
    this.router[spec.method](spec.path, mounted);
    return this;
  }

  /** A route anyone may call. Public mutations are audited too, with no actor. */
  addPublic<P extends Schema, Q extends Schema, B extends Schema>(
    spec: RouteSpec<P, Q, B> & { auth: false },
    handler: PublicHandler<z.output<P>, z.output<Q>, z.output<B>>,
  ): this {
    this.specs.push(spec);
    const mounted: RequestHandler = async (req, res) => {
      const valid = this.validate(spec, req);
      const status = successStatus(spec);
      const body = await handler({ ...valid, req, res });
      if (spec.method !== "get" && spec.audited !== false && this.guard) {
        const json = JSON.parse(JSON.stringify(body ?? null)) as unknown;
        await this.guard.audit.append({
          actor: undefined,
          action: `${spec.method.toUpperCase()} ${spec.path}`,
          requestDigest: this.guard.requestDigest({ method: spec.method, path: req.path, body: (req.body as unknown) ?? null }),
          result: resultOf(status, json),
          txHash: txHashOf(json),
        });
      }
      if (!res.headersSent) res.status(status).json(body);
    };
    this.router[spec.method](spec.path, mounted);
    return this;
  }

  private validate<P extends Schema, Q extends Schema, B extends Schema>(spec: RouteSpec<P, Q, B>, req: Request) {
    return {
      params: parse(spec.params, req.params, "path"),
      // Without a query schema a route takes no query parameters (the empty strict object refuses any); its Q is
      // then the unconstrained default, which the type checker cannot tell for a generic Q.
      query: parse(spec.query ?? (z.strictObject({}) as unknown as Q), req.query, "query"),
      // A route without a body schema takes no body: anything sent is ignored, never trusted.
      body: parse(spec.body, spec.body ? req.body : undefined, "body"),
    };
  }
}
