import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalInvoiceId, invoiceKey } from "../../../chain/invoice-key";
import { fieldCommitment } from "../../../api/src/disclosure/field-commitment";
import { txIdPattern } from "../../helpers/either-ledger";
import { testApi, type TestApi } from "../../helpers/api";
import { apiSteps, digitalNo, status } from "../../helpers/api-steps";
import { h } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";
import { OutageSwitch } from "../../helpers/verifier-outage";

describe("invoices through the API", () => {
  let api: TestApi;
  const outage = new OutageSwitch();
  beforeAll(async () => {
    api = await testApi({ verifiers: outage.verifiers() });
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());
  const { party } = apiSteps(() => api);

  const digital = (over: Record<string, unknown> = {}) => ({
    kind: "digital",
    number: digitalNo(),
    buyerOrgId: api.orgs.core.id,
    amount: "100000.00",
    tax: "13000.00",
    issueDate: "2025-06-01",
    ...over,
  });
  const submit = async (body: Record<string, unknown>, who: "tier1" | "tier2" | "tier3" = "tier1") =>
    api.http().post("/invoices").set(await api.as(who)).send(body);
  const count = async () => (await api.platform.db.prisma.invoiceRecord.count());

  describe("submitting", () => {
    it("when a supplier submits a VAT invoice typed with spaces, hyphens and full-width digits, then it is stored under the canonical key with a salted commitment, and nothing is on the ledger yet", async () => {
      const res = await submit({
        kind: "vat",
        code: "3200 1234-56",
        number: "０１２３ ４５６７",
        buyerOrgId: api.orgs.core.id,
        amount: "1250000.50",
        tax: "162500.07",
        issueDate: "2025-05-20",
        contractRef: "HT-2025-001",
        fileDigest: "AB".repeat(32),
      }).then(status(201));
      const key = invoiceKey({ kind: "vat", code: "3200123456", number: "01234567" });
      expect(res.body).toMatchObject({
        kind: "vat",
        code: "3200123456",
        number: "01234567",
        key,
        seller: party("tier1"),
        buyer: party("core"),
        amount: "1250000.50",
        tax: "162500.07",
        total: "1412500.57",
        issueDate: "2025-05-20",
        contractRef: "HT-2025-001",
        fileDigest: "ab".repeat(32),
        status: "submitted",
        ledger: null,
      });
      expect(res.body.salt).toMatch(/^[0-9a-f]{64}$/);
      expect(res.body.commitment).toBe(
        fieldCommitment(
          {
            invoice: canonicalInvoiceId({ kind: "vat", code: "3200123456", number: "01234567" }),
            seller: api.orgs.tier1.account,
            buyer: api.orgs.core.account,
            amount: "125000050",
            tax: "16250007",
            issueDate: "2025-05-20",
            contractRef: "HT-2025-001",
            fileDigest: "ab".repeat(32),
          },
          res.body.salt,
        ),
      );
      expect(res.body.commitmentScheme).toBe("field-merkle");
      expect(await api.platform.ledger.invoices.get(key)).toBeUndefined();
    });

    it("when the same invoice is submitted again in another formatting, or by another seller, then 409 INVOICE_NUMBER_TAKEN and nothing is stored", async () => {
      const number = digitalNo();
      await submit(digital({ number })).then(status(201));
      const before = await count();
      const spaced = number.replace(/(\d{4})/g, "$1 ").replace(/0/g, "０");
      for (const [body, who] of [
        [digital({ number: spaced }), "tier1"],
        [digital({ number: `${number.slice(0, 10)}-${number.slice(10)}` }), "tier2"],
      ] as const) {
        const res = await submit(body, who).then(status(409));
        expect(res.body.code).toBe("INVOICE_NUMBER_TAKEN");
      }
      expect(await count()).toBe(before);
    });

    it("when the invoice is already registered on the ledger by some other path, then 409 INVOICE_NUMBER_TAKEN", async () => {
      const number = digitalNo();
      const r = await api.platform.ledger.invoices.register(api.orgs.tier2.account, {
        key: invoiceKey({ kind: "digital", number }),
        buyer: api.orgs.tier1.account,
        amount: 100n,
        commitment: h("elsewhere"),
      });
      await api.platform.indexer.waitFor(r.blockNumber);
      const res = await submit(digital({ number, buyerOrgId: api.orgs.tier1.id }), "tier2").then(status(409));
      expect(res.body.code).toBe("INVOICE_NUMBER_TAKEN");
    });

    it("when 20 submissions of one invoice race, then exactly one is stored and the rest get 409 INVOICE_NUMBER_TAKEN", async () => {
      const number = digitalNo();
      const before = await count();
      const headers = await api.as("tier1");
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api.http().post("/invoices").set(headers).send(digital({ number: i % 2 ? number : number.replace(/(\d{5})/g, "$1 ") })),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const rest = results.filter((r) => r.status !== 201);
      expect(rest.map((r) => r.status)).toEqual(Array(19).fill(409));
      expect(new Set(rest.map((r) => r.body.code))).toEqual(new Set(["INVOICE_NUMBER_TAKEN"]));
      expect(await count()).toBe(before + 1);
    });

    it.each([
      ["a 9-digit code", { kind: "vat", code: "320012345", number: "01234567" }],
      ["an 11-digit code", { kind: "vat", code: "32001234567", number: "01234567" }],
      ["a 7-digit number", { kind: "vat", code: "3200123456", number: "0123456" }],
      ["a letter in the number", { kind: "vat", code: "3200123456", number: "0123456A" }],
      ["a circled digit", { kind: "vat", code: "3200123456", number: "0123456①" }],
      ["a 19-digit digital number", { kind: "digital", number: "1234567890123456789" }],
      ["a dot in a digital number", { kind: "digital", number: "1234567890.123456789" }],
    ])("when the invoice has %s, then 400 INVOICE_NUMBER_INVALID and nothing is stored", async (_, id) => {
      const before = await count();
      const res = await submit(digital(id)).then(status(400));
      expect(res.body.code).toBe("INVOICE_NUMBER_INVALID");
      expect(await count()).toBe(before);
    });

    it.each([
      ["the amount as a JSON number", { amount: 1000 }, "body.amount"],
      ["an amount with three decimals", { amount: "1000.001" }, "body.amount"],
      ["a zero amount", { amount: "0.00" }, "body.amount"],
      ["a negative amount", { amount: "-5.00" }, "body.amount"],
      ["a negative tax", { tax: "-1.00" }, "body.tax"],
      ["an exponent", { amount: "1e5" }, "body.amount"],
      ["an amount past what the ledger holds", { amount: "999999999999999999999.00" }, "body.amount"],
      ["an unknown field", { status: "confirmed" }, "body"],
      ["a code on a digital invoice", { code: "3200123456" }, "body"],
      ["a VAT invoice without its code", { kind: "vat", number: "01234567" }, "body.code"],
      ["an unknown kind", { kind: "paper" }, "body.kind"],
      ["a date that does not exist", { issueDate: "2025-02-30" }, "body.issueDate"],
      ["a date with a time", { issueDate: "2025-02-01T00:00:00Z" }, "body.issueDate"],
      ["a file digest that is not SHA-256 hex", { fileDigest: "abc" }, "body.fileDigest"],
      ["a buyer id that is not a UUID", { buyerOrgId: "core" }, "body.buyerOrgId"],
    ])("when the body has %s, then 400 VALIDATION_FAILED naming it, and nothing is stored", async (_, over, where) => {
      const before = await count();
      const res = await submit(digital(over)).then(status(400));
      expect(res.body.code).toBe("VALIDATION_FAILED");
      const paths = (res.body.errors as { in: string; path: string }[]).map((e) => (e.path ? `${e.in}.${e.path}` : e.in));
      expect(paths).toContain(where);
      expect(await count()).toBe(before);
    });

    it("when the issue date is in the future or the buyer is the seller, then 400; an unknown buyer is 404 and a bank 422 ORGANISATION_WRONG_KIND", async () => {
      const before = await count();
      const future = (await submit(digital({ issueDate: "2999-01-01" })).then(status(400))).body;
      expect(future).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ path: "issueDate" }] });
      const self = (await submit(digital({ buyerOrgId: api.orgs.tier1.id })).then(status(400))).body;
      expect(self).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ path: "buyerOrgId" }] });
      expect((await submit(digital({ buyerOrgId: "00000000-0000-4000-8000-000000000000" })).then(status(404))).body.code).toBe("NOT_FOUND");
      expect((await submit(digital({ buyerOrgId: api.orgs.bank.id })).then(status(422))).body.code).toBe("ORGANISATION_WRONG_KIND");
      const huge = await submit(digital({ amount: "184467440737095516.15", tax: "0.01" })).then(status(400));
      expect(huge.body.code).toBe("MONEY_FORMAT");
      expect(await count()).toBe(before);
    });

    it("when the caller has no token, is not a supplier, or is a checker, then 401 or 403 and nothing is stored", async () => {
      const before = await count();
      expect((await api.http().post("/invoices").send(digital()).expect(401)).body.code).toBe("UNAUTHENTICATED");
      for (const [who, role] of [["core", "maker"], ["bank", "admin"], ["operator", "admin"], ["tier1", "checker"]] as const) {
        const res = await api.http().post("/invoices").set(await api.as(who, role)).send(digital({ buyerOrgId: api.orgs.core2.id })).expect(403);
        expect(res.body.code).toBe("FORBIDDEN");
      }
      expect(await count()).toBe(before);
    });
  });

  describe("confirming and disputing", () => {
    it("when the buyer confirms, then the invoice is registered with the seller's key for its total including tax and confirmed with the buyer's, and shows what is used", async () => {
      const sub = (await submit(digital({ amount: "2000.00", tax: "260.00" })).then(status(201))).body;
      const res = await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("core", "admin")).expect(200);
      expect(res.body.txHash).toMatch(txIdPattern(api));
      expect(res.body.registerTxHash).toMatch(txIdPattern(api));
      expect(res.body.registerTxHash).not.toBe(res.body.txHash);
      expect(res.body).toMatchObject({
        id: sub.id,
        status: "confirmed",
        ledger: { registered: true, confirmed: true, amount: "2260.00", used: "0.00", available: "2260.00" },
      });
      expect(res.body.decidedAt).not.toBeNull();
      const onChain = await api.platform.ledger.invoices.get(sub.key);
      expect(onChain).toEqual({
        key: sub.key,
        seller: api.orgs.tier1.account,
        buyer: api.orgs.core.account,
        amount: 226000n,
        used: 0n,
        confirmed: true,
        commitment: sub.commitment,
      });
      const seen = await api.http().get(`/invoices/${sub.id}`).set(await api.as("tier1")).expect(200);
      expect(seen.body).toMatchObject({ status: "confirmed", ledger: { confirmed: true, amount: "2260.00" } });
      const audit = await api.platform.db.prisma.auditEntry.findFirst({ where: { txHash: res.body.txHash } });
      expect(audit).toMatchObject({ action: "POST /invoices/:id/confirm", result: `200 ${sub.id}` });
    });

    it("when a decided invoice is confirmed or disputed again, then 409 ALREADY_DECIDED and it stays as it was", async () => {
      const sub = (await submit(digital()).then(status(201))).body;
      await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("core")).expect(200);
      const again = await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("core")).expect(409);
      expect(again.body.code).toBe("ALREADY_DECIDED");
      const dispute = await api.http().post(`/invoices/${sub.id}/dispute`).set(await api.as("core")).send({ reason: "late" }).expect(409);
      expect(dispute.body.code).toBe("ALREADY_DECIDED");
      const after = await api.http().get(`/invoices/${sub.id}`).set(await api.as("core")).expect(200);
      expect(after.body).toMatchObject({ status: "confirmed", disputeReason: null });
    });

    it("when 20 confirmations of one invoice race, then exactly one registers it on the ledger and the rest get 409 ALREADY_DECIDED", async () => {
      const sub = (await submit(digital()).then(status(201))).body;
      const headers = await api.as("core", "checker");
      const results = await Promise.all(Array.from({ length: 20 }, () => api.http().post(`/invoices/${sub.id}/confirm`).set(headers)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const rest = results.filter((r) => r.status !== 200);
      expect(rest.map((r) => [r.status, r.body.code])).toEqual(Array(19).fill([409, "ALREADY_DECIDED"]));
      const winner = results.find((r) => r.status === 200)!;
      await api.platform.indexer.waitFor((await api.platform.ledger.history.confirmedHead()).number);
      const events = await api.platform.db.prisma.ledgerEvent.findMany({ where: { name: { in: ["InvoiceRegistered", "InvoiceConfirmed"] } } });
      const mine = events.filter((e) => (e.args as { key?: string }).key === sub.key);
      expect(mine.map((e) => e.name).sort()).toEqual(["InvoiceConfirmed", "InvoiceRegistered"]);
      expect(mine.find((e) => e.name === "InvoiceConfirmed")!.txHash).toBe(winner.body.txHash);
    });

    it("when the seller, another supplier, a bank or the operator tries to confirm, then 403 or 404 and the invoice stays submitted", async () => {
      const sub = (await submit(digital()).then(status(201))).body;
      expect((await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("tier1")).expect(403)).body.code).toBe("FORBIDDEN");
      expect((await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("tier2")).expect(404)).body.code).toBe("NOT_FOUND");
      expect((await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("core2")).expect(404)).body.code).toBe("NOT_FOUND");
      expect((await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("bank")).expect(403)).body.code).toBe("FORBIDDEN");
      expect((await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("operator", "admin")).expect(403)).body.code).toBe("FORBIDDEN");
      expect((await api.http().post(`/invoices/${sub.id}/dispute`).set(await api.as("tier1")).send({ reason: "x" }).expect(403)).body.code).toBe("FORBIDDEN");
      expect((await api.http().post(`/invoices/${sub.id}/confirm`).expect(401)).body.code).toBe("UNAUTHENTICATED");
      expect((await api.http().post(`/invoices/not-a-uuid/confirm`).set(await api.as("core")).expect(400)).body.code).toBe("VALIDATION_FAILED");
      expect((await api.http().post(`/invoices/00000000-0000-4000-8000-000000000000/confirm`).set(await api.as("core")).expect(404)).body.code).toBe("NOT_FOUND");
      expect((await api.http().get(`/invoices/${sub.id}`).set(await api.as("core")).expect(200)).body.status).toBe("submitted");
      expect(await api.platform.ledger.invoices.get(sub.key)).toBeUndefined();
    });

    it("when the ledger refuses the registration (the seller is suspended), then the refusal's code comes back and the buyer can confirm after reinstatement", async () => {
      const sub = (await submit(digital({ buyerOrgId: api.orgs.tier2.id }), "tier3").then(status(201))).body;
      const op = api.platform.accounts.operator;
      await api.platform.ledger.participants.suspend(op, api.orgs.tier3.account);
      try {
        const res = await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("tier2")).expect(403);
        expect(res.body.code).toBe("PARTICIPANT_NOT_ACTIVE");
        expect((await api.http().get(`/invoices/${sub.id}`).set(await api.as("tier2")).expect(200)).body.status).toBe("submitted");
        expect(await api.platform.ledger.invoices.get(sub.key)).toBeUndefined();
      } finally {
        await api.platform.ledger.participants.reinstate(op, api.orgs.tier3.account);
      }
      const ok = await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("tier2")).expect(200);
      expect(ok.body).toMatchObject({ status: "confirmed", seller: { id: api.orgs.tier3.id }, buyer: { id: api.orgs.tier2.id } });
    });

    it("when the ledger already holds the key with other details, then confirming is 409 INVOICE_DUPLICATE and the invoice stays submitted", async () => {
      const sub = (await submit(digital()).then(status(201))).body;
      await api.platform.ledger.invoices.register(api.orgs.tier1.account, { key: sub.key, buyer: api.orgs.core.account, amount: 1n, commitment: h("forged") });
      const res = await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("core")).then(status(409));
      expect(res.body.code).toBe("INVOICE_DUPLICATE");
      expect((await api.http().get(`/invoices/${sub.id}`).set(await api.as("core")).then(status(200))).body.status).toBe("submitted");
      expect((await api.platform.ledger.invoices.get(sub.key))!.confirmed).toBe(false);
    });

    it("when the buyer disputes with a reason, then it is disputed, nothing goes to the ledger, and it can no longer be confirmed", async () => {
      const sub = (await submit(digital()).then(status(201))).body;
      const bad = await api.http().post(`/invoices/${sub.id}/dispute`).set(await api.as("core")).send({ reason: "  " }).expect(400);
      expect(bad.body.code).toBe("VALIDATION_FAILED");
      await api.http().post(`/invoices/${sub.id}/dispute`).set(await api.as("core")).send({ reason: "x", extra: 1 }).expect(400);
      const res = await api.http().post(`/invoices/${sub.id}/dispute`).set(await api.as("core")).send({ reason: "数量不符 / quantity differs" }).expect(200);
      expect(res.body).toMatchObject({ status: "disputed", disputeReason: "数量不符 / quantity differs", ledger: null });
      const again = await api.http().post(`/invoices/${sub.id}/confirm`).set(await api.as("core")).expect(409);
      expect(again.body.code).toBe("ALREADY_DECIDED");
      expect(await api.platform.ledger.invoices.get(sub.key)).toBeUndefined();
    });
  });

  describe("reading", () => {
    it("when parties, the operator and the regulator read an invoice, then they see it; any other organisation gets 404", async () => {
      const sub = (await submit(digital()).then(status(201))).body;
      for (const who of ["tier1", "core", "operator", "regulator"] as const) {
        const res = await api.http().get(`/invoices/${sub.id}`).set(await api.as(who, "admin")).expect(200);
        expect(res.body.id).toBe(sub.id);
      }
      for (const who of ["tier2", "core2", "bank"] as const) {
        const res = await api.http().get(`/invoices/${sub.id}`).set(await api.as(who)).expect(404);
        expect(res.body.code).toBe("NOT_FOUND");
      }
      expect((await api.http().get(`/invoices/${sub.id}`).expect(401)).body.code).toBe("UNAUTHENTICATED");
    });

    it("when listing, then each organisation sees its own invoices by role and status, a page at a time, and the operator sees all", async () => {
      const a = (await submit(digital({ buyerOrgId: api.orgs.core2.id }), "tier2").then(status(201))).body;
      const b = (await submit(digital({ buyerOrgId: api.orgs.core2.id }), "tier2").then(status(201))).body;
      await api.http().post(`/invoices/${b.id}/confirm`).set(await api.as("core2")).expect(200);
      const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

      const sold = await api.http().get("/invoices?as=seller").set(await api.as("tier2")).expect(200);
      expect(ids(sold)).toEqual(expect.arrayContaining([a.id, b.id]));
      const bought = await api.http().get("/invoices?as=buyer").set(await api.as("tier2")).expect(200);
      expect(ids(bought)).not.toContain(a.id);
      const core2 = await api.http().get("/invoices?as=buyer&status=confirmed").set(await api.as("core2")).expect(200);
      expect(ids(core2)).toEqual([b.id]);
      const pending = await api.http().get("/invoices?status=submitted").set(await api.as("core2")).expect(200);
      expect(ids(pending)).toEqual([a.id]);
      expect(ids(await api.http().get("/invoices").set(await api.as("tier4")).expect(200))).toEqual([]);
      const all = await api.http().get("/invoices?limit=100").set(await api.as("regulator", "admin")).expect(200);
      expect(all.body.items.length).toBe(Math.min(100, await count()));

      const first = await api.http().get("/invoices?limit=1").set(await api.as("tier2")).expect(200);
      expect(ids(first)).toEqual([b.id]); // newest first
      const second = await api.http().get(`/invoices?limit=1&cursor=${first.body.nextCursor}`).set(await api.as("tier2")).expect(200);
      expect(ids(second)).toEqual([a.id]);

      for (const q of ["as=owner", "role=seller", "status=paid", "limit=101", "cursor=%25%25", "mine=1"]) {
        const res = await api.http().get(`/invoices?${q}`).set(await api.as("tier2")).expect(400);
        expect(res.body.code).toBe("VALIDATION_FAILED");
      }
    });
  });

  // The cases of seeds/registry.json: each invoice is listed there with its outcome, issue day and amount.
  describe("the tax bureau's word before the ledger's", () => {
    const listed = (number: string, over: Record<string, unknown> = {}) => digital({ number, amount: "50000.00", tax: "6500.00", issueDate: "2026-10-08", ...over });
    const confirm = async (id: string) => api.http().post(`/invoices/${id}/confirm`).set(await api.as("core"));

    it("when the verifier lists the invoice as valid from its seller to its buyer, then confirming registers it", async () => {
      const sub = (await submit({ kind: "vat", code: "3600251130", number: "00000001", buyerOrgId: api.orgs.core.id, amount: "100000.00", tax: "13000.00", issueDate: "2026-10-08" }).then(status(201))).body;
      const res = await confirm(sub.id).then(status(200));
      expect(res.body).toMatchObject({ status: "confirmed", ledger: { registered: true, confirmed: true, amount: "113000.00" } });
    });

    it.each([
      ["void (作废)", "26360000000000000091", {}, "INVOICE_VOID"],
      ["red-flushed (红冲)", "26360000000000000092", {}, "INVOICE_RED_FLUSHED"],
      ["never issued", "26360000000000000094", {}, "INVOICE_NOT_AT_TAX_BUREAU"],
      ["issued for another amount", "26360000000000000095", { amount: "50000.01" }, "INVOICE_NOT_AT_TAX_BUREAU"],
      ["issued between other parties", "26360000000000000093", {}, "INVOICE_PARTIES_DIFFER"],
    ])("when the verifier says the invoice is %s, then confirming is 422 with its own code, nothing is on the ledger, and the invoice stays submitted", async (_what, number, over, code) => {
      const sub = await submit(listed(number, over)).then(status(201));
      const id = sub.body.id as string;
      const res = await confirm(id);
      expect([res.status, res.body.code]).toEqual([422, code]);
      expect(await api.platform.ledger.invoices.get(sub.body.key as string)).toBeUndefined();
      const after = await api.http().get(`/invoices/${id}`).set(await api.as("core")).then(status(200));
      expect(after.body).toMatchObject({ status: "submitted", ledger: null });
    });

    it("when the verifier does not answer, then 503 VERIFIER_UNAVAILABLE, nothing is on the ledger, and the same confirmation succeeds once it answers", async () => {
      const sub = (await submit(digital()).then(status(201))).body;
      outage.down = true;
      try {
        const res = await confirm(sub.id);
        expect([res.status, res.body.code]).toEqual([503, "VERIFIER_UNAVAILABLE"]);
        expect(await api.platform.ledger.invoices.get(sub.key)).toBeUndefined();
        expect((await api.http().get(`/invoices/${sub.id}`).set(await api.as("core")).then(status(200))).body.status).toBe("submitted");
      } finally {
        outage.down = false;
      }
      await confirm(sub.id).then(status(200));
      expect((await api.platform.ledger.invoices.get(sub.key))?.confirmed).toBe(true);
    });
  });
});
