/** Steps on the maturities page (到期兑付). */
import type { Page } from "playwright-core";

/** The core enterprise's maker proposes funding everything due on `maturity` (YYYY-MM-DD). */
export async function fundMaturity(page: Page, maturity: string): Promise<void> {
  await page.goto("/console/settlement");
  await page.getByRole("button", { name: new RegExp(`为 ${maturity} 备款|Fund ${maturity}`) }).click();
  await page.getByText(/已提交，等待复核人批准|Submitted; waiting for a checker/).first().waitFor();
}

/** The core enterprise's checker approves the funding waiting on the page. */
export async function approveFunding(page: Page): Promise<void> {
  await page.goto("/console/settlement");
  const pending = page.getByRole("table", { name: /待复核的备款|Funding waiting for a checker/ });
  await pending.getByRole("button", { name: /批\s*准|Approve/ }).first().click();
  await page.getByText(/已批准并执行|Approved and carried out/).first().waitFor();
}
