/**
 * GET /metrics for Prometheus. Metrics tell an outsider how busy each organisation's routes are, so they are
 * served only to a scraper at a configured address (SCF_METRICS_ALLOW, matched against the address the
 * `trust proxy` setting gives) or to a signed-in operator.
 */
import type { RequestHandler } from "express";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import type { Metrics } from "../metrics";

export interface MetricsAccess {
  metrics: Metrics;
  /** Addresses a scraper may call from without credentials. */
  allow: readonly string[];
  actorOf(authorization: string | undefined): Promise<Actor>;
}

export function metricsRoute(access: MetricsAccess): RequestHandler {
  return async (req, res) => {
    if (!access.allow.includes(req.ip ?? "")) {
      const actor = await access.actorOf(req.get("authorization"));
      if (!actor.org.kinds.includes("operator")) throw new AppError("FORBIDDEN", "Only the operator, or a scraper at an allowed address, reads the metrics");
    }
    const { contentType, body } = await access.metrics.text();
    res.type(contentType).set("Cache-Control", "no-store").send(body);
  };
}
