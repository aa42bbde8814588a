/**
 * `/docs`: Swagger UI over `/openapi.json`, served from the installed swagger-ui-dist package (no CDN: these
 * machines, and many bank networks, reach no internet).
 */
import path from "node:path";
import express, { type RequestHandler, Router } from "express";

const ASSETS = path.dirname(require.resolve("swagger-ui-dist/package.json"));

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>scf-ledger API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs-init.js"></script>
</body>
</html>
`;

// Inline scripts are blocked by the page's Content-Security-Policy, so the start-up code is a file too.
const INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#docs", deepLinking: true, persistAuthorization: true });\n`;

// The page replaces the API's policy (http/security-headers.ts) with what Swagger UI needs, and keeps frame-ancestors.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";

export const docsPage: RequestHandler = (_req, res) => {
  res.set("Content-Security-Policy", CSP).type("html").send(PAGE);
};

export function docsAssets(): Router {
  const r = Router();
  r.get("/docs/assets/docs-init.js", (_req, res) => {
    res.type("application/javascript").send(INIT);
  });
  r.use("/docs/assets", express.static(ASSETS, { index: false }));
  return r;
}
