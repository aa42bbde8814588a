/** Steps on the cash page (资金账户). */
import type { Page } from "playwright-core";

/** My organisation's settlement cash as the page shows it: "¥1,234,567.89". */
export async function readCashBalance(page: Page): Promise<string> {
  await page.goto("/console/cash");
  const balance = page.getByTestId("cash-balance");
  const refused = page.getByRole("alert").filter({ hasText: /错误代码|Error code/ }).first();
  // A refusal is reported as what the page says, not as a wait that ran out.
  await Promise.race([balance.getByText(/¥/).waitFor(), refused.waitFor()]);
  if (await refused.isVisible()) throw new Error(`the cash page refused to show the balance: ${(await refused.textContent()) ?? ""}`);
  return (await balance.textContent()) ?? "";
}

/** A bank's maker proposes a deposit (or a withdrawal) for a customer; resolves when the page answered. */
export async function proposeCashMovement(
  page: Page,
  m: { kind: "deposit" | "withdrawal"; organisation: string; amount: string; reference: string },
): Promise<void> {
  await page.goto("/console/cash");
  await page.getByText(m.kind === "deposit" ? /^(存入|Deposit)$/ : /^(提现|Withdrawal)$/).first().click();
  await page.getByLabel(/^(客户机构|Customer)$/).fill(m.organisation);
  await page.getByTitle(m.organisation, { exact: true }).click();
  await page.getByLabel(/^(金额|Amount)$/).fill(m.amount);
  await page.getByLabel(/^(银行流水号|Bank reference)$/).fill(m.reference);
  await page.getByRole("button", { name: /提交存入|提交提现|Propose the deposit|Propose the withdrawal/ }).click();
  await page.getByText(/已提交，等待复核人批准|Submitted; waiting for a checker/).first().waitFor();
}

/** The bank's checker approves the first cash action waiting on the cash page. */
export async function approveCashMovement(page: Page): Promise<void> {
  await page.goto("/console/cash");
  const pending = page.getByRole("table", { name: /待复核的资金事项|Cash actions waiting/ });
  await pending.getByRole("button", { name: /批\s*准|Approve/ }).first().click();
  await page.getByText(/已批准并执行|Approved and carried out/).first().waitFor();
}
