import { z } from "zod";
import { RouteTable } from "../http/route";

export interface HealthChecks {
  /** Throws a typed unavailable error when the chain does not answer. */
  chain(): Promise<void>;
  /** Throws DatabaseUnavailableError when the database does not answer. */
  database(): Promise<void>;
}

/** `/health`: the process is alive. `/ready`: it can serve, because the chain and the database both answer. */
export function healthRoutes(checks: HealthChecks): RouteTable {
  return new RouteTable()
    .addPublic(
      {
        method: "get",
        path: "/health",
        summary: "Liveness: the process answers",
        tags: ["operations"],
        auth: false,
        responses: { 200: { description: "Alive", schema: z.object({ status: z.literal("ok") }) } },
      },
      () => ({ status: "ok" }),
    )
    .addPublic(
      {
        method: "get",
        path: "/ready",
        summary: "Readiness: the chain and the database both answer",
        tags: ["operations"],
        auth: false,
        responses: {
          200: {
            description: "Ready",
            schema: z.object({ status: z.literal("ready"), chain: z.literal("ok"), database: z.literal("ok") }),
          },
        },
      },
      async () => {
        await checks.chain();
        await checks.database();
        return { status: "ready", chain: "ok", database: "ok" };
      },
    );
}
