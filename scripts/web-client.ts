/**
 * npm run web:client: regenerates the console's typed API client (web/src/api/schema.d.ts and operations.ts) from
 * the server's own OpenAPI document. test/web/client-drift.test.ts fails when the committed files differ.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "../api/src/openapi-document";
import { clientFiles } from "./web-client-schema";

async function main(): Promise<void> {
  for (const [file, content] of Object.entries(await clientFiles(await openApiDocument()))) {
    writeFileSync(file, content);
    console.log(`Wrote ${path.relative(process.cwd(), file)}`);
  }
  process.exit(0);
}

void main();
