/**
 * Steps of the invoices page (发票), as a clerk takes them, for this area's test and the whole story. They find
 * things by role and label in either language; the signed-in user decides whose invoices they are.
 */
import type { Locator, Page } from "playwright-core";
import { clickInDialog } from "../../helpers/browser";

export interface InvoiceInput {
  /** The buyer's registered Chinese name (or enough of it to pick it out). */
  buyer: string;
  /** A 20-digit number of a fully digital invoice. */
  number: string;
  /** As a clerk types it: "1,000,000" or "1000000.00". */
  amount: string;
  tax?: string;
  issueDate: string;
}

/** Picks an option of an antd Select labelled `label` by typing what it shows, as a keyboard user does. */
export async function choose(page: Page, label: RegExp, text: string): Promise<void> {
  const box = page.getByLabel(label);
  await box.click();
  await box.fill(text);
  const option = page.getByRole("option", { name: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).first();
  await option.waitFor({ state: "attached" });
  // Enter picks the active option: wait until the list has filtered down to this one, or a busy machine's Enter
  // picks whichever option was active before the filter applied (and the form then refuses to submit).
  const id = await option.getAttribute("id");
  if (id) await box.and(page.locator(`[aria-activedescendant="${id}"]`)).waitFor();
  await box.press("Enter");
  // A multiple select keeps its list open (over the fields around it); leaving the field closes it. Escape would
  // also close the dialog the select is in, and Tab would pick the next option.
  if ((await box.getAttribute("aria-expanded")) === "true") await box.blur();
  await box.and(page.locator('[aria-expanded="false"]')).waitFor();
}

/** The seller's clerk opens 提交发票 and fills it in; resolves with the dialog, not yet submitted. */
export async function fillInvoice(page: Page, invoice: InvoiceInput): Promise<Locator> {
  await page.goto("/console/invoices");
  await page.getByRole("button", { name: /提\s*交\s*发\s*票|Submit an invoice/ }).click();
  const dialog = page.getByRole("dialog");
  await choose(page, /^(购买方|Buyer)$/, invoice.buyer);
  await dialog.getByLabel(/^(发票号码|Invoice number)$/).fill(invoice.number);
  await dialog.getByLabel(/^(金额（不含税）|Amount excluding tax)$/).fill(invoice.amount);
  await dialog.getByLabel(/^(税额|Tax)$/).fill(invoice.tax ?? "0");
  await dialog.getByLabel(/^(开票日期|Issue date)$/).fill(invoice.issueDate);
  return dialog;
}

/**
 * The filled-in dialog's submit button. Its name may begin with "loading" for a moment after a refusal: the spinner
 * of the attempt before stays in the button, labelled, until its leaving animation ends.
 */
export const invoiceSubmit = (dialog: Locator): Locator => dialog.getByRole("button", { name: /(提\s*交|Submit)$/ });

/** Resolves once the submitted dialog has closed and the invoice is in the "issued by me" list. */
export async function invoiceListed(page: Page, dialog: Locator, number: string): Promise<void> {
  await dialog.waitFor({ state: "hidden" });
  await page.getByRole("cell", { name: number, exact: true }).waitFor();
}

/** The seller's clerk submits an invoice to its buyer; resolves once the invoice is in the "issued by me" list. */
export async function submitInvoice(page: Page, invoice: InvoiceInput): Promise<void> {
  const dialog = await fillInvoice(page, invoice);
  await invoiceSubmit(dialog).click();
  await invoiceListed(page, dialog, invoice.number);
}

/** The buyer confirms an invoice addressed to it; resolves once the page says it is registered on the ledger. */
export async function confirmInvoice(page: Page, number: string): Promise<void> {
  await page.goto("/console/invoices");
  const addressedToMe = page.getByText(/^(开给我的|Addressed to me)$/);
  await page.getByRole("heading", { level: 2 }).waitFor();
  if (await addressedToMe.count()) await addressedToMe.click();
  await page.getByRole("row", { name: new RegExp(number) }).getByRole("button", { name: /^(确\s*认|Confirm)$/ }).click();
  const dialog = page.getByRole("dialog");
  await clickInDialog(page, dialog.getByRole("button", { name: /^(确\s*认|Confirm)$/ }));
  // A refusal shows in the dialog: say what it was rather than time out waiting for the success message.
  const done = page.getByText(/发票已确认并登记上链|Invoice confirmed and registered/);
  const refused = dialog.getByRole("alert");
  await done.or(refused).first().waitFor();
  if (await refused.count()) throw new Error(`Confirming invoice ${number} was refused: ${await refused.textContent()}`);
}
