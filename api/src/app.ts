/**
 * Builds the Express application without listening, so that tests drive it in-process. The composition root
 * (server.ts) passes in the route tables it built.
 */
import express from "express";
import type { TokenService } from "./auth/tokens";
import { docsAssets, docsPage } from "./http/docs";
import { jsonBody } from "./http/json-body";
import { parseQuery } from "./http/query";
import { healthRoutes, type HealthChecks } from "./health/health.routes";
import { notFound, problemHandler } from "./http/problem-handler";
import { metricsRoute, type MetricsAccess } from "./http/metrics-route";
import { rateLimit, type RateLimit } from "./http/rate-limit";
import { requestLog, type RequestLine } from "./http/request-log";
import type { RouteTable } from "./http/route";
import { buildOpenApi } from "./openapi";

export interface AppDeps {
  health: HealthChecks;
  tokens: TokenService;
  /** Where unexpected (5xx) errors are reported; never to the client. */
  logError: (e: unknown) => void;
  tables?: RouteTable[];
  rateLimit?: RateLimit;
  /** Receives one line per request, once its response is sent (the structured log and the metrics). */
  requestLine?: (line: RequestLine) => void;
  /** Serves GET /metrics when given. */
  metrics?: MetricsAccess;
}

/** Bodies are small JSON documents; anything larger is refused before it is parsed. */
export const BODY_LIMIT = "64kb";
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 200, burst: 400 };

export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", parseQuery);
  if (deps.requestLine) app.use(requestLog(deps.requestLine));
  app.use(rateLimit(deps.rateLimit ?? DEFAULT_RATE_LIMIT));
  app.use(jsonBody(BODY_LIMIT));
  const tables: RouteTable[] = [healthRoutes(deps.health), ...(deps.tables ?? [])];
  for (const t of tables) app.use(t.router);
  app.get("/.well-known/jwks.json", (_req, res) => {
    res.json(deps.tokens.jwks());
  });
  const openapi = buildOpenApi(
    {
      title: "scf-ledger",
      version: "0.1.0",
      description:
        "Blockchain supply-chain finance: digital payable vouchers that carry a core enterprise's credit to every tier of its suppliers. Money is a decimal string of yuan with at most two decimals; errors are RFC 9457 problem documents with a stable `code`.",
    },
    tables.flatMap((t) => t.specs),
  );
  app.get("/openapi.json", (_req, res) => {
    res.json(openapi);
  });
  if (deps.metrics) app.get("/metrics", metricsRoute(deps.metrics));
  app.get("/docs", docsPage);
  app.use(docsAssets());
  app.use(notFound);
  app.use(problemHandler(deps.logError));
  return app;
}
