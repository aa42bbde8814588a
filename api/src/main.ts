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
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { ChainError } from "../../chain/errors";
import { ConfigError, readConfig } from "./config";
import { DatabaseUnavailableError } from "./db/unavailable";
import { processLog } from "./log";
import { StartupError } from "./startup-error";
import { listen } from "./http/listen";
import { assertSupportedNode } from "./node-version";
import { openPlatform } from "./platform";
import { createServer } from "./server";
import { verifiersFrom } from "./verification/verifiers";
import { DEMO_PASSWORD, loadSeeds } from "../../seeds/load";
import { bilingualName } from "../../seeds/organisations";

const log = processLog({ pretty: process.stdout.isTTY });
/** The ledger this start is on, once the configuration is read: what a failure to reach it tells to check. */
let startingOn: string | undefined;

async function main(): Promise<void> {
  assertSupportedNode();
  const args = process.argv.slice(2);
  const config = readConfig();
  startingOn = config.chain.mode;
  if (args.includes("--reset")) {
    if (config.chain.mode !== "embedded" || config.database.kind !== "pglite") {
      throw new ConfigError("--reset only deletes the embedded data directory; reset an external chain or database yourself");
    }
    if (existsSync(config.dataDir)) rmSync(config.dataDir, { recursive: true, force: true });
    log.info(`Deleted ${config.dataDir}`);
  }
  // Before deploying or seeding anything: a busy port found after a minute's work helps no one.
  await assertPortFree(config.port);
  const started = performance.now();
  const platform = await openPlatform(config, log);
  const { rateLimits, trustProxy, hsts, idempotencyLeaseMs } = config.http;
  const server = await createServer(platform, {
    log,
    jobIntervalMs: config.jobIntervalMs,
    rateLimits,
    idempotencyLeaseMs,
    trustProxy,
    hsts,
    requestLog: (line) => log.request(line),
    slowRequest: (line) => log.logger.warn(line, "request still running"),
    metricsAllow: config.metricsAllow,
    webhookTargets: config.webhooks,
    // A gateway for each one configured (SCF_REGISTRY_URL, SCF_INVOICE_VERIFIER_URL); the embedded sandbox otherwise.
    verifiers: verifiersFrom(config.verification),
  });
  const seeded = config.seed ? await loadSeeds(server.services, (m) => log.info(m)) : [];
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
      log.info(`  ${o.handle.padEnd(16)} ${bilingualName(o)} — ${users}`);
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

async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" ? new StartupError(`port ${port} is in use: stop what listens there, or start with PORT=<another port>`) : e),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/** What a newcomer can fix is one line that says what to do; anything else is a defect, and gets its stack. */
function startupFailure(e: unknown): string {
  if (e instanceof ConfigError) return `configuration: ${e.message}`;
  if (e instanceof StartupError) return e.message;
  if (e instanceof DatabaseUnavailableError) return "the database is not reachable: start PostgreSQL, or check DATABASE_URL";
  // Contracts or chaincode that are not this platform's: the message says what to do.
  if (e instanceof ChainError && e.code === "CONTRACTS_MISSING") return e.message;
  if (e instanceof ChainError && e.code === "CHAIN_UNAVAILABLE") {
    return startingOn === "fabric"
      ? "the Fabric peer's gateway is not reachable: start the network, or check FABRIC_GATEWAY_ENDPOINT and FABRIC_TLS_CERT"
      : "the chain is not reachable: start the node, or check CHAIN_RPC_URL";
  }
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

main().catch((e: unknown) => {
  console.error(`[scf] could not start: ${startupFailure(e)}`);
  process.exit(1);
});
