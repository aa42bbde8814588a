/**
 * The daily invoice re-check: an invoice voided or red-flushed at the tax bureau after it backed a voucher raises
 * a critical alert and holds that voucher and every piece passed from it (no transfer, split or financing) until the
 * regulator resolves the alert; vouchers backed by other invoices move as before. The real server and chain; the
 * tax bureau is the one boundary we cannot run, so it is the embedded sandbox with answers the test can change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedBusinessRegistry, EmbeddedInvoiceVerifier } from "../../../api/src/verification/embedded-verifiers";
import type { InvoiceQuery, InvoiceVerdict, InvoiceVerifier } from "../../../api/src/verification/invoice-verifier";
import { VerifierUnavailableError } from "../../../api/src/verification/verifier-unavailable";
import { formatCstDay } from "../../../chain/cst-day";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

const DAY = 86_400_000;

/** The tax bureau as the sandbox answers it, except for the invoices the test reverses, or while it is down. */
class TaxBureauTheTestChanges implements InvoiceVerifier {
  readonly reversed = new Map<string, "void" | "red-flushed">();
  /** Invoices it says it has no record of (a slip on its side: found at confirmation, not found now). */
  readonly unknown = new Set<string>();
  down = false;
  asked = 0;
  private readonly sandbox = new EmbeddedInvoiceVerifier();

  async verify(q: InvoiceQuery): Promise<InvoiceVerdict> {
    this.asked += 1;
    if (this.down) throw new VerifierUnavailableError("invoice verifier", "the test took it down");
    if (this.unknown.has(q.number)) return { outcome: "not-found" };
    const v = await this.sandbox.verify(q);
    const outcome = this.reversed.get(q.number);
    return outcome && v.outcome !== "not-found" ? { ...v, outcome } : v;
  }
}

describe("invoices reversed after use", () => {
  let api: TestApi;
  const taxBureau = new TaxBureauTheTestChanges();
  let maturity: string;
  const http = () => api.http();
  const as = (who: Handle, role: "admin" | "maker" | "checker" = "maker") => api.as(who, role);
  const steps = apiSteps(() => api);
  /** The module's own job, stopped in beforeAll so that only the test runs its passes. */
  const job = () => api.server.services.jobs.find((j) => j.name === "Invoice re-check")!;
  const recheck = () => job().runNow() as Promise<number>;
  const nextDay = async () => api.platform.indexer.waitFor((await api.platform.ledger.clock.advance(86_400)).number);

  beforeAll(async () => {
    api = await testApi({ verifiers: { registry: new EmbeddedBusinessRegistry(), invoices: taxBureau } });
    await job().stop();
    const l = api.platform.ledger;
    const r = await l.creditLines.grant(api.orgs.bank.account, api.orgs.core.account, 50_000_000_00n, new Date((await l.clock.now()).getTime() + 300 * DAY));
    await api.platform.indexer.waitFor(r.blockNumber);
    maturity = formatCstDay(await cstMidnightIn(l, 90));
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const invoice = (seller: Handle, buyer: Handle, amount: string) => steps.confirmedInvoice(seller, buyer, amount);
  const issueToTier1 = (amount: string) => steps.issueToTier1(amount, maturity);
  const transfer = async (from: Handle, id: string, to: Handle, amount: string) => {
    const inv = await invoice(to, from, amount);
    return http().post(`/vouchers/${id}/transfers`).set(await as(from)).send({ toOrgId: api.orgs[to].id, amount, invoiceIds: [inv.id] });
  };
  const reversalAlerts = async () => (await http().get("/alerts?rule=invoice-reversed-after-use").set(await as("regulator")).then(status(200))).body.items as { id: string; status: string; severity: string; parties: string[]; facts: Record<string, string> }[];

  let held: Awaited<ReturnType<typeof issueToTier1>>;
  let passed: string;
  let other: Awaited<ReturnType<typeof issueToTier1>>;

  it("when every invoice is still valid at the tax bureau, then the re-check finds nothing and asks each once a day", async () => {
    held = await issueToTier1("50000.00");
    passed = (await transfer("tier1", held.voucher, "tier2", "20000.00").then(status(201))).body.id as string;
    other = await issueToTier1("30000.00");
    taxBureau.unknown.add(other.invoice.number);
    const before = taxBureau.asked;
    expect(await recheck()).toBe(0);
    const taxStatus = async (id: string) => (await api.platform.db.prisma.invoiceRecord.findUniqueOrThrow({ where: { id } })).taxStatus;
    // A "not found" now, after a "valid" at confirmation, records nothing: the bureau's slip is not the seller's act.
    expect([await taxStatus(held.invoice.id), await taxStatus(other.invoice.id)]).toEqual(["valid", null]);
    taxBureau.unknown.clear();
    // The root's, the pass's and the other voucher's invoices.
    expect(taxBureau.asked - before).toBe(3);
    expect(await recheck()).toBe(0);
    expect(taxBureau.asked - before).toBe(3);
    expect(await reversalAlerts()).toEqual([]);
  });

  it("when the tax bureau is down, then the pass fails without recording anything and the next one asks again", async () => {
    taxBureau.reversed.set(held.invoice.number, "red-flushed");
    await nextDay();
    taxBureau.down = true;
    await expect(recheck()).rejects.toThrow(VerifierUnavailableError);
    expect(await reversalAlerts()).toEqual([]);
    taxBureau.down = false;
  });

  it("when the invoice behind a voucher is red-flushed, then a critical alert names it and the voucher and the piece passed from it are held; another voucher moves", async () => {
    expect(await recheck()).toBe(1);
    expect((await api.platform.db.prisma.invoiceRecord.findUniqueOrThrow({ where: { id: held.invoice.id } })).taxStatus).toBe("red-flushed");
    const [alert, ...more] = await reversalAlerts();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ severity: "critical", status: "open", facts: { outcome: "red-flushed", amount: "50000.00", vouchers: held.voucher } });
    expect(new Set(alert.parties)).toEqual(new Set(["core", "tier1", "tier2"].map((h) => api.orgs[h as Handle].account)));

    const fromRoot = await transfer("tier1", held.voucher, "tier3", "1000.00").then(status(409));
    expect(fromRoot.body.code).toBe("VOUCHER_ON_HOLD");
    const split = await http().post(`/vouchers/${passed}/splits`).set(await as("tier2")).send({ amounts: ["5000.00"] });
    expect([split.status, split.body.code]).toEqual([409, "VOUCHER_ON_HOLD"]);
    const financing = await http().post("/financing/requests").set(await as("tier2")).send({ voucherId: passed, amount: "5000.00" }).then(status(409));
    expect(financing.body.code).toBe("VOUCHER_ON_HOLD");
    await transfer("tier1", other.voucher, "tier2", "1000.00").then(status(201));
    // The voucher pages say so before anyone tries: the piece names the voucher the hold is on and the alert.
    const piece = await http().get(`/vouchers/${passed}`).set(await as("tier2")).then(status(200));
    expect(piece.body.hold).toEqual({ voucherId: held.voucher, alertId: alert.id });
    const mine = (await http().get("/vouchers").set(await as("tier1")).then(status(200))).body.items as { id: string; hold: unknown }[];
    expect(mine.find((v) => v.id === held.voucher)?.hold).toEqual({ voucherId: held.voucher, alertId: alert.id });
    expect(mine.find((v) => v.id === other.voucher)?.hold).toBeNull();
  });

  it("when the re-check runs on later days, then the reversed invoice raises nothing more", async () => {
    await nextDay();
    await recheck();
    expect(await reversalAlerts()).toHaveLength(1);
  });

  it("when the regulator resolves the alert, then the hold is lifted and the piece can be financed", async () => {
    const [alert] = await reversalAlerts();
    await http().post(`/alerts/${alert.id}/resolve`).set(await as("regulator", "checker")).send({ note: "the seller issued a replacement invoice" }).then(status(200));
    await http().post("/financing/requests").set(await as("tier2")).send({ voucherId: passed, amount: "5000.00" }).then(status(201));
    await transfer("tier1", held.voucher, "tier3", "1000.00").then(status(201));
    expect((await http().get(`/vouchers/${passed}`).set(await as("tier2")).then(status(200))).body.hold).toBeNull();
  });
});
