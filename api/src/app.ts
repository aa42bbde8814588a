/**
 * Builds the Express application without listening, so that tests drive it in-process. The composition root
 * (main.ts, next) passes in what it opened.
 */
import express from "express";
import type { TokenService } from "./auth/tokens";
import { healthRoutes, type HealthChecks } from "./health/health.routes";
import { notFound, problemHandler } from "./http/problem-handler";
import type { RouteTable } from "./http/route";
import { buildOpenApi } from "./openapi";

export interface AppDeps {
  health: HealthChecks;
  tokens: TokenService;
  /** Where unexpected (5xx) errors are reported; never to the client. */
  logError: (e: unknown) => void;
}

/** Bodies are small JSON documents; anything larger is refused before it is parsed. */
export const BODY_LIMIT = "64kb";

export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(express.json({ limit: BODY_LIMIT }));
  const tables: RouteTable[] = [healthRoutes(deps.health)];
  for (const t of tables) app.use(t.router);
  app.get("/.well-known/jwks.json", (_req, res) => {
    res.json(deps.tokens.jwks());
  });
  const openapi = buildOpenApi(
    { title: "scf-ledger", version: "0.1.0", description: "Blockchain supply-chain finance platform API" },
    tables.flatMap((t) => t.specs),
  );
  app.get("/openapi.json", (_req, res) => {
    res.json(openapi);
  });
  app.use(notFound);
  app.use(problemHandler(deps.logError));
  return app;
}
