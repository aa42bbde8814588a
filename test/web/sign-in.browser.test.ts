/**
 * Signing in, as every user starts: a wrong password is refused in the user's language and changes nothing; the
 * right one opens the frame with the organisation's registered Chinese name, the role and the ledger's day; a
 * reload keeps the session (the refresh token trades for a new access token); signing out ends it.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/load";
import { openConsole, signIn, signOut, type ConsoleHarness } from "../helpers/browser";

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await openConsole();
});

afterAll(async () => {
  await harness.close();
});

async function typeCredentials(page: Page, email: string, password: string) {
  await page.goto("/console/");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
}

describe("signing in", () => {
  it("when the password is wrong, then the page says so in Chinese with the problem's code, and nobody is signed in", async () => {
    const page = await harness.newPage();
    await typeCredentials(page, "checker@ganjiang-nev.example", "not-the-password");
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("CREDENTIALS_INVALID");
    expect(await page.getByRole("button", { name: "退出登录" }).count()).toBe(0);
    await page.context().close();
  });

  it("when the password is right, then the header shows the Chinese name, the role and the ledger's day, and a reload keeps the session", async () => {
    const page = await harness.newPage();
    await signIn(page, "checker@ganjiang-nev.example");
    await expect.poll(() => page.getByTestId("header-organisation").textContent()).toBe("赣江新能源汽车股份有限公司");
    expect(await page.getByText("复核人").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("header-ledger-day").textContent()).toMatch(/\d{4}-\d{2}-\d{2}$/);
    await page.reload();
    await page.getByRole("button", { name: "退出登录" }).waitFor();
    await signOut(page);
    await page.reload();
    await page.getByRole("button", { name: /登\s*录/ }).waitFor();
    await page.context().close();
  });

  it("when the answer to a refresh is lost (the tab navigated while it was in flight), then asking again with the same token keeps the user signed in", async () => {
    const page = await harness.newPage();
    await signIn(page, "maker@hongdu-battery.example");
    let lost = 0;
    // The server rotates the token, but the page never hears the new one: what a reload mid-refresh does.
    await page.route("**/auth/refresh", async (route) => {
      if (lost++ > 0) return route.continue();
      await route.fetch();
      await route.abort();
    });
    await page.evaluate(() => sessionStorage.removeItem("scf.access"));
    await page.reload();
    // The frame is drawn from the remembered /me at once; the session survived once a new access token is kept.
    await page.waitForFunction(() => sessionStorage.getItem("scf.access") !== null);
    await page.getByRole("button", { name: "退出登录" }).waitFor();
    expect(lost).toBe(2);
    await page.reload();
    await expect.poll(() => page.getByTestId("header-organisation").textContent()).toBe("洪都动力电池系统有限公司");
    await page.context().close();
  });

  it("when the console is used on a tablet (768 px), then the menu is a drawer behind a header button, and choosing a page opens it and closes the drawer", async () => {
    const page = await harness.newPage({ width: 768, height: 1024 });
    await signIn(page, "maker@hongdu-battery.example");
    const menu = page.getByRole("navigation", { name: "主菜单" });
    expect(await menu.isVisible()).toBe(false);
    const open = page.getByRole("button", { name: "打开主菜单" });
    expect(await open.getAttribute("aria-expanded")).toBe("false");
    await open.click();
    await menu.getByRole("menuitem", { name: "资金账户" }).click();
    await page.getByRole("heading", { name: "资金账户", level: 2 }).waitFor();
    await expect.poll(() => menu.isVisible()).toBe(false);
    // Nothing sits over the page: the header's button is the only way in, and the content starts at the edge.
    const heading = await page.getByRole("heading", { name: "资金账户", level: 2 }).boundingBox();
    expect(heading?.x).toBeLessThan(40);
    await page.context().close();
  });

  it("when the console is used at 1280 px, then the menu stands beside the page and there is no menu button", async () => {
    const page = await harness.newPage();
    await signIn(page, "maker@hongdu-battery.example");
    expect(await page.getByRole("navigation", { name: "主菜单" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "打开主菜单" }).count()).toBe(0);
    await page.context().close();
  });

  it("when the signed-in frame's code cannot be downloaded, then the page says so instead of going blank", async () => {
    const page = await harness.newPage();
    await page.route(/\/console\/assets\/SignedIn-[^/]+\.js$/, (route) => route.abort());
    await typeCredentials(page, "maker@hongdu-battery.example", DEMO_PASSWORD);
    await page.getByText("页面出错了，请刷新或换一个页面").waitFor();
    await page.context().close();
  });

  it("when a signed-in tab reloads, then the frame is drawn from the session's last /me before /me answers again", async () => {
    const page = await harness.newPage();
    await signIn(page, "maker@hongdu-battery.example");
    // Held until the frame has been seen: without the remembered /me the page would wait on it.
    let answer: (() => void) | undefined;
    const asked = new Promise<void>((resolve) => {
      void page.route("**/me", (route) => {
        answer = () => void route.continue();
        resolve();
      });
    });
    await page.reload();
    await asked;
    await page.getByTestId("header-organisation").waitFor();
    expect(await page.getByTestId("header-organisation").textContent()).toBe("洪都动力电池系统有限公司");
    answer?.();
    await page.context().close();
  });

  it("when another user signs in on the same tab, then the frame shows that user, not the previous one's remembered /me", async () => {
    const page = await harness.newPage();
    await signIn(page, "maker@hongdu-battery.example");
    await expect.poll(() => page.getByTestId("header-organisation").textContent()).toBe("洪都动力电池系统有限公司");
    await signOut(page);
    expect(await page.evaluate(() => sessionStorage.getItem("scf.me"))).toBeNull();
    await signIn(page, "checker@ganjiang-nev.example");
    await expect.poll(() => page.getByTestId("header-organisation").textContent()).toBe("赣江新能源汽车股份有限公司");
    await page.context().close();
  });

  it("when /me cannot be read and nothing is remembered, then the page says so with the problem's code and asking again opens the console", async () => {
    const page = await harness.newPage();
    await signIn(page, "maker@hongdu-battery.example");
    await page.evaluate(() => sessionStorage.removeItem("scf.me"));
    await page.route("**/me", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/problem+json",
        body: JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, code: "DATABASE_UNAVAILABLE" }),
      }),
    );
    await page.reload();
    await page.getByText("无法读取您的账户信息，请稍后重试").waitFor();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("DATABASE_UNAVAILABLE");
    await page.unroute("**/me");
    await page.getByRole("button", { name: "重 试" }).or(page.getByRole("button", { name: "重试" })).click();
    await expect.poll(() => page.getByTestId("header-organisation").textContent()).toBe("洪都动力电池系统有限公司");
    await page.context().close();
  });

  it("when the user switches to English, then the console speaks English and remembers it after a reload", async () => {
    const page = await harness.newPage();
    await signIn(page, "maker@hongdu-battery.example");
    await page.getByText("English", { exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    expect(await page.evaluate("document.documentElement.lang")).toBe("en-US");
    await page.context().close();
  });
});
