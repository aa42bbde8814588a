/**
 * Steps on the credit lines page (授信额度), as a bank's clerks take them. The page must be signed in as the
 * user named in each step. Chinese or English, whichever the page speaks.
 */
import type { Page } from "playwright-core";

/** The bank's maker proposes a line to a core enterprise; resolves once the page says a checker must approve. */
export async function grantCreditLine(page: Page, line: { core: string; limit: string; expiry: string }): Promise<void> {
  await page.goto("/console/credit-lines");
  const core = page.getByLabel(/^(核心企业|Core enterprise)$/);
  await core.fill(line.core);
  await page.getByTitle(line.core, { exact: true }).click();
  await page.getByLabel(/^(授信额度|Limit)$/).fill(line.limit);
  await page.getByLabel(/^(到期日|Expiry)$/).fill(line.expiry);
  await page.getByRole("button", { name: /提交授信|Propose the line/ }).click();
  await page.getByText(/已提交，等待复核人批准|Submitted; waiting for a checker/).first().waitFor();
}

/** The bank's checker approves the first credit line action waiting on the page. */
export async function approveCreditLine(page: Page): Promise<void> {
  await page.goto("/console/credit-lines");
  const pending = page.getByRole("table", { name: /待复核的授信事项|Credit line actions waiting/ });
  await pending.getByRole("button", { name: /批\s*准|Approve/ }).first().click();
  await page.getByText(/已批准并执行|Approved and carried out/).first().waitFor();
}
