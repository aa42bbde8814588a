/**
 * The console in a real browser: Debian's Chromium driven by playwright-core, against the real server as a child
 * process (test/e2e/server-process.ts) on an empty data directory, which seeds the demo cast. Browser tests read
 * like the user's story and find things by role and label, never by CSS class.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../seeds/load";
import { freePort, startServer, type ServerProcess } from "../e2e/server-process";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type Language = "zh-CN" | "en-US";

export interface ConsoleHarness {
  server: ServerProcess;
  url: string;
  /** A new browser context (its own storage: its own session and language) and a page at 1280 × 800. */
  /** `bypassCSP` lets a test inject a checker (axe-core) the console's policy would rightly refuse. */
  newPage(options?: { language?: Language; width?: number; height?: number; bypassCSP?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

export async function openConsole(): Promise<ConsoleHarness> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (.ci/run does)`);
  const dataDir = mkdtempSync(path.join(tmpdir(), "scf-web-"));
  const server = await startServer(dataDir, await freePort());
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  } catch (e) {
    await server.kill();
    throw e;
  }
  const opened = browser;
  return {
    server,
    url: server.url,
    async newPage(options = {}) {
      const context = await opened.newContext({
        baseURL: server.url,
        viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
        locale: options.language ?? "zh-CN",
        bypassCSP: options.bypassCSP ?? false,
      });
      // The language switch's memory, as a user who chose it earlier would have it.
      if (options.language) {
        await context.addInitScript({
          content: `if (!localStorage.getItem("scf.language")) localStorage.setItem("scf.language", ${JSON.stringify(options.language)});`,
        });
      }
      return context.newPage();
    },
    async close() {
      await opened.close();
      await server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the form, as a user types it, and waits for the signed-in frame. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/console/");
  await page.getByLabel(/邮箱|Email/).fill(email);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole("button", { name: /登\s*录|Sign in/ }).click();
  await page.getByRole("button", { name: /退出登录|Sign out/ }).waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /退出登录|Sign out/ }).click();
  await page.getByRole("button", { name: /登\s*录|Sign in/ }).waitFor();
}
