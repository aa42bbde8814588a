/**
 * Accessibility, checked by axe-core in the real browser: every page of every kind of user's menu, over a live
 * book (the demo story played up to the maturity), has no serious or critical violation. And a user who cannot
 * use a mouse signs in and approves a pending action with the keyboard alone.
 */
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { PlatformClient } from "../../scripts/demo/client";
import { BEFORE_SETTLEMENT, newState, playStoryUntil, type StoryState } from "../../scripts/demo/story";
import { inventoryStory } from "../../scripts/web-screenshots-inventory";
import { openConsole, signIn, type ConsoleHarness } from "../helpers/browser";

const AXE = createRequire(__filename).resolve("axe-core/axe.min.js");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let harness: ConsoleHarness;
let client: PlatformClient;
let story: StoryState;

beforeAll(async () => {
  harness = await openConsole();
  client = new PlatformClient({ baseUrl: harness.url, password: DEMO_PASSWORD });
  story = await playStoryUntil({ client, state: newState(), log: () => undefined }, BEFORE_SETTLEMENT);
}, 300_000);

afterAll(async () => {
  await harness.close();
});

async function seriousViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState("networkidle");
  if (!(await page.evaluate("typeof axe !== 'undefined'"))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate<Violation[]>("axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)");
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact ?? "?"}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** A dialog zooms in: axe would read its text at part opacity as low contrast. */
const animationsDone = (page: Page) => page.waitForFunction("document.getAnimations().every((a) => a.playState === 'finished' || a.playState === 'idle')");

const email = (handle: string, role: "admin" | "maker" | "checker") => seededUser(seededOrganisation(handle), role).email;

describe("accessibility", () => {
  it("when the sign-in page is checked in both languages, then axe finds nothing serious", async () => {
    for (const language of ["zh-CN", "en-US"] as const) {
      const page = await harness.newPage({ language, bypassCSP: true });
      await page.goto("/console/");
      await page.getByRole("button", { name: /登\s*录|Sign in/ }).waitFor();
      expect(await seriousViolations(page), language).toEqual([]);
      await page.context().close();
    }
  });

  it.each([
    ["core", "checker"],
    ["tier1", "maker"],
    ["tier3", "maker"],
    ["bank", "checker"],
    ["operator", "checker"],
    ["regulator", "maker"],
    ["warehouse", "maker"],
  ] as const)("when every page of %s's %s is checked, then axe finds nothing serious", async (handle, role) => {
    const page = await harness.newPage({ bypassCSP: true });
    await signIn(page, email(handle, role));
    const items = page.getByRole("navigation").getByRole("menuitem");
    const count = await items.count();
    expect(count).toBeGreaterThan(0);
    const found: string[] = [];
    for (let i = 0; i < count; i++) {
      await items.nth(i).click();
      await page.getByRole("heading", { level: 2 }).first().waitFor();
      found.push(...(await seriousViolations(page)).map((v) => `${new URL(page.url()).pathname}: ${v}`));
    }
    expect(found).toEqual([]);
    await page.context().close();
  }, 180_000);

  it("when a holder opens the disclosure form and the upload dialog, and the bank reads a disclosure and a risk profile, then axe finds nothing serious", async () => {
    const { tier1, bank } = story.orgs;
    if (!tier1 || !bank) throw new Error("the story did not find tier 1 and the bank");
    const holder = client.as(email("tier1", "maker"));
    const held = (await holder.all<{ id: string; holder: { id: string | null }; redeemed: boolean }>("/vouchers?as=holder")).find((v) => v.holder.id === tier1 && !v.redeemed);
    if (!held) throw new Error("tier 1 holds no voucher in the story");
    const page = await harness.newPage({ bypassCSP: true });
    await signIn(page, email("tier1", "maker"));
    await page.goto(`/console/vouchers/${held.id}`);
    await page.getByRole("heading", { name: "向银行披露发票" }).waitFor();
    const found = (await seriousViolations(page)).map((v) => `voucher detail: ${v}`);
    await page.goto("/console/documents");
    await page.getByRole("button", { name: "上传文件" }).click();
    await page.getByRole("dialog").getByRole("radio", { name: "合同" }).waitFor();
    found.push(...(await seriousViolations(page)).map((v) => `upload dialog: ${v}`));
    await page.context().close();

    const { now } = await holder.get<{ now: string }>("/clock");
    await holder.post(`/vouchers/${held.id}/disclosures`, { bankOrgId: bank, fields: ["invoice", "seller", "amount"] });
    await holder.post("/risk-data/consents", { bankOrgId: bank, until: new Date(Date.parse(now) + 8 * 3600_000 + 30 * 86_400_000).toISOString().slice(0, 10) });
    // The story set a data-service fee: the bank's maker and checker give it a budget to pay it from.
    const budget = await client.as(email("bank", "maker")).put<{ id: string }>("/risk-data/budget", { amount: "500.00" });
    await client.as(email("bank", "checker")).post(`/approvals/${budget.id}/approve`);
    const officer = await harness.newPage({ bypassCSP: true });
    await signIn(officer, email("bank", "checker"));
    await officer.goto("/console/disclosures");
    await officer.getByText("✓ 已与账本核验").first().waitFor();
    found.push(...(await seriousViolations(officer)).map((v) => `disclosures: ${v}`));
    await officer.goto("/console/risk-data");
    await officer.getByRole("button", { name: /^查询风险画像：/ }).first().click();
    await officer.getByRole("dialog").getByText("纳税信用等级").waitFor();
    found.push(...(await seriousViolations(officer)).map((v) => `risk profile: ${v}`));
    expect(found).toEqual([]);
    await officer.context().close();
  }, 120_000);

  it("when a checker uses only the keyboard, then they sign in and approve the maker's pending amendment", async () => {
    const bank = story.orgs.bank;
    const core = story.orgs.core;
    if (!bank || !core) throw new Error("the story did not find the bank and the core enterprise");
    const lineId = `${bank}.${core}`;
    const line = await client.as(email("bank", "maker")).get<{ expiry: string; limit: string }>(`/credit-lines/${lineId}`);
    await client.as(email("bank", "maker")).put(`/credit-lines/${lineId}`, { limit: "60000000.00", expiry: line.expiry.slice(0, 10) });

    const page = await harness.newPage();
    await page.goto("/console/");
    await page.getByLabel("邮箱").waitFor();
    await page.keyboard.type(email("bank", "checker"));
    await page.keyboard.press("Tab");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "退出登录" }).waitFor();
    await page.getByRole("heading", { name: "待我审批" }).waitFor();
    await page.getByRole("button", { name: /批\s*准/ }).first().waitFor();
    let focused = "";
    for (let i = 0; i < 80 && !/^批\s*准$/.test(focused); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate<string>("document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent : ''");
    }
    expect(focused).toMatch(/^批\s*准$/);
    await page.keyboard.press("Enter");
    await page.getByText("已批准并执行").waitFor();
    const after = await client.as(email("bank", "maker")).get<{ limit: string }>(`/credit-lines/${lineId}`);
    expect(after.limit).toBe("60000000.00");
    await page.context().close();
  }, 120_000);

  it("when the inventory story is played, then a receipt, a loan under a margin call, a reading's proof and the receipt and device dialogs have nothing serious", async () => {
    await inventoryStory(client);
    const owner = client.as(email("tier1", "maker"));
    const receipt = (await owner.get<{ items: { id: string; status: string }[] }>("/receipts?status=active")).items.at(0);
    const called = (await owner.get<{ items: { id: string; margin: { state: string } }[] }>("/pledges?status=active")).items.find((l) => l.margin.state === "called");
    if (!receipt || !called) throw new Error("the inventory story left no active receipt or no called loan");
    const found: string[] = [];
    const tier1 = await harness.newPage({ bypassCSP: true });
    await signIn(tier1, email("tier1", "maker"));
    await tier1.goto(`/console/receipts/${receipt.id}`);
    await tier1.getByRole("heading", { name: "拆分仓单" }).waitFor();
    found.push(...(await seriousViolations(tier1)).map((v) => `receipt detail: ${v}`));
    await tier1.getByRole("button", { name: "以此仓单申请质押融资" }).click();
    await tier1.getByRole("dialog").getByText(new RegExp(`#${receipt.id} `)).waitFor();
    await animationsDone(tier1);
    found.push(...(await seriousViolations(tier1)).map((v) => `pledge dialog: ${v}`));
    await tier1.goto(`/console/pledges/${called.id}`);
    await tier1.getByTestId("loan-margin").waitFor();
    found.push(...(await seriousViolations(tier1)).map((v) => `loan under a call: ${v}`));
    await tier1.context().close();
    const warehouse = await harness.newPage({ bypassCSP: true });
    await signIn(warehouse, email("warehouse", "maker"));
    await warehouse.goto("/console/iot/readings/1/proof");
    await warehouse.getByTestId("proof-verdict").waitFor();
    found.push(...(await seriousViolations(warehouse)).map((v) => `reading proof: ${v}`));
    for (const [path, button] of [["/console/receipts", "签发仓单"], ["/console/iot/devices", "登记设备"]] as const) {
      await warehouse.goto(path);
      await warehouse.getByRole("button", { name: new RegExp(button.split("").join("\\s*")) }).click();
      await warehouse.getByRole("dialog").waitFor();
      await animationsDone(warehouse);
      found.push(...(await seriousViolations(warehouse)).map((v) => `${button} dialog: ${v}`));
    }
    await warehouse.context().close();
    expect(found).toEqual([]);
  }, 180_000);
});
