import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../api/src/http/cst-day";
import { formatYuan } from "../../../api/src/money";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { apiSteps, digitalNo, status } from "../../helpers/api-steps";
import { onFabric, txIdPattern } from "../../helpers/either-ledger";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;
const ZERO_UUID = "00000000-0000-4000-8000-000000000000";

describe("vouchers through the API", () => {
  let api: TestApi;
  /** Maturities as the API takes them: CST days ahead of the ledger's today. */
  let in90: string;

  beforeAll(async () => {
    api = await testApi();
    const l = api.platform.ledger;
    const expiry = new Date((await l.clock.now()).getTime() + 300 * DAY);
    // The default program rules require issuance to be covered by open credit lines.
    await l.creditLines.grant(api.orgs.bank.account, api.orgs.core.account, 50_000_000_00n, expiry);
    const r = await l.creditLines.grant(api.orgs.bank.account, api.orgs.core2.account, 50_000_000_00n, expiry);
    await api.platform.indexer.waitFor(r.blockNumber);
    in90 = await dayIn(90);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const dayIn = async (days: number) => formatCstDay(await cstMidnightIn(api.platform.ledger, days));
  const http = () => api.http();
  const as = (who: Handle, role: Role = "maker") => api.as(who, role);
  /** Every voucher id on the ledger: what a step issued is what it added (Fabric's ids are not sequential). */
  const idsOnLedger = () => api.platform.ledger.vouchers.ids();
  const addedSince = async (before: bigint[]) => (await idsOnLedger()).filter((id) => !before.includes(id)).map(String);
  const { party, pendingCount, approve } = apiSteps(() => api);

  /** An invoice from `seller` to `buyer` of `total` yuan (no tax), confirmed by the buyer unless told not to. */
  async function invoice(seller: Handle, buyer: Handle, total: string, confirm = true): Promise<string> {
    const sub = await http()
      .post("/invoices")
      .set(await as(seller))
      .send({ kind: "digital", number: digitalNo(), buyerOrgId: api.orgs[buyer].id, amount: total, tax: "0.00", issueDate: "2025-06-01" })
      .then(status(201));
    if (confirm) await http().post(`/invoices/${sub.body.id}/confirm`).set(await as(buyer, "admin")).then(status(200));
    return sub.body.id as string;
  }

  async function propose(body: Record<string, unknown>, who: Handle = "core", role: Role = "maker") {
    return http().post("/vouchers").set(await as(who, role)).send(body);
  }

  /** A voucher issued by `core` to `supplier` through maker and checker, backed by a fresh invoice. */
  async function issue(supplier: Handle, amount: string, core: Handle = "core", maturity = in90): Promise<string> {
    const inv = await invoice(supplier, core, amount);
    const p = await propose({ supplierOrgId: api.orgs[supplier].id, amount, maturity, invoiceIds: [inv] }, core).then(status(202));
    const done = await approve(p.body.id, core).then(status(200));
    return done.body.result.voucherId as string;
  }

  async function voucher(id: string, who: Handle = "regulator") {
    return (await http().get(`/vouchers/${id}`).set(await as(who, "admin")).then(status(200))).body;
  }

  async function transfer(id: string, who: Handle, body: Record<string, unknown>, role: Role = "maker") {
    return http().post(`/vouchers/${id}/transfers`).set(await as(who, role)).send(body);
  }

  describe("issuing (maker and checker)", () => {
    it("when the core's maker proposes and its checker approves, then the ledger issues the voucher to the supplier, backed by the invoice", async () => {
      const inv = await invoice("tier1", "core", "1000000.00");
      const before = await idsOnLedger();
      const p = await propose({ supplierOrgId: api.orgs.tier1.id, amount: "800000.00", maturity: in90, invoiceIds: [inv] }).then(status(202));
      expect(p.body).toMatchObject({
        kind: "voucher.issue",
        status: "pending",
        txHash: null,
        payload: { supplier: party("tier1"), amount: "800000.00", maturity: in90, invoiceIds: [inv] },
      });
      expect(await addedSince(before)).toEqual([]);

      const done = await approve(p.body.id, "core").then(status(200));
      expect(done.body).toMatchObject({ status: "approved", result: { amount: "800000.00", maturity: in90, supplier: party("tier1") } });
      expect(done.body.txHash).toMatch(txIdPattern(api));
      expect(done.body.result.txHash).toBe(done.body.txHash);
      const id = done.body.result.voucherId as string;
      expect(await addedSince(before)).toEqual([id]);

      const v = await voucher(id, "tier1");
      expect(v).toMatchObject({
        id,
        rootId: id,
        parentId: null,
        depth: 1,
        value: "800000.00",
        redeemedValue: "0.00",
        locked: "0.00",
        available: "800000.00",
        financed: false,
        redeemed: false,
        holder: party("tier1"),
        debtor: party("core"),
        maturity: in90,
        lineage: [],
      });
      expect(new Date(v.maturityAt).getTime()).toBe((await cstMidnightIn(api.platform.ledger, 90)).getTime());
      const onChain = await api.platform.ledger.vouchers.get(BigInt(id));
      expect(onChain).toMatchObject({ owner: api.orgs.tier1.account, value: 80_000_000n, debtor: api.orgs.core.account, depth: 1 });
      const used = await http().get(`/invoices/${inv}`).set(await as("tier1")).then(status(200));
      expect(used.body.ledger).toMatchObject({ used: "800000.00", available: "200000.00" });
    });

    it("when the maker, the core's admin or another organisation tries to approve, then 403 or 404 and nothing is issued; a second approval is 409", async () => {
      const inv = await invoice("tier1", "core", "5000.00");
      const p = await propose({ supplierOrgId: api.orgs.tier1.id, amount: "5000.00", maturity: in90, invoiceIds: [inv] }).then(status(202));
      const before = await idsOnLedger();
      for (const [who, role, code] of [
        ["core", "maker", 403],
        ["core", "admin", 403],
        ["core2", "checker", 404],
        ["tier1", "checker", 404],
        ["regulator", "checker", 404],
      ] as const) {
        const res = await http().post(`/approvals/${p.body.id}/approve`).set(await as(who, role)).then(status(code));
        expect(res.body.code).toBe(code === 403 ? "FORBIDDEN" : "NOT_FOUND");
      }
      expect(await addedSince(before)).toEqual([]);
      expect((await http().get(`/approvals/${p.body.id}`).set(await as("core", "checker")).then(status(200))).body.status).toBe("pending");
      const issued = await approve(p.body.id, "core").then(status(200));
      const again = await approve(p.body.id, "core").then(status(409));
      expect(again.body.code).toBe("ALREADY_DECIDED");
      expect(await addedSince(before)).toEqual([issued.body.result.voucherId]);
    });

    it("when 20 approvals of one issue race, then exactly one voucher is issued and the rest get 409 ALREADY_DECIDED", async () => {
      const inv = await invoice("tier1", "core", "7000.00");
      const p = await propose({ supplierOrgId: api.orgs.tier1.id, amount: "7000.00", maturity: in90, invoiceIds: [inv] }).then(status(202));
      const before = await idsOnLedger();
      const headers = await as("core", "checker");
      const results = await Promise.all(Array.from({ length: 20 }, () => http().post(`/approvals/${p.body.id}/approve`).set(headers)));
      const ok = results.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      expect(results.filter((r) => r.status !== 200).map((r) => [r.status, r.body.code])).toEqual(Array(19).fill([409, "ALREADY_DECIDED"]));
      expect(await addedSince(before)).toEqual([ok[0].body.result.voucherId]);
      expect((await voucher(ok[0].body.result.voucherId)).value).toBe("7000.00");
    });

    it("when two proposals use one invoice, then the second approval is refused by the ledger with 409 INVOICE_ALREADY_USED and its action fails", async () => {
      const inv = await invoice("tier1", "core", "3000.00");
      const body = { supplierOrgId: api.orgs.tier1.id, amount: "3000.00", maturity: in90, invoiceIds: [inv] };
      const a = await propose(body).then(status(202));
      const b = await propose(body).then(status(202));
      const before = await idsOnLedger();
      const issued = await approve(a.body.id, "core").then(status(200));
      const refused = await approve(b.body.id, "core").then(status(409));
      expect(refused.body).toMatchObject({ code: "INVOICE_ALREADY_USED", ledger: { error: "InvoicesExhausted" } });
      expect(await addedSince(before)).toEqual([issued.body.result.voucherId]);
      const action = await http().get(`/approvals/${b.body.id}`).set(await as("core", "checker")).then(status(200));
      expect(action.body).toMatchObject({ status: "failed", result: { error: "INVOICE_ALREADY_USED" } });
      // And once it is used up, a new proposal with it is refused at once.
      const late = await propose(body).then(status(409));
      expect(late.body.code).toBe("INVOICE_ALREADY_USED");
    });

    describe("when the proposal is wrong, then it is refused at once and no action is stored", () => {
      let good: Record<string, unknown>;
      let counts: { pending: number; ids: bigint[] };
      beforeAll(async () => {
        good = { supplierOrgId: api.orgs.tier1.id, amount: "1000.00", maturity: in90, invoiceIds: [await invoice("tier1", "core", "1000.00")] };
        counts = { pending: await pendingCount(), ids: await idsOnLedger() };
      });
      afterAll(async () => {
        expect(await pendingCount()).toBe(counts.pending);
        expect(await addedSince(counts.ids)).toEqual([]);
      });

      it("without a token: 401; a supplier, the core's admin or checker: 403", async () => {
        expect((await http().post("/vouchers").send(good).then(status(401))).body.code).toBe("UNAUTHENTICATED");
        for (const [who, role] of [["tier1", "maker"], ["bank", "maker"], ["core", "admin"], ["core", "checker"], ["operator", "admin"]] as const) {
          expect((await propose(good, who, role).then(status(403))).body.code).toBe("FORBIDDEN");
        }
      });

      it.each([
        ["the amount as a JSON number", { amount: 1000 }, "body.amount"],
        ["three decimals", { amount: "1000.001" }, "body.amount"],
        ["a zero amount", { amount: "0.00" }, "body.amount"],
        ["a negative amount", { amount: "-1000.00" }, "body.amount"],
        ["a comma in the amount", { amount: "1,000.00" }, "body.amount"],
        ["an unknown field", { debtor: "someone" }, "body"],
        ["a maturity that is no day", { maturity: "2026-02-30" }, "body.maturity"],
        ["a maturity with a time", { maturity: "2026-02-01T00:00:00+08:00" }, "body.maturity"],
        ["a supplier id that is no UUID", { supplierOrgId: "tier1" }, "body.supplierOrgId"],
        ["17 invoices", { invoiceIds: Array(17).fill(ZERO_UUID) }, "body.invoiceIds"],
      ])("%s: 400 VALIDATION_FAILED", async (_, over, where) => {
        const res = await propose({ ...good, ...over }).then(status(400));
        expect(res.body.code).toBe("VALIDATION_FAILED");
        expect((res.body.errors as { in: string; path: string }[]).map((e) => (e.path ? `${e.in}.${e.path}` : e.in))).toContain(where);
      });

      it("a maturity of today, in the past or past the program's 180 days: 422 VOUCHER_INVALID_MATURITY", async () => {
        for (const days of [0, -1, 181]) {
          const res = await propose({ ...good, maturity: await dayIn(days) }).then(status(422));
          expect(res.body.code).toBe("VOUCHER_INVALID_MATURITY");
        }
      });

      it("an unknown supplier: 404; a bank: 422 ORGANISATION_WRONG_KIND", async () => {
        expect((await propose({ ...good, supplierOrgId: ZERO_UUID }).then(status(404))).body.code).toBe("NOT_FOUND");
        expect((await propose({ ...good, supplierOrgId: api.orgs.bank.id }).then(status(422))).body.code).toBe("ORGANISATION_WRONG_KIND");
      });

      it("invoices unconfirmed, between others, from another seller, repeated, too small or missing: each its own code", async () => {
        const unconfirmed = await invoice("tier1", "core", "1000.00", false);
        expect((await propose({ ...good, invoiceIds: [unconfirmed] }).then(status(422))).body.code).toBe("INVOICE_NOT_CONFIRMED");
        const between = await invoice("tier2", "tier1", "1000.00");
        expect((await propose({ ...good, invoiceIds: [between] }).then(status(404))).body.code).toBe("NOT_FOUND");
        const otherSeller = await invoice("tier2", "core", "1000.00");
        expect((await propose({ ...good, invoiceIds: [otherSeller] }).then(status(422))).body.code).toBe("INVOICE_PARTY_MISMATCH");
        expect((await propose({ ...good, invoiceIds: [ZERO_UUID] }).then(status(404))).body.code).toBe("NOT_FOUND");
        const ids = good.invoiceIds as string[];
        expect((await propose({ ...good, invoiceIds: [ids[0], ids[0]] }).then(status(400))).body.code).toBe("VALIDATION_FAILED");
        expect((await propose({ ...good, amount: "1000.01" }).then(status(422))).body.code).toBe("INVOICE_INSUFFICIENT");
        expect((await propose({ ...good, invoiceIds: [] }).then(status(422))).body.code).toBe("VOUCHER_INVOICES_REQUIRED");
      });

      it("more than the open credit lines cover: 422 VOUCHER_ISSUANCE_NOT_COVERED", async () => {
        const big = await invoice("tier1", "core", "60000000.00");
        const res = await propose({ ...good, amount: "60000000.00", invoiceIds: [big] }).then(status(422));
        expect(res.body.code).toBe("VOUCHER_ISSUANCE_NOT_COVERED");
      });
    });
  });

  describe("passing on and splitting", () => {
    let root: string;
    beforeAll(async () => {
      root = await issue("tier1", "100000.00");
    });

    it("when the holder passes part on with the recipient's invoice, then the recipient holds a new piece one tier down and sees its lineage", async () => {
      const inv = await invoice("tier2", "tier1", "30000.00");
      const res = await transfer(root, "tier1", { toOrgId: api.orgs.tier2.id, amount: "30000.00", invoiceIds: [inv] }).then(status(201));
      const piece = res.body.id as string;
      expect(res.body.txHash).toMatch(txIdPattern(api));
      expect(res.body.voucher).toMatchObject({ id: piece, rootId: root, parentId: root, depth: 2, value: "30000.00", holder: { id: api.orgs.tier2.id }, debtor: { id: api.orgs.core.id }, maturity: in90 });
      expect(res.body.from).toMatchObject({ id: root, value: "70000.00", holder: { id: api.orgs.tier1.id } });

      const seen = await voucher(piece, "tier2");
      expect(seen.lineage).toEqual([{ id: root, parentId: null, depth: 1, value: "70000.00", holder: party("tier1") }]);
      for (const who of ["tier1", "core", "operator", "regulator"] as const) expect((await voucher(piece, who)).id).toBe(piece);
      for (const who of ["tier3", "core2", "core2-tier1", "bank"] as const) {
        expect((await http().get(`/vouchers/${piece}`).set(await as(who)).then(status(404))).body.code).toBe("NOT_FOUND");
        expect((await http().get(`/vouchers/${root}`).set(await as(who)).then(status(404))).body.code).toBe("NOT_FOUND");
      }
      // A later holder sees its ancestors through its own piece, not the ancestors themselves.
      expect((await http().get(`/vouchers/${root}`).set(await as("tier2")).then(status(404))).body.code).toBe("NOT_FOUND");
      const inv2 = (await http().get(`/invoices/${inv}`).set(await as("tier2")).then(status(200))).body;
      expect(inv2.ledger).toMatchObject({ used: "30000.00", available: "0.00" });
      const audit = await api.platform.db.prisma.auditEntry.findFirst({ where: { txHash: res.body.txHash } });
      expect(audit).toMatchObject({ action: "POST /vouchers/:id/transfers", result: `201 ${piece}` });

      // Down one more tier: every earlier holder sees it, with the whole lineage.
      const inv3 = await invoice("tier3", "tier2", "10000.00");
      const deeper = await transfer(piece, "tier2", { toOrgId: api.orgs.tier3.id, amount: "10000.00", invoiceIds: [inv3] }).then(status(201));
      const v3 = await voucher(deeper.body.id, "tier3");
      expect(v3).toMatchObject({ depth: 3, value: "10000.00", parentId: piece, rootId: root });
      expect(v3.lineage.map((a: { id: string; value: string; holder: { id: string } }) => [a.id, a.value, a.holder.id])).toEqual([
        [root, "70000.00", api.orgs.tier1.id],
        [piece, "20000.00", api.orgs.tier2.id],
      ]);
      expect((await voucher(deeper.body.id, "tier1")).id).toBe(deeper.body.id);
    });

    it("when the holder passes on more than it holds, then 422 VOUCHER_INSUFFICIENT_VALUE and no value or invoice moves", async () => {
      const inv = await invoice("tier2", "tier1", "500000.00");
      const before = await voucher(root);
      const last = await idsOnLedger();
      const res = await transfer(root, "tier1", { toOrgId: api.orgs.tier2.id, amount: "70000.01", invoiceIds: [inv] }).then(status(422));
      expect(res.body).toMatchObject({ code: "VOUCHER_INSUFFICIENT_VALUE", ledger: { error: "VouchersInsufficientValue" } });
      expect(await voucher(root)).toEqual(before);
      expect(await addedSince(last)).toEqual([]);
      expect((await api.platform.ledger.vouchers.get(BigInt(root)))!.value).toBe(7_000_000n);
      expect((await http().get(`/invoices/${inv}`).set(await as("tier1")).then(status(200))).body.ledger.used).toBe("0.00");
    });

    it("when an invoice already used up backs a second transfer, then the ledger refuses with 409 INVOICE_ALREADY_USED and nothing moves", async () => {
      const inv = await invoice("tier2", "tier1", "1000.00");
      await transfer(root, "tier1", { toOrgId: api.orgs.tier2.id, amount: "1000.00", invoiceIds: [inv] }).then(status(201));
      const before = await voucher(root);
      const last = await idsOnLedger();
      const res = await transfer(root, "tier1", { toOrgId: api.orgs.tier2.id, amount: "1000.00", invoiceIds: [inv] }).then(status(409));
      expect(res.body).toMatchObject({ code: "INVOICE_ALREADY_USED", ledger: { error: "InvoicesExhausted" } });
      expect(await voucher(root)).toEqual(before);
      expect(await addedSince(last)).toEqual([]);
    });

    it("when a transfer is retried with the same Idempotency-Key, then the first response comes back and one piece is made", async () => {
      const inv = await invoice("tier2", "tier1", "200.00");
      const body = { toOrgId: api.orgs.tier2.id, amount: "200.00", invoiceIds: [inv] };
      const last = await idsOnLedger();
      const headers = { ...(await as("tier1")), "Idempotency-Key": `transfer-${digitalNo()}` };
      const first = await http().post(`/vouchers/${root}/transfers`).set(headers).send(body).then(status(201));
      const again = await http().post(`/vouchers/${root}/transfers`).set(headers).send(body).then(status(201));
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(again.body).toEqual(first.body);
      expect(await addedSince(last)).toEqual([first.body.id]);
      const other = await http().post(`/vouchers/${root}/transfers`).set(headers).send({ ...body, amount: "100.00" }).then(status(409));
      expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    });

    it("when 20 transfers of a whole piece race, then exactly one moves it and the ledger refuses the rest with VOUCHER_INSUFFICIENT_VALUE", async () => {
      const small = (await http().post(`/vouchers/${root}/splits`).set(await as("tier1")).send({ amounts: ["10.00"] }).then(status(201))).body.ids[0] as string;
      const inv = await invoice("tier2", "tier1", "10.00");
      const last = await idsOnLedger();
      const headers = await as("tier1");
      const body = { toOrgId: api.orgs.tier2.id, amount: "10.00", invoiceIds: [inv] };
      const send = () => http().post(`/vouchers/${small}/transfers`).set(headers).send(body);
      const results = await Promise.all(Array.from({ length: 20 }, send));
      const ok = results.filter((r) => r.status === 201);
      expect(ok).toHaveLength(1);
      // On Fabric, a transfer endorsed on the state the winner changed fails the peer's MVCC check at commit: 409
      // LEDGER_CONFLICT, "send it again". Sent again, the ledger refuses it as the embedded chain refused at once.
      const refused = results.filter((r) => r.status !== 201);
      const conflicted = refused.filter((r) => r.body.code === "LEDGER_CONFLICT");
      expect(conflicted.every((r) => r.status === 409)).toBe(true);
      if (!onFabric(api)) expect(conflicted).toEqual([]);
      const resent = await Promise.all(conflicted.map(send));
      const answers = [...refused.filter((r) => r.body.code !== "LEDGER_CONFLICT"), ...resent];
      expect(answers.map((r) => [r.status, r.body.code])).toEqual(Array(19).fill([422, "VOUCHER_INSUFFICIENT_VALUE"]));
      expect(await addedSince(last)).toEqual([ok[0].body.id]);
      expect((await voucher(small)).value).toBe("0.00");
      expect((await voucher(ok[0].body.id)).value).toBe("10.00");
    });

    it("when the transfer is wrong, then each mistake has its own status and code and nothing moves", async () => {
      const inv = await invoice("tier2", "tier1", "5000.00");
      const good = { toOrgId: api.orgs.tier2.id, amount: "100.00", invoiceIds: [inv] };
      const before = await voucher(root);
      const last = await idsOnLedger();
      const piece = (await http().get("/vouchers").set(await as("tier2")).then(status(200))).body.items[0].id as string;

      expect((await http().post(`/vouchers/${root}/transfers`).send(good).then(status(401))).body.code).toBe("UNAUTHENTICATED");
      expect((await transfer(root, "core", good).then(status(403))).body.code).toBe("FORBIDDEN");
      expect((await transfer(root, "tier1", good, "checker").then(status(403))).body.code).toBe("FORBIDDEN");
      expect((await transfer(root, "tier4", good).then(status(404))).body.code).toBe("NOT_FOUND");
      expect((await transfer("999999", "tier1", good).then(status(404))).body.code).toBe("NOT_FOUND");
      // tier1 once held this piece's value, so it sees it, but only the holder moves it.
      expect((await transfer(piece, "tier1", good).then(status(422))).body.code).toBe("VOUCHER_NOT_HOLDER");
      for (const id of ["abc", "0", "-1", "1.5"]) expect((await transfer(id, "tier1", good).then(status(400))).body.code).toBe("VALIDATION_FAILED");
      for (const over of [{ amount: 100 }, { amount: "100.001" }, { amount: "0" }, { amount: "-100.00" }, { amount: "１００" }, { extra: true }, { toOrgId: "tier2" }]) {
        expect((await transfer(root, "tier1", { ...good, ...over }).then(status(400))).body.code).toBe("VALIDATION_FAILED");
      }
      expect((await transfer(root, "tier1", { ...good, toOrgId: ZERO_UUID }).then(status(404))).body.code).toBe("NOT_FOUND");
      expect((await transfer(root, "tier1", { ...good, toOrgId: api.orgs.bank.id }).then(status(422))).body.code).toBe("ORGANISATION_WRONG_KIND");
      expect((await transfer(root, "tier1", { ...good, toOrgId: api.orgs.tier1.id }).then(status(422))).body.code).toBe("VOUCHER_RECIPIENT_NOT_ALLOWED");
      const unconfirmed = await invoice("tier2", "tier1", "100.00", false);
      expect((await transfer(root, "tier1", { ...good, invoiceIds: [unconfirmed] }).then(status(422))).body.code).toBe("INVOICE_NOT_CONFIRMED");
      const wrongSeller = await invoice("tier3", "tier1", "100.00");
      expect((await transfer(root, "tier1", { ...good, invoiceIds: [wrongSeller] }).then(status(422))).body.code).toBe("INVOICE_PARTY_MISMATCH");
      const notMine = await invoice("tier3", "tier2", "100.00");
      expect((await transfer(root, "tier1", { ...good, invoiceIds: [notMine] }).then(status(404))).body.code).toBe("NOT_FOUND");
      const none = await transfer(root, "tier1", { ...good, invoiceIds: [] }).then(status(422));
      expect(none.body).toMatchObject({ code: "VOUCHER_INVOICES_REQUIRED", ledger: { error: "VouchersInvoicesRequired" } });

      expect(await voucher(root)).toEqual(before);
      expect(await addedSince(last)).toEqual([]);
    });

    it("when the holder splits, then it holds the new pieces and the rest; a split of more than it holds is 422 and changes nothing", async () => {
      const before = await voucher(root);
      const res = await http().post(`/vouchers/${root}/splits`).set(await as("tier1")).send({ amounts: ["100.00", "50.50"] }).then(status(201));
      expect(res.body.id).toBe(root);
      expect(res.body.ids).toHaveLength(2);
      expect(res.body.txHash).toMatch(txIdPattern(api));
      expect(res.body.pieces.map((p: { value: string; depth: number; parentId: string; holder: { id: string } }) => [p.value, p.depth, p.parentId, p.holder.id])).toEqual([
        ["100.00", 1, root, api.orgs.tier1.id],
        ["50.50", 1, root, api.orgs.tier1.id],
      ]);
      const left = BigInt(before.value.replace(".", "")) - 15050n;
      expect(res.body.voucher.value.replace(".", "")).toBe(left.toString());
      expect((await voucher(root)).value).toBe(res.body.voucher.value);

      const snapshot = await voucher(root);
      const last = await idsOnLedger();
      const split = async (body: unknown, who: Handle = "tier1", role: Role = "maker") => http().post(`/vouchers/${root}/splits`).set(await as(who, role)).send(body as object);
      expect((await split({ amounts: [snapshot.value, "0.01"] }).then(status(422))).body.code).toBe("VOUCHER_INSUFFICIENT_VALUE");
      expect((await split({ amounts: [snapshot.value] }).then(status(422))).body.code).toBe("VOUCHER_INVALID_AMOUNT");
      for (const body of [{ amounts: [] }, { amounts: Array(17).fill("1.00") }, { amounts: [1] }, { amounts: ["1.001"] }, { amounts: ["0.00"] }, { amounts: ["1.00"], to: "x" }, {}]) {
        expect((await split(body).then(status(400))).body.code).toBe("VALIDATION_FAILED");
      }
      expect((await split({ amounts: ["1.00"] }, "tier2").then(status(404))).body.code).toBe("NOT_FOUND");
      expect((await split({ amounts: ["1.00"] }, "core").then(status(403))).body.code).toBe("FORBIDDEN");
      expect((await split({ amounts: ["1.00"] }, "tier1", "checker").then(status(403))).body.code).toBe("FORBIDDEN");
      expect(await voucher(root)).toEqual(snapshot);
      expect(await addedSince(last)).toEqual([]);
    });

    it("when listing, then a holder sees what it holds (empty ones on request), a core what it owes, the operator and regulator all, a page at a time", async () => {
      const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((v) => v.id);
      // A piece passed on whole leaves its holder with nothing.
      const small = (await http().post(`/vouchers/${root}/splits`).set(await as("tier1")).send({ amounts: ["20.00"] }).then(status(201))).body.ids[0] as string;
      await transfer(small, "tier1", { toOrgId: api.orgs.tier2.id, amount: "20.00", invoiceIds: [await invoice("tier2", "tier1", "20.00")] }).then(status(201));
      expect((await voucher(small)).value).toBe("0.00");

      const mine = await http().get("/vouchers?limit=100").set(await as("tier1")).then(status(200));
      expect(ids(mine)).toContain(root);
      expect(ids(mine)).not.toContain(small);
      expect(mine.body.items.every((v: { holder: { id: string }; value: string }) => v.holder.id === api.orgs.tier1.id && v.value !== "0.00")).toBe(true);
      const withEmpty = await http().get("/vouchers?limit=100&includeEmpty=true").set(await as("tier1")).then(status(200));
      expect(ids(withEmpty)).toContain(small);
      const tier2 = await http().get("/vouchers?limit=100").set(await as("tier2")).then(status(200));
      expect(ids(tier2)).not.toContain(root);

      expect(ids(await http().get(`/vouchers?maturityFrom=${await dayIn(91)}`).set(await as("tier1")).then(status(200)))).toEqual([]);
      expect(ids(await http().get(`/vouchers?limit=100&maturityFrom=${in90}&maturityTo=${in90}`).set(await as("tier1")).then(status(200)))).toContain(root);
      expect(ids(await http().get(`/vouchers?maturityTo=${await dayIn(89)}`).set(await as("tier1")).then(status(200)))).toEqual([]);

      const owed = await http().get("/vouchers?as=debtor&limit=100").set(await as("core")).then(status(200));
      expect(owed.body.items.every((v: { debtor: { id: string } }) => v.debtor.id === api.orgs.core.id)).toBe(true);
      expect(new Set(owed.body.items.map((v: { holder: { id: string } }) => v.holder.id))).toEqual(new Set([api.orgs.tier1.id, api.orgs.tier2.id, api.orgs.tier3.id]));
      expect(ids(await http().get("/vouchers").set(await as("core")).then(status(200)))).toEqual([]);
      expect((await http().get("/vouchers?as=debtor").set(await as("tier1")).then(status(403))).body.code).toBe("FORBIDDEN");

      const all = await http().get("/vouchers?limit=100").set(await as("regulator", "admin")).then(status(200));
      const live = await api.platform.db.prisma.voucherState.count({ where: { value: { gt: 0n } } });
      expect(all.body.items).toHaveLength(live);

      const first = await http().get("/vouchers?limit=2").set(await as("tier1")).then(status(200));
      expect(first.body.items).toHaveLength(2);
      const second = await http().get(`/vouchers?limit=2&cursor=${first.body.nextCursor}`).set(await as("tier1")).then(status(200));
      expect(BigInt(second.body.items[0].id)).toBeLessThan(BigInt(first.body.items[1].id));
      for (const q of ["includeEmpty=yes", "as=bank", "limit=0", "cursor=abc", "maturityFrom=tomorrow", "owner=x"]) {
        expect((await http().get(`/vouchers?${q}`).set(await as("tier1")).then(status(400))).body.code).toBe("VALIDATION_FAILED");
      }
      expect((await http().get("/vouchers").then(status(401))).body.code).toBe("UNAUTHENTICATED");
    });

    it("when the debtor or the regulator asks for the tree of any piece, then they get the whole tree from its root; holders and others get 404", async () => {
      const deep = (await http().get("/vouchers").set(await as("tier3")).then(status(200))).body.items[0].id as string;
      const res = await http().get(`/vouchers/${deep}/tree`).set(await as("core", "admin")).then(status(200));
      expect(res.body.root).toMatchObject({ id: root, depth: 1, holder: { id: api.orgs.tier1.id } });
      const states = await api.platform.db.prisma.voucherState.findMany({ where: { root: BigInt(root) }, orderBy: { id: "asc" } });
      expect(res.body.nodes.map((n: { id: string; parentId: string | null }) => [n.id, n.parentId])).toEqual(
        states.map((s) => [s.id.toString(), s.parent === 0n ? null : s.parent.toString()]),
      );
      interface Node { depth: number; value: string; redeemedValue: string; locked: string; financed: boolean; holder: { account: string } }
      expect(res.body.nodes.map((n: Node) => [n.depth, n.value, n.redeemedValue, n.locked, n.financed, n.holder.account])).toEqual(
        states.map((s) => [s.depth, formatYuan(s.value), formatYuan(s.redeemedValue), formatYuan(s.locked), s.financed, s.owner]),
      );
      expect(res.body.totals).toMatchObject({ pieces: states.length, holders: 3, faceValue: "100000.00", outstanding: "100000.00", redeemed: "0.00" });
      expect(res.body.nextCursor).toBeNull();

      const page1 = await http().get(`/vouchers/${root}/tree?limit=2`).set(await as("regulator", "admin")).then(status(200));
      expect(page1.body.nodes.map((n: { id: string }) => n.id)).toEqual(states.slice(0, 2).map((s) => s.id.toString()));
      const page2 = await http().get(`/vouchers/${root}/tree?limit=2&cursor=${page1.body.nextCursor}`).set(await as("regulator", "admin")).then(status(200));
      expect(page2.body.nodes.map((n: { id: string }) => n.id)).toEqual(states.slice(2, 4).map((s) => s.id.toString()));

      for (const who of ["tier1", "tier2", "tier3", "core2", "bank"] as const) {
        expect((await http().get(`/vouchers/${deep}/tree`).set(await as(who)).then(status(404))).body.code).toBe("NOT_FOUND");
      }
      expect((await http().get(`/vouchers/999999/tree`).set(await as("core")).then(status(404))).body.code).toBe("NOT_FOUND");
      expect((await http().get(`/vouchers/${root}/tree?limit=10000`).set(await as("core")).then(status(200))).body.nodes).toHaveLength(states.length);
      expect((await http().get(`/vouchers/${root}/tree?limit=10001`).set(await as("core")).then(status(400))).body.code).toBe("VALIDATION_FAILED");
    });
  });

  describe("a program's rules", () => {
    let root: string;
    const t1 = "core2-tier1" as const;
    beforeAll(async () => {
      root = await issue(t1, "10000.00", "core2", await dayIn(60));
      const l = api.platform.ledger;
      const core2 = api.orgs.core2.account;
      await l.rules.setRules(core2, {
        maxDepth: 2,
        maxTermDays: 90,
        minSplit: 100_00n,
        invoicesRequired: true,
        whitelistOnly: true,
        banksRestricted: false,
        issuanceCoveredByCredit: true,
      });
      const r = await l.rules.setWhitelisted(core2, [api.orgs[t1].account, api.orgs.tier2.account], true);
      await api.platform.indexer.waitFor(r.blockNumber);
    });

    it("when a proposal breaks the rules (whitelist, term, minimum piece), then it is refused at once with the ledger's code", async () => {
      const pending = await pendingCount();
      const inv3 = await invoice("tier3", "core2", "1000.00");
      const base = { supplierOrgId: api.orgs.tier3.id, amount: "1000.00", maturity: await dayIn(30), invoiceIds: [inv3] };
      expect((await propose(base, "core2").then(status(422))).body.code).toBe("VOUCHER_RECIPIENT_NOT_ALLOWED");
      const inv = await invoice(t1, "core2", "1000.00");
      const ok = { ...base, supplierOrgId: api.orgs[t1].id, invoiceIds: [inv] };
      expect((await propose({ ...ok, maturity: await dayIn(91) }, "core2").then(status(422))).body.code).toBe("VOUCHER_INVALID_MATURITY");
      expect((await propose({ ...ok, amount: "99.99" }, "core2").then(status(422))).body.code).toBe("VOUCHER_INVALID_AMOUNT");
      expect(await pendingCount()).toBe(pending);
    });

    it("when a transfer breaks the rules (whitelist, minimum piece, depth), then the ledger refuses it with its code and nothing moves", async () => {
      const before = await voucher(root);
      const last = await idsOnLedger();
      const toTier3 = await invoice("tier3", t1, "5000.00");
      const r1 = await transfer(root, t1, { toOrgId: api.orgs.tier3.id, amount: "1000.00", invoiceIds: [toTier3] }).then(status(422));
      expect(r1.body).toMatchObject({ code: "VOUCHER_RECIPIENT_NOT_ALLOWED", ledger: { error: "VouchersRecipientNotAllowed" } });
      const toTier2 = await invoice("tier2", t1, "5000.00");
      const r2 = await transfer(root, t1, { toOrgId: api.orgs.tier2.id, amount: "99.99", invoiceIds: [toTier2] }).then(status(422));
      expect(r2.body).toMatchObject({ code: "VOUCHER_INVALID_AMOUNT", ledger: { error: "VouchersInvalidAmount" } });
      const r3 = await transfer(root, t1, { toOrgId: api.orgs.tier2.id, amount: "9950.00", invoiceIds: [toTier2] }).then(status(422));
      expect(r3.body.code).toBe("VOUCHER_INVALID_AMOUNT"); // it would leave 50 yuan, under the minimum piece
      expect(await voucher(root)).toEqual(before);
      expect(await addedSince(last)).toEqual([]);

      const piece = (await transfer(root, t1, { toOrgId: api.orgs.tier2.id, amount: "1000.00", invoiceIds: [toTier2] }).then(status(201))).body.id as string;
      const back = await invoice(t1, "tier2", "1000.00");
      const pieceBefore = await voucher(piece);
      const r4 = await transfer(piece, "tier2", { toOrgId: api.orgs[t1].id, amount: "500.00", invoiceIds: [back] }).then(status(422));
      expect(r4.body).toMatchObject({ code: "VOUCHER_DEPTH_EXCEEDED", ledger: { error: "VouchersDepthExceeded" } });
      expect(await voucher(piece)).toEqual(pieceBefore);
    });
  });
});
