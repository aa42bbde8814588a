/**
 * A whole platform for API tests: a real embedded chain in a temporary directory, a real database (PGlite, or
 * the PostgreSQL server when DATABASE_URL is set), the seeded cast, and the Express app to drive with supertest.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeJwt } from "jose";
import request from "supertest";
import { readConfig, type Config } from "../../api/src/config";
import { openPlatform, type Platform, type PlatformOptions } from "../../api/src/platform";
import type { ChainConfig } from "../../chain/connect";
import { createServer, type Server, type ServerOptions } from "../../api/src/server";
import { DEMO_PASSWORD, loadSeeds, type SeededOrganisation } from "../../seeds/load";
import { onFabricNetwork } from "../fabric/support/fabric-network";
import { testDatabase, type TestDatabase } from "./database";
import { ignore } from "./quiet";
import { contractChecked, responseContract } from "./response-contract";

export type Handle = "operator" | "regulator" | "core" | "tier1" | "tier2" | "tier3" | "tier4" | "core2" | "core2-tier1" | "bank" | "bank2" | "settlement-bank" | "warehouse" | "guarantor" | "insurer";
export type Role = "admin" | "maker" | "checker";

export interface TestApi {
  platform: Platform;
  server: Server;
  orgs: Record<Handle, SeededOrganisation>;
  /** A bearer header for `handle`'s user in `role`. */
  as(handle: Handle, role?: Role): Promise<{ Authorization: string }>;
  /** Every answer to a request made through it is checked against /openapi.json (helpers/response-contract.ts). */
  http(): ReturnType<typeof request>;
  /** Unexpected errors the app logged (a test can assert there were none). */
  errors: unknown[];
  close(): Promise<void>;
}

const quiet = { info: ignore, warn: ignore };

/** The ledger a test platform starts on: the embedded chain unless a test names another. */
export interface TestLedger {
  /** The chain configuration, given the platform's temporary data directory. */
  chain?: (dataDir: string) => ChainConfig;
  platform?: PlatformOptions;
}

export async function testApi(options: Partial<ServerOptions> = {}, ledger: TestLedger = {}): Promise<TestApi> {
  if (process.env.SCF_TEST_LEDGER === "fabric" && !ledger.chain) {
    const { started, close } = await onFabricNetwork((network) => testApi(options, network.ledger));
    return { ...started, close };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "scf-api-"));
  const tdb: TestDatabase = await testDatabase();
  const config: Config = {
    port: 0,
    dataDir,
    database: tdb.config,
    chain: ledger.chain?.(dataDir) ?? { mode: "embedded", dataDir },
    masterKey: "5c".repeat(32),
    deployerKey: undefined,
    seed: true,
    jobIntervalMs: 100,
    metricsAllow: [],
    http: readConfig({}).http,
    // The tests' webhook receivers listen on loopback, which only this switch allows.
    webhooks: readConfig({ SCF_WEBHOOK_ALLOW_PRIVATE: "1" }).webhooks,
  };
  const platform = await openPlatform(config, quiet, ledger.platform);
  const errors: unknown[] = [];
  const server = await createServer(platform, {
    log: { ...quiet, error: (e) => errors.push(e) },
    // Tests send far faster than any person; the limits have tests of their own.
    rateLimits: { credential: { perSecond: 100_000, burst: 100_000 }, address: { perSecond: 100_000, burst: 100_000 } },
    jobIntervalMs: 100,
    webhookTargets: config.webhooks,
    ...options,
  });
  const seeded = await loadSeeds(server.services);
  const orgs = Object.fromEntries(seeded.map((o) => [o.handle, o])) as Record<Handle, SeededOrganisation>;
  const tokens = new Map<string, string>();
  const contract = responseContract((await request(server.app).get("/openapi.json").expect(200)).body as Parameters<typeof responseContract>[0]);
  return {
    platform,
    server,
    orgs,
    errors,
    async as(handle, role = "maker") {
      const key = `${handle}/${role}`;
      let token = tokens.get(key);
      // On Fabric a test moves the process's Date to travel in time (either-ledger.ts), and tokens expire by it.
      if (!token || (decodeJwt(token).exp ?? 0) * 1000 <= Date.now() + 5_000) {
        const email = orgs[handle].users.find((u) => u.role === role)!.email;
        token = (await server.services.auth.login(email, DEMO_PASSWORD)).accessToken;
        tokens.set(key, token);
      }
      return { Authorization: `Bearer ${token}` };
    },
    http: () => contractChecked(server.app, contract),
    async close() {
      await server.stop();
      await platform.close();
      await tdb.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
