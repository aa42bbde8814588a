/**
 * What operations sees: one structured line per request, and Prometheus metrics for the operator or a scraper
 * at an allowed address. A line never carries a credential or a body.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestLine } from "../../api/src/http/request-log";
import { processLog } from "../../api/src/log";
import { formatCstDay } from "../../chain/cst-day";
import { DEMO_PASSWORD } from "../../seeds/load";
import { testApi, type TestApi } from "../helpers/api";
import { ifOpened } from "../helpers/teardown";

const lines: RequestLine[] = [];
let api: TestApi | undefined;
const t = () => api ?? expect.unreachable("the platform did not open");

beforeAll(async () => {
  api = await testApi({ requestLog: (line) => lines.push(line), metricsAllow: ["10.1.2.3"] });
});
afterAll(async () => {
  await ifOpened(api)?.close();
});

const lastLine = () => lines.at(-1) ?? expect.unreachable("no request line");
const metricValue = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("the request log", () => {
  it("when a user signs in, then one line names the route, the status and a request id, and holds neither the email nor the password", async () => {
    const email = t().orgs.tier1.users[0].email;
    const res = await t().http().post("/auth/login").send({ email, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const line = lastLine();
    expect(line).toMatchObject({ method: "POST", route: "/auth/login", status: 200 });
    expect(line.requestId).toBe(res.headers["x-request-id"]);
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    const text = JSON.stringify(line);
    expect(text).not.toContain(DEMO_PASSWORD);
    expect(text).not.toContain(email);
    expect(text).not.toContain((res.body as { accessToken: string }).accessToken);
  });

  it("when an authenticated route answers, then the line names the organisation and the principal, and the route's template rather than its ids", async () => {
    const headers = await t().as("tier1");
    const org = t().orgs.tier1;
    const res = await t().http().get(`/orgs/${org.id}`).set(headers);
    expect(res.status).toBe(200);
    expect(lastLine()).toMatchObject({ route: "/orgs/:id", status: 200, orgId: org.id, principalKind: "user" });
    expect(JSON.stringify(lastLine())).not.toContain(headers.Authorization.slice(7));
  });

  it("when the request fails, then the line carries the problem's code", async () => {
    await t().http().get("/vouchers/1").set({ Authorization: "Bearer nonsense" });
    expect(lastLine()).toMatchObject({ route: "/vouchers/:id", status: 401, code: "TOKEN_INVALID" });
    await t().http().get("/no-such-route");
    expect(lastLine()).toMatchObject({ route: "(none)", status: 404, code: "NOT_FOUND" });
  });

  it("when the caller sends a plain X-Request-Id, then it is kept; a hostile one is replaced, not echoed", async () => {
    const kept = await t().http().get("/health").set("X-Request-Id", "erp-batch-42.7");
    expect(kept.headers["x-request-id"]).toBe("erp-batch-42.7");
    expect(lastLine().requestId).toBe("erp-batch-42.7");
    const hostile = await t().http().get("/health").set("X-Request-Id", "a b<script>");
    expect(hostile.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(lastLine().requestId).toBe(hostile.headers["x-request-id"]);
  });

  it("when the process log writes a line, then it is one JSON object with the fields and no more", () => {
    const written: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        written.push(chunk.toString());
        done();
      },
    });
    const log = processLog({ pretty: false, destination });
    log.request({ requestId: "r1", method: "GET", route: "/vouchers/:id", status: 200, durationMs: 3.2, orgId: "o1" });
    log.error(new Error("boom"));
    expect(written).toHaveLength(2);
    const request = JSON.parse(written[0]) as Record<string, unknown>;
    expect(request).toMatchObject({ msg: "request", requestId: "r1", route: "/vouchers/:id", status: 200, orgId: "o1", service: "scf-ledger" });
    expect(JSON.parse(written[1])).toMatchObject({ msg: "boom", err: { message: "boom", type: "Error" } });
  });
});

describe("the metrics", () => {
  it("when nobody signs in, then 401; a user of another organisation, 403", async () => {
    expect((await t().http().get("/metrics")).status).toBe(401);
    const res = await t().http().get("/metrics").set(await t().as("bank"));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "FORBIDDEN" });
  });

  it("when the operator reads them, then request counts per route template, the indexer's lag, pending approvals and each job's last success", async () => {
    await t().http().get("/health");
    const res = await t().http().get("/metrics").set(await t().as("operator", "admin"));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    const text = res.text;
    expect(metricValue(text, 'scf_http_requests_total{method="GET",route="/health",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('scf_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/orgs/:id"}');
    expect(metricValue(text, "scf_indexer_lag_blocks")).toBeGreaterThanOrEqual(0);
    expect(metricValue(text, "scf_pending_approvals")).toBe(await t().platform.db.prisma.pendingAction.count({ where: { status: "pending" } }));
    for (const job of t().server.services.jobs) expect(text).toContain(`scf_job_last_success_timestamp_seconds{job="${job.name}"}`);
  });

  it("when requests come in, then their rate-limit buckets are in the database on a server (shared by processes), in memory on PGlite", async () => {
    await t().http().get("/health").expect(200);
    const rows = await t().platform.db.prisma.rateLimitBucket.count();
    if (t().platform.db.kind === "postgres") expect(rows).toBeGreaterThan(0);
    else expect(rows).toBe(0);
  });

  it("when a job has ticked, then the leader gauge says whether this process leads it (the only process there is on PGlite or an empty server)", async () => {
    const settlement = t().server.services.jobs.find((j) => j.name === "Settlement")!;
    const operator = await t().as("operator", "admin");
    expect(metricValue((await t().http().get("/metrics").set(operator)).text, 'scf_job_leader{job="Settlement"}')).toBe(0);
    expect(await settlement.tick()).toBe(true);
    expect(metricValue((await t().http().get("/metrics").set(operator)).text, 'scf_job_leader{job="Settlement"}')).toBe(1);
  });

  it("when a maker proposes an action, then the pending-approvals gauge counts it, and its approval counts one committed ledger write", async () => {
    const operator = await t().as("operator", "admin");
    const before = metricValue((await t().http().get("/metrics").set(operator)).text, "scf_pending_approvals") ?? -1;
    const expiry = formatCstDay(new Date((await t().platform.ledger.clock.now()).getTime() + 200 * 86_400_000));
    const proposed = await t()
      .http()
      .post("/credit-lines")
      .set(await t().as("bank"))
      .send({ coreOrgId: t().orgs.core2.id, limit: "1000.00", expiry });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);
    expect(metricValue((await t().http().get("/metrics").set(operator)).text, "scf_pending_approvals")).toBe(before + 1);

    const committed = 'scf_ledger_writes_total{outcome="committed"}';
    const writesBefore = metricValue((await t().http().get("/metrics").set(operator)).text, committed) ?? 0;
    const approved = await t().http().post(`/approvals/${(proposed.body as { id: string }).id}/approve`).set(await t().as("bank", "checker"));
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const txHash = (approved.body as { txHash: string }).txHash;
    expect(txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(lastLine()).toMatchObject({ route: "/approvals/:id/approve", status: 200, txHash });
    const after = (await t().http().get("/metrics").set(operator)).text;
    expect(metricValue(after, committed)).toBe(writesBefore + 1);
    expect(metricValue(after, "scf_pending_approvals")).toBe(before);
  });

  it("when the scraper calls from an allowed address, then no credentials are needed", async () => {
    const res = await t().http().get("/metrics").set("X-Forwarded-For", "10.1.2.3");
    // Without `trust proxy` the forwarded address is not believed: the caller is the socket's address.
    expect(res.status).toBe(401);
    t().server.app.set("trust proxy", true);
    try {
      expect((await t().http().get("/metrics").set("X-Forwarded-For", "10.1.2.3")).status).toBe(200);
      expect((await t().http().get("/metrics").set("X-Forwarded-For", "10.1.2.4")).status).toBe(401);
    } finally {
      t().server.app.set("trust proxy", false);
    }
  });
});
