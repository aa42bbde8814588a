/**
 * The financing marketplace's off-ledger webhooks: the holder hears of each quote (`financing.quoted`), the bank
 * whose quote was accepted hears of the acceptance (`financing.accepted`), nobody else hears of either, and each
 * is queued in the transaction that records the quote or the acceptance, so a rolled-back one sends nothing.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { keccak256, toUtf8Bytes } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoiceKey } from "../../../chain/invoice-key";
import type { Account, Ledger } from "../../../chain/ledger";
import { FinancingRepository } from "../../../api/src/financing/financing.repository";
import type { WebhooksModule } from "../../../api/src/webhooks";
import type { OffLedgerOutbox } from "../../../api/src/webhooks/webhook-outbox";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { status } from "../../helpers/api-steps";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;
const h = (s: string) => keccak256(toUtf8Bytes(s));

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  body: string;
}

describe("webhooks for financing quotes and acceptances", () => {
  let api: TestApi;
  let l: Ledger;
  let maturity: Date;
  let receiver: HttpServer;
  let url: string;
  const got: Received[] = [];
  const secrets: Partial<Record<Handle, string>> = {};
  let invoiceNo = 0;
  const acct = (who: Handle): Account => api.orgs[who].account;

  beforeAll(async () => {
    api = await testApi();
    l = api.platform.ledger;
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        got.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    receiver.listen(0, "127.0.0.1");
    await new Promise((r) => receiver.once("listening", r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const expiry = new Date((await l.clock.now()).getTime() + 300 * DAY);
    await l.creditLines.grant(acct("bank"), acct("core"), 100_000_000_00n, expiry);
    const line = await l.creditLines.grant(acct("bank2"), acct("core"), 100_000_000_00n, expiry);
    await api.platform.indexer.waitFor(line.blockNumber);
    maturity = await cstMidnightIn(l, 90);
    for (const who of ["tier1", "bank", "bank2"] as const) {
      const res = await api
        .http()
        .post(`/orgs/${api.orgs[who].id}/webhooks`)
        .set(await api.as(who, "admin"))
        .send({ url: `${url}/${who}`, events: ["financing.quoted", "financing.accepted", "financing.paid"] })
        .then(status(201));
      secrets[who] = (res.body as { secret: string }).secret;
    }
  }, 180_000);
  afterAll(async () => {
    const listening = ifOpened(receiver);
    listening?.closeAllConnections();
    listening?.close();
    await ifOpened(api)?.close();
  });

  async function voucher(amount: bigint): Promise<string> {
    invoiceNo += 1;
    const key = invoiceKey({ kind: "digital", number: `7${String(invoiceNo).padStart(19, "0")}` });
    await l.invoices.register(acct("tier1"), { key, buyer: acct("core"), amount, commitment: h(`invoice ${invoiceNo}`) });
    await l.invoices.confirm(acct("core"), key);
    const r = await l.vouchers.issue(acct("core"), { supplier: acct("tier1"), amount, maturity, invoiceKeys: [key] });
    await api.platform.indexer.waitFor(r.blockNumber);
    return r.result.toString();
  }
  const post = async (path: string, who: Handle, body: object) => api.http().post(path).set(await api.as(who)).send(body);
  const open = async (voucherId: string) => (await post("/financing/requests", "tier1", { voucherId, amount: "500000.00" }).then(status(201))).body as { id: string };
  const quote = async (id: string, bank: Handle, rateBps: number) =>
    (await post(`/financing/requests/${id}/quotes`, bank, { rateBps }).then(status(201))).body as { id: string; net: string; interest: string; fee: string };
  const deliveries = async (who: Handle): Promise<Delivery[]> =>
    (await api.http().get(`/orgs/${api.orgs[who].id}/webhook-deliveries?limit=100`).set(await api.as(who, "admin")).then(status(200))).body.items as Delivery[];
  const ofType = async (who: Handle, type: string) => (await deliveries(who)).filter((d) => d.eventType === type);

  it("when two banks quote and one quotes again, then the holder hears of each quote, with its terms, and the banks hear nothing", async () => {
    const req = await open(await voucher(1_000_000_00n));
    const q1 = await quote(req.id, "bank", 400);
    const q2 = await quote(req.id, "bank2", 420);
    const q3 = await quote(req.id, "bank2", 390); // replaces bank2's quote under a new id
    const quoted = (await ofType("tier1", "financing.quoted")).map((d) => JSON.parse(d.body) as { type: string; data: Record<string, unknown> });
    const forThis = quoted.filter((b) => b.data.requestId === req.id).reverse();
    expect(forThis.map((b) => b.data.quoteId)).toEqual([q1.id, q2.id, q3.id]);
    expect(forThis[0]).toMatchObject({
      type: "financing.quoted",
      data: { voucherId: expect.any(String) as unknown, amount: "500000.00", rateBps: 400, net: q1.net, interest: q1.interest, fee: q1.fee, bank: { id: api.orgs.bank.id } },
    });
    expect(forThis[2].data).toMatchObject({ rateBps: 390, net: q3.net, bank: { id: api.orgs.bank2.id } });
    expect(await ofType("bank", "financing.quoted")).toEqual([]);
    expect(await ofType("bank2", "financing.quoted")).toEqual([]);
  });

  it("when the holder accepts a quote, then only that bank hears of it, with the ledger's request, and the delivery is signed", async () => {
    const req = await open(await voucher(1_000_000_00n));
    const chosen = await quote(req.id, "bank2", 380);
    await quote(req.id, "bank", 450);
    const accepted = (await post(`/financing/requests/${req.id}/accept`, "tier1", { quoteId: chosen.id }).then(status(200))).body as { txHash: string };
    const [d, ...more] = (await ofType("bank2", "financing.accepted")).filter((x) => x.body.includes(req.id));
    expect(more).toEqual([]);
    expect(JSON.parse(d.body)).toMatchObject({
      id: d.id,
      type: "financing.accepted",
      data: { requestId: req.id, quoteId: chosen.id, amount: "500000.00", net: chosen.net, txHash: accepted.txHash, holder: { id: api.orgs.tier1.id }, onChainRequestId: expect.stringMatching(/^\d+$/) as unknown },
    });
    expect(await ofType("bank", "financing.accepted")).toEqual([]);
    expect(await ofType("tier1", "financing.accepted")).toEqual([]);

    const webhooks = api.server.services.modules.find((m) => m.name === "webhooks") as WebhooksModule;
    got.length = 0;
    await webhooks.sender.sendDue(new Date(Date.now() + 1_000));
    const sent = got.find((g) => g.headers["webhook-id"] === d.id);
    expect(sent?.body).toBe(d.body);
    const signature = createHmac("sha256", Buffer.from(secrets.bank2!.replace(/^whsec_/, ""), "base64"))
      .update(`${d.id}.${String(sent?.headers["webhook-timestamp"])}.${d.body}`)
      .digest("base64");
    expect(sent?.headers["webhook-signature"]).toBe(`v1,${signature}`);
  });

  describe("when the write that records a quote or an acceptance rolls back after queueing its webhook", () => {
    const failing: OffLedgerOutbox = {
      async queue(tx, e) {
        await api.platform.outbox.queue(tx, e);
        throw new Error("a later statement of the same transaction failed");
      },
    };
    const repo = () => new FinancingRepository(api.platform.db.prisma, { now: () => new Date() }, failing);
    const count = () => api.platform.db.prisma.webhookDelivery.count();

    it("then no quote is recorded and nothing is queued", async () => {
      const req = await open(await voucher(1_000_000_00n));
      const before = await count();
      const terms = { rateBps: 400, feeBps: 0, days: 90, interest: 1n, fee: 0n, net: 499_999_99n, validUntil: new Date(Date.now() + DAY) };
      const id = "00000000-0000-4000-8000-000000000001";
      const notice = { organisationId: api.orgs.tier1.id, type: "financing.quoted" as const, data: { requestId: req.id, quoteId: id } };
      await expect(repo().createQuote({ ...terms, id, applicationId: req.id, bankOrgId: api.orgs.bank.id }, notice)).rejects.toThrow("later statement");
      expect(await api.platform.db.prisma.financingQuote.findUnique({ where: { id } })).toBeNull();
      expect(await count()).toBe(before);
    });

    it("then the request stays where it was and nothing is queued", async () => {
      const req = await open(await voucher(1_000_000_00n));
      const q = await quote(req.id, "bank", 400);
      await api.platform.db.prisma.financingApplication.update({ where: { id: req.id }, data: { status: "accepting" } });
      const before = await count();
      const notice = { organisationId: api.orgs.bank.id, type: "financing.accepted" as const, data: { requestId: req.id } };
      await expect(repo().recordAcceptance(req.id, q.id, 77n, notice)).rejects.toThrow("later statement");
      const row = await api.platform.db.prisma.financingApplication.findUniqueOrThrow({ where: { id: req.id } });
      expect(row).toMatchObject({ status: "accepting", acceptedQuoteId: null, onChainRequestId: null });
      expect(await count()).toBe(before);
    });
  });
});
