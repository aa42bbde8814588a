/**
 * Three API processes behind a round-robin "load balancer", on one PostgreSQL server database and one external
 * chain (`hardhat node`, which charges gas and mines each transaction as it comes). The story runs spread across
 * them, request by request; two 50-way races are spread across them too; one process is killed with SIGKILL in
 * the middle of a race; and at the end every write happened exactly once and the regulator's reconciliation of
 * the database against the chain finds no difference.
 *
 * A PostgreSQL server test: the PG pass runs it (package.json's test:pg), the PGlite pass leaves it out, since
 * PGlite is one process by construction. Run alone, it uses DATABASE_URL or the server these machines run.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { PlatformClient, ProblemError, type UserClient } from "../../scripts/demo/client";
import { confirmedInvoice, fen, newState, STEPS, type Handle, type StoryContext } from "../../scripts/demo/story";
import { serverDatabase, type ServerDatabase } from "../helpers/database";
import { HARDHAT_0, startHardhatNode, type HardhatNode } from "../helpers/hardhat-node";
import { ifOpened } from "../helpers/teardown";
import { freePort, startServer, type ServerProcess } from "./server-process";

interface Target {
  server: ServerProcess;
  client: PlatformClient;
  alive: boolean;
  served: number;
}

/**
 * Sends each request to the next live process in turn. Each target's client signs in on its own, though any
 * process's access token works at every other (the first test shows it). A request whose process died under it
 * goes to the next one with the same Idempotency-Key, as a load balancer's retry would.
 */
class SpreadClient extends PlatformClient {
  private turn = 0;

  constructor(readonly targets: Target[]) {
    super({ baseUrl: "http://unused.invalid", password: DEMO_PASSWORD });
  }

  override async fetchJson(method: string, path: string, opts: { body?: unknown; email?: string; idempotencyKey?: string } = {}): Promise<unknown> {
    for (;;) {
      const live = this.targets.filter((t) => t.alive);
      const t = live[this.turn++ % live.length];
      try {
        t.served += 1;
        return await t.client.fetchJson(method, path, opts);
      } catch (e) {
        if (e instanceof ProblemError || t.alive) throw e;
      }
    }
  }
}

const STORY_END = STEPS.findIndex((s) => s.title.startsWith("Time travels"));
const RECONCILE = STEPS.findIndex((s) => s.title.startsWith("The regulator reconciles"));
const CREDIT_PASSING = STEPS.findIndex((s) => s.title.startsWith("Credit passing"));

describe("three API processes on one PostgreSQL database and one hardhat node", () => {
  const root = mkdtempSync(path.join(tmpdir(), "scf-three-"));
  let node: HardhatNode;
  let db: ServerDatabase;
  const targets: Target[] = [];
  let spread: SpreadClient;
  const ctx = {} as StoryContext;
  const as = (h: Handle, role: "admin" | "maker" | "checker" = "maker"): UserClient => spread.as(seededUser(seededOrganisation(h), role).email);
  /** Signs the user in at every live process first: 50 requests at once would otherwise be 50 logins, and throttled. */
  const signedIn = async (h: Handle): Promise<UserClient> => {
    const email = seededUser(seededOrganisation(h), "maker").email;
    for (const t of targets.filter((x) => x.alive)) await t.client.as(email).get("/clock");
    return as(h);
  };

  beforeAll(async () => {
    [node, db] = await Promise.all([startHardhatNode(), serverDatabase()]);
    const settings = {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: "5",
      CHAIN_RPC_URL: node.url,
      CHAIN_DEPLOYER_KEY: HARDHAT_0,
      SCF_MASTER_KEY: randomBytes(32).toString("hex"),
      SCF_JOB_INTERVAL_MS: "200",
      SCF_RATE_LIMIT: "100000",
      SCF_RATE_BURST: "100000",
    };
    // The first deploys the contracts and loads the cast; the others take the deployment as operations would.
    const first = await startServer(path.join(root, "a"), await freePort(), 120_000, { ...settings, SCF_SEED: "1" });
    targets.push({ server: first, client: new PlatformClient({ baseUrl: first.url, password: DEMO_PASSWORD }), alive: true, served: 0 });
    const deployment = JSON.parse(readFileSync(path.join(root, "a", "chain", "deployment.json"), "utf8")) as { addresses: Record<string, string> };
    const others = await Promise.all(
      ["b", "c"].map(async (dir) =>
        startServer(path.join(root, dir), await freePort(), 120_000, { ...settings, SCF_SEED: "0", CHAIN_CONTRACTS: JSON.stringify(deployment.addresses) }),
      ),
    );
    for (const server of others) targets.push({ server, client: new PlatformClient({ baseUrl: server.url, password: DEMO_PASSWORD }), alive: true, served: 0 });
    spread = new SpreadClient(targets);
    Object.assign(ctx, {
      client: spread,
      state: newState(),
      log: () => {
        /* the story's narration is for the demo */
      },
    });
  }, 240_000);

  afterAll(async () => {
    for (const t of targets) await t.server.kill().catch(() => undefined);
    await ifOpened(db)?.destroy();
    await ifOpened(node)?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("when a user signs in at one process, then the other two accept the access token and publish the same JWKS", async () => {
    const email = seededUser(seededOrganisation("core"), "maker").email;
    const login = await fetch(`${targets[0].server.url}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const jwks = await Promise.all(targets.map(async (t) => (await fetch(`${t.server.url}/.well-known/jwks.json`)).json()));
    expect(jwks[1]).toEqual(jwks[0]);
    expect(jwks[2]).toEqual(jwks[0]);
    for (const t of targets.slice(1)) {
      const me = await fetch(`${t.server.url}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { kind: string }).kind).toBe("user");
    }
  });

  it("when the story runs spread across the three, then it gets as far as credit passing with every process serving", async () => {
    for (const step of STEPS.slice(0, CREDIT_PASSING + 1)) await step.run(ctx);
    expect(ctx.state.pieces.tier4).toBeDefined();
    for (const t of targets) expect(t.served).toBeGreaterThan(10);
  }, 120_000);

  it("when 50 transfers of the same value race across the three and one process is killed mid-race, then the value moves exactly once", async () => {
    const source = ctx.state.pieces.tier2!;
    const invoice = await confirmedInvoice(ctx, "race tier3→tier2", "tier3", "tier2", "3000000.00");
    const body = { toOrgId: ctx.state.orgs.tier3, amount: "3000000.00", invoiceIds: [invoice] };
    const tier2 = await signedIn("tier2");
    const victim = targets[2];
    const outcomes: Promise<string>[] = [];
    for (let i = 0; i < 50; i += 1) {
      outcomes.push(
        tier2
          .post<{ id: string }>(`/vouchers/${source}/transfers`, body)
          .then(
            (r) => `created ${r.id}`,
            (e: unknown) => (e instanceof ProblemError ? e.code : `failed: ${(e as Error).message}`),
          ),
      );
    }
    // The first answer means the race is under way: the third process dies with its share still in flight.
    await Promise.race(outcomes);
    victim.alive = false;
    await victim.server.kill();
    const results = await Promise.all(outcomes);
    const created = results.filter((r) => r.startsWith("created"));
    const refused = results.filter((r) => !r.startsWith("created"));
    expect(created.length).toBeLessThanOrEqual(1);
    // Refusals are the ledger saying the value is gone, or a key claimed by the killed process (its outcome unknown).
    for (const r of refused) expect(["VOUCHER_INSUFFICIENT_VALUE", "IDEMPOTENCY_IN_PROGRESS", "IDEMPOTENCY_INTERRUPTED", "VOUCHER_BUSY"]).toContain(r);

    // Whatever the answers said, the ledger moved the value once: one new piece, all of it, and nothing left behind.
    const tier3 = await as("tier3").all<{ id: string; parentId: string | null; value: string }>("/vouchers?includeEmpty=true");
    const pieces = tier3.filter((v) => v.parentId === source && v.id !== ctx.state.pieces.tier3);
    expect(pieces.map((p) => p.value)).toEqual(["3000000.00"]);
    if (created.length === 1) expect(created[0]).toBe(`created ${pieces[0].id}`);
    const after = await as("tier2").get<{ value: string }>(`/vouchers/${source}`);
    expect(after.value).toBe("0.00");
  }, 120_000);

  it("when 50 identical transfers with one Idempotency-Key race across the survivors, then one transfer happens and every answer is it", async () => {
    const rootVoucher = ctx.state.rootVoucher!;
    const invoice = await confirmedInvoice(ctx, "race tier2→tier1", "tier2", "tier1", "1000000.00");
    const body = { toOrgId: ctx.state.orgs.tier2, amount: "1000000.00", invoiceIds: [invoice] };
    const key = randomUUID();
    const tier1 = await signedIn("tier1");
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        tier1
          .post<{ id: string }>(`/vouchers/${rootVoucher}/transfers`, body, key)
          .then(
            (r) => `created ${r.id}`,
            (e: unknown) => (e instanceof ProblemError ? e.code : `failed: ${(e as Error).message}`),
          ),
      ),
    );
    const tier2 = await as("tier2").all<{ id: string; parentId: string | null; value: string }>("/vouchers?includeEmpty=true");
    const pieces = tier2.filter((v) => v.parentId === rootVoucher && v.id !== ctx.state.pieces.tier2);
    expect(pieces.map((p) => p.value)).toEqual(["1000000.00"]);
    // Each answer is the one transfer (the first, or its stored replay) or "still running, retry".
    for (const r of results) expect([`created ${pieces[0].id}`, "IDEMPOTENCY_IN_PROGRESS"]).toContain(r);
    expect(results).toContain(`created ${pieces[0].id}`);
    // The replay after the race answers with the same transfer.
    expect(await as("tier1").post<{ id: string }>(`/vouchers/${rootVoucher}/transfers`, body, key)).toMatchObject({ id: pieces[0].id });
    const root = await as("tier1").get<{ value: string }>(`/vouchers/${rootVoucher}`);
    expect(fen(root.value)).toBe(fen("3000000.00"));
  }, 120_000);

  it("when the story carries on with two processes (financing, double financing, funding), then reconciliation finds no difference", async () => {
    for (const step of STEPS.slice(CREDIT_PASSING + 1, STORY_END)) await step.run(ctx);
    expect(ctx.state.financings.map((f) => f.executed !== undefined)).toEqual([true, true]);
    expect(ctx.state.doubleFinancing?.code).toBe("VOUCHER_INSUFFICIENT_VALUE");
    await STEPS[RECONCILE].run(ctx);
    expect(ctx.state.reconciliation).toMatchObject({ consistent: true, differenceCount: 0 });
  }, 120_000);
});
