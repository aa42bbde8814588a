/**
 * The console's generated client (web/src/api/schema.d.ts and operations.ts) is what `npm run web:client` makes
 * from the server's OpenAPI document today: a route, a field or a permission changed without regenerating fails
 * here, before the console sends what the API no longer accepts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFiles } from "../../scripts/web-client-schema";
import { testApi, type TestApi } from "../helpers/api";

let api: TestApi;

beforeAll(async () => {
  api = await testApi();
});

afterAll(async () => {
  await api.close();
});

describe("the console's generated API client", () => {
  it("when generated from the server's /openapi.json, then it equals the committed files (run npm run web:client if not)", async () => {
    const document: unknown = (await api.http().get("/openapi.json").expect(200)).body;
    const files = await clientFiles(document);
    expect(Object.keys(files).map((f) => path.basename(f)).sort()).toEqual(["operations.ts", "schema.d.ts"]);
    for (const [file, content] of Object.entries(files)) {
      expect(readFileSync(file, "utf8"), `${path.relative(process.cwd(), file)} is stale: run npm run web:client`).toBe(content);
    }
  });

  it("when an operation is restricted, then its who-may-call row names the same kinds and roles as the route", async () => {
    const { OPERATIONS } = await import("../../web/src/api/operations");
    const spec = api.server.specs.find((s) => s.method === "post" && s.path === "/approvals/:id/approve");
    expect(spec?.roles).toBeDefined();
    expect(OPERATIONS["POST /approvals/{id}/approve"].roles).toEqual(spec?.roles);
    for (const s of api.server.specs) {
      const row = (OPERATIONS as Record<string, { kinds: readonly string[] | null; roles: readonly string[] | null }>)[
        `${s.method.toUpperCase()} ${s.path.replace(/:(\w+)/g, "{$1}")}`
      ];
      expect(row, `${s.method} ${s.path}`).toEqual({ kinds: s.kinds ?? null, roles: s.roles ?? null });
    }
  });
});
