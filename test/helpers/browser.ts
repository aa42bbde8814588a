/**
 * The console in a real browser: Debian's Chromium driven by playwright-core, against the real server as a child
 * process (test/e2e/server-process.ts) on an empty data directory, which seeds the demo cast. Browser tests read
 * like the user's story and find things by role and label, never by CSS class.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page, type Request } from "playwright-core";
import { DEMO_PASSWORD } from "../../seeds/load";
import { freePort, startServer, type ServerProcess } from "../e2e/server-process";
import { onFailureReport } from "./failure-report";

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

/**
 * Every page a harness opened is watched (watchPage); while the harness is open, a failed test anywhere in the file
 * gets the report of the server and of each page still open (test/helpers/setup.ts asks for it), the page that
 * acted last at the end, where a report cut to its end keeps it.
 */
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
  const watched: { page: Page; events: () => string[] }[] = [];
  const unregister = onFailureReport(async () => {
    const open = watched.filter((w) => !w.page.isClosed());
    const lastActed = (w: (typeof open)[number]) => w.events().at(-1) ?? "";
    open.sort((a, b) => lastActed(a).localeCompare(lastActed(b)));
    const pages = await Promise.all(open.map((w) => pageReport(w.page, w.events)));
    return [`The server's log, its last 40 lines but the console's files (UTC):\n${serverLines(server.output(), 40).join("\n")}`, ...pages].join("\n\n");
  });
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
      const page = await context.newPage();
      watched.push({ page, events: await watchPage(page) });
      return page;
    },
    async close() {
      unregister();
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

/**
 * Keeps the page's last `keep` console lines, errors, online/offline events, and non-GET requests with how each
 * ended: for a failed step, whether a write left the browser, and what came back.
 */
async function watchPage(page: Page, keep = 40): Promise<() => string[]> {
  const events: string[] = [];
  // The browser's online flag: while it reads offline, a page may hold its writes back.
  await page.addInitScript({
    content: `for (const e of ["online", "offline"]) addEventListener(e, () => console.info("the browser says it is " + e));`,
  });
  const note = (line: string) => {
    events.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (events.length > keep) events.shift();
  };
  page.on("console", (m) => note(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => note(`page error: ${e.message}`));
  page.on("request", (r) => {
    if (r.method() !== "GET") note(`sent: ${r.method()} ${r.url()}`);
  });
  page.on("requestfailed", (r) => note(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => {
    if (r.request().method() !== "GET") note(`answered: ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return () => [...events];
}

/** One page's side of a failed step: where it was, the browser's online flag, its open dialogs, what it sent and heard. */
async function pageReport(page: Page, events: () => string[]): Promise<string> {
  const dialogs = await page
    .getByRole("dialog")
    .allInnerTexts()
    .catch((e: unknown) => [`(could not read the dialogs: ${String(e)})`]);
  const online: unknown = await page.evaluate("navigator.onLine").catch(() => "unknown");
  return [
    `The page ${page.url()} (navigator.onLine ${String(online)}), its open dialogs:\n${dialogs.join("\n---\n") || "(none)"}`,
    `What it sent and heard (UTC):\n${events().join("\n")}`,
  ].join("\n");
}

/**
 * Clicks a button in a dialog once the page's finite animations have ended. A click on a dialog still zooming in
 * was reported done by Playwright and yet did nothing, on loaded machines only (the console story's lost clicks);
 * a person sees the dialog before clicking in it. Spinners run forever and are not waited for.
 */
export async function clickInDialog(page: Page, button: Locator): Promise<void> {
  await button.waitFor();
  const moving = "document.getAnimations().some((a) => a.playState === 'running' && a.effect && a.effect.getTiming().iterations !== Infinity)";
  for (let tries = 0; tries < 100 && (await page.evaluate(moving)) === true; tries++) await page.waitForTimeout(50);
  await button.click();
}

/**
 * Runs `act` (a click that should send one write) and resolves with the write's answer once it is a success.
 * Otherwise says which of the three went wrong: nothing was sent, the browser lost the request, or the server
 * refused it (with the problem's code), rather than timing out on a message that never shows.
 */
export async function writeAnswered(page: Page, method: string, path: RegExp, act: () => Promise<void>, timeoutMs = 30_000): Promise<unknown> {
  const matches = (r: Request) => r.method() === method && path.test(new URL(r.url()).pathname);
  const sent = page.waitForRequest(matches, { timeout: timeoutMs }).catch(() => undefined);
  await act();
  const request = await sent;
  if (!request) throw new Error(`No ${method} ${String(path)} left the page within ${timeoutMs} ms of the click`);
  const response = await Promise.race([
    request.response(),
    page.waitForEvent("requestfailed", { predicate: (r) => r === request, timeout: timeoutMs }).then(
      (r) => `failed in the browser: ${r.failure()?.errorText ?? "?"}`,
      () => `had no answer within ${timeoutMs} ms`,
    ),
  ]);
  if (response === null || typeof response === "string") throw new Error(`${method} ${request.url()} ${response ?? "had no answer"}`);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok()) throw new Error(`${method} ${request.url()} answered ${response.status()}: ${JSON.stringify(body)}`);
  return body;
}

/** The server's pino lines, one short line each: a request's method, route, status, time and problem, or a message. */
function serverLines(output: string, last: number): string[] {
  const lines: string[] = [];
  for (const raw of output.split("\n")) {
    if (!raw.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      lines.push(raw);
      continue;
    }
    if (typeof o.route === "string" && o.route.startsWith("/console/assets/")) continue;
    const at = typeof o.time === "number" ? new Date(o.time).toISOString().slice(11, 23) : "";
    const fields = [o.msg, o.method, o.route, o.status, o.durationMs === undefined ? undefined : `${JSON.stringify(o.durationMs)} ms`, o.runningMs === undefined ? undefined : `running ${JSON.stringify(o.runningMs)} ms`, o.code];
    lines.push([at, ...fields.filter((x) => x !== undefined).map((x) => (typeof x === "string" ? x : JSON.stringify(x)))].join(" "));
  }
  return lines.slice(-last);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /退出登录|Sign out/ }).click();
  await page.getByRole("button", { name: /登\s*录|Sign in/ }).waitFor();
}
