/**
 * npm start: the platform in one process. Opens the database (migrating it), the key vault, the chain
 * (deploying the contracts on first start) and the indexer; loads the demo cast on first start; serves the API;
 * runs the background jobs; and on Ctrl-C (or SIGTERM) stops taking requests, lets the running ones finish, stops
 * the jobs and closes the chain and the database in that order, so that no block-log record is torn and no
 * database transaction is left half-done.
 *
 *   npm start                 start, or pick up where the last run stopped
 *   npm start -- --reset      delete the embedded data directory first and start over
 */
import { existsSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { ConfigError, readConfig } from "./config";
import { listen } from "./http/listen";
import { openPlatform } from "./platform";
import { createServer } from "./server";
import { DEMO_PASSWORD, loadSeeds } from "../../seeds/load";

const log = {
  info: (m: string) => console.log(`[scf] ${m}`),
  warn: (m: string) => console.warn(`[scf] warning: ${m}`),
  error: (e: unknown) => console.error("[scf] error:", e),
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const config = readConfig();
  if (args.includes("--reset")) {
    if (config.chain.mode !== "embedded" || config.database.kind !== "pglite") {
      throw new ConfigError("--reset only deletes the embedded data directory; reset an external chain or database yourself");
    }
    if (existsSync(config.dataDir)) rmSync(config.dataDir, { recursive: true, force: true });
    log.info(`Deleted ${config.dataDir}`);
  }
  const started = performance.now();
  const platform = await openPlatform(config, log);
  const { rateLimits, trustProxy, hsts } = config.http;
  const server = await createServer(platform, { log, jobIntervalMs: config.jobIntervalMs, rateLimits, trustProxy, hsts });
  const seeded = config.seed ? await loadSeeds(server.services, log.info) : [];
  server.start();
  const http = await listen(server.app, config.port, config.http);
  const port = (http.address() as AddressInfo).port;
  const base = `http://localhost:${port}`;
  log.info(`Ready in ${((performance.now() - started) / 1000).toFixed(1)} s: chain ${platform.deployment.chainId} (${config.chain.mode}), database ${config.database.kind}, data in ${config.dataDir}`);
  log.info(`API  ${base}`);
  log.info(`Docs ${base}/docs   (OpenAPI: ${base}/openapi.json)`);
  if (seeded.length) {
    log.info(`Seeded users (password "${DEMO_PASSWORD}"); log in with: curl -s ${base}/auth/login -H 'content-type: application/json' -d '{"email":"…","password":"${DEMO_PASSWORD}"}'`);
    for (const o of seeded) {
      const users = o.users.map((u) => `${u.role} ${u.email}`).join(", ");
      console.log(`       ${o.handle.padEnd(16)} ${o.nameEn} — ${users}`);
    }
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn("Second signal: exiting without waiting");
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: finishing requests in flight, then stopping`);
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    await closed;
    await server.stop();
    await platform.close();
    log.info("Stopped cleanly");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(`[scf] configuration: ${e.message}`);
  else console.error("[scf] could not start:", e);
  process.exit(1);
});
