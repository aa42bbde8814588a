/**
 * Risk alerts, raised by the indexer from real ledger stories (embedded chain, real database) and read over HTTP:
 * each rule fires on the story it watches for and stays quiet on a benign one; an alert is seen by the regulator,
 * the operator and its parties only; its lifecycle is the regulator's, with who and why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../chain/cst-day";
import type { Ledger } from "../../../chain/ledger";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { alertSteps, type AlertJson } from "../../helpers/alert-steps";
import { status } from "../../helpers/api-steps";
import { cstMidnightIn, h } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;
const Y = 100n;

type Alert = AlertJson;

describe("risk alerts", () => {
  let api: TestApi;
  let l: Ledger;
  let maturity: Date;
  const steps = alertSteps(() => api, "8");
  const { acct } = steps;

  beforeAll(async () => {
    api = await testApi();
    await api.server.services.jobs.find((j) => j.name === "Alert sweep")!.stop();
    l = api.platform.ledger;
    const expiry = new Date((await l.clock.now()).getTime() + 300 * DAY);
    await l.creditLines.grant(acct("bank"), acct("core"), 1_000_000n * Y, expiry);
    await l.creditLines.grant(acct("bank2"), acct("core"), 100_000_000n * Y, expiry);
    for (const bank of ["bank", "bank2"] as const) await l.cash.mint(acct("settlement-bank"), acct(bank), 10_000_000n * Y, h(`deposit ${bank}`));
    maturity = await cstMidnightIn(l, 60);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const issue = (amount: bigint, at = maturity) => steps.issue("core", "tier1", amount, at);
  const { pass } = steps;
  const finance = (voucherId: bigint, bank: Handle, amount: bigint) => steps.finance("tier1", voucherId, bank, amount, maturity);
  const list = steps.alerts;
  const ofRule = (who: Handle, rule: string) => list(who, { rule });

  describe("credit-line utilisation", () => {
    let raised: Alert;

    it("when a bank's line to a core enterprise is 85% used, then no one is warned", async () => {
      const v = await issue(3_000_000n * Y);
      await finance(v, "bank", 850_000n * Y);
      expect(await ofRule("regulator", "credit-line-utilisation")).toEqual([]);
    });

    it("when it reaches 91%, then the bank and the core enterprise are warned with the figures, and no one else sees it", async () => {
      const v = await issue(3_000_000n * Y);
      await finance(v, "bank", 60_000n * Y);
      [raised] = await ofRule("regulator", "credit-line-utilisation");
      expect(raised).toMatchObject({
        severity: "warning",
        status: "open",
        parties: [acct("bank"), acct("core")],
        facts: { used: "910000.00", limit: "1000000.00", utilisation: "91.00", threshold: "90" },
      });
      expect(raised.explanation["zh-CN"]).toContain("91.00%");
      expect(raised.explanation["en-US"]).toContain("¥910,000.00 of ¥1,000,000.00");
      expect((await ofRule("bank", "credit-line-utilisation")).map((a) => a.id)).toEqual([raised.id]);
      expect((await ofRule("core", "credit-line-utilisation")).map((a) => a.id)).toEqual([raised.id]);
      expect((await ofRule("operator", "credit-line-utilisation")).map((a) => a.id)).toEqual([raised.id]);
      expect(await ofRule("bank2", "credit-line-utilisation")).toEqual([]);
      expect(await ofRule("tier1", "credit-line-utilisation")).toEqual([]);
      const hidden = await api.http().get(`/alerts/${raised.id}`).set(await api.as("tier1")).then(status(404));
      expect(hidden.body.code).toBe("NOT_FOUND");
      // Another bank's line far below its limit stays quiet.
      await finance(v, "bank2", 100_000n * Y);
      expect(await ofRule("bank2", "credit-line-utilisation")).toEqual([]);
    });

    it("when the line is used further while the alert is open, then no second alert is raised", async () => {
      await finance(await issue(100_000n * Y), "bank", 10_000n * Y);
      expect((await ofRule("regulator", "credit-line-utilisation")).map((a) => a.id)).toEqual([raised.id]);
    });

    it("when the regulator acknowledges and then resolves it, then each step records who and why, a step out of turn is a 409 and others may not take them", async () => {
      const regulator = await api.as("regulator", "checker");
      const forbidden = await api.http().post(`/alerts/${raised.id}/acknowledge`).set(await api.as("bank", "checker")).send({}).then(status(403));
      expect(forbidden.body.code).toBe("FORBIDDEN");
      const acked = (await api.http().post(`/alerts/${raised.id}/acknowledge`).set(regulator).send({ note: "calling the bank" }).then(status(200))).body as Alert;
      expect(acked).toMatchObject({ status: "acknowledged", acknowledgeNote: "calling the bank", acknowledgedBy: expect.any(String) as unknown });
      const again = await api.http().post(`/alerts/${raised.id}/acknowledge`).set(regulator).send({}).then(status(409));
      expect(again.body.code).toBe("ALERT_NOT_OPEN");
      const noReason = await api.http().post(`/alerts/${raised.id}/resolve`).set(regulator).send({}).then(status(400));
      expect(noReason.body.code).toBe("VALIDATION_FAILED");
      const resolved = (await api.http().post(`/alerts/${raised.id}/resolve`).set(regulator).send({ note: "limit raised next week" }).then(status(200))).body as Alert;
      expect(resolved).toMatchObject({ status: "resolved", resolveNote: "limit raised next week", resolvedBy: expect.any(String) as unknown });
      const twice = await api.http().post(`/alerts/${raised.id}/resolve`).set(regulator).send({ note: "again" }).then(status(409));
      expect(twice.body.code).toBe("ALERT_RESOLVED");
      expect(await list("bank", { status: "open", rule: "credit-line-utilisation" })).toEqual([]);
      const missing = await api.http().post("/alerts/00000000-0000-4000-8000-000000000000/acknowledge").set(regulator).send({}).then(status(404));
      expect(missing.body.code).toBe("NOT_FOUND");
    });

    it("when the line is used again after the alert was resolved, then a new alert is raised", async () => {
      await finance(await issue(100_000n * Y), "bank", 10_000n * Y);
      const all = await ofRule("regulator", "credit-line-utilisation");
      expect(all.map((a) => a.status)).toEqual(["open", "resolved"]);
      expect(all[0].facts.utilisation).toBe("93.00");
    });
  });

  describe("circular passing", () => {
    it("when value goes down a chain of suppliers, then nothing is raised; when it comes back to an earlier holder, then the regulator alone is warned", async () => {
      const root = await issue(500_000n * Y);
      const t2 = await pass("tier1", root, "tier2", 100_000n * Y);
      await pass("tier2", t2, "tier3", 40_000n * Y);
      expect(await ofRule("regulator", "circular-passing")).toEqual([]);
      const back = await pass("tier2", t2, "tier1", 10_000n * Y);
      const [alert] = await ofRule("regulator", "circular-passing");
      expect(alert).toMatchObject({ severity: "warning", parties: [], facts: { voucherId: back.toString(), rootId: root.toString(), heldBeforeAs: root.toString(), account: acct("tier1") } });
      for (const who of ["tier1", "tier2", "core", "bank"] as const) expect(await ofRule(who, "circular-passing")).toEqual([]);
    });
  });

  describe("a frozen party holding value", () => {
    it("when a party holding vouchers is frozen, then the core enterprise that owes it is warned; freezing one that holds nothing raises nothing", async () => {
      await pass("tier1", await issue(200_000n * Y), "tier4", 30_000n * Y);
      const held = await api.platform.db.prisma.voucherState.aggregate({ where: { owner: acct("tier4"), value: { gt: 0n } }, _sum: { value: true }, _count: true });
      const regulator = api.platform.accounts.regulator;
      const idle = await l.participants.freeze(regulator, acct("core2-tier1"));
      await api.platform.indexer.waitFor(idle.blockNumber);
      expect(await ofRule("regulator", "frozen-party-exposure")).toEqual([]);
      const frozen = await l.participants.freeze(regulator, acct("tier4"));
      await api.platform.indexer.waitFor(frozen.blockNumber);
      const [alert] = await ofRule("regulator", "frozen-party-exposure");
      expect(alert).toMatchObject({ parties: [acct("core")], facts: { account: acct("tier4"), vouchers: String(held._count), held: `${held._sum.value! / Y}.00` } });
      expect((await ofRule("core", "frozen-party-exposure")).map((a) => a.id)).toEqual([alert.id]);
      // The frozen party cannot sign in to see it; another supplier of the same core does not see it either.
      expect(await ofRule("tier1", "frozen-party-exposure")).toEqual([]);
      for (const who of ["tier4", "core2-tier1"] as const) await api.platform.indexer.waitFor((await l.participants.unfreeze(regulator, acct(who))).blockNumber);
    });
  });

  describe("maturities coming due unfunded (the daily sweep)", () => {
    /** The module's own job, stopped in beforeAll so that only the test runs its passes. */
    const sweep = () => api.server.services.jobs.find((j) => j.name === "Alert sweep")!.runNow();
    const ofSlot = async (who: Handle, day: string) => (await ofRule(who, "maturity-unfunded")).filter((a) => a.facts.maturity === day);

    it("when a maturity is five days away and not funded, then its debtor and holders are warned once; one a month away or fully funded is not", async () => {
      const soon = await cstMidnightIn(l, 5);
      const day = formatCstDay(soon);
      const root = await issue(70_000n * Y, soon);
      await pass("tier1", root, "tier2", 30_000n * Y);
      const funded = await cstMidnightIn(l, 4);
      await issue(10_000n * Y, funded);
      await l.cash.mint(acct("settlement-bank"), acct("core"), 10_000n * Y, h("alerts: core funds its maturity"));
      await api.platform.indexer.waitFor((await l.settlement.fund(acct("core"), funded)).blockNumber);
      await sweep();
      await sweep();
      const [alert, ...more] = await ofSlot("regulator", day);
      expect(more).toEqual([]);
      expect(alert).toMatchObject({ severity: "warning", facts: { withinDays: "7", outstanding: "70000.00", escrowed: "0.00", shortfall: "70000.00" } });
      expect(new Set(alert.parties)).toEqual(new Set([acct("core"), acct("tier1"), acct("tier2")]));
      expect((await ofSlot("tier2", day)).map((a) => a.id)).toEqual([alert.id]);
      expect(await ofSlot("regulator", formatCstDay(funded))).toEqual([]);
      // The 60-day maturity of the other stories is far off.
      expect((await ofRule("regulator", "maturity-unfunded")).filter((a) => a.facts.maturity !== day)).toEqual([]);
    });

    it("when it is a day away, then a critical alert follows the warning", async () => {
      const [warned] = await ofRule("regulator", "maturity-unfunded");
      const now = await l.clock.now();
      const due = new Date(`${warned.facts.maturity}T00:00:00+08:00`);
      await l.clock.advance(Math.ceil((due.getTime() - now.getTime()) / 1000) - 12 * 3600);
      await sweep();
      const [critical] = await list("regulator", { rule: "maturity-unfunded", severity: "critical" });
      expect(critical.facts).toMatchObject({ maturity: warned.facts.maturity, withinDays: "1", shortfall: "70000.00" });
    });
  });

  describe("overdue", () => {
    it("when an unfunded maturity passes its grace period and is flagged, then its debtor and every holder are warned, and the critical alerts can be filtered", async () => {
      const soon = await cstMidnightIn(l, 3);
      const root = await issue(50_000n * Y, soon);
      await pass("tier1", root, "tier2", 20_000n * Y);
      expect(await ofRule("regulator", "slot-overdue")).toEqual([]);
      const grace = await l.settlement.gracePeriod();
      const now = await l.clock.now();
      await l.clock.advance(Math.ceil((soon.getTime() - now.getTime()) / 1000) + grace + 60);
      const flagged = await l.settlement.flagOverdue(api.platform.accounts.operator, acct("core"), soon);
      await api.platform.indexer.waitFor(flagged.blockNumber);
      const [alert] = await list("regulator", { rule: "slot-overdue", severity: "critical" });
      expect(alert).toMatchObject({ status: "open", facts: { shortfall: "50000.00", holders: "2" } });
      expect(new Set(alert.parties)).toEqual(new Set([acct("core"), acct("tier1"), acct("tier2")]));
      expect(alert.explanation["zh-CN"]).toContain("逾期");
      expect((await ofRule("tier2", "slot-overdue")).map((a) => a.id)).toEqual([alert.id]);
      expect(await ofRule("tier3", "slot-overdue")).toEqual([]);
      expect(await list("regulator", { rule: "slot-overdue", severity: "info" })).toEqual([]);
    });
  });
});
