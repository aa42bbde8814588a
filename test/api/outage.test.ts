/**
 * A chain or a database that goes down, through the whole HTTP stack: the platform on an external chain
 * (`hardhat node`) and the PostgreSQL server, each reached through a TCP proxy the test can cut. While either is
 * down, writes answer 503 with a stable code and nothing is half-written; once both are back, the same request
 * succeeds and the regulator's reconciliation finds the database equal to the chain.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig, type Config } from "../../api/src/config";
import { openPlatform, type Platform } from "../../api/src/platform";
import { createServer, type Server } from "../../api/src/server";
import { DEMO_PASSWORD, loadSeeds, type SeededOrganisation } from "../../seeds/load";
import { serverDatabaseBehindProxy } from "../helpers/database";
import { HARDHAT_0, startHardhatNode, type HardhatNode } from "../helpers/hardhat-node";
import { silentLog } from "../helpers/quiet";
import { TcpProxy } from "../helpers/tcp-proxy";
import { ifOpened } from "../helpers/teardown";

describe("a chain or a database that is down", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "scf-outage-"));
  let node: HardhatNode;
  let chainProxy: TcpProxy;
  let db: Awaited<ReturnType<typeof serverDatabaseBehindProxy>>;
  let platform: Platform;
  let server: Server;
  let orgs: Record<string, SeededOrganisation>;
  const auth = new Map<string, { Authorization: string }>();

  beforeAll(async () => {
    node = await startHardhatNode();
    chainProxy = new TcpProxy(node.port);
    await chainProxy.start();
    db = await serverDatabaseBehindProxy();
    const config: Config = {
      port: 0,
      dataDir,
      database: { kind: "postgres", url: db.url, poolSize: 4 },
      chain: { mode: "external", rpcUrl: `http://127.0.0.1:${chainProxy.port}`, dataDir },
      masterKey: "7e".repeat(32),
      deployerKey: HARDHAT_0,
      seed: true,
      jobIntervalMs: 100,
      metricsAllow: [],
      http: readConfig({}).http,
      webhooks: readConfig({}).webhooks,
    };
    platform = await openPlatform(config, silentLog);
    server = await createServer(platform, { log: silentLog, rateLimits: { credential: { perSecond: 10_000, burst: 10_000 }, address: { perSecond: 10_000, burst: 10_000 } }, jobIntervalMs: 100 });
    orgs = Object.fromEntries((await loadSeeds(server.services)).map((o) => [o.handle, o]));
    for (const h of ["tier1", "tier2"]) {
      const email = orgs[h].users.find((u) => u.role === "maker")!.email;
      auth.set(h, { Authorization: `Bearer ${(await server.services.auth.login(email, DEMO_PASSWORD)).accessToken}` });
    }
  }, 300_000);

  afterAll(async () => {
    await ifOpened(server)?.stop();
    await ifOpened(platform)?.close().catch(() => undefined);
    await ifOpened(chainProxy)?.cut();
    await ifOpened(node)?.stop();
    await ifOpened(db)?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const http = () => request(server.app);
  const invoice = (number: string) => ({
    kind: "digital",
    number,
    buyerOrgId: orgs.tier1.id,
    amount: "5000.00",
    tax: "650.00",
    issueDate: "2026-12-01",
  });

  it("when the database is down, then writes and readiness answer 503 DATABASE_UNAVAILABLE, and after it is back the same write succeeds once", async () => {
    await db.proxy.cut();
    const res = await http().post("/invoices").set(auth.get("tier2")!).send(invoice("26360000000000000501"));
    expect(res.status).toBe(503);
    expect(res.body.code).toBe("DATABASE_UNAVAILABLE");
    expect(JSON.stringify(res.body)).not.toMatch(/stack|at \w+ \(/);
    expect((await http().get("/ready")).status).toBe(503);
    await db.proxy.start();
    await http().get("/ready").expect(200);
    const ok = await http().post("/invoices").set(auth.get("tier2")!).send(invoice("26360000000000000501")).expect(201);
    expect(await platform.db.prisma.invoiceRecord.count({ where: { number: "26360000000000000501" } })).toBe(1);
    expect(ok.body.status).toBe("submitted");
  }, 120_000);

  it("when the chain is down, then a ledger-writing request answers 503 CHAIN_UNAVAILABLE and changes nothing; after recovery it succeeds and the database equals the chain", async () => {
    const submitted = await http().post("/invoices").set(auth.get("tier2")!).send(invoice("26360000000000000502")).expect(201);
    await chainProxy.cut();
    const down = await http().post(`/invoices/${submitted.body.id}/confirm`).set(auth.get("tier1")!);
    expect(down.status).toBe(503);
    expect(down.body.code).toBe("CHAIN_UNAVAILABLE");
    expect((await http().get("/ready")).status).toBe(503);
    expect((await platform.db.prisma.invoiceRecord.findUnique({ where: { id: submitted.body.id } }))?.status).toBe("submitted");
    await chainProxy.start();
    await http().get("/ready").expect(200);
    const confirmed = await http().post(`/invoices/${submitted.body.id}/confirm`).set(auth.get("tier1")!).expect(200);
    expect(confirmed.body).toMatchObject({ status: "confirmed", txHash: expect.stringMatching(/^0x/) });
    const onChain = await platform.ledger.invoices.get(confirmed.body.key ?? (await platform.db.prisma.invoiceRecord.findUniqueOrThrow({ where: { id: submitted.body.id } })).key);
    expect(onChain?.confirmed).toBe(true);
    const regulator = { Authorization: `Bearer ${(await server.services.auth.login(orgs.regulator.users[0].email, DEMO_PASSWORD)).accessToken}` };
    const rec = await http().get("/audit/reconciliation").set(regulator).expect(200);
    expect(rec.body).toMatchObject({ consistent: true, differenceCount: 0 });
  }, 180_000);
});
