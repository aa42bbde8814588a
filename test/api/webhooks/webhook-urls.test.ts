/**
 * The SSRF guard through the API, as production runs it (SCF_WEBHOOK_ALLOW_PRIVATE unset): an admin cannot
 * register an endpoint on the platform's own network, and a delivery to one that got into the table anyway (an
 * endpoint registered under the switch, or a name that resolves elsewhere now) is refused at the connection.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhooksModule } from "../../../api/src/webhooks";
import { DUE_NOW } from "../../../api/src/webhooks/webhook-outbox";
import { newWebhookSecret, sealSecret } from "../../../api/src/webhooks/webhook-secret";
import { testApi, type TestApi } from "../../helpers/api";
import { status } from "../../helpers/api-steps";
import { ifOpened } from "../../helpers/teardown";

describe("webhook endpoint URLs when private targets are not allowed", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({ webhookTargets: { allowPrivate: false } });
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const register = async (url: string) =>
    api.http().post(`/orgs/${api.orgs.tier2.id}/webhooks`).set(await api.as("tier2", "admin")).send({ url, events: ["invoice.confirmed"] });

  it("when an admin registers a loopback, private, link-local, metadata or plain-http URL, then it is a 400 WEBHOOK_URL_FORBIDDEN and nothing is stored", async () => {
    for (const url of [
      "https://127.0.0.1/hooks",
      "https://2130706433/hooks",
      "https://0x7f.1/hooks",
      "https://localhost:8080/hooks",
      "https://10.1.2.3/hooks",
      "https://172.31.255.255/hooks",
      "https://192.168.0.10/hooks",
      "https://169.254.169.254/latest/meta-data/",
      "https://metadata.google.internal/computeMetadata/v1/",
      "https://0.0.0.0/hooks",
      "http://erp.example.com/hooks",
    ]) {
      const res = await register(url).then(status(400));
      expect(res.body, url).toMatchObject({ code: "WEBHOOK_URL_FORBIDDEN", status: 400 });
    }
    expect(await api.platform.db.prisma.webhookEndpoint.count()).toBe(0);
  });

  it("when a delivery is due to an endpoint on loopback, then the sender refuses to connect and the log says why", async () => {
    const prisma = api.platform.db.prisma;
    const endpoint = await prisma.webhookEndpoint.create({
      data: { organisationId: api.orgs.tier2.id, url: "https://127.0.0.1:9/hooks", events: ["invoice.confirmed"], sealedSecret: sealSecret(api.platform.webhookSecretKey, newWebhookSecret()) },
    });
    await prisma.webhookDelivery.create({
      data: { organisationId: api.orgs.tier2.id, endpointId: endpoint.id, eventType: "invoice.confirmed", body: "{}", nextAttemptAt: DUE_NOW },
    });
    const webhooks = api.server.services.modules.find((m) => m.name === "webhooks") as WebhooksModule;
    expect(await webhooks.sender.sendDue(new Date())).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const [d] = await prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: null, lastError: "refused: 127.0.0.1 is not a public address" });
  });
});
