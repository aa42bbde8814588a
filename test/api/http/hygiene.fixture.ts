/**
 * A small but real application for the HTTP layer's own tests: buildApp with /health and /docs, and one
 * authenticated route whose guard knows a single good credential (anything else is a 401, as a made-up token is).
 */
import { z } from "zod";
import { buildApp, type AppDeps } from "../../../api/src/app";
import type { Actor } from "../../../api/src/auth/actor";
import { newSigningKey, TokenService } from "../../../api/src/auth/tokens";
import { AppError } from "../../../api/src/errors";
import { RouteTable, type Guard } from "../../../api/src/http/route";

export const GOOD = "Bearer the-one-good-token";

const guard: Guard = {
  actorOf: (authorization) => {
    if (authorization !== GOOD) return Promise.reject(new AppError("TOKEN_INVALID"));
    return Promise.resolve({ principalId: "erp", kind: "api-key", userId: undefined, role: "maker", org: { id: "o", name: "o", account: "0x0", kinds: ["supplier"] } } as unknown as Actor);
  },
  idempotency: { begin: () => Promise.resolve("claimed"), abandon: () => Promise.resolve() },
  audit: { append: () => Promise.resolve() },
  requestDigest: () => "digest",
};

export async function hygieneApp(deps: Partial<AppDeps> = {}) {
  const table = new RouteTable(guard).add(
    { method: "get", path: "/whoami", summary: "Who is calling", tags: ["test"], auth: true, responses: { 200: { description: "ok", schema: z.object({ principal: z.string() }) } } },
    ({ actor }) => ({ principal: actor.principalId }),
  );
  return buildApp({
    health: { chain: () => Promise.resolve(), database: () => Promise.resolve() },
    tokens: new TokenService(await newSigningKey("k-hygiene"), "scf-ledger", "scf-ledger-api"),
    logError: () => undefined,
    tables: [table],
    ...deps,
  });
}
