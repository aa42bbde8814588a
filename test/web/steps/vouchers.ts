/**
 * Steps of the vouchers pages (持有凭证 and a voucher's own page), for this area's test and the whole story:
 * issuing (a core's maker), passing on and splitting (a supplier's clerk), and reading a voucher's value as shown.
 */
import type { Page } from "playwright-core";
import { clickInDialog, writeAnswered } from "../../helpers/browser";
import { choose } from "./invoices";

export interface IssueInput {
  supplier: string;
  invoiceNumbers: string[];
  amount: string;
  /** YYYY-MM-DD, a future day of the ledger. */
  maturity: string;
}

/**
 * The core's maker proposes a voucher; resolves with the read-back the confirmation showed (the amount in
 * figures and in capitals) once the page says the proposal waits for a checker.
 */
export async function issueVoucher(page: Page, input: IssueInput): Promise<string> {
  await page.goto("/console/vouchers");
  await page.getByRole("button", { name: /签\s*发\s*凭\s*证|Issue a voucher/ }).click();
  await choose(page, /^(一级供应商|Tier-1 supplier)$/, input.supplier);
  for (const n of input.invoiceNumbers) await choose(page, /^(供应商开给我的已确认发票|The supplier's confirmed invoices to me)$/, n);
  await page.getByLabel(/^(签发金额|Amount to issue)$/).fill(input.amount);
  await page.getByLabel(/^(到期日|Maturity)$/).fill(input.maturity);
  await clickInDialog(page, page.getByRole("dialog").getByRole("button", { name: /^(提\s*交|Submit)$/ }));
  const readBack = page.getByRole("dialog").filter({ hasText: /大写|capitals/ }).last();
  const text = (await readBack.getByText(/大写|capitals/).textContent()) ?? "";
  await writeAnswered(page, "POST", /^\/vouchers$/, () => clickInDialog(page, readBack.getByRole("button", { name: /^(确\s*认|Confirm)$/ })));
  await page.getByText(/已提交，等待复核人批准|Submitted; waiting for a checker/).first().waitFor();
  return text;
}

export interface PassInput {
  voucherId: string;
  recipient: string;
  invoiceNumbers: string[];
  amount: string;
}

export type Outcome = { ok: true; ids: string[] } | { ok: false; alert: string };

async function outcome(page: Page, done: RegExp): Promise<Outcome> {
  const success = page.getByText(done).first();
  const refused = page.getByRole("alert").filter({ hasText: /错误代码|Error code/ }).first();
  await Promise.race([success.waitFor(), refused.waitFor()]);
  if (await success.isVisible()) return { ok: true, ids: [...((await success.textContent()) ?? "").matchAll(/#(\d+)/g)].map((m) => m[1]) };
  return { ok: false, alert: (await refused.textContent()) ?? "" };
}

/** The holder's clerk passes part of a voucher to its supplier with that supplier's invoices; the new piece's id, or the refusal shown. */
export async function passVoucher(page: Page, input: PassInput): Promise<Outcome> {
  await page.goto(`/console/vouchers/${input.voucherId}`);
  await choose(page, /^(受让方|Recipient)$/, input.recipient);
  for (const n of input.invoiceNumbers) await choose(page, /^(受让方开给我的已确认发票|The recipient's confirmed invoices to me)$/, n);
  await page.getByLabel(/^(转让金额|Amount to pass on)$/).fill(input.amount);
  await page.getByRole("button", { name: /^(确认转让|Pass on)$/ }).click();
  return outcome(page, /已转让|Passed on;/);
}

/** The holder's clerk splits pieces of `amounts` off a voucher; the new pieces' ids, or the refusal shown. */
export async function splitVoucher(page: Page, voucherId: string, amounts: string[]): Promise<Outcome> {
  await page.goto(`/console/vouchers/${voucherId}`);
  for (const [i, amount] of amounts.entries()) {
    if (i > 0) await page.getByRole("button", { name: /再拆一份|Add a piece/ }).click();
    await page.getByLabel(new RegExp(`^(拆出金额|Piece) ${String(i + 1)}( amount)?$`)).fill(amount);
  }
  await page.getByRole("button", { name: /^(确认拆分|Split)$/ }).click();
  return outcome(page, /已拆分|Split;/);
}

/** A voucher's value as its page shows it ("¥800,000.00"). */
export async function voucherValue(page: Page, voucherId: string): Promise<string> {
  await page.goto(`/console/vouchers/${voucherId}`);
  const value = page.getByTestId("voucher-value");
  await value.waitFor();
  return (await value.textContent()) ?? "";
}
