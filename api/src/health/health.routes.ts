import { Router } from "express";

export interface HealthChecks {
  /** Throws a typed unavailable error when the chain does not answer. */
  chain(): Promise<void>;
  /** Throws DatabaseUnavailableError when the database does not answer. */
  database(): Promise<void>;
}

/** `/health`: the process is alive. `/ready`: it can serve, because the chain and the database both answer. */
export function healthRoutes(checks: HealthChecks): Router {
  const r = Router();
  r.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  r.get("/ready", async (_req, res) => {
    await checks.chain();
    await checks.database();
    res.json({ status: "ready", chain: "ok", database: "ok" });
  });
  return r;
}
