import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../chain/cst-day";
import { Validator } from "@seriousme/openapi-schema-validator";
import { ChainError } from "../../../chain/errors";
import { entryHash } from "../../../api/src/audit/audit-log.repository";
import type { AuditModule } from "../../../api/src/audit";
import { emitter, txIdPattern } from "../../helpers/either-ledger";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps } from "../../helpers/api-steps";
import { auditHistory, getAs, type AuditHistory, type Event } from "../../helpers/audit-story";
import { ifOpened } from "../../helpers/teardown";

describe("the regulator's audit", () => {
  let api: TestApi;
  let s: AuditHistory;
  const prisma = () => api.platform.db.prisma;
  /** The id of `who`'s seeded user in `role`: an API key acts for one. */
  const userIdOf = async (who: Handle, role: "maker" | "checker") =>
    (await prisma().user.findUniqueOrThrow({ where: { email: api.orgs[who].users.find((u) => u.role === role)!.email } })).id;
  const get = getAs(() => api);
  const acct = (k: Handle) => api.orgs[k].account;
  const { party } = apiSteps(() => api);
  const anchoring = () => (api.server.services.modules.find((m) => m.name === "audit") as AuditModule).anchoring;
  /** Every event, through the API, page by page: newest first. */
  async function allEvents(query = ""): Promise<Event[]> {
    const out: Event[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/audit/events?limit=100${query}${cursor ? `&cursor=${cursor}` : ""}`).expect(200);
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  }

  beforeAll(async () => {
    api = await testApi();
    s = await auditHistory(api);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  describe("who may call", () => {
    const routes = () => [
      "/audit/events",
      `/audit/vouchers/${s.F}/trace`,
      "/audit/reconciliation",
      "/audit/log",
      "/audit/log/verify",
      "/audit/anchors",
    ];

    it("when a supplier's or a bank's maker or checker calls any audit route, then 403 FORBIDDEN", async () => {
      for (const path of routes()) {
        for (const [who, role] of [["tier1", "maker"], ["bank", "maker"], ["bank", "checker"], ["core", "maker"]] as const) {
          const res = await get(path, who, role);
          expect([path, who, res.status, res.body.code]).toEqual([path, who, 403, "FORBIDDEN"]);
        }
      }
    });

    it("when there is no token, then 401 on every audit and report route", async () => {
      for (const path of [...routes(), "/reports/tier-reach", "/reports/outstanding"]) {
        const res = await api.http().get(path);
        expect([path, res.status, res.body.code]).toEqual([path, 401, "UNAUTHENTICATED"]);
      }
    });

    it("when any audit route gets an unknown query field or a cursor it never gave, then 400 VALIDATION_FAILED", async () => {
      for (const path of routes()) {
        const res = await get(`${path}?colour=red`);
        expect([path, res.status, res.body.code]).toEqual([path, 400, "VALIDATION_FAILED"]);
      }
      for (const path of ["/audit/events", "/audit/log", "/audit/anchors"]) {
        for (const cursor of ["%%%", Buffer.from("x:y").toString("base64url"), Buffer.from("-1").toString("base64url")]) {
          expect([path, cursor, (await get(`${path}?cursor=${cursor}`)).status]).toEqual([path, cursor, 400]);
        }
      }
    });

    it("when /openapi.json is fetched, then it is valid OpenAPI 3.1 and documents the audit and report routes", async () => {
      const doc = (await api.http().get("/openapi.json").expect(200)).body;
      const result = await new Validator().validate(doc);
      expect(result.valid, JSON.stringify(result.errors)).toBe(true);
      for (const path of ["/audit/events", "/audit/vouchers/{id}/trace", "/audit/reconciliation", "/audit/log", "/audit/log/verify", "/audit/anchors", "/reports/tier-reach", "/reports/outstanding"]) {
        expect(doc.paths[path]?.get, path).toBeDefined();
      }
      const reach = doc.paths["/reports/tier-reach"].get.responses["200"].content["application/json"].schema;
      expect(reach.description).toMatch(/\*\*Value that reached tier n\*\*/);
    });

    it("when the operator calls the audit routes, then 200, like the regulator", async () => {
      for (const path of routes()) expect([path, (await get(path, "operator", "checker")).status]).toEqual([path, 200]);
    });
  });

  describe("GET /audit/events", () => {
    it("when filtered by event name, then exactly the three issues, in chain order, with amounts in yuan", async () => {
      const res = await get("/audit/events?name=VoucherIssued").expect(200);
      expect(res.body.nextCursor).toBeNull();
      const vouchers = emitter(api, "Vouchers");
      expect(res.body.items.map((e: Event) => [e.contract, e.args.id, e.args.debtor, e.args.holder, e.args.amount])).toEqual([
        [vouchers, String(s.K), acct("core2"), acct("core2-tier1"), "300000.00"],
        [vouchers, String(s.H), acct("core"), acct("tier1"), "200000.00"],
        [vouchers, String(s.A), acct("core"), acct("tier1"), "1000000.00"],
      ]);
      expect(res.body.items[2].args.maturity).toBe(s.M1.toISOString());
      expect(res.body.items[2].txHash).toMatch(txIdPattern(api));
    });

    it("when paged two at a time, then the pages join up to the whole list, with no repeats", async () => {
      // On Fabric the one chaincode emits every event, so its filter pages through them all.
      const financing = emitter(api, "Financing");
      const whole = await allEvents(`&contract=${financing}`);
      expect(whole).toEqual((await allEvents()).filter((e) => e.contract === financing));
      expect(whole.map((e) => e.name).filter((n) => n.startsWith("Financing"))).toEqual([
        "FinancingDeclined", "FinancingRequested", "FinancingExecuted", "FinancingRequested", "FinancingExecuted", "FinancingRequested",
      ]);
      const positions = whole.map((e) => e.blockNumber * 1e6 + e.logIndex);
      expect(positions).toEqual([...positions].sort((a, b) => b - a));
      const paged: Event[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`/audit/events?contract=${financing}&limit=2${cursor ? `&cursor=${cursor}` : ""}`).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(whole);
    });

    it("when filtered by an account in any letter case, then exactly the events naming it anywhere in their arguments", async () => {
      const everything = await allEvents();
      const tier4 = acct("tier4");
      const expected = everything.filter((e) => JSON.stringify(e.args).toLowerCase().includes(`"${tier4.toLowerCase()}"`));
      const got = await allEvents(`&account=${tier4.toLowerCase()}`);
      expect(got).toEqual(expected);
      expect(got.map((e) => e.name)).toEqual(
        expect.arrayContaining(["ParticipantRegistered", "InvoiceRegistered", "VoucherTransferred", "Transfer", "FinancingRequested"]),
      );
      expect(got.every((e) => JSON.stringify(e.args).includes(tier4))).toBe(true);
      expect(got.length).toBeLessThan(everything.length);
    });

    it("when filtered by a block range with a name, then only those blocks", async () => {
      const transfers = await allEvents("&name=VoucherTransferred");
      expect(transfers).toHaveLength(4);
      const [from, to] = [transfers[2].blockNumber, transfers[1].blockNumber];
      const got = await allEvents(`&name=VoucherTransferred&blockFrom=${from}&blockTo=${to}`);
      expect(got.map((e) => e.args.id)).toEqual([String(s.D), String(s.C)]);
      expect((await allEvents(`&blockFrom=${to + 1}&blockTo=${to + 1}`)).every((e) => e.blockNumber === to + 1)).toBe(true);
    });

    it("when the query is malformed, then 400 VALIDATION_FAILED", async () => {
      for (const q of [
        "blockFrom=9&blockTo=3", "account=0x1234", "account=tier4", "name=drop%20table", "contract=drop%20table", "contract=-scf", "limit=0", "limit=101", "blockFrom=-1", "fromBlock=1",
        "cursor=not-ours", "colour=red", `cursor=${Buffer.from("12").toString("base64url")}`,
      ]) {
        const res = await get(`/audit/events?${q}`);
        expect([q, res.status, res.body.code]).toEqual([q, 400, "VALIDATION_FAILED"]);
      }
    });
  });

  describe("GET /audit/vouchers/{id}/trace", () => {
    it("when the regulator traces a tier-4 fragment, then its lineage to the root, with depths, holders, invoices and events", async () => {
      const res = await get(`/audit/vouchers/${s.F}/trace`).expect(200);
      const t = res.body;
      const day = formatCstDay(s.M1);
      expect(t).toMatchObject({ id: String(s.F), root: String(s.A), maturity: day, maturityAt: s.M1.toISOString() });
      expect(t.debtor).toEqual(party("core"));
      expect(t.lineage.map((x: { id: string; parentId: string | null; depth: number; origin: string }) => [x.id, x.parentId, x.depth, x.origin])).toEqual([
        [String(s.A), null, 1, "issued"],
        [String(s.B), String(s.A), 2, "transferred"],
        [String(s.D), String(s.B), 3, "transferred"],
        [String(s.F), String(s.D), 4, "transferred"],
      ]);
      expect(t.lineage.map((x: { created: { value: string } }) => x.created.value)).toEqual(["1000000.00", "400000.00", "150000.00", "50000.00"]);
      expect(t.lineage.map((x: { value: string }) => x.value)).toEqual(["500000.00", "100000.00", "100000.00", "50000.00"]);
      expect(t.lineage.map((x: { invoices: { key: string; amount: string }[] }) => x.invoices)).toEqual(
        ["A", "B", "D", "F"].map((k, i) => [
          { key: s.keys[k], amount: ["1000000.00", "400000.00", "150000.00", "50000.00"][i], kind: null, code: null, number: null },
        ]),
      );
      // D was sold whole to bank2: the same token changed hands.
      const [rootStep, bStep, dStep, fStep] = t.lineage;
      expect(dStep.holders.map((x: { account: string }) => x.account)).toEqual([acct("tier3"), acct("bank2")]);
      expect(dStep.holder).toMatchObject({ account: acct("bank2"), name: api.orgs.bank2.name });
      expect(dStep.financed).toBe(true);
      expect(rootStep.holders.map((x: { name: string }) => x.name)).toEqual([api.orgs.tier1.name]);
      const names = (step: { events: Event[] }) => step.events.map((e) => e.name);
      expect(names(rootStep)).toEqual(["VoucherIssued", "InvoiceUsed", "VoucherTransferred", "VoucherTransferred"]);
      expect(names(bStep)).toEqual([
        "VoucherTransferred", "InvoiceUsed", "VoucherTransferred", "VoucherSplit",
        "VoucherLocked", "FinancingRequested", "VoucherFinanced", "FinancingExecuted",
      ]);
      expect(names(dStep)).toEqual(expect.arrayContaining(["VoucherFinanced", "FinancingRequested", "FinancingExecuted"]));
      expect(names(fStep)).toEqual(["VoucherTransferred", "InvoiceUsed", "VoucherLocked", "FinancingRequested", "VoucherUnlocked", "FinancingDeclined"]);
      const executed = dStep.events.find((e: Event) => e.name === "FinancingExecuted");
      expect(executed.args.net).toBe(`${s.netD / 100n}.${String(s.netD % 100n).padStart(2, "0")}`);
    });

    it("when a piece a bank bought is traced, then it comes from its seller's voucher by financing, held by the bank", async () => {
      const t = (await get(`/audit/vouchers/${s.G}/trace`, "operator").expect(200)).body;
      expect(t.lineage.map((x: { id: string; origin: string }) => [x.id, x.origin])).toEqual([
        [String(s.A), "issued"], [String(s.B), "transferred"], [String(s.G), "financed"],
      ]);
      const g = t.lineage[2];
      expect(g).toMatchObject({ depth: 2, financed: true, value: "100000.00", invoices: [], holder: { account: acct("bank") } });
      expect(g.events.map((e: Event) => e.name)).toEqual(["VoucherFinanced", "FinancingExecuted"]);
    });

    it("when a redeemed voucher is traced, then its redemption is there and its value is redeemed", async () => {
      const t = (await get(`/audit/vouchers/${s.H}/trace`).expect(200)).body;
      expect(t.lineage).toHaveLength(1);
      expect(t.lineage[0]).toMatchObject({ value: "0.00", redeemedValue: "200000.00", origin: "issued" });
      expect(t.lineage[0].events.map((e: Event) => e.name)).toEqual(["VoucherIssued", "InvoiceUsed", "VoucherRedeemed"]);
    });

    it("when the voucher does not exist, then 404; when the id is not a ledger id, then 400", async () => {
      expect((await get("/audit/vouchers/999999/trace").expect(404)).body.code).toBe("NOT_FOUND");
      for (const id of ["0", "abc", "-1", "1.5", "123456789012345678901"]) {
        expect([id, (await get(`/audit/vouchers/${id}/trace`)).body.code]).toEqual([id, "VALIDATION_FAILED"]);
      }
    });
  });

  describe("GET /audit/reconciliation", () => {
    it("when the projection matches the chain, then consistent at the newest block; a row altered in the database shows up", async () => {
      const clean = (await get("/audit/reconciliation").expect(200)).body;
      const head = (await api.platform.ledger.history.confirmedHead()).number;
      expect(clean).toMatchObject({ consistent: true, differenceCount: 0, differences: [], chainMoving: false, checkedAtBlock: head });
      await prisma().voucherState.update({ where: { id: s.A }, data: { value: { increment: 1n } } });
      await prisma().cashBalance.update({ where: { account: acct("core2") }, data: { balance: { decrement: 50n } } });
      try {
        const dirty = (await get("/audit/reconciliation", "operator").expect(200)).body;
        expect(dirty.consistent).toBe(false);
        expect(dirty.differenceCount).toBe(3);
        expect(dirty.differences).toEqual(
          expect.arrayContaining([
            { entity: "voucher", key: String(s.A), field: "value", projection: "500000.01", chain: "500000.00" },
            { entity: "cash", key: acct("core2"), field: "balance", projection: "4699999.50", chain: "4700000.00" },
            { entity: "cash", key: "totalSupply", field: "total", projection: expect.any(String), chain: expect.any(String) },
          ]),
        );
      } finally {
        await prisma().voucherState.update({ where: { id: s.A }, data: { value: { decrement: 1n } } });
        await prisma().cashBalance.update({ where: { account: acct("core2") }, data: { balance: { increment: 50n } } });
      }
      expect((await get("/audit/reconciliation").expect(200)).body.consistent).toBe(true);
    });
  });

  describe("the audit log", () => {
    const makeKey = async (who: Handle, name: string) =>
      api.http().post(`/orgs/${api.orgs[who].id}/api-keys`).set(await api.as(who, "admin")).send({ name, role: "maker", userId: await userIdOf(who, "maker") }).expect(201);

    const makers: Handle[] = ["tier1", "bank", "tier2", "core2", "bank2"];
    beforeAll(async () => {
      // The seeds go through the services, not the routes: the log starts empty, and these are its first entries.
      for (const who of makers) await makeKey(who, `${who} erp`);
    });

    it("when the regulator lists it, then every entry newest first, paged, with the mutations just made", async () => {
      const all: { seq: string; organisationId: string; action: string; prevHash: string; hash: string }[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`/audit/log?limit=7${cursor ? `&cursor=${cursor}` : ""}`).expect(200);
        all.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(all).toHaveLength(await prisma().auditEntry.count());
      for (let i = 1; i < all.length; i++) {
        expect(BigInt(all[i].seq)).toBeLessThan(BigInt(all[i - 1].seq));
        expect(all[i - 1].prevHash).toBe(all[i].hash);
      }
      expect(all.map((e) => [e.organisationId, e.action])).toEqual(makers.map((m) => [api.orgs[m].id, "POST /orgs/:id/api-keys"]).reverse());
      const bankOnly = (await get(`/audit/log?orgId=${api.orgs.bank.id}&limit=100`).expect(200)).body.items;
      expect(bankOnly).toHaveLength(1);
      expect(bankOnly.every((e: { organisationId: string }) => e.organisationId === api.orgs.bank.id)).toBe(true);
    });

    it("when an organisation's admin lists it, then only its own organisation's entries; its makers get 403", async () => {
      const mine = (await get("/audit/log?limit=100", "tier1", "admin").expect(200)).body.items;
      expect(mine).toHaveLength(1);
      expect(mine.every((e: { organisationId: string }) => e.organisationId === api.orgs.tier1.id)).toBe(true);
      expect(mine.map((e: { action: string }) => e.action)).toContain("POST /orgs/:id/api-keys");
      const others = (await get(`/audit/log?orgId=${api.orgs.bank.id}`, "tier1", "admin").expect(200)).body.items;
      expect(others).toEqual([]);
      expect((await get("/audit/log", "tier1", "maker").expect(403)).body.code).toBe("FORBIDDEN");
      expect((await get("/audit/log?orgId=nope", "regulator").expect(400)).body.code).toBe("VALIDATION_FAILED");
    });

    it("when one entry's field is changed in the database, then verify reports the chain broken at that entry", async () => {
      const ok = (await get("/audit/log/verify").expect(200)).body;
      const last = await prisma().auditEntry.findFirst({ orderBy: { seq: "desc" } });
      expect(ok).toMatchObject({ valid: true, brokenAt: null, entries: await prisma().auditEntry.count(), head: last!.hash });
      const victim = (await prisma().auditEntry.findMany({ orderBy: { seq: "asc" } }))[3];
      await prisma().auditEntry.update({ where: { seq: victim.seq }, data: { result: "200 forged" } });
      try {
        const broken = (await get("/audit/log/verify", "operator").expect(200)).body;
        expect(broken).toMatchObject({ valid: false, entries: 4, brokenAt: { seq: String(victim.seq), reason: "its contents do not match its hash" } });
      } finally {
        await prisma().auditEntry.update({ where: { seq: victim.seq }, data: { result: victim.result } });
      }
      expect((await get("/audit/log/verify").expect(200)).body.valid).toBe(true);
    });
  });

  describe("anchoring the audit log on the ledger", () => {
    it("when the job anchors, then the head and length are on chain, the entry is marked, and a second run does nothing", async () => {
      expect((await get("/audit/anchors").expect(200)).body.items).toEqual([]);
      const count = await prisma().auditEntry.count();
      const last = (await prisma().auditEntry.findFirst({ orderBy: { seq: "desc" } }))!;
      const anchored = (await anchoring().runNow())!;
      expect(anchored).toMatchObject({ seq: last.seq, hash: last.hash, entries: count });
      const onChain = (await api.platform.ledger.history.events(anchored.blockNumber, anchored.blockNumber)).filter((e) => e.name === "AuditLogAnchored");
      expect(onChain.map((e) => [e.contract, e.txHash, e.args])).toEqual([
        [emitter(api, "Participants"), anchored.txHash, { operator: api.platform.accounts.operator, head: `0x${last.hash}`, entries: BigInt(count) }],
      ]);
      expect((await prisma().auditEntry.findUnique({ where: { seq: last.seq } }))!.anchoredTx).toBe(anchored.txHash);
      expect(await anchoring().runNow()).toBeUndefined();
      // The job itself adds nothing to the log, or every run would leave a new head to anchor.
      expect(await prisma().auditEntry.count()).toBe(count);
      const list = (await get("/audit/anchors").expect(200)).body.items;
      expect(list).toEqual([
        {
          txHash: anchored.txHash, blockNumber: anchored.blockNumber, logIndex: expect.any(Number), operator: api.platform.accounts.operator,
          head: `0x${last.hash}`, entries: String(count), seq: String(last.seq),
        },
      ]);
      const v = (await get("/audit/log/verify").expect(200)).body;
      expect(v).toMatchObject({ valid: true, anchors: { onLedger: 1, matched: 1, latest: { txHash: anchored.txHash, head: `0x${last.hash}`, entries: String(count) } } });
    });

    it("when the log is rewritten consistently below an anchor, then only the anchor catches it", async () => {
      await api.http().post(`/orgs/${api.orgs.core.id}/api-keys`).set(await api.as("core", "admin")).send({ name: "core erp", role: "checker", userId: await userIdOf("core", "checker") }).expect(201);
      const second = (await anchoring().runNow())!;
      expect(second.entries).toBe(await prisma().auditEntry.count());
      const rows = await prisma().auditEntry.findMany({ orderBy: { seq: "asc" } });
      const from = 2;
      expect(rows.findIndex((r) => r.anchoredTx)).toBe(4);
      const original = rows.slice(from).map((r) => ({ ...r }));
      // A forger with the database rewrites entry #3 and recomputes every later hash so that the chain links up.
      let prev = rows[from - 1].hash;
      for (const [i, r] of rows.slice(from).entries()) {
        const result = i === 0 ? "200 nothing to see" : r.result;
        const hash = entryHash({ ...r, result, prevHash: prev });
        await prisma().auditEntry.update({ where: { seq: r.seq }, data: { result, prevHash: prev, hash } });
        prev = hash;
      }
      try {
        expect((await api.server.services.audit.verify()).valid).toBe(true);
        const firstAnchored = rows.find((r) => r.anchoredTx)!;
        const v = (await get("/audit/log/verify").expect(200)).body;
        expect(v.valid).toBe(false);
        expect(v.brokenAt.seq).toBe(String(firstAnchored.seq));
        expect(v.brokenAt.reason).toMatch(/anchored a different hash/);
        expect(v.anchors.onLedger).toBe(2);
      } finally {
        for (const r of [...original].reverse()) await prisma().auditEntry.update({ where: { seq: r.seq }, data: { result: r.result, prevHash: r.prevHash, hash: r.hash } });
      }
      expect((await get("/audit/log/verify").expect(200)).body).toMatchObject({ valid: true, anchors: { onLedger: 2, matched: 2 } });
    });

    it("when anchored entries are gone from the end, or an entry names an anchor the ledger lacks, then verify fails", async () => {
      const repo = api.server.services.audit;
      const count = BigInt(await prisma().auditEntry.count());
      const last = (await prisma().auditEntry.findFirst({ orderBy: { seq: "desc" } }))!;
      const fake = { txHash: `0x${"ab".repeat(32)}`, blockNumber: 1, head: `0x${"cd".repeat(32)}`, entries: count + 3n };
      const real = (await prisma().ledgerEvent.findMany({ where: { name: "AuditLogAnchored" } })).map((e) => {
        const args = e.args as { head: string; entries: string };
        return { txHash: e.txHash, blockNumber: e.blockNumber, head: args.head, entries: BigInt(args.entries) };
      });
      expect(real).toHaveLength(2);
      expect(await repo.verify(real)).toMatchObject({ valid: true, anchorsMatched: 2 });
      expect(await repo.verify([...real, fake])).toMatchObject({ valid: false, brokenAt: { seq: null } });
      await prisma().auditEntry.update({ where: { seq: last.seq }, data: { anchoredTx: fake.txHash } });
      try {
        const v = (await get("/audit/log/verify").expect(200)).body;
        expect(v).toMatchObject({ valid: false, brokenAt: { seq: String(last.seq) } });
        expect(v.brokenAt.reason).toMatch(/recorded nothing on the ledger/);
      } finally {
        await prisma().auditEntry.update({ where: { seq: last.seq }, data: { anchoredTx: last.anchoredTx } });
      }
    });

    it("when anyone but an operator anchors through the port, then the ledger refuses with PARTICIPANT_MISSING_ROLE", async () => {
      for (const who of ["bank", "regulator", "core"] as const) {
        const e = await api.platform.ledger.participants.anchorAuditLog(acct(who), `0x${"11".repeat(32)}`, 1n).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(ChainError);
        expect((e as ChainError).code).toBe("PARTICIPANT_MISSING_ROLE");
      }
      expect((await get("/audit/anchors").expect(200)).body.items).toHaveLength(2);
    });

    it("when the module's job starts and stops, then it is scheduled, stops cleanly and anchors nothing new", async () => {
      const job = anchoring();
      job.start();
      expect(job.started).toBe(true);
      await job.stop();
      expect(job.started).toBe(false);
      expect((await get("/audit/anchors").expect(200)).body.items).toHaveLength(2);
    });
  });

  it("when everything ran, then the app logged no unexpected error", () => {
    expect(api.errors).toEqual([]);
  });
});
