/** The "待我审批" inbox, as a checker uses it: approve the first pending action of a kind. */
import type { Page } from "playwright-core";

/** Approves the first pending action whose kind reads `kind` ("凭证签发"); resolves once the page says it ran. */
export async function approveFirstPending(page: Page, kind: RegExp): Promise<void> {
  await page.goto("/console/approvals");
  const row = page.getByRole("row").filter({ hasText: kind }).first();
  await row.getByRole("button", { name: /^(批\s*准|Approve)$/ }).click();
  await page.getByText(/已批准并执行|Approved and carried out/).first().waitFor();
}
