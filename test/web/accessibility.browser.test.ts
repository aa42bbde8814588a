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
});
