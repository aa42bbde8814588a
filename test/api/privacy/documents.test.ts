/**
 * Documents: sealed under their organisation's own key (itself sealed by the master key), kept off the ledger,
 * with only the salted commitment on it. The real server, database and chain.
 */
import { createHash } from "node:crypto";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentKeys } from "../../../api/src/documents/document-key.repository";
import { MAX_DOCUMENT_BYTES } from "../../../api/src/documents/document.routes";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { ifOpened } from "../../helpers/teardown";

const CONTRACT = Buffer.from("%PDF-1.7\n采购合同 HT-2026-118：碳酸锂 40 吨，单价 ¥75,000.00\n");

describe("documents", () => {
  let api: TestApi;
  const http = () => api.http();
  const as = (who: Handle, role: "admin" | "maker" | "checker" = "maker") => api.as(who, role);
  const steps = apiSteps(() => api);
  const upload = async (who: Handle, body: object) => http().post("/documents").set(await as(who)).send(body);
  const contract = (extra: object = {}) => ({ kind: "contract", name: "采购合同 HT-2026-118.pdf", mediaType: "application/pdf", content: CONTRACT.toString("base64"), ...extra });
  const stored = () => api.platform.db.prisma.document.count();

  beforeAll(async () => {
    api = await testApi();
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  let doc: { id: string; salt: string; commitment: string; txHash: string; onLedger: boolean };

  it("when tier 2 uploads a contract, then it is stored sealed, its salted commitment is on the ledger under tier 2, and the record says so", async () => {
    doc = (await upload("tier2", contract()).then(status(201))).body as typeof doc;
    const expected = `0x${createHash("sha256").update(Buffer.from(doc.salt, "hex")).update(CONTRACT).digest("hex")}`;
    expect(doc.commitment).toBe(expected);
    expect(doc.onLedger).toBe(true);
    expect(await api.platform.ledger.dataServices.documentOwner(doc.commitment)).toBe(api.orgs.tier2.account);
    const row = await api.platform.db.prisma.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.sealed).not.toContain(CONTRACT.toString("base64"));
    expect(decodeProtectedHeader(row.sealed)).toMatchObject({ alg: "dir", enc: "A256GCM", kid: api.orgs.tier2.id, doc: doc.commitment });
    const key = await api.platform.db.prisma.documentKey.findUniqueOrThrow({ where: { orgId: api.orgs.tier2.id } });
    expect(decodeProtectedHeader(key.sealed)).toMatchObject({ kid: api.orgs.tier2.id, cty: "document-key" });
    const read = await http().get(`/documents/${doc.id}`).set(await as("tier2", "checker")).then(status(200));
    expect(read.body).toMatchObject({ id: doc.id, size: CONTRACT.length, onLedger: true, kind: "contract" });
    expect(read.body).not.toHaveProperty("sealed");
  });

  it("when tier 2 or the regulator opens it, then the very bytes come back; the operator and other organisations get 404", async () => {
    for (const h of ["tier2", "regulator"] as const) {
      const res = await http().get(`/documents/${doc.id}/content`).set(await as(h)).then(status(200));
      expect(Buffer.from(res.body.content as string, "base64")).toEqual(CONTRACT);
      expect(res.body).toMatchObject({ mediaType: "application/pdf", name: "采购合同 HT-2026-118.pdf" });
    }
    for (const h of ["operator", "tier3", "bank"] as const) {
      expect((await http().get(`/documents/${doc.id}/content`).set(await as(h)).then(status(404))).body.code).toBe("NOT_FOUND");
      expect((await http().get(`/documents/${doc.id}`).set(await as(h)).then(status(404))).body.code).toBe("NOT_FOUND");
    }
    expect(((await http().get("/documents").set(await as("tier3")).then(status(200))).body.items as unknown[]).length).toBe(0);
    const listed = ((await http().get("/documents").set(await as("regulator")).then(status(200))).body.items as { id: string }[]).find((d) => d.id === doc.id);
    // The regulator's list names whose each document is, and whether the indexed ledger holds its commitment.
    expect(listed).toMatchObject({ organisation: { id: api.orgs.tier2.id, account: api.orgs.tier2.account }, onLedger: true });
  });

  it("when an organisation uploads again, then its one document key serves both, and each document has its own salt and commitment", async () => {
    const again = (await upload("tier2", contract()).then(status(201))).body as typeof doc;
    expect(again.salt).not.toBe(doc.salt);
    expect(again.commitment).not.toBe(doc.commitment);
    expect(await api.platform.db.prisma.documentKey.count({ where: { orgId: api.orgs.tier2.id } })).toBe(1);
  });

  it("when a record's commitment is not one the ledger holds under its organisation, then its detail and the list both say it is not on the ledger", async () => {
    const again = (await upload("tier2", contract()).then(status(201))).body as typeof doc;
    await api.platform.db.prisma.document.update({ where: { id: again.id }, data: { commitment: `0x${"ab".repeat(32)}` } });
    expect((await http().get(`/documents/${again.id}`).set(await as("tier2")).then(status(200))).body).toMatchObject({ onLedger: false });
    const items = (await http().get("/documents").set(await as("tier2")).then(status(200))).body.items as { id: string; onLedger: boolean }[];
    expect(items.find((d) => d.id === again.id)).toMatchObject({ onLedger: false });
    expect(items.find((d) => d.id === doc.id)).toMatchObject({ onLedger: true });
    await api.platform.db.prisma.document.update({ where: { id: again.id }, data: { commitment: again.commitment } });
  });

  it("when a sealed document is opened under another commitment, or with another master key, then it does not open", async () => {
    const row = await api.platform.db.prisma.document.findUniqueOrThrow({ where: { id: doc.id } });
    const keys = new DocumentKeys(api.platform.db.prisma, api.platform.documentKeyKey);
    expect(Buffer.from(await keys.openDocument(api.orgs.tier2.id, doc.commitment, row.sealed))).toEqual(CONTRACT);
    await expect(keys.openDocument(api.orgs.tier2.id, `0x${"00".repeat(32)}`, row.sealed)).rejects.toThrow();
    await expect(keys.openDocument(api.orgs.tier3.id, doc.commitment, row.sealed)).rejects.toThrow();
    const otherMaster = new DocumentKeys(api.platform.db.prisma, new Uint8Array(32).fill(7));
    await expect(otherMaster.openDocument(api.orgs.tier2.id, doc.commitment, row.sealed)).rejects.toThrow();
  });

  it("when a document belongs to an invoice of mine, then it is linked; to someone else's invoice, then 404 and nothing is stored or committed", async () => {
    const invoice = await steps.confirmedInvoice("tier2", "tier1", "800.00");
    const linked = await upload("tier2", contract({ kind: "invoice-image", mediaType: "image/png", invoiceId: invoice.id })).then(status(201));
    expect(linked.body.invoiceId).toBe(invoice.id);
    const before = [await stored(), (await api.platform.ledger.history.confirmedHead()).number];
    expect((await upload("tier3", contract({ invoiceId: invoice.id })).then(status(404))).body.code).toBe("NOT_FOUND");
    expect([await stored(), (await api.platform.ledger.history.confirmedHead()).number]).toEqual(before);
  });

  it("when the content is not base64, empty, too large, or the media type or kind is wrong, then 400 (413 for a body past the limit) and nothing is stored", async () => {
    const before = await stored();
    const bad = [
      contract({ content: "not base64!" }),
      contract({ content: "abc" }),
      contract({ content: "" }),
      contract({ content: Buffer.alloc(MAX_DOCUMENT_BYTES + 1).toString("base64") }),
      contract({ mediaType: "pdf" }),
      contract({ kind: "receipt" }),
      contract({ name: "a\u202Eb.pdf" }),
    ];
    for (const body of bad) expect((await upload("tier2", body).then(status(400))).body.code).toBe("VALIDATION_FAILED");
    const huge = await upload("tier2", contract({ content: Buffer.alloc(5 * 1024 * 1024).toString("base64") }));
    expect([huge.status, huge.body.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    // Every other route keeps its small limit.
    const elsewhere = await http().post("/invoices").set(await as("tier2")).send({ note: "x".repeat(70 * 1024) });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    expect(await stored()).toBe(before);
  });
});
