/**
 * Every operation of /openapi.json, sent malformed requests derived from its own schema (test/helpers/bad-input.ts),
 * by a caller allowed to call it: each must be refused with a 4xx problem document that has a `code` and fits the
 * document's Problem schema, and none may change anything. BAD_INPUT_RUNS (total cases, default 4,050) and
 * BAD_INPUT_SEED make longer or other runs.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { sandboxApplicant } from "../../seeds/registry";
import { testApi, type Handle, type Role, type TestApi } from "../helpers/api";
import { digitalNo, status } from "../helpers/api-steps";
import { badRequests, operationsOf, type BadRequest, type JsonSchema, type Operation } from "../helpers/bad-input";

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 4050);
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20_261_202);

/** Who may be asked to call an operation, most ordinary first; an operator route finds the operator. */
const CALLERS: [Handle, Role][] = (["tier1", "core", "bank", "operator", "regulator", "settlement-bank", "warehouse", "guarantor", "insurer"] as const).flatMap((h) =>
  (["maker", "admin", "checker"] as const).map((r): [Handle, Role] => [h, r]),
);

interface Sent {
  status: number;
  type: string;
  body: unknown;
}

describe("malformed requests to every operation", () => {
  let api: TestApi;
  let operations: Operation[];
  let problemSchema: z.ZodType;

  beforeAll(async () => {
    api = await testApi();
    const doc = (await api.http().get("/openapi.json").expect(200)).body as Parameters<typeof operationsOf>[0] & { components: { schemas: { Problem: JsonSchema } } };
    operations = operationsOf(doc);
    problemSchema = z.fromJSONSchema(doc.components.schemas.Problem as z.core.JSONSchema.JSONSchema);
  }, 180_000);
  afterAll(() => api.close());

  const send = async (op: Operation, req: BadRequest, headers: Record<string, string>): Promise<Sent> => {
    let call = api.http()[op.method](req.url).set(headers);
    if (req.body !== undefined) call = call.set("Content-Type", req.contentType).send(req.body);
    const res = await call;
    return { status: res.status, type: res.type, body: res.body as unknown };
  };

  /** The first caller the operation does not refuse as FORBIDDEN, by asking with an unknown query parameter. */
  const callerOf = async (op: Operation): Promise<Record<string, string>> => {
    if (!op.auth) return {};
    const url = op.path.replace(/\{\w+\}/g, "x");
    for (const [h, r] of CALLERS) {
      const headers = await api.as(h, r);
      const res = await api.http()[op.method](`${url}?isAdmin=1`).set(headers);
      if (res.status !== 403) return headers;
    }
    throw new Error(`${op.name}: no seeded caller may call it`);
  };

  /** What a refused request must not change: the rows of the platform's own tables and the audit log's head. */
  const state = async () => {
    const db = api.platform.db.prisma;
    const head = await db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    return {
      head: head ? `${head.seq} ${head.hash}` : null,
      rows: await Promise.all([
        db.application.count(),
        db.organisation.count(),
        db.user.count(),
        db.apiKey.count(),
        db.refreshToken.count(),
        db.invoiceRecord.count(),
        db.pendingAction.count(),
        db.financingApplication.count(),
        db.financingQuote.count(),
        db.cashOrder.count(),
        db.idempotencyKey.count(),
        db.webhookEndpoint.count(),
        db.webhookDelivery.count(),
        db.iotDevice.count(),
        db.iotReading.count(),
      ]),
    };
  };

  /** Why a response is not the refusal a malformed request deserves, or undefined when it is. */
  const wrongWith = (res: Sent): string | undefined => {
    if (res.status < 400 || res.status >= 500) return `status ${res.status}`;
    if (res.type !== "application/problem+json") return `content type ${res.type}`;
    const fits = problemSchema.safeParse(res.body);
    if (!fits.success) return `not the document's Problem: ${fits.error.message}`;
    const problem = res.body as { code: unknown; status: unknown };
    if (typeof problem.code !== "string") return "no code";
    if (problem.status !== res.status) return `problem status ${String(problem.status)} on a ${res.status}`;
    return undefined;
  };

  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
  const expectRefused = (res: { status: number; headers: Record<string, string>; body: unknown }) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect((res.body as { code: string }).code).toBe("VALIDATION_FAILED");
    expect(problemSchema.safeParse(res.body).success).toBe(true);
  };

  describe("the malformed inputs of the security review: each reached the database or the ledger and was a 500", () => {
    let applicantsUsed = 0;
    it.each(["\u0000", "\u001b", "\u202e", "\u2066", "\ud800"])("when a text field holds %j, then it is a 400 VALIDATION_FAILED, wherever the text goes", async (c) => {
      const core = await api.as("core", "admin");
      const bank = await api.as("bank", "maker");
      const coreId = api.orgs.core.id;
      // Two registered applicants no earlier case of this file used.
      const [first, second] = [sandboxApplicant(applicantsUsed++), sandboxApplicant(applicantsUsed++)];
      const applied = await api.http().post("/applications").send({ name: first.name, uscc: first.uscc, kinds: ["supplier"], admin: { name: "刘管理", email: `a${Date.now()}@wl.example`, password: "a long enough password" } }).then(status(201));
      const grant = await api.http().post("/credit-lines").set(bank).send({ coreOrgId: api.orgs.core2.id, limit: "1.00", expiry: "2099-01-01" }).then(status(202));
      const invoice = await api.http().post("/invoices").set(await api.as("tier1")).send({ kind: "digital", number: digitalNo(), buyerOrgId: coreId, amount: "100.00", tax: "13.00", issueDate: "2025-06-01" }).then(status(201));
      const requests = [
        api.http().post(`/orgs/${coreId}/users`).set(core).send({ email: `u${Date.now()}@example.com`, name: `张${c}三`, role: "maker", password: "a long enough password" }),
        api.http().post(`/orgs/${coreId}/users`).set(core).send({ email: `p${Date.now()}@example.com`, name: "张三", role: "maker", password: `a long enough${c}password` }),
        api.http().post(`/orgs/${coreId}/api-keys`).set(core).send({ name: `erp${c}`, role: "maker", userId: "00000000-0000-4000-8000-000000000000" }),
        api.http().post(`/approvals/${grant.body.id}/reject`).set(await api.as("bank", "checker")).send({ note: `no${c}` }),
        api.http().post(`/applications/${applied.body.id}/reject`).set(await api.as("operator", "admin")).send({ note: `no${c}` }),
        api.http().post("/applications").send({ name: `${second.name}${c}`, uscc: second.uscc, kinds: ["supplier"], admin: { name: "刘", email: "x@wl.example", password: "a long enough password" } }),
        api.http().post("/cash/deposits").set(bank).send({ organisationId: api.orgs.tier1.id, amount: "1.00", reference: `DEP${c}1` }),
        api.http().post(`/invoices/${invoice.body.id}/dispute`).set(await api.as("core")).send({ reason: `late${c}` }),
      ];
      for (const res of await Promise.all(requests)) expectRefused(res);
    });

    it.each([
      ["a voucher id above 2^63 - 1 in the path", "tier1", "get", "/vouchers/9223372036854775808", undefined],
      ["a voucher id above 2^63 - 1 in a trace", "operator", "get", "/audit/vouchers/99999999999999999999/trace", undefined],
      ["a voucher id above 2^63 - 1 in a body", "tier1", "post", "/financing/requests", { voucherId: "9223372036854775808", amount: "1.00" }],
      ["a voucher id above 2^63 - 1 in a cursor", "tier1", "get", `/vouchers?cursor=${b64("9223372036854775808")}`, undefined],
      ["an audit sequence number above 2^63 - 1 in a cursor", "operator", "get", `/audit/log?cursor=${b64("9999999999999999999")}`, undefined],
      ["a block number above 2^31 - 1 in a cursor", "operator", "get", `/audit/events?cursor=${b64("9999999999:0")}`, undefined],
      ["an instant before year 0 in a cursor", "operator", "get", `/orgs?cursor=${b64("-271821-04-20T00:00:00.000Z|7f0c9a52-1e8d-4b6a-9c3f-2d5e8a1b4c70")}`, undefined],
      ["an instant before year 0 in a slot cursor", "operator", "get", `/settlements?cursor=${b64(`-271821-04-20T00:00:00.000Z|0x${"a".repeat(40)}`)}`, undefined],
      ["a credit-line id whose parts are not uuids", "bank", "get", `/credit-lines/${"-".repeat(36)}.${"-".repeat(36)}`, undefined],
      ["a path that is not percent-encoded UTF-8", "tier1", "get", "/invoices/%FF", undefined],
      ["a query that is not percent-encoded UTF-8", "core", "get", "/approvals?kind=%FF", undefined],
      ["a forged cursor on /orgs", "operator", "get", "/orgs?cursor=bm90LWEtdXVpZA", undefined],
      ["a forged cursor on /approvals", "core", "get", "/approvals?cursor=bm90LWEtdXVpZA", undefined],
      ["a forged cursor on /invoices", "core", "get", "/invoices?cursor=bm90LWEtdXVpZA", undefined],
      ["a forged cursor on /financing/requests", "tier1", "get", "/financing/requests?cursor=bm90LWEtdXVpZA", undefined],
      ["a forged cursor on /cash/orders", "bank", "get", "/cash/orders?cursor=bm90LWEtdXVpZA", undefined],
      ["a forged cursor on /applications", "operator", "get", "/applications?cursor=bm90LWEtdXVpZA", undefined],
    ] as const)("when a request has %s, then it is a 400 VALIDATION_FAILED", async (_, who, method, url, body) => {
      const call = api.http()[method](url).set(await api.as(who, who === "operator" ? "admin" : "maker"));
      expectRefused(await (body ? call.send(body) : call));
    });

    it("when a body gives a key twice, then it is a 400 VALIDATION_FAILED and nothing is made, whichever copy was valid", async () => {
      const keys = () => api.platform.db.prisma.apiKey.count();
      const before = await keys();
      const core = await api.as("core", "admin");
      for (const text of ['{"name":"erp","name":"erp2","role":"maker"}', '{"name":"erp","\u006eame":"erp2","role":"maker"}', '{"role":"maker","name":{"a":1,"a":2}}']) {
        expectRefused(await api.http().post(`/orgs/${api.orgs.core.id}/api-keys`).set(core).set("Content-Type", "application/json").send(text));
      }
      expect(await keys()).toBe(before);
    });
  });

  it(`when every operation gets ${RUNS} malformed requests in all, then each is a 4xx problem with a code, of the document's Problem schema, and nothing changes`, async () => {
    const exercised = new Set<string>();
    const failures: string[] = [];
    let cases = 0;
    const ids = {
      organisations: Object.values(api.orgs).map((o) => o.id),
      creditLine: `${api.orgs.bank.id}.${api.orgs.core.id}`,
    };
    // Log every caller in first: a login is a change of state (a refresh token) the batches must not see.
    for (const [h, r] of CALLERS) await api.as(h, r);
    const perOperation = Math.ceil(RUNS / operations.length);
    for (const [n, op] of operations.entries()) {
      const headers = await callerOf(op);
      const before = await state();
      const result = await fc.check(
        fc.asyncProperty(badRequests(op, ids), async (req) => {
          cases++;
          exercised.add(op.name);
          const res = await send(op, req, headers);
          const wrong = wrongWith(res);
          if (wrong) throw new Error(`${op.name} with ${req.what} (${req.url}): ${wrong}: ${JSON.stringify(res.body).slice(0, 300)}`);
        }),
        { seed: SEED + n, numRuns: perOperation },
      );
      if (result.failed) failures.push(result.errorInstance instanceof Error ? result.errorInstance.message : `${op.name}: ${JSON.stringify(result.counterexample)}`);
      const after = await state();
      if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${op.name}: a malformed request changed state from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(2000);
    expect([...exercised].sort()).toEqual(operations.map((o) => o.name).sort());
    expect(api.errors).toEqual([]);
  }, 300_000);
});
