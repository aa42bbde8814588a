/**
 * The gateway providers against a real HTTP server on loopback that this test starts and scripts: answering,
 * failing, flapping, slow, and gone. Backoffs are recorded instead of waited; the breaker's clock is moved.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GatewayBusinessRegistry, GatewayInvoiceVerifier } from "../../../api/src/verification/gateway-verifiers";
import type { GatewayOptions } from "../../../api/src/verification/gateway-client";
import { VerifierUnavailableError } from "../../../api/src/verification/verifier-unavailable";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const TOKEN = "gateway-secret-token-123";
const RECORD = { uscc: "91360100MA3GJNEW3X", name: "赣江新能源汽车股份有限公司", legalRepresentative: "陈振华", registeredCapitalFen: "120000000000", establishedOn: "2014-06-30", status: "active" };

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

let server: Server;
let url: string;
let handler: Handler;
const seen: { method: string; path: string; authorization: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gw`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen.length = 0;
});

const setUp = (over: Partial<GatewayOptions> = {}) => {
  const clock = { ms: 0 };
  const waits: number[] = [];
  const options: GatewayOptions = {
    url,
    token: TOKEN,
    timeoutMs: 2_000,
    retries: 2,
    backoffMs: 200,
    failureThreshold: 3,
    coolDownMs: 30_000,
    now: () => clock.ms,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...over,
  };
  return { clock, waits, registry: new GatewayBusinessRegistry(options), invoices: new GatewayInvoiceVerifier(options) };
};

describe("the gateway providers' wire format", () => {
  it("when the registry answers 200 or 404, then the record (capital in fen) or nothing comes back, asked by GET with the bearer token", async () => {
    handler = (req, _b, res) => (req.url?.endsWith(RECORD.uscc) ? json(res, 200, RECORD) : json(res, 404, { error: "not found" }));
    const { registry } = setUp();
    expect(await registry.lookUp(RECORD.uscc)).toStrictEqual({
      uscc: RECORD.uscc,
      name: RECORD.name,
      legalRepresentative: RECORD.legalRepresentative,
      registeredCapital: 120000000000n,
      establishedOn: RECORD.establishedOn,
      status: "active",
    });
    expect(await registry.lookUp("91360100MA00000000")).toBeUndefined();
    handler = (_req, _b, res) => json(res, 200, { ...RECORD, taxCreditGrade: "B" });
    expect((await registry.lookUp(RECORD.uscc))?.taxCreditGrade).toBe("B");
    handler = (_req, _b, res) => json(res, 200, { ...RECORD, taxCreditGrade: "AAA" });
    await expect(registry.lookUp(RECORD.uscc)).rejects.toThrow(/documented shape/);
    expect(seen.slice(0, 2).map((s) => [s.method, s.path, s.authorization])).toEqual([
      ["GET", `/gw/enterprises/${RECORD.uscc}`, `Bearer ${TOKEN}`],
      ["GET", "/gw/enterprises/91360100MA00000000", `Bearer ${TOKEN}`],
    ]);
  });

  it("when an invoice is verified, then the query is POSTed as documented and the verdict comes back", async () => {
    handler = (_r, _b, res) => json(res, 200, { outcome: "red-flushed", sellerUscc: "S", buyerUscc: "B" });
    const { invoices } = setUp();
    const verdict = await invoices.verify({ code: "3600251130", number: "00000001", issueDate: "2026-10-08", amountBeforeTax: 10_000_000n, claimed: { sellerUscc: "x", buyerUscc: "y" } });
    expect(verdict).toEqual({ outcome: "red-flushed", sellerUscc: "S", buyerUscc: "B" });
    expect(seen[0].path).toBe("/gw/invoices/verify");
    // The claimed parties stay at home: the gateway answers what the tax bureau holds.
    expect(JSON.parse(seen[0].body)).toEqual({ code: "3600251130", number: "00000001", issueDate: "2026-10-08", amountBeforeTaxFen: "10000000", checkCode: null });
  });

  it("when the answer is not in the documented shape, then the gateway is unavailable, not a refusal", async () => {
    handler = (_r, _b, res) => json(res, 200, { outcome: "maybe" });
    await expect(setUp().invoices.verify({ number: "1".repeat(20), issueDate: "2026-10-08", amountBeforeTax: 1n, claimed: { sellerUscc: "", buyerUscc: "" } })).rejects.toBeInstanceOf(VerifierUnavailableError);
  });
});

describe("the gateway providers' resilience", () => {
  it("when the gateway fails with 5xx every time, then it is tried 1 + retries times with doubling backoff, and VerifierUnavailableError never names the token", async () => {
    handler = (_r, _b, res) => json(res, 502, {});
    const { registry, waits } = setUp();
    const err = await registry.lookUp(RECORD.uscc).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerifierUnavailableError);
    expect((err as Error).message).toMatch(/3 attempts/);
    expect((err as Error).message).not.toContain(TOKEN);
    expect([seen.length, waits]).toEqual([3, [200, 400]]);
  });

  it("when the gateway flaps (a 503, then an answer), then the retry gets the answer", async () => {
    let n = 0;
    handler = (_r, _b, res) => ((n += 1) === 1 ? json(res, 503, {}) : json(res, 200, RECORD));
    const { registry, waits } = setUp();
    expect((await registry.lookUp(RECORD.uscc))?.name).toBe(RECORD.name);
    expect([seen.length, waits]).toEqual([2, [200]]);
  });

  it("when the gateway says 4xx (a bad credential), then it is not asked again: the same question gets the same no", async () => {
    handler = (_r, _b, res) => json(res, 401, {});
    const { registry } = setUp();
    await expect(registry.lookUp(RECORD.uscc)).rejects.toBeInstanceOf(VerifierUnavailableError);
    expect(seen).toHaveLength(1);
  });

  it("when the gateway is slower than the timeout, then each attempt is abandoned at the timeout and it is unavailable", async () => {
    handler = () => undefined; // never answers
    const { registry } = setUp({ timeoutMs: 100, retries: 1 });
    const err = await registry.lookUp(RECORD.uscc).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerifierUnavailableError);
    expect((err as Error).message).toMatch(/timed out after 100 ms/);
    expect(seen).toHaveLength(2);
    server.closeAllConnections();
  });

  it("when the gateway is down, then the breaker opens after the threshold and refuses without a connection until the cool-down; a good trial closes it", async () => {
    // A port that was just listened on and closed: connections are refused.
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, "127.0.0.1", r));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((r) => gone.close(r));
    const down = setUp({ url: `http://127.0.0.1:${port}/`, retries: 0 });
    for (let i = 0; i < 3; i += 1) await expect(down.registry.lookUp(RECORD.uscc)).rejects.toThrow(/network/);
    expect(down.registry.circuit).toBe("open");
    await expect(down.registry.lookUp(RECORD.uscc)).rejects.toThrow(/circuit open/);

    // The same breaker, now in front of a server that counts: open means no request at all.
    handler = (_r, _b, res) => json(res, 200, RECORD);
    const counted = setUp({ retries: 0 });
    handler = (_r, _b, res) => json(res, 500, {});
    for (let i = 0; i < 3; i += 1) await expect(counted.registry.lookUp(RECORD.uscc)).rejects.toBeInstanceOf(VerifierUnavailableError);
    await expect(counted.registry.lookUp(RECORD.uscc)).rejects.toThrow(/circuit open/);
    expect(seen).toHaveLength(3);
    counted.clock.ms = 30_000;
    expect(counted.registry.circuit).toBe("half-open");
    handler = (_r, _b, res) => json(res, 200, RECORD);
    expect((await counted.registry.lookUp(RECORD.uscc))?.status).toBe("active");
    expect([seen.length, counted.registry.circuit]).toEqual([4, "closed"]);
  });
});
