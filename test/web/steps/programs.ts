/**
 * Steps of the programs page (流转规则), for a core enterprise's maker: proposing to add a supplier to the
 * whitelist or a bank to the eligible banks. Each proposal waits for a checker in 待我审批.
 */
import type { Page } from "playwright-core";
import { choose } from "./invoices";

const PICK = { suppliers: /^(要加入白名单的供应商|Supplier to whitelist)$/, banks: /^(要加入的合作银行|Bank to add)$/ };

/** The maker proposes adding `organisation` (its Chinese name) to a list; resolves once the page says it waits for a checker. */
export async function proposeMember(page: Page, list: "suppliers" | "banks", organisation: string): Promise<void> {
  await page.goto("/console/programs");
  await choose(page, PICK[list], organisation);
  const form = page.locator("form", { has: page.getByLabel(PICK[list]) });
  await form.getByRole("button", { name: /提交加入|Propose adding/ }).click();
  await page.getByText(/已提交，等待复核人批准|Submitted; waiting for a checker/).first().waitFor();
}
