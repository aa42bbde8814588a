/**
 * The server's OpenAPI document without a running server: a throwaway platform (embedded chain, in-memory
 * PGlite in a temporary directory, no seed) builds the same route tables `npm start` does. What the console's
 * generated client (`npm run web:client`) and its drift test are made from.
 */
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { readConfig } from "./config";
import { openPlatform } from "./platform";
import { createServer } from "./server";

const silent = () => undefined;

export async function openApiDocument(): Promise<unknown> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "scf-openapi-"));
  try {
    const config = readConfig({ SCF_DATA_DIR: dataDir, SCF_SEED: "0", SCF_MASTER_KEY: "00".repeat(32) });
    const platform = await openPlatform(config, { info: silent, warn: silent });
    try {
      const server = await createServer(platform, { log: { info: silent, warn: silent, error: silent }, jobIntervalMs: 60_000 });
      const http = server.app.listen(0, "127.0.0.1");
      try {
        await once(http, "listening");
        const { port } = http.address() as AddressInfo;
        return await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json();
      } finally {
        http.close();
        await server.stop();
      }
    } finally {
      await platform.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
