/**
 * One clock for business time: after the embedded ledger's clock moves forward, what the platform stamps
 * (an invoice's createdAt, an approval's createdAt, an audit entry's time) is the ledger's time, not the wall's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerClock } from "../../api/src/clock";
import { testApi, type TestApi } from "../helpers/api";
import { ifOpened } from "../helpers/teardown";

const DAY_MS = 86_400_000;

describe("the platform's clock", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(async () => {
    await ifOpened(api)?.close();
  });

  it("when the ledger's clock was moved 400 days ahead, then new records are stamped with the ledger's time", async () => {
    await api.platform.ledger.clock.advance(400 * 86_400);
    const ledgerNow = (await api.platform.ledger.clock.now()).getTime();
    const res = await api
      .http()
      .post("/invoices")
      .set(await api.as("tier1"))
      .set("idempotency-key", "clock-test-0001")
      .send({ kind: "digital", number: "26362000000000990001", buyerOrgId: api.orgs.core.id, amount: "100.00", tax: "13.00", issueDate: "2026-12-01" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const stamped = new Date(res.body.createdAt).getTime();
    expect(Math.abs(stamped - ledgerNow)).toBeLessThan(60_000);
    expect(stamped - Date.now()).toBeGreaterThan(399 * DAY_MS);
    const entry = await api.platform.db.prisma.auditEntry.findFirst({ orderBy: { seq: "desc" } });
    expect(Math.abs(entry!.at.getTime() - ledgerNow)).toBeLessThan(60_000);
  });
});

describe("the business clock's stamps", () => {
  it("when the ledger's time stands still or steps back, then each stamp is still later than the one before", () => {
    const times = [5_000, 5_000, 5_000, 4_000, 9_000, 9_000];
    let i = 0;
    const clock = ledgerClock({ current: () => new Date(times[i++] ?? 0) });
    const stamps = times.map(() => clock.now().getTime());
    expect(stamps).toEqual([5_000, 5_001, 5_002, 5_003, 9_000, 9_001]);
  });
});
