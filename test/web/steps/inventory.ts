/**
 * Steps of the inventory-pledge pages (仓单, 质押融资, 物联网设备) for this area's test: issuing a receipt (the
 * warehouse's maker), pledging it (the owner's maker), the bank's proposals, and reading tags as shown.
 */
import type { Page } from "playwright-core";
import { clickInDialog } from "../../helpers/browser";
import { choose } from "./invoices";

export interface ReceiptInput {
  depositor: string;
  kg: string;
  readingId: string;
  inbound: string;
  bay: string;
  document: string;
}

/** The warehouse's maker proposes a receipt; resolves once the page says it waits for a checker. */
export async function issueReceipt(page: Page, input: ReceiptInput): Promise<void> {
  await page.goto("/console/receipts");
  await page.getByRole("button", { name: /签\s*发\s*仓\s*单|Issue a receipt/ }).click();
  await choose(page, /^(存货人（货主）|Depositor \(owner of the goods\))$/, input.depositor);
  await page.getByLabel(/^(等级|Grade)$/).fill("battery-99.5");
  await page.getByLabel(/^(数量（千克）|Quantity \(kg\))$/).fill(input.kg);
  await page.getByLabel(/^(入库称重读数编号|Inbound weighing reading no\.)$/).fill(input.readingId);
  await page.getByLabel(/^(入库单号|Inbound reference)$/).fill(input.inbound);
  await page.getByLabel(/^(库位|Bay)$/).fill(input.bay);
  await page.getByLabel(/^(仓单文件承诺|Document commitment)$/).fill(input.document);
  await clickInDialog(page, page.getByRole("dialog").getByRole("button", { name: /^(提\s*交|Submit)$/ }));
  await page.getByText(/已提交，等待复核人批准|Submitted; waiting for a checker/).first().waitFor();
}

export interface PledgeInput {
  bank: string;
  amount: string;
  ratePercent: string;
  maturity: string;
}

/** From the receipt's own page, the owner's maker pledges it; resolves with the new loan's id from the loan's page. */
export async function pledgeReceipt(page: Page, receiptId: string, input: PledgeInput): Promise<string> {
  await page.goto(`/console/receipts/${receiptId}`);
  await page.getByRole("button", { name: /以此仓单申请质押融资|Pledge this receipt for a loan/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText(new RegExp(`#${receiptId} `)).waitFor();
  await choose(page, /^(贷款银行|Bank)$/, input.bank);
  await page.getByLabel(/^(贷款金额|Loan amount)$/).fill(input.amount);
  await page.getByLabel(/^(年利率|Interest a year)$/).fill(input.ratePercent);
  await page.getByLabel(/^(到期日|Maturity)$/).fill(input.maturity);
  await clickInDialog(page, dialog.getByRole("button", { name: /^(提\s*交|Submit)$/ }));
  await page.waitForURL(/\/console\/pledges\/\d+$/);
  return new URL(page.url()).pathname.split("/").pop() ?? "";
}

/** The bank's maker proposes a step on the loan from its page (放款, 宣告违约, 处置仓单) and confirms it. */
export async function proposeBankStep(page: Page, loanId: string, step: RegExp): Promise<void> {
  await page.goto(`/console/pledges/${loanId}`);
  await page.getByRole("button", { name: step }).click();
  await clickInDialog(page, page.getByRole("dialog").getByRole("button", { name: /^(确\s*认|Confirm)$/ }));
  await page.getByText(/已提交，等待复核人批准|Submitted; waiting for a checker/).first().waitFor();
}

/** The margin tags of the loan's page, as one text ("补仓通知质押率 86.67%截止 …"). */
export async function marginShown(page: Page, loanId: string): Promise<string> {
  await page.goto(`/console/pledges/${loanId}`);
  return (await page.getByTestId("loan-margin").textContent()) ?? "";
}
