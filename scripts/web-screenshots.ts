/**
 * npm run web:screenshots: a picture of every page of the console, in Chinese and in English, for the README.
 * Starts the real server on an empty data directory, plays the demo story up to the maturity (so vouchers,
 * financings and approvals are live), adds the privacy story (a document, a disclosure, a consent and a paid risk
 * query), then signs in as each kind of user and photographs every page of that user's menu, plus the pages
 * reached from them that matter (the holder's disclosure form, the bank's risk profile), and the inventory-pledge story
 * (receipts, a loan under a margin call, a reading's proof). Writes web/screenshots/*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { DEMO_PASSWORD } from "../seeds/load";
import { seededOrganisation, seededUser } from "../seeds/organisations";
import { freePort, startServer } from "../test/e2e/server-process";
import { CHROMIUM, signIn } from "../test/helpers/browser";
import { PlatformClient } from "./demo/client";
import { inventoryStory } from "./web-screenshots-inventory";
import { privacyStory, type PrivacyShots } from "./web-screenshots-privacy";
import { BEFORE_SETTLEMENT, newState, playStoryUntil, type StoryContext } from "./demo/story";

const OUT = path.resolve(__dirname, "../web/screenshots");
const LANGUAGES = ["zh-CN", "en-US"] as const;
/** Who is photographed: one user of each kind, in the role that sees most. */
const USERS: { handle: string; role: "admin" | "maker" | "checker" }[] = [
  { handle: "core", role: "checker" },
  { handle: "tier1", role: "maker" },
  { handle: "bank", role: "checker" },
  { handle: "operator", role: "checker" },
  { handle: "regulator", role: "maker" },
  { handle: "warehouse", role: "maker" },
];

async function photograph(browser: Browser, url: string, language: (typeof LANGUAGES)[number], handle: string, email: string, extra: PrivacyShots): Promise<string[]> {
  // bypassCSP: the waits below run a line of script in the page, which the console's policy rightly refuses.
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 }, locale: language, bypassCSP: true });
  await context.addInitScript({ content: `localStorage.setItem("scf.language", ${JSON.stringify(language)});` });
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    console.error(`${language} ${handle} ${page.url()}: ${e.message}`);
  });
  const written: string[] = [];
  const shot = async (name: string) => {
    await page.waitForLoadState("networkidle");
    const file = path.join(OUT, `${name}.${language}.png`);
    await page.screenshot({ path: file, fullPage: false });
    written.push(file);
  };
  if (handle === USERS[0]?.handle) {
    await page.goto("/console/");
    await shot("sign-in");
  }
  await signIn(page, email);
  const items = page.getByRole("navigation").getByRole("menuitem");
  const count = await items.count();
  const heading = page.getByRole("heading", { level: 2 }).first();
  for (let i = 0; i < count; i++) {
    const before = i === 0 ? "" : await heading.textContent();
    await items.nth(i).click();
    // The router keeps the old page on screen until the new one's code has loaded: wait for the new heading.
    const previous = JSON.stringify(before ?? "");
    await page
      .waitForFunction(`(() => { const h = document.querySelector("main h2"); return h !== null && h.textContent !== ${previous}; })()`, undefined, { timeout: 15_000 })
      .catch(() => undefined); // two pages with the same heading: the waits below still hold
    await page.waitForLoadState("networkidle");
    await page.waitForFunction(`!document.querySelector('[aria-busy="true"], .ant-spin-spinning')`, undefined, { timeout: 15_000 }).catch(() => undefined);
    await page.waitForTimeout(600); // tables fade in, charts animate
    await page.waitForLoadState("networkidle");
    const slug = new URL(page.url()).pathname.replace(/^\/console\/?/, "").replace(/[^a-z0-9]+/gi, "-") || "home";
    await shot(`${handle}-${slug}`);
  }
  await extra(handle, page, shot);
  await context.close();
  return written;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "scf-shots-"));
  const server = await startServer(dataDir, await freePort());
  try {
    const ctx: StoryContext = { client: new PlatformClient({ baseUrl: server.url, password: DEMO_PASSWORD }), state: newState(), log: () => undefined };
    console.log("Playing the demo story up to the maturity…");
    await playStoryUntil(ctx, BEFORE_SETTLEMENT);
    const privacy = await privacyStory(ctx.client);
    console.log("Adding the inventory-pledge story…");
    const inventory = await inventoryStory(ctx.client);
    const extra: PrivacyShots = async (handle, page, shot) => {
      await privacy(handle, page, shot);
      await inventory(handle, page, shot);
    };
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      for (const language of LANGUAGES) {
        for (const u of USERS) {
          const files = await photograph(browser, server.url, language, u.handle, seededUser(seededOrganisation(u.handle), u.role).email, extra);
          console.log(`${language} ${u.handle}: ${files.map((f) => path.basename(f)).join(", ")}`);
        }
      }
    } finally {
      await browser.close();
    }
  } finally {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
