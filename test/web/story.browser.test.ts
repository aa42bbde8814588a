/**
 * The whole story through the console, signed in as each user in turn, on an empty platform: the operator
 * approves an application; a bank grants a credit line (maker, then checker); the core enterprise confirms an
 * invoice and issues a voucher (maker, then checker); tier 1 passes part of it to tier 2 against an invoice;
 * tier 2 asks for financing, two banks quote, tier 2 takes the better quote, the bank's checker pays; the
 * regulator opens the voucher's graph and sees every piece and the financed one; reconciliation shows no
 * difference. Then the API is asked the same questions, and must agree with what the pages showed.
 *
 * What the story does not exercise in the console (the program's rules, cash deposits, a second bank's line) is
 * set up through the API with the demo's own steps, as the users' ERPs would.
 */
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomSandboxApplicants } from "../../seeds/registry";
import { cstMidnightAfter, formatCstDay } from "../../chain/cst-day";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { PlatformClient } from "../../scripts/demo/client";
import { newState, runStep, type StoryContext } from "../../scripts/demo/story";
import { formatYuan } from "../../web/src/format/money";
import { openConsole, signIn, signOut, type ConsoleHarness } from "../helpers/browser";
import { approveFirstPending } from "./steps/approvals";
import { approveCreditLine, grantCreditLine } from "./steps/creditLines";
import { acceptBestQuote, approvePayout, proposePayout, quote, requestFinancing } from "./steps/financing";
import { confirmInvoice, submitInvoice } from "./steps/invoices";
import { approveApplication } from "./steps/operator";
import { graphCounts, openVoucherGraph, piecesShown, reconciliationDifferences } from "./steps/regulator";
import { issueVoucher, passVoucher, voucherValue } from "./steps/vouchers";

type Handle = "operator" | "regulator" | "core" | "tier1" | "tier2" | "bank" | "bank2";
const org = (h: Handle) => seededOrganisation(h);
const email = (h: Handle, role: "admin" | "maker" | "checker") => seededUser(org(h), role).email;
const invoiceNumber = () => `${Date.now()}${randomBytes(4).readUInt32BE(0)}`.padEnd(20, "7").slice(0, 20);

let harness: ConsoleHarness;
let client: PlatformClient;
let ctx: StoryContext;
let page: Page;

async function as(h: Handle, role: "admin" | "maker" | "checker"): Promise<void> {
  if (await page.getByRole("button", { name: /退出登录|Sign out/ }).count()) await signOut(page);
  await signIn(page, email(h, role));
}

beforeAll(async () => {
  harness = await openConsole();
  client = new PlatformClient({ baseUrl: harness.url, password: DEMO_PASSWORD });
  ctx = { client, state: newState(), log: () => undefined };
  await runStep(ctx, "Find the seeded organisations");
  await runStep(ctx, "The core enterprise's program");
  await runStep(ctx, "Cash:");
  page = await harness.newPage();
}, 300_000);

afterAll(async () => {
  await harness.close();
});

describe("the whole story in the console", () => {
  const story: { today?: string; maturity?: string; root?: string; piece?: string; request?: string; applicant?: string } = {};

  it("when the operator's checker opens the applications, then they approve a newcomer and it joins the directory", async () => {
    // A registered enterprise of the sandbox, under its registered name.
    const [{ uscc, name }] = randomSandboxApplicants(1);
    await client.fetchJson("POST", "/applications", {
      body: { name, uscc, kinds: ["supplier"], admin: { name: "刘管理", email: `admin-${uscc.slice(10).toLowerCase()}@example.com`, password: "a newcomer's password 1" } },
    });
    await as("operator", "checker");
    await approveApplication(page, name);
    const orgs = await client.as(email("operator", "admin")).get<{ items: { name: string }[] }>("/orgs?limit=100");
    expect(orgs.items.map((o) => o.name)).toContain(name);
    story.applicant = name;
  });

  it("when a bank's maker proposes a credit line and its checker approves, then the line is open for the core enterprise", async () => {
    const clock = await client.as(email("core", "maker")).get<{ now: string }>("/clock");
    story.today = formatCstDay(new Date(clock.now));
    story.maturity = formatCstDay(cstMidnightAfter(new Date(clock.now), 90));
    await as("bank", "maker");
    await grantCreditLine(page, { core: org("core").name, limit: "50,000,000", expiry: formatCstDay(cstMidnightAfter(new Date(clock.now), 365)) });
    await as("bank", "checker");
    await approveCreditLine(page);
    const line = await client.as(email("bank", "maker")).get<{ limit: string; open: boolean }>(`/credit-lines/${ctx.state.orgs.bank}.${ctx.state.orgs.core}`);
    expect(line).toMatchObject({ limit: "50000000.00", open: true });
    // The second bank's line comes from its ERP, through the API.
    const bank2 = client.as(email("bank2", "maker"));
    const proposed = await bank2.post<{ id: string }>("/credit-lines", { coreOrgId: ctx.state.orgs.core, limit: "30000000.00", expiry: formatCstDay(cstMidnightAfter(new Date(clock.now), 365)) });
    await client.as(email("bank2", "checker")).post(`/approvals/${proposed.id}/approve`);
  });

  it("when tier 1 invoices the core enterprise and the core confirms it and issues a voucher, then tier 1 holds ¥1,000,000.00", async () => {
    const number = invoiceNumber();
    await as("tier1", "maker");
    await submitInvoice(page, { buyer: org("core").name, number, amount: "1,000,000", issueDate: story.today ?? "" });
    await as("core", "maker");
    await confirmInvoice(page, number);
    const readBack = await issueVoucher(page, { supplier: org("tier1").name, invoiceNumbers: [number], amount: "1000000", maturity: story.maturity ?? "" });
    expect(readBack).toContain("壹佰万元整");
    // The maker cannot approve their own proposal: the console offers no button, and says why.
    await page.goto("/console/approvals");
    const own = page.getByRole("row").filter({ hasText: /凭证签发/ }).first();
    expect(await own.getByRole("button", { name: /^批\s*准$/ }).isDisabled()).toBe(true);
    await own.getByRole("button", { name: /^批\s*准$/ }).hover({ force: true });
    await page.getByText("只有复核人可以审批").waitFor();
    await as("core", "checker");
    await approveFirstPending(page, /凭证签发/);
    const held = await client.as(email("tier1", "maker")).get<{ items: { id: string; value: string }[] }>("/vouchers?as=holder");
    expect(held.items).toHaveLength(1);
    story.root = held.items[0]?.id;
    await as("tier1", "maker");
    expect(await voucherValue(page, story.root ?? "")).toBe("¥1,000,000.00");
  });

  it("when tier 2 invoices tier 1 and tier 1 passes ¥300,000 of the voucher against it, then tier 2 holds that piece and tier 1 the rest", async () => {
    const number = invoiceNumber();
    await as("tier2", "maker");
    await submitInvoice(page, { buyer: org("tier1").name, number, amount: "400000", issueDate: story.today ?? "" });
    await as("tier1", "maker");
    await confirmInvoice(page, number);
    const above = await passVoucher(page, { voucherId: story.root ?? "", recipient: org("tier2").name, invoiceNumbers: [number], amount: "1,000,000.01" });
    expect(above.ok).toBe(false);
    const passed = await passVoucher(page, { voucherId: story.root ?? "", recipient: org("tier2").name, invoiceNumbers: [number], amount: "300,000" });
    if (!passed.ok) throw new Error(`the pass was refused: ${passed.alert}`);
    story.piece = passed.ids[0];
    expect(await voucherValue(page, story.root ?? "")).toBe("¥700,000.00");
    const piece = await client.as(email("tier2", "maker")).get<{ value: string; holder: { id: string } }>(`/vouchers/${story.piece ?? ""}`);
    expect(piece).toMatchObject({ value: "300000.00", holder: { id: ctx.state.orgs.tier2 } });
  });

  it("when tier 2 asks for financing and two banks quote, then tier 2 takes the better quote and the bank's checker pays the net", async () => {
    await as("tier2", "maker");
    const before = await client.as(email("tier2", "maker")).get<{ balance: string }>("/cash/balance");
    story.request = await requestFinancing(page, { voucherId: story.piece ?? "", amount: "300000" });
    await as("bank", "maker");
    const better = await quote(page, story.request, "3.85");
    await as("bank2", "maker");
    const worse = await quote(page, story.request, "4.60");
    expect(better.net > worse.net).toBe(true);
    await as("tier2", "maker");
    const dialog = await acceptBestQuote(page, story.request);
    expect(dialog).toContain(better.net);
    await as("bank", "maker");
    await proposePayout(page, story.request);
    await as("bank", "checker");
    await approvePayout(page, story.request);
    const request = await client.as(email("tier2", "maker")).get<{ status: string; execution: { net: string } | null }>(`/financing/requests/${story.request}`);
    expect(request.status).toBe("executed");
    expect(formatYuan(request.execution?.net ?? "")).toBe(better.net);
    const after = await client.as(email("tier2", "maker")).get<{ balance: string }>("/cash/balance");
    const gained = BigInt(after.balance.replace(".", "")) - BigInt(before.balance.replace(".", ""));
    expect(formatYuan(`${(gained / 100n).toString()}.${(gained % 100n).toString().padStart(2, "0")}`)).toBe(better.net);
  });

  it("when the regulator opens the voucher's graph, then every piece is drawn and the financed one is marked, as the API's tree says", async () => {
    await as("regulator", "maker");
    await openVoucherGraph(page, story.root ?? "");
    const counts = await graphCounts(page);
    const pieces = await piecesShown(page);
    const tree = await client.as(email("regulator", "maker")).get<{ nodes: { id: string; financed: boolean }[] }>(`/vouchers/${story.root ?? ""}/tree?limit=100`);
    expect(counts.pieces).toBe(tree.nodes.length);
    expect(pieces.map((p) => p.piece).sort()).toEqual(tree.nodes.map((n) => n.id).sort());
    expect(tree.nodes.filter((n) => n.financed).map((n) => n.id)).toEqual([story.piece]);
    expect(counts.financed).toBe(1);
    const financed = pieces.filter((p) => p.financed);
    expect(financed.map((p) => p.piece)).toEqual([story.piece]);
    expect(financed[0]?.holder).toBe(org("bank").name);
  });

  it("when the regulator reconciles, then the console and the API both show 0 differences", async () => {
    expect(await reconciliationDifferences(page)).toBe(0);
    const api = await client.as(email("regulator", "maker")).get<{ differenceCount: number; consistent: boolean }>("/audit/reconciliation");
    expect(api).toMatchObject({ consistent: true, differenceCount: 0 });
  });
});
