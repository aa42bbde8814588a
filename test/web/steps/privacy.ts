/**
 * Steps of the privacy pages (文件, 披露记录, 数据授权) and the disclosure on a voucher, as the clerks and officers
 * take them. They find things by role and label; the signed-in user decides whose documents and consents these are.
 */
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { clickInDialog } from "../../helpers/browser";
import { choose } from "./invoices";

/** A clerk uploads a file as a document of a kind ("合同"); resolves once it is listed. */
export async function uploadDocument(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, kind: string): Promise<void> {
  await page.goto("/console/documents");
  await page.getByRole("button", { name: "上传文件" }).click();
  const dialog = page.getByRole("dialog");
  const chooser = page.waitForEvent("filechooser");
  await dialog.getByRole("button", { name: "选择文件" }).click();
  await (await chooser).setFiles(file);
  await dialog.getByRole("radio", { name: kind, exact: true }).check();
  await clickInDialog(page, dialog.getByRole("button", { name: /^提\s*交$/ }));
  await page.getByText("文件已加密保存，承诺值已上链").waitFor();
  await page.getByRole("row", { name: new RegExp(file.name) }).waitFor();
}

/** Downloads a listed document through its button; resolves with the bytes the browser saved. */
export async function downloadDocument(page: Page, name: string): Promise<{ bytes: Buffer; suggested: string }> {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: `下载 ${name}` }).click();
  const saved = await download;
  const path = await saved.path();
  return { bytes: await readFile(path), suggested: saved.suggestedFilename() };
}

const FIELD_LABELS = ["发票号码", "销售方", "购买方", "金额", "税额", "开票日期", "合同编号", "文件摘要"];

/** The holder discloses the invoices behind a voucher to a bank, with these fields ticked (and only these). */
export async function discloseToBank(page: Page, voucherId: string, bank: string, fields: string[]): Promise<void> {
  await page.goto(`/console/vouchers/${voucherId}`);
  await page.getByRole("heading", { name: "向银行披露发票" }).waitFor();
  await choose(page, /^银行$/, bank);
  for (const label of FIELD_LABELS) await page.getByRole("checkbox", { name: label, exact: true }).setChecked(fields.includes(label));
  await page.getByRole("button", { name: /^披\s*露$/ }).click();
  await page.getByText(/^已向.*披露，记录已上链$/).waitFor();
}

/** The organisation lets a bank query its risk profile until a day. */
export async function grantConsent(page: Page, bank: string, until: string): Promise<void> {
  await page.goto("/console/risk-data");
  await choose(page, /^银行$/, bank);
  await page.getByLabel("授权截止日").fill(until);
  await page.getByRole("button", { name: /^授\s*权$/ }).click();
  await page.getByText("已授权，记录已上链").waitFor();
}

/** The bank's maker proposes a budget for query fees; resolves once it waits for a checker. */
export async function proposeBudget(page: Page, amount: string): Promise<void> {
  await page.goto("/console/risk-data");
  await page.getByLabel("新的额度").fill(amount);
  await page.getByRole("button", { name: "提交额度" }).click();
  await page.getByText("已提交，等待复核人批准").first().waitFor();
}

/** The organisation withdraws its consent to a bank, confirming when asked. */
export async function withdrawConsent(page: Page, bank: string): Promise<void> {
  await page.goto("/console/risk-data");
  await page.getByRole("button", { name: `撤回对${bank}的授权` }).click();
  await page.getByRole("button", { name: /^确\s*认$/ }).click();
  await page.getByText("授权已撤回").waitFor();
}
