/**
 * The document /openapi.json serves, without a chain or a database: the route declarations it is built from do not
 * touch the platform until a request arrives, so the composition root is given an inert one, which answers any
 * property or call with itself.
 */
import request from "supertest";
import type { Platform } from "../../api/src/platform";
import { createServer } from "../../api/src/server";
import { ignore } from "./quiet";

const inert: unknown = new Proxy(() => undefined, {
  // Not a thenable: awaiting it gives it back.
  get: (_target, key) => (key === "then" ? undefined : inert),
  apply: () => inert,
});

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const server = await createServer(inert as Platform, { log: { info: ignore, warn: ignore, error: ignore }, jobIntervalMs: 1000 });
  return (await request(server.app).get("/openapi.json").expect(200)).body as Record<string, unknown>;
}
