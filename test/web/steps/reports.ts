/** A core enterprise's reports, read as its treasurer reads them. */
import type { Page } from "playwright-core";

/** Opens the reports page and reads the outstanding total as shown (¥1,234.50). */
export async function outstandingTotalShown(page: Page): Promise<string> {
  await page.goto("/console/reports");
  const total = page.getByRole("row").filter({ hasText: /未兑付总额|Outstanding in all/ }).getByRole("cell").last();
  await total.waitFor();
  return ((await total.textContent()) ?? "").trim();
}
