/**
 * /openapi.json against Spectral's OpenAPI rules and the OWASP API Security ruleset (api/openapi.spectral.ts):
 * no errors, and every operation documents the problems its pipeline may answer, with the rate-limit headers.
 */
import { Document, Spectral } from "@stoplight/spectral-core";
import { Json } from "@stoplight/spectral-parsers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENAPI_DOCUMENT_SOURCE, openApiRuleset } from "../../api/openapi.spectral";
import { testApi, type TestApi } from "../helpers/api";
import { ifOpened } from "../helpers/teardown";

interface Operation {
  security: unknown[];
  responses: Record<string, unknown>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { headers: Record<string, unknown> }> };
}

/** Spectral's DiagnosticSeverity.Error. */
const isError = (severity: number) => severity === 0;

describe("the OpenAPI document", () => {
  let doc: Doc;
  let api: TestApi | undefined;
  // The document the real server serves, on the same platform the route tests run against.
  beforeAll(async () => {
    api = await testApi();
    doc = (await api.http().get("/openapi.json").expect(200)).body as Doc;
  });
  afterAll(async () => {
    await ifOpened(api)?.close();
  });

  it("when linted with Spectral and the OWASP ruleset, then no errors", async () => {
    const spectral = new Spectral();
    spectral.setRuleset(openApiRuleset);
    const results = await spectral.run(new Document(JSON.stringify(doc, null, 2), Json, OPENAPI_DOCUMENT_SOURCE));
    const errors = results.filter((r) => isError(r.severity)).map((r) => `${r.code} at ${r.path.join(".")}: ${r.message}`);
    expect(errors).toEqual([]);
  });

  it("when an operation is read, then it documents 400, 429 and 500 problems, and 401 when it needs a credential, each with the rate-limit headers", () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method} ${path}`, op })));
    expect(operations.length).toBeGreaterThan(50);
    for (const { name, op } of operations) {
      const statuses = ["400", "429", "500", ...(op.security.length ? ["401"] : [])];
      for (const status of statuses) expect(op.responses[status], `${name} ${status}`).toBeDefined();
    }
    for (const [name, response] of Object.entries(doc.components.responses)) {
      expect(Object.keys(response.headers), name).toEqual(expect.arrayContaining(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]));
    }
    expect(Object.keys(doc.components.responses.TooManyRequests.headers)).toContain("Retry-After");
  });
});
