/**
 * The HTTP server in front of the app, with the limits a slow or greedy client would otherwise exhaust: how long
 * a client may take to send its headers and its whole request, how long an idle keep-alive connection is held,
 * and how many connections are open at once (beyond it, new ones are closed as they arrive).
 */
import http from "node:http";
import type { RequestListener } from "node:http";

export interface ServerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/** Headers within 10 s, the whole request within 30 s, idle connections closed after 5 s, 1,000 connections. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000 };

/** A server with `limits` applied, not yet listening. */
export function httpServer(app: RequestListener, limits: ServerLimits): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above on this period (30 s by default, longer than the timeouts themselves).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
    },
    app,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}

/** Listens on `port` (0 for any free one); resolves once it does. */
export async function listen(app: RequestListener, port: number, limits: ServerLimits): Promise<http.Server> {
  const server = httpServer(app, limits);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
