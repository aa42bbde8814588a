/**
 * Privacy in the console (issue 12 §2), as the people who use it: tier 1's clerk keeps a contract as a sealed
 * document and downloads it unchanged; discloses the invoice behind its voucher to the bank, which sees every
 * opened field verified against the ledger; consents to the bank's risk queries, which the bank's maker and
 * checker budget for, the bank queries for the fee, and the clerk's withdrawal stops the next query.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { openConsole, signIn, type ConsoleHarness } from "../helpers/browser";
import { approveFirstPending } from "./steps/approvals";
import { discloseToBank, downloadDocument, grantConsent, proposeBudget, uploadDocument, withdrawConsent } from "./steps/privacy";

let harness: ConsoleHarness;
let voucherId: string;
let now: string;
const ids: Record<string, string> = {};
const BANK = seededOrganisation("bank").name;
const TIER1 = seededOrganisation("tier1").name;

const user = (handle: string, role: "admin" | "maker" | "checker") => seededUser(seededOrganisation(handle), role).email;

/** A fetch with a user's token, as the organisation's own systems would send it. */
async function call<T>(email: string, method: string, path: string, body?: unknown): Promise<T> {
  const login = await fetch(`${harness.url}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${harness.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json", ...(method !== "GET" && { "idempotency-key": crypto.randomUUID() }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A maker's proposal approved by the organisation's checker. */
async function proposedAndApproved(handle: string, method: string, path: string, body: unknown): Promise<void> {
  const proposed = await call<{ id: string }>(user(handle, "maker"), method, path, body);
  await call(user(handle, "checker"), "POST", `/approvals/${proposed.id}/approve`);
}

/** The CST day `days` after the instant `from`. */
const day = (from: string, days: number) => new Date(Date.parse(from) + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

const budgetRemaining = async () => (await call<{ remaining: string }>(user("bank", "checker"), "GET", "/risk-data/budget")).remaining;

beforeAll(async () => {
  harness = await openConsole();
  const orgs = (await call<{ items: { id: string; uscc: string }[] }>(user("operator", "admin"), "GET", "/orgs?limit=100")).items;
  for (const h of ["core", "tier1", "bank", "operator"]) ids[h] = orgs.find((o) => o.uscc === seededOrganisation(h).uscc)!.id;
  ({ now } = await call<{ now: string }>(user("operator", "admin"), "GET", "/clock"));
  // The bank lends to the core's chain and holds settlement cash to pay query fees; the operator charges 50.00 a query.
  await proposedAndApproved("bank", "POST", "/credit-lines", { coreOrgId: ids.core, limit: "10000000.00", expiry: day(now, 300) });
  await proposedAndApproved("settlement-bank", "POST", "/cash/deposits", { organisationId: ids.bank, amount: "10000.00", reference: "PRIVACY-TEST-DEPOSIT" });
  await proposedAndApproved("operator", "PUT", "/risk-data/fee", { fee: "50.00", recipientOrgId: ids.operator });
  // Tier 1 invoices the core; the core confirms it and issues tier 1 a voucher against it.
  const invoice = await call<{ id: string }>(user("tier1", "maker"), "POST", "/invoices", { kind: "digital", number: "24362000000000012345", buyerOrgId: ids.core, amount: "23456.78", tax: "3049.38", issueDate: day(now, -3) });
  await call(user("core", "admin"), "POST", `/invoices/${invoice.id}/confirm`);
  const issue = await call<{ id: string }>(user("core", "maker"), "POST", "/vouchers", { supplierOrgId: ids.tier1, amount: "23456.78", maturity: day(now, 90), invoiceIds: [invoice.id] });
  voucherId = (await call<{ result: { voucherId: string } }>(user("core", "checker"), "POST", `/approvals/${issue.id}/approve`)).result.voucherId;
}, 240_000);

afterAll(async () => {
  await harness.close();
});

describe("documents, selective disclosure and consented risk data in the console", () => {
  it("when tier 1's clerk uploads a contract, then it is listed as 合同 with its commitment 已上链, and downloading it gives back the same bytes", async () => {
    const page = await harness.newPage();
    await signIn(page, user("tier1", "maker"));
    const contract = { name: "采购合同-2027-001.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n采购合同 第一页\n%%EOF\n", "utf8") };
    await uploadDocument(page, contract, "合同");
    const row = page.getByRole("row", { name: new RegExp(contract.name) });
    await row.getByText("已上链").waitFor();
    expect(await row.getByText("合同", { exact: true }).count()).toBe(1);
    const listed = await call<{ items: { name: string; commitment: string; kind: string }[] }>(user("tier1", "checker"), "GET", "/documents");
    expect(listed.items.map((d) => [d.name, d.kind])).toEqual([[contract.name, "contract"]]);
    expect(await row.textContent()).toContain(listed.items[0].commitment.slice(0, 10));
    const saved = await downloadDocument(page, contract.name);
    expect(saved.suggested).toBe(contract.name);
    expect(saved.bytes.equals(contract.buffer)).toBe(true);
    await page.context().close();
  });

  it("when tier 1 discloses its invoice's number, seller, amount and tax to the bank, then the bank's officer sees each value with ✓ and the whole ✓ 已与账本核验, and nothing else", async () => {
    const holder = await harness.newPage();
    await signIn(holder, user("tier1", "maker"));
    await discloseToBank(holder, voucherId, BANK, ["发票号码", "销售方", "金额", "税额"]);
    await holder.context().close();

    const bank = await harness.newPage();
    await signIn(bank, user("bank", "checker"));
    await bank.goto("/console/disclosures");
    const card = bank.getByRole("region", { name: `凭证 #${voucherId}：${TIER1} 向 ${BANK} 披露` });
    await card.waitFor();
    await card.getByText("✓ 已与账本核验").waitFor();
    const fields = card.getByRole("row");
    const text = (await fields.allTextContents()).join("\n");
    expect(text).toContain("24362000000000012345");
    expect(text).toContain(TIER1);
    expect(text).toContain("¥23,456.78");
    expect(text).toContain("¥3,049.38");
    expect(await card.getByText("✓ 已核验").count()).toBe(4);
    expect(await card.getByText(/✗/).count()).toBe(0);
    // The buyer and the date were not ticked: the bank is not shown them.
    expect(await card.getByText("购买方").count()).toBe(0);
    expect(await card.getByText("开票日期").count()).toBe(0);
    await bank.context().close();
  });

  describe("consented risk data", () => {
    let clerk: Page;
    let officer: Page;

    it("when tier 1 consents, the bank's maker proposes a budget and its checker approves it in 待我审批, then the bank's query shows the profile and the 50.00 fee", async () => {
      clerk = await harness.newPage();
      await signIn(clerk, user("tier1", "maker"));
      await grantConsent(clerk, BANK, day(now, 30));
      await clerk.getByRole("table", { name: "我的授权" }).getByText("生效中").waitFor();

      const maker = await harness.newPage();
      await signIn(maker, user("bank", "maker"));
      await proposeBudget(maker, "200");
      await maker.context().close();
      expect(await budgetRemaining()).toBe("0.00");

      officer = await harness.newPage();
      await signIn(officer, user("bank", "checker"));
      await approveFirstPending(officer, /数据服务费额度/);
      expect(await budgetRemaining()).toBe("200.00");

      await officer.goto("/console/risk-data");
      await officer.getByTestId("budget-remaining").getByText("¥200.00").waitFor();
      await officer.getByRole("button", { name: `查询风险画像：${TIER1}` }).click();
      const profile = officer.getByRole("dialog", { name: `${TIER1} 的风险画像` });
      await profile.waitFor();
      const shown = (await profile.getByRole("row").allTextContents()).join("\n");
      expect(shown).toContain("本次数据服务费¥50.00");
      expect(shown).toContain("纳税信用等级A");
      expect(shown).toMatch(/成立年限\d+ 年（2016-09-12 成立）/);
      expect(shown).toContain("收到凭证1 笔，¥23,456.78");
      expect(shown).toContain("到期兑付0 笔，¥0.00");
      expect(shown).toContain("逾期作为债务人逾期 0 次；持有逾期凭证 0 笔");
      await officer.keyboard.press("Escape");
      await profile.waitFor({ state: "hidden" });
      await officer.getByTestId("budget-remaining").getByText("¥150.00").waitFor();
      expect(await budgetRemaining()).toBe("150.00");
      await officer.getByRole("table", { name: "本行的查询记录" }).getByText("¥50.00").waitFor();

      // Tier 1 sees who queried it, the fee, and the profile the bank was shown.
      await clerk.reload();
      const aboutMe = clerk.getByRole("table", { name: "关于本企业的查询" });
      await aboutMe.getByText(BANK).waitFor();
      expect(await aboutMe.getByText("¥50.00").count()).toBe(1);
    });

    it("when tier 1 withdraws its consent, then the bank's next query, from the page it still has open, is refused in words and charges nothing", async () => {
      await withdrawConsent(clerk, BANK);
      await clerk.getByRole("table", { name: "我的授权" }).getByText("已撤回").waitFor();

      await officer.getByRole("button", { name: `查询风险画像：${TIER1}` }).click();
      const refusal = officer.getByRole("alert").filter({ hasText: "CONSENT_NOT_IN_FORCE" });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain("该企业未授权贵行查询其风险画像，或授权已结束");
      // The consents are read again: the row shows the withdrawal and offers no query.
      await officer.getByRole("table", { name: "企业给予本行的授权" }).getByText("已撤回").waitFor();
      expect(await officer.getByRole("button", { name: `查询风险画像：${TIER1}` }).count()).toBe(0);
      expect(await budgetRemaining()).toBe("150.00");
      expect((await call<{ items: unknown[] }>(user("bank", "maker"), "GET", "/risk-data/queries")).items).toHaveLength(1);
      await clerk.context().close();
      await officer.context().close();
    });
  });
});
