/**
 * How `npm test` lints /openapi.json (test/api/openapi-lint.test.ts): Spectral's OpenAPI rules and the OWASP API
 * Security ruleset, with 0 errors allowed. The OWASP limits on strings and arrays exist to bound what a client can
 * make the server parse, so they are applied to what a client sends (parameters and request bodies) and not to
 * the responses, which the server writes itself. Every rule turned off or narrowed says why beside it.
 */
import { Ruleset, type RulesetDefinition } from "@stoplight/spectral-core";
import owasp from "@stoplight/spectral-owasp-ruleset";
import { oas } from "@stoplight/spectral-rulesets";

/** Where a client's input is described: every parameter and request body (references resolved). */
const REQUEST_PARTS = ["$.paths[*][*].parameters[*]", "$.paths[*][*].requestBody"];

/** Every schema of `type` (or a type list that includes it) inside what a client sends. */
const requestSchemasOf = (type: string) =>
  REQUEST_PARTS.flatMap((part) => [
    `${part}..[?(@ && @.type=="${type}")]`,
    `${part}..[?(@ && @.type && @.type.constructor.name === "Array" && @.type.includes("${type}"))]`,
  ]);

type Rule = (typeof owasp.rules)[keyof typeof owasp.rules];

/** An OWASP rule as it is, over the request schemas of `type` only. */
const overRequests = (name: keyof typeof owasp.rules, type: string): Rule => ({ ...owasp.rules[name], given: requestSchemasOf(type) }) as Rule;

/**
 * Operations anyone may call, by design: signing in, refreshing a session, applying to join, and a device sending
 * readings (each authenticated by the device's Ed25519 signature in the body, which no security scheme describes).
 */
const PUBLIC_WRITES = ["/auth/login", "/auth/refresh", "/applications", "/iot/readings"];

/**
 * Spectral matches overrides by file name relative to the ruleset's: the document is linted as /openapi.json, and
 * the ruleset named as if it sat beside it.
 */
export const OPENAPI_DOCUMENT_SOURCE = "/openapi.json";

const definition = {
  extends: [
    [oas, "recommended"],
    [owasp, "recommended"],
  ],
  rules: {
    // Bounds what a client may send; a response's strings and arrays are written by the server, not parsed by it.
    "owasp:api4:2023-string-limit": "off",
    "scf:request-string-limit": overRequests("owasp:api4:2023-string-limit", "string"),
    "owasp:api4:2023-array-limit": "off",
    "scf:request-array-limit": overRequests("owasp:api4:2023-array-limit", "array"),
    // A warning about the shape of strings: requests only, for the same reason.
    "owasp:api4:2023-string-restricted": "off",
    "scf:request-string-restricted": overRequests("owasp:api4:2023-string-restricted", "string"),
    // The API sends no CORS headers on purpose: browsers on other origins may not read it; the console and /docs
    // are served from the same origin. Documenting Access-Control-Allow-Origin would describe a header never sent.
    "owasp:api8:2023-define-cors-origin": "off",
  },
  overrides: [
    {
      // These writes are public by design (they are how a caller gets credentials or applies for them, or carry
      // their own signatures); each is limited per address instead (http/rate-limit.ts).
      files: PUBLIC_WRITES.map((p) => `openapi.json#/paths/${p.replaceAll("/", "~1")}`),
      rules: { "owasp:api2:2023-write-restricted": "off" },
    },
  ],
} as RulesetDefinition;

export const openApiRuleset = new Ruleset(definition, { source: "/openapi.spectral.ts" });
