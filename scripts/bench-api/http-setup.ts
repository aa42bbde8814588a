/**
 * The benchmark's starting position, built through the HTTP API as the organisations' clerks would (the calls of
 * scripts/demo/story.ts), and not measured: extra suppliers onboarded, two credit lines, the core enterprise's
 * program, cash for both banks, and for every holder one large voucher plus one large confirmed invoice from the
 * supplier it pays to it. An invoice covers many transfers (the ledger consumes it piece by piece), so every
 * measured transfer still cites a confirmed invoice and is still exactly one ledger write.
 */
import { cstMidnightAfter, formatCstDay } from "../../chain/cst-day";
import { randomSandboxApplicants } from "../../seeds/registry";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser, type SeedUser } from "../../seeds/organisations";
import type { PlatformClient, UserClient } from "../demo/client";

/** A supplier that holds a voucher during the benchmark. */
export interface Holder {
  name: string;
  orgId: string;
  /** The user that transfers and finances (a maker, or a newcomer's admin). */
  user: UserClient;
  /** The holder's large voucher. */
  voucherId: string;
  /** Who it pays in the transfer phase, and the confirmed invoice from that supplier that backs the transfers. */
  payee: { orgId: string; invoiceId: string | undefined };
}

export interface Bank {
  handle: "bank" | "bank2";
  orgId: string;
  maker: UserClient;
  checker: UserClient;
}

export interface HttpWorld {
  holders: Holder[];
  banks: Bank[];
  invoicesRequired: boolean;
  maturity: string;
}

export interface SetupOptions {
  /** Suppliers onboarded through POST /applications in addition to the four seeded tiers. */
  newSuppliers: number;
  invoicesRequired: boolean;
  /** Face value of each holder's voucher, yuan. */
  voucherYuan: string;
  log(line: string): void;
}

const seedUser = (client: PlatformClient, handle: string, role: SeedUser["role"]) =>
  client.as(seededUser(seededOrganisation(handle), role).email);

let invoiceSeq = 0;
/** A 20-digit digital invoice number no other run used. */
const invoiceNumber = () => `26${Date.now().toString().slice(-10)}${String(process.pid % 1000).padStart(3, "0")}${String((invoiceSeq += 1)).padStart(5, "0")}`;

async function approve(checker: UserClient, action: { id: string }): Promise<Record<string, unknown>> {
  const done = await checker.post<{ status: string; result: Record<string, unknown> }>(`/approvals/${action.id}/approve`);
  if (done.status !== "approved") throw new Error(`approval ${action.id} ended ${done.status}`);
  return done.result;
}

async function confirmedInvoice(seller: UserClient, buyer: UserClient, buyerOrgId: string, amount: string, today: string): Promise<string> {
  const inv = await seller.post<{ id: string }>("/invoices", {
    kind: "digital",
    number: invoiceNumber(),
    buyerOrgId,
    amount,
    tax: "0.00",
    issueDate: today,
    contractRef: "BENCH",
  });
  await buyer.post(`/invoices/${inv.id}/confirm`);
  return inv.id;
}

export async function setUp(client: PlatformClient, opts: SetupOptions): Promise<HttpWorld> {
  const operatorAdmin = seedUser(client, "operator", "admin");
  const operatorChecker = seedUser(client, "operator", "checker");
  const orgs = { items: await operatorAdmin.all<{ id: string; uscc: string }>("/orgs") };
  const orgId = (handle: string) => {
    const { uscc } = seededOrganisation(handle);
    const o = orgs.items.find((x) => x.uscc === uscc);
    if (!o) throw new Error(`${handle} is not seeded`);
    return o.id;
  };

  // Newcomers, so that the load comes from more ledger accounts than the four seeded tiers.
  const suppliers: { name: string; orgId: string; user: UserClient }[] = ["tier1", "tier2", "tier3", "tier4"].map((h) => ({
    name: h,
    orgId: orgId(h),
    user: seedUser(client, h, "maker"),
  }));
  // Registered enterprises of the embedded sandbox registry, under their registered names.
  for (const { uscc, name } of randomSandboxApplicants(opts.newSuppliers)) {
    const tag = uscc.slice(10, 17).toLowerCase();
    const email = `admin-${tag}@bench-supplier.example`;
    const app = (await client.fetchJson("POST", "/applications", {
      body: {
        name,
        nameEn: `Benchmark Supplier ${tag}`,
        uscc,
        kinds: ["supplier"],
        // The demo password, so that one client signs everyone in.
        admin: { name: "基准管理", email, password: DEMO_PASSWORD },
      },
    })) as { id: string };
    const approved = await operatorChecker.post<{ organisationId: string }>(`/applications/${app.id}/approve`);
    suppliers.push({ name: `new-${tag}`, orgId: approved.organisationId, user: client.as(email) });
  }
  opts.log(`${suppliers.length} suppliers (4 seeded, ${opts.newSuppliers} onboarded through /applications)`);

  const core = orgId("core");
  const coreMaker = seedUser(client, "core", "maker");
  const coreChecker = seedUser(client, "core", "checker");
  const clock = await coreMaker.get<{ now: string }>("/clock");
  const now = new Date(clock.now);
  const today = formatCstDay(now);
  const maturity = formatCstDay(cstMidnightAfter(now, 120));
  const expiry = formatCstDay(cstMidnightAfter(now, 365));

  const banks: Bank[] = (["bank", "bank2"] as const).map((handle) => ({
    handle,
    orgId: orgId(handle),
    maker: seedUser(client, handle, "maker"),
    checker: seedUser(client, handle, "checker"),
  }));
  for (const b of banks) {
    const proposed = await b.maker.post<{ id: string }>("/credit-lines", { coreOrgId: core, limit: "5000000000.00", expiry });
    await approve(b.checker, proposed);
  }
  // The program's rules and lists take two people: the core's maker proposes, its checker approves.
  const setProgram = async (proposed: Promise<{ id: string }>) => approve(coreChecker, await proposed);
  await setProgram(coreMaker.put<{ id: string }>(`/programs/${core}/rules`, {
    maxDepth: 8,
    maxTermDays: 180,
    minSplit: "1.00",
    invoicesRequired: opts.invoicesRequired,
    whitelistOnly: true,
    banksRestricted: true,
    issuanceCoveredByCredit: true,
  }));
  for (const b of banks) await setProgram(coreMaker.put<{ id: string }>(`/programs/${core}/banks/${b.orgId}`));
  for (const s of suppliers) await setProgram(coreMaker.put<{ id: string }>(`/programs/${core}/suppliers/${s.orgId}`));
  const settlementMaker = seedUser(client, "settlement-bank", "maker");
  const settlementChecker = seedUser(client, "settlement-bank", "checker");
  for (const b of banks) {
    const proposed = await settlementMaker.post<{ id: string }>("/cash/deposits", {
      organisationId: b.orgId,
      amount: "1000000000.00",
      reference: `BENCH-DEP-${b.handle}-${Date.now()}`,
    });
    await approve(settlementChecker, proposed);
  }
  opts.log(`credit lines, program rules (invoices ${opts.invoicesRequired ? "required" : "not required"}), bank cash`);

  const holders: Holder[] = [];
  for (const [i, s] of suppliers.entries()) {
    const payee = suppliers[(i + 1) % suppliers.length];
    const issueInvoices = opts.invoicesRequired ? [await confirmedInvoice(s.user, coreMaker, core, opts.voucherYuan, today)] : [];
    const proposed = await coreMaker.post<{ id: string }>("/vouchers", { supplierOrgId: s.orgId, amount: opts.voucherYuan, maturity, invoiceIds: issueInvoices });
    const issued = await approve(coreChecker, proposed);
    const payeeInvoice = opts.invoicesRequired ? await confirmedInvoice(payee.user, s.user, s.orgId, opts.voucherYuan, today) : undefined;
    holders.push({ ...s, voucherId: String(issued.voucherId), payee: { orgId: payee.orgId, invoiceId: payeeInvoice } });
  }
  opts.log(`${holders.length} vouchers of ¥${opts.voucherYuan} issued, maturing ${maturity}`);
  return { holders, banks, invoicesRequired: opts.invoicesRequired, maturity };
}
