/**
 * Selective disclosure: a holder shows a bank the invoices behind one voucher's lineage, only the fields it
 * chooses; the bank's view checks every opening against the commitment on the ledger. The real server and chain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../chain/cst-day";
import { INVOICE_FIELDS, verifyOpening, type FieldOpening } from "../../../api/src/disclosure/field-commitment";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { invoiceKey } from "../../../chain/invoice-key";
import { apiSteps, digitalNo, status } from "../../helpers/api-steps";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;

interface Opening extends FieldOpening {
  verified: boolean;
  party?: { id: string | null };
}
interface Disclosed {
  id: string;
  voucherId: string;
  verified: boolean;
  digest: string;
  txHash: string;
  fields: string[];
  invoices: { key: string; voucherId: string; status: string; ledgerCommitment: string | null; openings: Opening[] }[];
}

describe("selective disclosure of the invoices behind a voucher", () => {
  let api: TestApi;
  let maturity: string;
  const http = () => api.http();
  const as = (who: Handle, role: "admin" | "maker" | "checker" = "maker") => api.as(who, role);
  const steps = apiSteps(() => api);
  const disclose = async (who: Handle, voucher: string, body: object) => http().post(`/vouchers/${voucher}/disclosures`).set(await as(who)).send(body);

  let root: { voucher: string; invoice: { id: string } };
  let piece: string;
  let passInvoice: { id: string };

  beforeAll(async () => {
    api = await testApi();
    const l = api.platform.ledger;
    const r = await l.creditLines.grant(api.orgs.bank.account, api.orgs.core.account, 50_000_000_00n, new Date((await l.clock.now()).getTime() + 300 * DAY));
    await api.platform.indexer.waitFor(r.blockNumber);
    maturity = formatCstDay(await cstMidnightIn(l, 90));
    root = await steps.issueToTier1("80000.00", maturity);
    passInvoice = await steps.confirmedInvoice("tier2", "tier1", "30000.00");
    piece = (await http().post(`/vouchers/${root.voucher}/transfers`).set(await as("tier1")).send({ toOrgId: api.orgs.tier2.id, amount: "30000.00", invoiceIds: [passInvoice.id] }).then(status(201))).body.id as string;
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  it("when tier 2 discloses the amount and the day to a bank, then each invoice of the lineage is opened on those fields only, verified against the ledger, and the ledger records the digest", async () => {
    const res = await disclose("tier2", piece, { bankOrgId: api.orgs.bank.id, fields: ["amount", "issueDate"] }).then(status(201));
    const d = res.body as Disclosed;
    expect(d.verified).toBe(true);
    expect(d.invoices.map((i) => [i.voucherId, i.status])).toEqual([
      [root.voucher, "opened"],
      [piece, "opened"],
    ]);
    for (const inv of d.invoices) {
      expect(inv.openings.map((o) => [o.field, o.verified])).toEqual([
        ["amount", true],
        ["issueDate", true],
      ]);
      // What the bank checks needs only the opening and the ledger's commitment.
      const onLedger = await api.platform.ledger.invoices.get(inv.key);
      expect(inv.ledgerCommitment).toBe(onLedger!.commitment.toLowerCase());
      for (const o of inv.openings) expect(verifyOpening(o, onLedger!.commitment)).toBe(true);
    }
    expect(d.invoices.map((i) => i.openings[0].value)).toEqual(["8000000", "3000000"]);
    // Beside the committed value (fen), the amount as the rest of the API spells it.
    expect(d.invoices.map((i) => (i.openings[0] as { display?: string }).display)).toEqual(["80000.00", "30000.00"]);
    expect(d).toMatchObject({ checkedAgainst: "ledger" });
    // Nothing of the other fields travels: not the parties, not the invoice number.
    const text = JSON.stringify(d);
    for (const h of ["core", "tier1"] as const) expect(text).not.toContain(api.orgs[h].account);
    const events = await api.platform.db.prisma.ledgerEvent.findMany({ where: { name: "DisclosureRecorded" } });
    expect(events.map((e) => e.args)).toContainEqual({ holder: api.orgs.tier2.account, bank: api.orgs.bank.account, voucherId: piece, digest: d.digest });
  });

  it("when the bank reads the disclosure, then it sees it verified; another bank and an unrelated supplier get 404; the regulator sees it", async () => {
    const [mine] = (await http().get("/disclosures").set(await as("bank")).then(status(200))).body.items as Disclosed[];
    expect(mine.voucherId).toBe(piece);
    // A list checks against the commitments as indexed, not one chain read per invoice per row.
    expect(mine).toMatchObject({ verified: true, checkedAgainst: "indexed-ledger" });
    const read = await http().get(`/disclosures/${mine.id}`).set(await as("bank", "checker")).then(status(200));
    expect((read.body as Disclosed).verified).toBe(true);
    for (const h of ["bank2", "tier3"] as const) expect((await http().get(`/disclosures/${mine.id}`).set(await as(h)).then(status(404))).body.code).toBe("NOT_FOUND");
    expect((await http().get("/disclosures").set(await as("bank2")).then(status(200))).body.items).toEqual([]);
    await http().get(`/disclosures/${mine.id}`).set(await as("regulator")).then(status(200));
  });

  it("when a stored opening is altered after the fact, then the bank's view no longer verifies it: the check is against the ledger, not the platform's copy", async () => {
    const d = (await disclose("tier2", piece, { bankOrgId: api.orgs.bank.id, fields: ["tax"] }).then(status(201))).body as Disclosed;
    const row = await api.platform.db.prisma.disclosure.findUniqueOrThrow({ where: { id: d.id } });
    const invoices = row.openings as unknown as Disclosed["invoices"];
    invoices[0].openings[0].value = "1";
    const altered: object = invoices;
    await api.platform.db.prisma.disclosure.update({ where: { id: d.id }, data: { openings: altered } });
    const read = (await http().get(`/disclosures/${d.id}`).set(await as("bank")).then(status(200))).body as Disclosed;
    expect(read.verified).toBe(false);
    expect(read.invoices.map((i) => i.openings[0].verified)).toEqual([false, true]);
    const listed = ((await http().get("/disclosures").set(await as("bank")).then(status(200))).body.items as Disclosed[]).find((x) => x.id === d.id);
    expect(listed).toMatchObject({ verified: false, checkedAgainst: "indexed-ledger" });
  });

  it("when the seller and buyer are disclosed, then the view names the organisations behind the accounts", async () => {
    const d = (await disclose("tier1", root.voucher, { bankOrgId: api.orgs.bank2.id, fields: ["seller", "buyer"] }).then(status(201))).body as Disclosed;
    expect(d.invoices).toHaveLength(1);
    expect(d.invoices[0].openings.map((o) => [o.field, o.value, o.party?.id])).toEqual([
      ["seller", api.orgs.tier1.account, api.orgs.tier1.id],
      ["buyer", api.orgs.core.account, api.orgs.core.id],
    ]);
  });

  it("when an earlier holder, the debtor or a stranger tries, then 422 VOUCHER_NOT_HOLDER for the first two and 404 for the stranger, and nothing is recorded", async () => {
    const before = await api.platform.db.prisma.disclosure.count();
    const body = { bankOrgId: api.orgs.bank.id, fields: ["amount"] };
    expect((await disclose("tier1", piece, body).then(status(422))).body.code).toBe("VOUCHER_NOT_HOLDER");
    expect((await disclose("core", piece, body).then(status(422))).body.code).toBe("VOUCHER_NOT_HOLDER");
    expect((await disclose("tier3", piece, body).then(status(404))).body.code).toBe("VOUCHER_NOT_FOUND");
    expect((await disclose("tier2", "999999", body).then(status(404))).body.code).toBe("VOUCHER_NOT_FOUND");
    expect(await api.platform.db.prisma.disclosure.count()).toBe(before);
  });

  it("when the recipient is not a bank or unknown, or the fields are empty, repeated or unknown, then a clear refusal and nothing is recorded", async () => {
    const before = await api.platform.db.prisma.disclosure.count();
    expect((await disclose("tier2", piece, { bankOrgId: api.orgs.tier3.id, fields: ["amount"] }).then(status(422))).body.code).toBe("ORGANISATION_WRONG_KIND");
    expect((await disclose("tier2", piece, { bankOrgId: "00000000-0000-4000-8000-000000000000", fields: ["amount"] }).then(status(404))).body.code).toBe("NOT_FOUND");
    for (const fields of [[], ["amount", "amount"], ["salt"], [...INVOICE_FIELDS, "amount"]]) {
      expect((await disclose("tier2", piece, { bankOrgId: api.orgs.bank.id, fields }).then(status(400))).body.code).toBe("VALIDATION_FAILED");
    }
    expect(await api.platform.db.prisma.disclosure.count()).toBe(before);
  });

  it("when the lineage's invoices predate field commitments, or are not held by the platform, then they are marked so; with none to open, 422 DISCLOSURE_NOTHING_TO_SHOW", async () => {
    const other = await steps.issueToTier1("1000.00", maturity);
    await api.platform.db.prisma.invoiceRecord.update({ where: { id: other.invoice.id }, data: { commitmentScheme: "salted-sha256" } });
    const refused = await disclose("tier1", other.voucher, { bankOrgId: api.orgs.bank.id, fields: ["amount"] }).then(status(422));
    expect(refused.body.code).toBe("DISCLOSURE_NOTHING_TO_SHOW");

    const invoice = await steps.confirmedInvoice("tier2", "tier1", "500.00");
    const next = (await http().post(`/vouchers/${other.voucher}/transfers`).set(await as("tier1")).send({ toOrgId: api.orgs.tier2.id, amount: "500.00", invoiceIds: [invoice.id] }).then(status(201))).body.id as string;
    const d = (await disclose("tier2", next, { bankOrgId: api.orgs.bank.id, fields: ["amount"] }).then(status(201))).body as Disclosed;
    expect(d.invoices.map((i) => [i.status, i.openings.length])).toEqual([
      ["whole-only", 0],
      ["opened", 1],
    ]);
    expect(d.verified).toBe(true);
  });

  it("when an invoice behind the lineage was registered on the ledger without the platform (another channel), then it is marked not-held and the others are opened", async () => {
    const l = api.platform.ledger;
    const key = invoiceKey({ kind: "digital", number: digitalNo() });
    const [tier1, core] = [api.orgs.tier1.account, api.orgs.core.account];
    await l.invoices.register(tier1, { key, buyer: core, amount: 2_000_00n, commitment: `0x${"ab".repeat(32)}` });
    await l.invoices.confirm(core, key);
    const issued = await l.vouchers.issue(core, { supplier: tier1, amount: 2_000_00n, maturity: new Date(`${maturity}T00:00:00+08:00`), invoiceKeys: [key] });
    await api.platform.indexer.waitFor(issued.blockNumber);
    const invoice = await steps.confirmedInvoice("tier2", "tier1", "700.00");
    const next = (await http().post(`/vouchers/${issued.result}/transfers`).set(await as("tier1")).send({ toOrgId: api.orgs.tier2.id, amount: "700.00", invoiceIds: [invoice.id] }).then(status(201))).body.id as string;
    const d = (await disclose("tier2", next, { bankOrgId: api.orgs.bank.id, fields: ["amount"] }).then(status(201))).body as Disclosed;
    expect(d.invoices.map((i) => [i.key, i.status])).toEqual([
      [key, "not-held"],
      [expect.any(String), "opened"],
    ]);
  });
});
