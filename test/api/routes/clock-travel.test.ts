/**
 * Moving the ledger's clock through the API, under dual control: only the embedded chain's clock travels, so this is
 * not in the Fabric pass (npm run test:fabric-api), where the same proposal is 409 CLOCK_FIXED (settlement.test.ts).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Ledger } from "../../../chain/ledger";
import { testApi, type TestApi } from "../../helpers/api";
import { ifOpened } from "../../helpers/teardown";

const DAY_S = 86_400;

let api: TestApi;
let L: Ledger;
beforeAll(async () => {
  api = await testApi();
  L = api.platform.ledger;
}, 180_000);
afterAll(() => ifOpened(api)?.close());

  it("when the operator's maker proposes advancing by days, then nothing moves until a different checker approves; then the ledger's now moves that far", async () => {
    const before = await L.clock.now();
    const proposed = await api.http().post("/clock/advance").set(await api.as("operator", "maker")).send({ days: 1 }).expect(202);
    expect(proposed.body).toMatchObject({ kind: "clock.advance", status: "pending", payload: { seconds: DAY_S } });
    expect((await L.clock.now()).getTime() - before.getTime()).toBeLessThan(60_000);
    for (const role of ["admin", "checker"] as const) {
      const alone = await api.http().post("/clock/advance").set(await api.as("operator", role)).send({ days: 1 });
      expect([alone.status, alone.body.code]).toEqual([403, "FORBIDDEN"]);
    }
    const self = await api.http().post(`/approvals/${proposed.body.id}/approve`).set(await api.as("operator", "maker"));
    expect([self.status, self.body.code]).toEqual([403, "FORBIDDEN"]);
    const approved = await api.http().post(`/approvals/${proposed.body.id}/approve`).set(await api.as("operator", "checker")).expect(200);
    expect(approved.body.result.advancedSeconds).toBe(DAY_S);
    expect((await L.clock.now()).getTime() - before.getTime()).toBeGreaterThanOrEqual(DAY_S * 1000);
  });

it("when the operator advances by seconds, then the ledger's now moves that far and the approval says where", async () => {
  const before = await L.clock.now();
  const proposed = await api.http().post("/clock/advance").set(await api.as("operator", "maker")).send({ seconds: 3_600 }).expect(202);
  const approved = await api.http().post(`/approvals/${proposed.body.id}/approve`).set(await api.as("operator", "checker")).expect(200);
  expect(approved.body.result).toMatchObject({ advancedSeconds: 3_600, block: expect.any(Number) });
  expect(new Date(approved.body.result.now).getTime() - before.getTime()).toBeGreaterThanOrEqual(3_600_000);
  expect(api.errors).toEqual([]);
});
