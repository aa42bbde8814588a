import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Validator } from "@seriousme/openapi-schema-validator";
import { problemHandler, notFound } from "../../api/src/http/problem-handler";
import { RouteTable } from "../../api/src/http/route";
import { ledgerId, page, positiveYuan } from "../../api/src/http/schemas";
import { buildOpenApi, operationIdOf } from "../../api/src/openapi";
import { ignore } from "../helpers/quiet";

/** A route shaped like the real ones (a money-moving POST), on a real Express app. */
function app() {
  const seen: unknown[] = [];
  const table = new RouteTable().addPublic(
    {
      method: "post",
      path: "/vouchers/:id/transfers",
      summary: "Pass part of a voucher on",
      description: "The recipient's invoices back the piece.",
      tags: ["vouchers"],
      auth: false,
      params: z.strictObject({ id: ledgerId }),
      query: page,
      body: z.strictObject({ amount: positiveYuan, to: z.uuid() }),
      responses: { 201: { description: "Passed on", schema: z.object({ id: z.string() }) } },
    },
    ({ params, query, body }) => {
      seen.push({ params, query, body });
      return { id: "2" };
    },
  );
  const a = express();
  a.use(express.json());
  a.use(table.router);
  a.use(notFound);
  a.use(problemHandler(ignore));
  return { app: a, seen, table };
}

const TO = "0b8a6f1e-2d3c-4b5a-9f8e-7d6c5b4a3f21";

describe("request validation from the route's schemas", () => {
  it("when the request is valid, then the handler gets typed values: money as bigint fen, ids as bigint", async () => {
    const { app: a, seen } = app();
    await request(a).post("/vouchers/17/transfers?limit=5").send({ amount: "1250000.50", to: TO }).expect(201);
    expect(seen[0]).toEqual({ params: { id: 17n }, query: { limit: 5 }, body: { amount: 125000050n, to: TO } });
  });

  it.each([
    ["an unknown field (no mass assignment)", { amount: "1.00", to: TO, owner: "me" }, "body"],
    ["money as a JSON number", { amount: 1.5, to: TO }, "body.amount"],
    ["three decimals", { amount: "1.005", to: TO }, "body.amount"],
    ["a zero amount", { amount: "0.00", to: TO }, "body.amount"],
    ["a negative amount", { amount: "-1.00", to: TO }, "body.amount"],
    ["a missing field", { amount: "1.00" }, "body.to"],
    ["a wrong type", { amount: "1.00", to: 42 }, "body.to"],
  ])("when the body has %s, then 400 VALIDATION_FAILED naming where, and the handler never runs", async (_, body, where) => {
    const { app: a, seen } = app();
    const res = await request(a).post("/vouchers/17/transfers").send(body).expect(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe("VALIDATION_FAILED");
    const paths = (res.body.errors as { in: string; path: string }[]).map((e) => (e.path ? `${e.in}.${e.path}` : e.in));
    expect(paths).toContain(where);
    expect(seen).toEqual([]);
  });

  it("when the path id or the page size is malformed, then 400 and nothing runs", async () => {
    const { app: a, seen } = app();
    await request(a).post("/vouchers/0x11/transfers").send({ amount: "1.00", to: TO }).expect(400);
    await request(a).post("/vouchers/17/transfers?limit=1000").send({ amount: "1.00", to: TO }).expect(400);
    await request(a).post("/vouchers/17/transfers?limit=5&admin=1").send({ amount: "1.00", to: TO }).expect(400);
    expect(seen).toEqual([]);
  });

  it("when the OpenAPI document is built from the same schemas, then it validates as OpenAPI 3.1 and shows money as a pattern-checked string", async () => {
    const { table } = app();
    const doc = buildOpenApi({ title: "t", version: "1" }, table.specs);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const op = (doc.paths as Record<string, Record<string, { requestBody: { content: { "application/json": { schema: { properties: { amount: { type: string; pattern: string } } } } } } }>>)[
      "/vouchers/{id}/transfers"
    ].post;
    expect(op.requestBody.content["application/json"].schema.properties.amount).toMatchObject({ type: "string" });
    expect(op.requestBody.content["application/json"].schema.properties.amount.pattern).toContain("\\d{1,2}");
    expect(op).toMatchObject({ operationId: "postVouchersByIdTransfers", summary: "Pass part of a voucher on", description: "The recipient's invoices back the piece." });
  });

  it("when operations are named, then the name comes from the method and the path, and two routes that would share one are refused", () => {
    expect(operationIdOf("get", "/settlements/:debtorOrgId/:maturity")).toBe("getSettlementsByDebtorOrgIdByMaturity");
    expect(operationIdOf("put", "/credit-lines/:id")).toBe("putCreditLinesById");
    expect(operationIdOf("get", "/.well-known/jwks.json")).toBe("getWellKnownJwksJson");
    const { table } = app();
    const twin = { ...table.specs[0], path: "/vouchers/:id/transfers/" };
    expect(() => buildOpenApi({ title: "t", version: "1" }, [table.specs[0], twin])).toThrow("share the operationId postVouchersByIdTransfers");
  });
});
