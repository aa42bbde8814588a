/** Commodity prices through the API: publishers appointed and dismissed under the operator's dual control, one price a day. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApi, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { inventorySteps } from "../../helpers/inventory";

let api: TestApi;
const { as, proposeApprove, publisher, price } = inventorySteps(() => api);
const { party } = apiSteps(() => api);

beforeAll(async () => {
  api = await testApi();
}, 180_000);
afterAll(() => api.close());

describe("price publishers (the operator's maker; a checker approves)", () => {
  it("when the platform is seeded, then the operator's market-data desk is a publisher already", async () => {
    const list = await api.http().get("/prices/publishers").set(await as("bank")).then(status(200));
    expect((list.body as { items: unknown[] }).items).toEqual([party("operator")]);
  });

  it("when the operator appoints one, then it is listed; a second appointment, or dismissing a non-publisher, is 409 at the proposal", async () => {
    const r = await proposeApprove("operator", "post", "/prices/publishers", { orgId: api.orgs.guarantor.id });
    expect(r).toMatchObject({ publisher: party("guarantor"), appointed: true });
    const list = await api.http().get("/prices/publishers").set(await as("tier1")).then(status(200));
    expect((list.body as { items: unknown[] }).items).toContainEqual(party("guarantor"));
    const again = await api.http().post("/prices/publishers").set(await as("operator")).send({ orgId: api.orgs.guarantor.id });
    expect([again.status, again.body.code]).toEqual([409, "PRICE_PUBLISHER_UNCHANGED"]);
    const notOne = await api.http().post(`/prices/publishers/${api.orgs.insurer.id}/dismiss`).set(await as("operator"));
    expect([notOne.status, notOne.body.code]).toEqual([409, "PRICE_PUBLISHER_UNCHANGED"]);
    const unknown = await api.http().post("/prices/publishers").set(await as("operator")).send({ orgId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(404);
    const notOperator = await api.http().post("/prices/publishers").set(await as("bank")).send({ orgId: api.orgs.bank.id });
    expect(notOperator.status).toBe(403);
  });

  it("when a publisher posts today's price, then GET /prices shows it with its day; a second post today is 409; a non-publisher's is 403", async () => {
    await publisher("guarantor");
    const posted = await price("guarantor", "75000.00", "CU").then(status(201));
    const day = posted.body as { day: string; yuanPerTonne: string; publisher: unknown; txHash: string };
    expect(day).toMatchObject({ commodity: "CU", yuanPerTonne: "75000.00", publisher: party("guarantor") });
    expect(day.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const again = await price("guarantor", "76000.00", "CU");
    expect([again.status, again.body.code]).toEqual([409, "PRICE_ALREADY_POSTED"]);
    const stranger = await price("tier1", "1.00", "CU");
    expect([stranger.status, stranger.body.code]).toEqual([403, "PRICE_NOT_PUBLISHER"]);
    const zero = await price("guarantor", "0.00", "ZN");
    expect([zero.status, zero.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    const list = await api.http().get("/prices?commodity=CU").set(await as("tier3")).then(status(200));
    expect((list.body as { items: unknown[] }).items).toEqual([{ commodity: "CU", day: day.day, yuanPerTonne: "75000.00", publisher: party("guarantor") }]);
    const bad = await api.http().get("/prices?commodity=cu").set(await as("tier3"));
    expect(bad.status).toBe(400);
  });

  it("when prices are posted on several days, then they page newest day first", async () => {
    await publisher("guarantor");
    for (let i = 0; i < 3; i++) {
      await api.platform.ledger.clock.advance(86_400);
      await price("guarantor", `${70000 + i}.00`, "NI").then(status(201));
    }
    const first = await api.http().get("/prices?commodity=NI&limit=2").set(await as("bank")).then(status(200));
    const page1 = first.body as { items: { yuanPerTonne: string }[]; nextCursor: string };
    expect(page1.items.map((p) => p.yuanPerTonne)).toEqual(["70002.00", "70001.00"]);
    const second = await api.http().get(`/prices?commodity=NI&limit=2&cursor=${page1.nextCursor}`).set(await as("bank")).then(status(200));
    expect((second.body as { items: { yuanPerTonne: string }[]; nextCursor: null }).items.map((p) => p.yuanPerTonne)).toEqual(["70000.00"]);
  });

  it("when a publisher is dismissed, then its posts are 403 PRICE_NOT_PUBLISHER", async () => {
    await publisher("insurer");
    await proposeApprove("operator", "post", `/prices/publishers/${api.orgs.insurer.id}/dismiss`);
    const refused = await price("insurer", "1.00", "AL");
    expect([refused.status, refused.body.code]).toEqual([403, "PRICE_NOT_PUBLISHER"]);
    expect(api.errors).toEqual([]);
  });
});
