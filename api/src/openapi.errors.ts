/**
 * What the OpenAPI document says about every operation beyond its own schemas: the problems it may answer, the
 * rate-limit headers every answer carries (http/rate-limit.ts), the Idempotency-Key a mutation takes, and how a
 * caller authenticates. Declared once here, so that a new route is documented with them for free.
 */
import type { z } from "zod";
import type { RouteSpec } from "./http/route";

const ref = (kind: "headers" | "responses" | "parameters" | "schemas", name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** On every answer, a success or a problem: the bucket that applied (draft-ietf-httpapi-ratelimit-headers). */
export const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": ref("headers", "RateLimit-Limit"),
  "RateLimit-Remaining": ref("headers", "RateLimit-Remaining"),
  "RateLimit-Reset": ref("headers", "RateLimit-Reset"),
};

const whole = (description: string) => ({ description, schema: { type: "integer", format: "int32", minimum: 0, maximum: 2_147_483_647 } });

const problem = (description: string, headers: Record<string, unknown> = RATE_LIMIT_HEADERS) => ({
  description,
  headers,
  content: { "application/problem+json": { schema: ref("schemas", "Problem") } },
});

/** The problems any operation may answer, by name in components.responses. */
const PROBLEMS = {
  BadRequest: problem(
    "VALIDATION_FAILED or MONEY_FORMAT: a parameter, the query, the body or a header is malformed; `errors` says which. " +
      "WEBHOOK_URL_FORBIDDEN: a webhook endpoint's URL is not https or its host is not public",
  ),
  Unauthenticated: problem("UNAUTHENTICATED, TOKEN_INVALID: no credential, or one that is invalid or expired"),
  Forbidden: problem("FORBIDDEN: the caller's organisation kind or role may not do this"),
  PayloadTooLarge: problem("PAYLOAD_TOO_LARGE: the body is over 64 kB"),
  TooManyRequests: problem("RATE_LIMITED: over the caller's rate limit; retry after Retry-After seconds", {
    ...RATE_LIMIT_HEADERS,
    "Retry-After": ref("headers", "Retry-After"),
  }),
  Internal: problem("INTERNAL: something went wrong on our side; the problem carries no detail"),
  Unavailable: problem("DATABASE_UNAVAILABLE, CHAIN_UNAVAILABLE or VERIFIER_UNAVAILABLE (the business registry or the invoice verifier did not answer): retry later"),
};

/** Any mutation by a signed-in caller: a retry with the same key gets the first answer, and sends nothing twice. */
export const IDEMPOTENCY_KEY_PARAMETER = ref("parameters", "Idempotency-Key");

export const SHARED_COMPONENTS = {
  responses: PROBLEMS,
  headers: {
    "RateLimit-Limit": whole("How many requests the bucket holds when full (the burst)"),
    "RateLimit-Remaining": whole("How many requests the bucket holds now"),
    "RateLimit-Reset": whole("Seconds until the bucket is full again"),
    "Retry-After": whole("Seconds until the next request will be taken"),
  },
  parameters: {
    "Idempotency-Key": {
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "A retry with the same key and body gets the first response (`Idempotent-Replayed: true`); another body is a 409",
      schema: { type: "string", minLength: 8, maxLength: 128, pattern: "^[A-Za-z0-9_\\-:.]{8,128}$" },
    },
  },
  securitySchemes: {
    bearer: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description:
        "`Authorization: Bearer <access token>` from POST /auth/login: an EdDSA-signed JWT of 15 minutes, verified as RFC8725 advises (one algorithm, issuer and audience checked, keys at /.well-known/jwks.json). An ERP sends `Authorization: ApiKey <key>` instead.",
    },
  },
};

/** The problems `route` documents: every one its pipeline may answer with a status of its own; the rest under `default`. */
export function errorResponsesOf(route: Pick<RouteSpec<z.ZodType, z.ZodType, z.ZodType>, "auth" | "body">): Record<string, unknown> {
  return {
    400: ref("responses", "BadRequest"),
    ...(route.auth ? { 401: ref("responses", "Unauthenticated"), 403: ref("responses", "Forbidden") } : {}),
    ...(route.body ? { 413: ref("responses", "PayloadTooLarge") } : {}),
    429: ref("responses", "TooManyRequests"),
    500: ref("responses", "Internal"),
    503: ref("responses", "Unavailable"),
    default: {
      description: "Another error, as RFC 9457 problem details (404 NOT_FOUND, 409 conflicts, 422 business refusals, …)",
      content: { "application/problem+json": { schema: ref("schemas", "Problem") } },
    },
  };
}
