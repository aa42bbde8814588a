/**
 * Money through the console, as the clerks live it: a bank grants the core enterprise a credit line (maker, then
 * checker); the story's vouchers reach tier 2; tier 2 asks for financing, two banks quote with the server's live
 * preview, tier 2 takes the quote that leaves it the most cash, and the bank's maker and checker pay it out; tier
 * 2's cash account shows the net. Only the settlement bank's clerks get the deposit form; its maker and checker
 * mint a deposit. The core enterprise funds the maturity from its calendar. Each step is also the whole-story test's.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cstMidnightAfter, formatCstDay } from "../../chain/cst-day";
import { PlatformClient } from "../../scripts/demo/client";
import { newState, STEPS, type StoryContext } from "../../scripts/demo/story";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { openConsole, signIn, type ConsoleHarness } from "../helpers/browser";
import { approveCashMovement, proposeCashMovement, readCashBalance } from "./steps/cash";
import { approveCreditLine, grantCreditLine } from "./steps/creditLines";
import { acceptBestQuote, approvePayout, proposePayout, quote, requestFinancing } from "./steps/financing";
import { approveFunding, fundMaturity } from "./steps/settlement";

type Role = "admin" | "maker" | "checker";
const org = (handle: string) => seededOrganisation(handle);
const email = (handle: string, role: Role = "maker") => seededUser(org(handle), role).email;

let harness: ConsoleHarness;
let client: PlatformClient;
let ctx: StoryContext;
const pages: Page[] = [];

/** A signed-in page for `handle`'s user in `role`, closed after all. */
async function as(handle: string, role: Role = "maker"): Promise<Page> {
  const page = await harness.newPage();
  pages.push(page);
  await signIn(page, email(handle, role));
  return page;
}

const api = <T>(handle: string, path: string, role: Role = "maker") => client.as(email(handle, role)).get<T>(path);
const fen = (shown: string) => BigInt(shown.replace(/[¥,.]/g, ""));
const fenOfYuan = (yuan: string) => BigInt(yuan.replace(".", ""));

beforeAll(async () => {
  harness = await openConsole();
  client = new PlatformClient({ baseUrl: harness.url, password: DEMO_PASSWORD });
  ctx = { client, state: newState(), log: () => undefined };
  await STEPS[0].run(ctx);
}, 120_000);

afterAll(async () => {
  for (const p of pages) await p.context().close();
  await harness.close();
});

describe("credit lines, financing, cash and maturities in the console", () => {
  it("when the bank's maker grants the core enterprise a line and its checker approves, then the line shows its limit with nothing used, and the core enterprise sees it", async () => {
    const { now } = await api<{ now: string }>("core", "/clock");
    const expiry = formatCstDay(cstMidnightAfter(new Date(now), 365));
    const lineId = `${ctx.state.orgs.bank}.${ctx.state.orgs.core}`;
    const maker = await as("bank");
    await grantCreditLine(maker, { core: org("core").name, limit: "50000000", expiry });
    // Proposed, not granted: the ledger has no line until the checker approves.
    await expect(api("bank", `/credit-lines/${lineId}`)).rejects.toThrow();

    await approveCreditLine(await as("bank", "checker"));
    expect(await api("bank", `/credit-lines/${lineId}`)).toMatchObject({ limit: "50000000.00", used: "0.00", expiry, open: true });

    const core = await as("core", "checker");
    await core.goto("/console/credit-lines");
    const row = core.getByRole("row").filter({ hasText: org("bank").name });
    await expect.poll(() => row.textContent()).toContain("¥50,000,000.00");
    expect(await row.textContent()).toContain(expiry);
    expect(await core.getByRole("button", { name: /提交授信/ }).count()).toBe(0);

    // The second bank's line, through the API, so that two banks may quote later.
    const bank2 = client.as(email("bank2"));
    const proposed = await bank2.post<{ id: string }>("/credit-lines", { coreOrgId: ctx.state.orgs.core, limit: "30000000.00", expiry });
    await client.as(email("bank2", "checker")).post(`/approvals/${proposed.id}/approve`);
  }, 120_000);

  it("when a bank that is not the settlement bank opens the cash page, then it is told which bank is and has no form; when the settlement bank's maker deposits and its checker approves, then the customer's cash grows by exactly the amount", async () => {
    const other = await as("bank");
    await other.goto("/console/cash");
    await expect.poll(() => other.getByRole("alert").first().textContent()).toContain(org("settlement-bank").name);
    expect(await other.getByRole("button", { name: /提交存入|提交提现/ }).count()).toBe(0);

    const balance = async () => fenOfYuan((await api<{ balance: string }>("tier2", "/cash/balance")).balance);
    const before = await balance();
    await proposeCashMovement(await as("settlement-bank"), { kind: "deposit", organisation: org("tier2").name, amount: "1,234.56", reference: "BROWSER-DEP-1" });
    // Proposed, not minted: the checker has not approved.
    expect(await balance()).toBe(before);
    await approveCashMovement(await as("settlement-bank", "checker"));
    expect((await balance()) - before).toBe(123_456n);
  }, 90_000);

  it("when tier 2 asks for financing, two banks quote, tier 2 takes the better and the bank pays, then tier 2's cash grows by exactly the net", async () => {
    for (const step of STEPS.slice(3, 8)) await step.run(ctx);
    const voucherId = ctx.state.pieces.tier2 ?? "";
    const tier2 = await as("tier2");
    const cashBefore = fen(await readCashBalance(tier2));
    const requestId = await requestFinancing(tier2, { voucherId, amount: "500000" });
    expect(await api("tier2", `/financing/requests/${requestId}`)).toMatchObject({ status: "open", amount: "500000.00", voucherId });

    const better = await quote(await as("bank"), requestId, "3.85");
    const dearer = await quote(await as("bank2"), requestId, "4.20");
    // The preview was the server's: the posted quotes carry exactly the figures shown before posting.
    const quoted = await api<{ quotes: { rateBps: number; interest: string; fee: string; net: string }[] }>("tier2", `/financing/requests/${requestId}`);
    const at385 = quoted.quotes.find((q) => q.rateBps === 385);
    expect(at385 && [at385.interest, at385.fee, at385.net].map(fenOfYuan)).toEqual([better.interest, better.fee, better.net].map(fen));
    expect(fen(better.net)).toBeGreaterThan(fen(dearer.net));

    const dialog = await acceptBestQuote(tier2, requestId);
    expect(dialog).toContain(org("bank").name);
    expect(dialog).toContain("伍拾万元整");
    const accepted = await api<{ status: string; acceptedQuoteId: string; quotes: { id: string; rateBps: number }[] }>("tier2", `/financing/requests/${requestId}`);
    expect(accepted.status).toBe("accepted");
    expect(accepted.quotes.find((q) => q.id === accepted.acceptedQuoteId)?.rateBps).toBe(385);

    await proposePayout(await as("bank"), requestId);
    // Proposed, not paid: the request waits for the checker and no cash has moved.
    expect((await api<{ status: string }>("tier2", `/financing/requests/${requestId}`)).status).toBe("approving");
    expect(fen(await readCashBalance(tier2))).toBe(cashBefore);
    await approvePayout(await as("bank", "checker"), requestId);
    const paid = await api<{ status: string; execution: { net: string } }>("tier2", `/financing/requests/${requestId}`);
    expect(paid.status).toBe("executed");

    await tier2.reload();
    expect(fen(await readCashBalance(tier2)) - cashBefore).toBe(fenOfYuan(paid.execution.net));

    const bank = await as("bank", "checker");
    await bank.goto("/console/financing/market");
    await bank.getByText(/已融资资产/).click();
    await expect.poll(() => bank.getByRole("table", { name: /已融资资产/ }).textContent()).toContain(org("tier2").name);
  }, 240_000);

  it("when the core enterprise's maker funds a maturity from the calendar and its checker approves, then the day shows funded with nothing short", async () => {
    const maturity = ctx.state.maturity ?? "";
    const core = await as("core");
    await core.goto("/console/settlement");
    const day = core.getByRole("row").filter({ hasText: maturity });
    await expect.poll(() => day.first().textContent()).toContain("¥10,000,000.00");
    await fundMaturity(core, maturity);
    await approveFunding(await as("core", "checker"));
    const slot = await api<{ status: string; shortfall: string }>("core", `/settlements/${ctx.state.orgs.core}/${maturity}`);
    expect(slot).toMatchObject({ status: "funded", shortfall: "0.00" });
    await core.reload();
    await expect.poll(() => core.getByRole("row").filter({ hasText: maturity }).first().textContent()).toMatch(/已备款/);
  }, 120_000);
});
