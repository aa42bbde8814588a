/**
 * The one API client: openapi-fetch over the generated `paths` (schema.d.ts, `npm run web:client`). It signs each
 * request with the session's access token and, when the API answers 401 to an expired one, refreshes once and
 * retries, so that a page never loses what the user typed to an expired token.
 */
import createClient from "openapi-fetch";
import { ApiProblem, unexpectedProblem, type ProblemDocument } from "./problem";
import { accessTokenNow, refreshSession } from "./session";
import type { paths } from "./schema";

function signed(request: Request): Request {
  const token = accessTokenNow();
  const next = new Request(request);
  if (token) next.headers.set("Authorization", `Bearer ${token}`);
  return next;
}

async function sessionFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const sentWith = accessTokenNow();
  const first = await fetch(signed(request));
  if (first.status !== 401 || request.url.endsWith("/auth/login") || request.url.endsWith("/auth/refresh")) return first;
  // A refresh that finished while this request was out has already replaced the token it carried: another refresh
  // would only rotate the new tokens again.
  const now = accessTokenNow();
  if (now !== undefined && now !== sentWith) return fetch(signed(retry));
  if (!(await refreshSession())) return first;
  return fetch(signed(retry));
}

export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: sessionFetch });

/**
 * The data of a successful answer, or an ApiProblem thrown: what TanStack Query's queryFn and mutationFn want.
 * Every call site passes what openapi-fetch returned.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw unexpectedProblem(0, "network");
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  if (error && typeof error === "object" && "code" in error) throw new ApiProblem(error as ProblemDocument);
  throw unexpectedProblem(response.status, response.statusText);
}

/** A fresh Idempotency-Key for one submission of a form: a retry of that submission reuses it. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
