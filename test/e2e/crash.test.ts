/**
 * The platform as a user runs it: the real server process on an empty data directory, the demo story through
 * HTTP, and the process killed with SIGKILL twice in the middle of it. After each restart the story carries on
 * from where the client was; at the end nothing may be lost or doubled, and the regulator's reconciliation of
 * the database against the chain must find no difference.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation } from "../../seeds/organisations";
import { PlatformClient } from "../../scripts/demo/client";
import { FACE_VALUE, fen, newState, STEPS, type StoryContext } from "../../scripts/demo/story";
import { PLEDGE_STEPS } from "../../scripts/demo/pledge-story";
import { freePort, startServer, type ServerProcess } from "./server-process";

describe("the server process: start on an empty directory, crash, restart, finish the story", () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), "scf-e2e-")), "data");
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill().catch(() => undefined);
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it("when started on an empty data directory, then it migrates, deploys, seeds (listing each organisation's Chinese name), becomes ready and serves /docs", async () => {
    const port = await freePort();
    server = await startServer(dataDir, port);
    expect(server.output()).toContain("Deployed the ledger contracts");
    // The seeded cast is listed by its registered Chinese name, with the English one for readers who need it.
    expect(server.output()).toContain("赣江新能源汽车股份有限公司 (Ganjiang New Energy Vehicle Co., Ltd.)");
    expect(server.output()).toContain(`${server.url.replace("127.0.0.1", "localhost")}/docs`);
    const docs = await fetch(`${server.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger-ui-bundle.js");
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string };
    expect(spec.openapi).toBe("3.1.0");
  }, 240_000);

  it("when the server is killed with SIGKILL twice mid-story and restarted, then both stories complete with nothing lost or doubled", async () => {
    const port = Number(new URL(server!.url).port);
    const client = new PlatformClient({ baseUrl: server!.url, password: DEMO_PASSWORD, retryForMs: 5_000 });
    const ctx: StoryContext = {
      client,
      state: newState(),
      log: () => {
        /* the story's narration is for the demo, not for this test */
      },
    };
    // The second kill falls in the pledge story, between the drawdown and the readings.
    const killAfter = new Set([5, STEPS.length + 4]);
    for (const [i, step] of [...STEPS, ...PLEDGE_STEPS].entries()) {
      await step.run(ctx);
      if (killAfter.has(i + 1)) {
        await server!.kill();
        server = await startServer(dataDir, port);
        expect(server.output()).not.toContain("Deployed the ledger contracts");
        expect(server.output()).toMatch(/Replayed \d+ blocks/);
      }
    }
    const s = ctx.state;
    expect(s.reconciliation).toMatchObject({ consistent: true, differenceCount: 0 });
    const paid = (s.payouts ?? []).reduce((a, p) => a + fen(p.amount), 0n);
    expect(paid).toBe(fen(FACE_VALUE));
    expect(s.doubleFinancing?.code).toBe("VOUCHER_INSUFFICIENT_VALUE");

    const regulator = client.as("admin@jxfsb.example");
    const invoices = await regulator.get<{ items: { status: string }[] }>("/invoices?limit=100");
    // One per tier, and the one tier 2 issues tier 3 when part of a piece is passed back up its lineage.
    expect(invoices.items.filter((i) => i.status === "confirmed")).toHaveLength(5);
    expect(s.refusedOnboarding?.code).toBe("USCC_REVOKED");
    expect(s.disclosure?.verified).toBe(true);
    expect(s.riskQuery?.fee).toBe("50.00");
    expect(new Set(s.alerts?.map((a) => a.rule))).toEqual(new Set(["credit-line-utilisation", "circular-passing"]));
    const financing = await regulator.get<{ items: { status: string }[] }>("/financing/requests?limit=100");
    expect(financing.items.map((x) => x.status).sort()).toEqual(["executed", "executed"]);
    const verify = await regulator.get<{ valid: boolean; entries: number }>("/audit/log/verify");
    expect(verify.valid).toBe(true);
    // Every mutation of the story is in the audit log once: a second copy would be a duplicated record.
    const log = await regulator.get<{ items: { action: string; txHash: string | null }[] }>("/audit/log?limit=100");
    const txs = log.items.map((e) => e.txHash).filter((t): t is string => Boolean(t));
    expect(new Set(txs).size).toBe(txs.length);

    // The second story: the margin call answered, the weight drop alerted and put at risk, the second pledge refused.
    const p = s.pledge!;
    expect(p.drawdown).toMatchObject({ amount: "1400000.00", value: "2000000.00", limit: "1400000.00", fee: "7000.00" });
    expect(p.marginCall).toMatchObject({ ratioBps: "8236", after: "none" });
    expect(p.alerts?.map((a) => a.rule).sort()).toEqual(["door-opened-without-delivery", "weight-shortfall"]);
    expect(p.atRisk).toEqual({ receipt: true, loan: true });
    expect(p.secondPledge).toEqual({ status: 409, code: "RECEIPT_NOT_ACTIVE" });
    expect(p.repaid?.released).toBe(true);
    expect(p.delivered).toBe(true);
    const receipt = await regulator.get<{ status: string; atRisk: boolean }>(`/receipts/${p.receiptId}`);
    expect(receipt).toMatchObject({ status: "delivered", atRisk: false });
    // The guarantee let go on repayment, the policy on the ledger; whole days of storage (¥37.50) and supervision
    // (¥20.00) on 25 t, which the fee report credits to the warehouse.
    expect(await regulator.get(`/guarantees/${p.cover?.guaranteeId}`)).toMatchObject({ status: "released", amount: "700000.00" });
    expect(await regulator.get(`/policies/${p.cover?.policyId}`)).toMatchObject({ insured: "2000000.00" });
    const [storage, supervision] = [fen(p.feesPaid!.storage), fen(p.feesPaid!.supervision)];
    expect([storage > 0n, storage % 37_50n, supervision > 0n, supervision % 20_00n]).toEqual([true, 0n, true, 0n]);
    const warehouse = p.fees?.find((r) => r.party.name === seededOrganisation("warehouse").name);
    expect(warehouse?.fees).toMatchObject(p.feesPaid!);
    expect(p.fees?.find((r) => r.party.name === seededOrganisation("operator").name)?.fees).toMatchObject({ pledgeLoan: "7000.00" });
  }, 600_000);

  it("when interrupted with SIGINT (Ctrl-C), then it stops cleanly and the next start replays the log without dropping a torn record", async () => {
    const port = Number(new URL(server!.url).port);
    expect(await server!.interrupt()).toBe(0);
    expect(server!.output()).toContain("Stopped cleanly");
    server = await startServer(dataDir, port);
    expect(server.output()).not.toContain("torn");
    const r = (await (await fetch(`${server.url}/ready`)).json()) as { status: string };
    expect(r.status).toBe("ready");
  }, 240_000);
});
