/**
 * Signed webhooks, end to end: a real platform, a local receiver on port 0, the indexer's outbox, and the sender's
 * passes run at moved clock times (never a sleep). The event used throughout is an invoice the buyer confirms,
 * which its seller (tier 2) hears of as `invoice.confirmed`.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhooksModule } from "../../../api/src/webhooks";
import { RETRY_DELAYS_S, WebhookSender } from "../../../api/src/webhooks/webhook-sender";
import { WebhookRepository } from "../../../api/src/webhooks/webhook.repository";
import { WebhookTargets } from "../../../api/src/webhooks/webhook-target";
import { testApi, type TestApi } from "../../helpers/api";
import { digitalNo, status } from "../../helpers/api-steps";
import { ifOpened } from "../../helpers/teardown";

type Mode = "ok" | "fail" | "hang";

/** The local receiver is on loopback, which SCF_WEBHOOK_ALLOW_PRIVATE=1 allows (testApi sets it). */
const LOCAL = new WebhookTargets({ allowPrivate: true });

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers 204, 500 or never, as the test sets it. */
async function receiver() {
  const got: Received[] = [];
  const state = { mode: "ok" as Mode };
  const server: HttpServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      if (state.mode === "ok") res.writeHead(204).end();
      else if (state.mode === "fail") res.writeHead(500).end("down");
      // "hang": no answer at all
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  return { got, state, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` };
}

/** The Standard Webhooks signature, computed here from the spec, not with the product's code. */
const expectedSignature = (secret: string, h: IncomingHttpHeaders, body: string) =>
  `v1,${createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64")).update(`${String(h["webhook-id"])}.${String(h["webhook-timestamp"])}.${body}`).digest("base64")}`;

describe("signed webhooks", () => {
  let api: TestApi;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let webhooks: WebhooksModule;
  let endpointId: string;
  let secret: string;
  let now: number;

  beforeAll(async () => {
    api = await testApi();
    hook = await receiver();
    webhooks = api.server.services.modules.find((m) => m.name === "webhooks") as WebhooksModule;
    now = Date.parse("2027-01-01T00:00:00Z");
  }, 180_000);
  afterAll(async () => {
    const listening = ifOpened(hook)?.server;
    listening?.closeAllConnections();
    listening?.close();
    await ifOpened(api)?.close();
  });

  const tier2 = () => api.orgs.tier2.id;
  const admin = (h: "tier2" | "tier3" = "tier2") => api.as(h, "admin");
  const deliveries = async (h: "tier2" | "tier3" = "tier2") =>
    (await api.http().get(`/orgs/${api.orgs[h].id}/webhook-deliveries`).set(await admin(h)).then(status(200))).body.items as {
      id: string;
      status: string;
      attempts: number;
      lastStatus: number | null;
      lastError: string | null;
      nextAttemptAt: string | null;
      body: string;
    }[];
  /** Tier 2 invoices tier 1, and tier 1 confirms it on the ledger (the request that makes the event). */
  const submitInvoice = async () =>
    (await api.http().post("/invoices").set(await api.as("tier2")).send({ kind: "digital", number: digitalNo(), buyerOrgId: api.orgs.tier1.id, amount: "1000.00", tax: "0.00", issueDate: "2026-12-01" }).then(status(201))).body.id as string;
  const confirm = async (id: string) => api.http().post(`/invoices/${id}/confirm`).set(await api.as("tier1")).send().then(status(200));
  const send = (afterSeconds = 0) => webhooks.sender.sendDue(new Date((now += afterSeconds * 1000)));

  it("when an admin registers an http(s) endpoint, then it gets a whsec_ secret once, sealed at rest; other schemes and plain text are a 400", async () => {
    const res = await api.http().post(`/orgs/${tier2()}/webhooks`).set(await admin()).send({ url: hook.url, events: ["invoice.confirmed", "voucher.received"] }).then(status(201));
    expect(res.body).toMatchObject({ url: hook.url, events: ["invoice.confirmed", "voucher.received"], enabled: true });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    ({ id: endpointId, secret } = res.body as { id: string; secret: string });
    const row = await api.platform.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(row.sealedSecret).not.toContain(secret.slice(6, 20));
    const list = await api.http().get(`/orgs/${tier2()}/webhooks`).set(await admin()).then(status(200));
    expect(list.body.items[0]).not.toHaveProperty("secret");
    for (const url of ["ftp://example.com/x", "javascript:alert(1)", "not a url", "file:///etc/passwd"]) {
      await api.http().post(`/orgs/${tier2()}/webhooks`).set(await admin()).send({ url, events: ["invoice.confirmed"] }).then(status(400));
    }
    await api.http().post(`/orgs/${tier2()}/webhooks`).set(await admin()).send({ url: hook.url, events: ["made.up"] }).then(status(400));
    await api.http().post(`/orgs/${tier2()}/webhooks`).set(await api.as("tier2", "maker")).send({ url: hook.url, events: ["invoice.confirmed"] }).then(status(403));
  });

  it("when the seller's invoice is confirmed on the ledger, then one delivery is queued and sent with a Standard Webhooks signature the receiver can verify", async () => {
    await confirm(await submitInvoice());
    const [queued] = await deliveries();
    expect(queued).toMatchObject({ status: "pending", attempts: 0 });
    expect(await send()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(hook.got).toHaveLength(1);
    const { headers, body } = hook.got[0];
    expect(headers["webhook-id"]).toBe(queued.id);
    expect(headers["webhook-timestamp"]).toBe(String(now / 1000));
    expect(headers["webhook-signature"]).toBe(expectedSignature(secret, headers, body));
    expect(JSON.parse(body)).toMatchObject({ id: queued.id, type: "invoice.confirmed", data: { txHash: expect.stringMatching(/^0x/) } });
    expect((await deliveries())[0]).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 204 });
    expect(await send(3600)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
  });

  it("when the receiver fails with a 500 and then recovers, then the delivery is retried after its backoff, with the same id, and delivered", async () => {
    hook.state.mode = "fail";
    hook.got.length = 0;
    await confirm(await submitInvoice());
    expect(await send()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const [d] = await deliveries();
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500", nextAttemptAt: new Date(now + RETRY_DELAYS_S[0] * 1000).toISOString() });
    hook.state.mode = "ok";
    expect(await send(RETRY_DELAYS_S[0] - 1)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(await send(1)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(hook.got.map((g) => g.headers["webhook-id"])).toEqual([d.id, d.id]);
    expect(hook.got[1].headers["webhook-signature"]).toBe(expectedSignature(secret, hook.got[1].headers, hook.got[1].body));
  });

  it("when two senders (two processes, or overlapping passes) run at once, then each due delivery is sent once", async () => {
    hook.got.length = 0;
    await confirm(await submitInvoice());
    const other = new WebhookSender(new WebhookRepository(api.platform.db.prisma), api.platform.webhookSecretKey, { now: () => new Date(now) }, LOCAL);
    const results = await Promise.all([send(), other.sendDue(new Date(now)), send(), other.sendDue(new Date(now))]);
    expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(1);
    expect(hook.got).toHaveLength(1);
  });

  it("when the receiver does not answer within the timeout, then the attempt counts as failed and is retried", async () => {
    hook.state.mode = "hang";
    const quick = new WebhookSender(new WebhookRepository(api.platform.db.prisma), api.platform.webhookSecretKey, { now: () => new Date(now) }, LOCAL, { timeoutMs: 200, batch: 10 });
    await confirm(await submitInvoice());
    expect(await quick.sendDue(new Date(now))).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect((await deliveries())[0]).toMatchObject({ status: "pending", attempts: 1, lastStatus: null, lastError: "timed out" });
    hook.state.mode = "ok";
    expect(await send(RETRY_DELAYS_S[0])).toEqual({ delivered: 1, retrying: 0, failed: 0 });
  });

  it("when the receiver stays down for the whole schedule, then the delivery fails after about a day of backoff, and a replay delivers it", async () => {
    hook.state.mode = "fail";
    await confirm(await submitInvoice());
    const started = now;
    expect(await send()).toMatchObject({ retrying: 1 });
    for (const delay of RETRY_DELAYS_S.slice(0, -1)) expect(await send(delay)).toMatchObject({ retrying: 1 });
    expect(await send(RETRY_DELAYS_S[RETRY_DELAYS_S.length - 1])).toMatchObject({ failed: 1 });
    expect((now - started) / 3_600_000).toBeGreaterThan(12);
    expect((now - started) / 3_600_000).toBeLessThan(30);
    const [d] = await deliveries();
    expect(d).toMatchObject({ status: "failed", attempts: RETRY_DELAYS_S.length + 1, nextAttemptAt: null });
    expect(await send(86_400)).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    hook.state.mode = "ok";
    const replayed = await api.http().post(`/orgs/${tier2()}/webhook-deliveries/${d.id}/replay`).set(await admin()).send().then(status(202));
    expect(replayed.body).toMatchObject({ id: d.id, status: "pending", attempts: 0 });
    expect(await send()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(hook.got[hook.got.length - 1].headers["webhook-id"]).toBe(d.id);
  });

  it("when the indexer's commit of the event rolls back, then no delivery exists or is sent, and the commit that succeeds queues exactly one", async () => {
    const before = await api.platform.db.prisma.webhookDelivery.count();
    let failed!: () => void;
    const failure = new Promise<void>((r) => (failed = r));
    const boom = {
      committing: () => {
        failed();
        return Promise.reject(new Error("the database went away mid-commit"));
      },
    };
    api.platform.indexerStore.listeners.push(boom);
    const invoice = await submitInvoice();
    const confirming = confirm(invoice);
    await failure;
    api.platform.indexerStore.listeners.splice(api.platform.indexerStore.listeners.indexOf(boom), 1);
    expect(await api.platform.db.prisma.webhookDelivery.count()).toBe(before);
    expect(await send()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    await api.platform.indexer.catchUp();
    await confirming;
    expect(await api.platform.db.prisma.webhookDelivery.count()).toBe(before + 1);
    expect(await send()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
  });

  it("when another organisation asks for tier 2's endpoints or deliveries, then 404, and its own log holds none of them", async () => {
    const [d] = await deliveries();
    const tier3 = api.orgs.tier3.id;
    await api.http().get(`/orgs/${tier2()}/webhooks`).set(await admin("tier3")).then(status(404));
    await api.http().get(`/orgs/${tier2()}/webhook-deliveries`).set(await admin("tier3")).then(status(404));
    await api.http().post(`/orgs/${tier2()}/webhook-deliveries/${d.id}/replay`).set(await admin("tier3")).send().then(status(404));
    await api.http().post(`/orgs/${tier3}/webhook-deliveries/${d.id}/replay`).set(await admin("tier3")).send().then(status(404));
    await api.http().post(`/orgs/${tier3}/webhooks/${endpointId}/disable`).set(await admin("tier3")).send().then(status(404));
    expect(await deliveries("tier3")).toEqual([]);
  });

  it("when the endpoint is disabled, then later events queue nothing for it", async () => {
    const res = await api.http().post(`/orgs/${tier2()}/webhooks/${endpointId}/disable`).set(await admin()).send().then(status(200));
    expect(res.body.enabled).toBe(false);
    const before = await api.platform.db.prisma.webhookDelivery.count();
    await confirm(await submitInvoice());
    expect(await api.platform.db.prisma.webhookDelivery.count()).toBe(before);
  });
});
