/**
 * Steps on the financing pages (融资 / 融资市场), as the supplier's and the banks' clerks take them. Each step
 * opens its own page; the Page must be signed in as the user the step names.
 */
import type { Page } from "playwright-core";
import { clickInDialog, writeAnswered } from "../../helpers/browser";

const requestUrl = (id: string) => `/console/financing/requests/${id}`;

/** The supplier's maker asks for `amount` against voucher `voucherId`; resolves to the new request's id. */
export async function requestFinancing(page: Page, ask: { voucherId: string; amount: string }): Promise<string> {
  await page.goto("/console/financing");
  await page.getByLabel(/^(债权凭证|Voucher)$/).click();
  await page.getByTitle(new RegExp(`^(凭证|Voucher) ${ask.voucherId} ·`)).click();
  await page.getByLabel(/^(融资金额|Amount)$/).fill(ask.amount);
  await page.getByRole("button", { name: /提交申请|^Request$/ }).click();
  await page.waitForURL(/\/console\/financing\/requests\/[0-9a-f-]{36}$/);
  return page.url().split("/").at(-1) ?? "";
}

/** What the server previewed for a rate, as the page shows it (¥ formatted). */
export interface PreviewShown {
  interest: string;
  fee: string;
  net: string;
}

/** A bank's clerk types a yearly rate ("3.85"), reads the server's live preview, and posts the quote. */
export async function quote(page: Page, requestId: string, ratePercent: string): Promise<PreviewShown> {
  await page.goto(requestUrl(requestId));
  await page.getByLabel(/年化贴现率（%）|Yearly discount rate/).fill(ratePercent);
  const preview = page.getByRole("region", { name: /报价试算|Price preview/ });
  const cell = (label: RegExp) => preview.getByRole("row").filter({ has: page.getByText(label) }).getByText(/¥/);
  await cell(/^(实收金额|Net received)$/).first().waitFor();
  const shown = {
    interest: (await cell(/^(贴现利息|Interest)$/).first().textContent()) ?? "",
    fee: (await cell(/^(平台服务费|Platform fee)$/).first().textContent()) ?? "",
    net: (await cell(/^(实收金额|Net received)$/).first().textContent()) ?? "",
  };
  await page.getByRole("button", { name: /提交报价|更新报价|Post the quote|Replace our quote/ }).click();
  await page.getByText(/报价已提交|Quote posted/).first().waitFor();
  return shown;
}

/**
 * The supplier's maker accepts the quote marked as leaving the most cash; resolves to the confirmation dialog's
 * text (with the amounts in Chinese capitals) once the page says it is accepted.
 */
export async function acceptBestQuote(page: Page, requestId: string): Promise<string> {
  await page.goto(requestUrl(requestId));
  const best = page.getByRole("row").filter({ hasText: /实收最高|Highest net/ });
  await best.getByRole("button", { name: /接受|Accept/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText(/确认接受报价|Accept this quote/).waitFor();
  const text = (await dialog.textContent()) ?? "";
  await writeAnswered(page, "POST", /\/accept$/, () => clickInDialog(page, dialog.getByRole("button", { name: /确认接受|^Accept$/ })));
  await page.getByText(/已接受报价|Quote accepted/).first().waitFor();
  return text;
}

/** The winning bank's maker proposes paying out the accepted request. */
export async function proposePayout(page: Page, requestId: string): Promise<void> {
  await page.goto(requestUrl(requestId));
  await page.getByRole("button", { name: /提交放款|Propose the payout/ }).click();
  await page.getByText(/已提交，等待复核人批准|Submitted; waiting for a checker/).first().waitFor();
}

/** The bank's checker approves the payout of this request, which runs the ledger's exchange. */
export async function approvePayout(page: Page, requestId: string): Promise<void> {
  await page.goto(requestUrl(requestId));
  const pending = page.getByRole("table", { name: /待复核的放款|Payouts waiting for a checker/ });
  await pending.getByRole("button", { name: /批\s*准|Approve/ }).first().click();
  await page.getByText(/已批准并执行|Approved and carried out/).first().waitFor();
}
