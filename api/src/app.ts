/**
 * Builds the Express application without listening, so that tests drive it in-process. The composition root
 * (server.ts) passes in the route tables it built.
 */
import express from "express";
import type { TokenService } from "./auth/tokens";
import { consoleRoutes } from "./http/console";
import { docsAssets, docsPage } from "./http/docs";
import { jsonBody } from "./http/json-body";
import { DOCUMENT_BODY_LIMIT } from "./documents/document.routes";
import { parseQuery } from "./http/query";
import { healthRoutes, type HealthChecks } from "./health/health.routes";
import { notFound, problemHandler } from "./http/problem-handler";
import { metricsRoute, type MetricsAccess } from "./http/metrics-route";
import { DEFAULT_RATE_LIMITS, rateLimit, type BucketStore, type RateLimits } from "./http/rate-limit";
import { requestLog, SLOW_REQUEST_MS, type RequestLine, type SlowRequestLine } from "./http/request-log";
import { securityHeaders } from "./http/security-headers";
import type { RouteTable } from "./http/route";
import type { TrustProxy } from "./config";
import { buildOpenApi } from "./openapi";

export interface AppDeps {
  health: HealthChecks;
  tokens: TokenService;
  /** Where unexpected (5xx) errors are reported; never to the client. */
  logError: (e: unknown) => void;
  tables?: RouteTable[];
  rateLimits?: RateLimits;
  /** Milliseconds the buckets refill on; the wall clock unless a test holds it still. */
  rateLimitClock?: () => number;
  /** Where the buckets live: this process's memory unless several processes share them through the database. */
  rateLimitStore?: BucketStore;
  /** Whose X-Forwarded-For and -Proto to believe: what `req.ip` (the per-address limit) and `req.secure` (HSTS) read. */
  trustProxy?: TrustProxy;
  /** Send HSTS on every answer, not only on those that arrived over TLS. */
  hsts?: boolean;
  /** Receives one line per request, once its response is sent (the structured log and the metrics). */
  requestLine?: (line: RequestLine) => void;
  /** Hears of a request still running after SLOW_REQUEST_MS, while it runs. */
  slowRequest?: (line: SlowRequestLine) => void;
  /** Serves GET /metrics when given. */
  metrics?: MetricsAccess;
  /** Where the built web console is (web/dist unless a test gives another). */
  consoleDir?: string;
}

/** Bodies are small JSON documents; anything larger is refused before it is parsed. */
export const BODY_LIMIT = "64kb";

export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", parseQuery);
  app.set("trust proxy", deps.trustProxy ?? false);
  if (deps.requestLine) {
    const warn = deps.slowRequest;
    app.use(requestLog(deps.requestLine, undefined, warn && { afterMs: SLOW_REQUEST_MS, warn }));
  }
  app.use(securityHeaders({ hsts: deps.hsts ?? false }));
  // The console's files are static and the same for everyone: they load before anyone signs in, a dozen at a
  // time, and must not spend the per-address allowance that guards sign-in (an office behind one address).
  app.use(consoleRoutes(deps.consoleDir));
  app.use(rateLimit(deps.rateLimits ?? DEFAULT_RATE_LIMITS, deps.rateLimitClock, deps.rateLimitStore));
  // Documents travel in base64 inside their JSON body; every other body stays small.
  app.use("/documents", jsonBody(DOCUMENT_BODY_LIMIT));
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
