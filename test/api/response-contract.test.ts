/** The check every route test's answers go through (test/helpers/response-contract.ts) can fail, and says why. */
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { contractChecked, responseContract } from "../helpers/response-contract";

const headers = { "RateLimit-Limit": { $ref: "#/components/headers/RateLimit-Limit" } };
const doc = {
  paths: {
    "/things/{id}": {
      get: {
        responses: {
          200: { description: "ok", headers, content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" } }, required: ["id"], additionalProperties: false } } } },
          default: { description: "problem", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } },
        },
      },
    },
  },
  components: {
    schemas: { Problem: { type: "object", properties: { code: { type: "string" } }, required: ["code"], additionalProperties: false } },
    responses: {},
  },
};

/** Answers GET /things/:id with what the id names. */
function app() {
  const a = express();
  a.get("/things/:id", (req, res) => {
    const answers: Record<string, () => void> = {
      good: () => res.set("RateLimit-Limit", "5").json({ id: "good" }),
      extra: () => res.set("RateLimit-Limit", "5").json({ id: "extra", secret: 1 }),
      bare: () => res.json({ id: "bare" }),
      created: () => res.status(201).set("RateLimit-Limit", "5").json({ id: "created" }),
      problem: () => res.status(404).type("application/problem+json").send(JSON.stringify({ code: "NOT_FOUND", ledger: {} })),
    };
    answers[req.params.id]();
  });
  return a;
}

describe("the response contract", () => {
  const contract = responseContract(doc);
  const check = async (id: string) => {
    const url = `/things/${id}`;
    const res = await request(app()).get(url);
    return () => contract.check("get", url, res);
  };

  it("when the answer is documented, then it passes", async () => {
    expect(await check("good")).not.toThrow();
  });

  it("when the body has a field the schema forbids, a header is missing, a success status is undeclared or a problem has extra members, then it fails naming why", async () => {
    expect(await check("extra")).toThrow(/does not fit the documented schema/);
    expect(await check("bare")).toThrow(/header RateLimit-Limit is missing/);
    expect(await check("created")).toThrow(/does not declare this status/);
    expect(await check("problem")).toThrow(/does not fit the documented schema/);
  });

  it("when a test sends through the checked client, then a disagreeing answer fails the request before the test's own expectations", async () => {
    const http = () => contractChecked(app(), contract);
    await http().get("/things/good").expect(200);
    await expect(http().get("/things/extra").expect(200)).rejects.toThrow(/does not fit the documented schema/);
  });
});
