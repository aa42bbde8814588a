/**
 * npm run bench:web: what a user waits for in the console, written to bench/web.json.
 * - The initial JavaScript's gzip size: what index.html loads before the first page (goal ≤ 350 kB); the rest is
 *   split by page and loaded when the page is opened. The initial stylesheet's beside it.
 * - Time to interactive on localhost, cold cache (a new browser context each run), median of RUNS: the sign-in
 *   page (until its button can be pressed) and the vouchers page of a signed-in tier-1 clerk (until the table's
 *   rows are drawn). Goal < 1 s each.
 * - The regulator's credit-flow graph of a 1,000-piece voucher (pieces made through the API with splits), from
 *   asking for it to the chart drawn. Goal < 1 s.
 * The baseline in the same run: a plain HTML page from the same server (the network and browser's floor).
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "../seeds/load";
import { seededOrganisation, seededUser } from "../seeds/organisations";
import { freePort, startServer } from "../test/e2e/server-process";
import { CHROMIUM, signIn } from "../test/helpers/browser";
import { median, round } from "./bench-stats";
import { PlatformClient } from "./demo/client";
import { BEFORE_SETTLEMENT, newState, playStoryUntil } from "./demo/story";
import { buildThousandPieces, drawGraph, prepareGraph } from "./bench-web-graph";

const DIST = path.resolve(__dirname, "../web/dist");
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);

/** What index.html loads before the first page: its scripts (`js`), or its stylesheets (`css`). */
function initialFiles(extension: "js" | "css"): { files: string[]; gzipBytes: number; rawBytes: number } {
  const html = readFileSync(path.join(DIST, "index.html"), "utf8");
  const files = [...html.matchAll(new RegExp(`(?:src|href)="/console/(assets/[^"]+\\.${extension})"`, "g"))].map((m) => m[1]);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const f of files) {
    const body = readFileSync(path.join(DIST, f));
    rawBytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files, gzipBytes, rawBytes };
}

async function timed(browser: Browser, url: string, run: (page: Page) => Promise<void>, prepare?: (page: Page) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    if (prepare) await prepare(page);
    const started = performance.now();
    await run(page);
    times.push(performance.now() - started);
    await context.close();
  }
  return times;
}

async function main(): Promise<void> {
  const bundle = initialFiles("js");
  const styles = initialFiles("css");
  const dataDir = mkdtempSync(path.join(tmpdir(), "scf-bench-web-"));
  const server = await startServer(dataDir, await freePort());
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const client = new PlatformClient({ baseUrl: server.url, password: DEMO_PASSWORD });
    console.log("Playing the demo story up to the maturity…");
    await playStoryUntil({ client, state: newState(), log: () => undefined }, BEFORE_SETTLEMENT);
    const email = (handle: string, role: "maker" | "checker") => seededUser(seededOrganisation(handle), role).email;

    const baseline = await timed(browser, server.url, async (page) => {
      await page.goto("/docs");
      await page.locator("#docs").waitFor({ state: "attached" });
    });
    const signInPage = await timed(browser, server.url, async (page) => {
      await page.goto("/console/");
      await page.getByRole("button", { name: /登\s*录/ }).waitFor();
    });
    const vouchersPage = await timed(
      browser,
      server.url,
      async (page) => {
        await page.goto("/console/vouchers");
        await page.getByRole("row").nth(1).waitFor();
      },
      async (page) => signIn(page, email("tier1", "maker")),
    );
    console.log("Making a 1,000-piece voucher through the API…");
    const voucherId = await buildThousandPieces(client, email);
    const graph = await timed(browser, server.url, drawGraph, async (page) => {
      await signIn(page, email("regulator", "maker"));
      await prepareGraph(page, voucherId);
    });

    const ms = (xs: number[]) => round(median(xs), 0);
    const result = {
      measuredAt: new Date().toISOString(),
      runs: RUNS,
      initialJavaScript: { files: bundle.files, gzipKiB: round(bundle.gzipBytes / 1024, 1), rawKiB: round(bundle.rawBytes / 1024, 1), goalKiB: 350 },
      // antd's prebuilt stylesheet (zeroRuntime): not script, but on the wire before the first page too.
      initialStylesheets: { files: styles.files, gzipKiB: round(styles.gzipBytes / 1024, 1), rawKiB: round(styles.rawBytes / 1024, 1) },
      timeToInteractiveMs: {
        baselineDocsPage: ms(baseline),
        signInPage: ms(signInPage),
        vouchersPage: ms(vouchersPage),
        goal: 1000,
      },
      creditFlowGraph: { pieces: 1000, drawnMs: ms(graph), goal: 1000 },
      samplesMs: { baseline, signInPage, vouchersPage, graph },
    };
    console.table({
      "initial JS (gzip kB)": { value: result.initialJavaScript.gzipKiB, goal: "≤ 350" },
      "initial CSS (gzip kB)": { value: result.initialStylesheets.gzipKiB, goal: "" },
      "docs page, baseline (ms)": { value: result.timeToInteractiveMs.baselineDocsPage, goal: "" },
      "sign-in page TTI (ms)": { value: result.timeToInteractiveMs.signInPage, goal: "< 1000" },
      "vouchers page TTI (ms)": { value: result.timeToInteractiveMs.vouchersPage, goal: "< 1000" },
      "graph, 1,000 pieces (ms)": { value: result.creditFlowGraph.drawnMs, goal: "< 1000" },
    });
    writeFileSync(path.resolve(__dirname, "../bench/web.json"), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
