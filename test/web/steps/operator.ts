/**
 * The operator's desk, driven as a user drives it (by role and label), for the browser tests and the whole story:
 * review applications, suspend and reinstate participants. The page must be signed in as the operator.
 */
import type { Page } from "playwright-core";
import { clickInDialog } from "../../helpers/browser";

const CONFIRM = /^确\s*认$|^Confirm$/;

/** The operator's checker approves `name`'s pending application; resolves once it has left the pending list. */
export async function approveApplication(page: Page, name: string): Promise<void> {
  await page.goto("/console/operator/applications");
  const approve = page.getByRole("button", { name: new RegExp(`^(批准|Approve) ${escape(name)}$`) });
  await approve.click();
  await approve.waitFor({ state: "detached" });
}

/** Rejects `name`'s pending application with a note the applicant reads. */
export async function rejectApplication(page: Page, name: string, note: string): Promise<void> {
  await page.goto("/console/operator/applications");
  const reject = page.getByRole("button", { name: new RegExp(`^(驳回|Reject) ${escape(name)}$`) });
  await reject.click();
  await page.getByLabel(/理由|Reason/).fill(note);
  await clickInDialog(page, page.getByRole("dialog").getByRole("button", { name: /^驳\s*回$|^Reject$/ }));
  await reject.waitFor({ state: "detached" });
}

/** Presses a directory action (suspend, reinstate, freeze, unfreeze) on `name` and confirms it. */
export async function organisationAction(page: Page, name: string, action: RegExp): Promise<void> {
  await page.goto("/console/operator/orgs");
  await page.getByRole("button", { name: new RegExp(`^(${action.source}) ${escape(name)}$`) }).click();
  await page.getByRole("button", { name: CONFIRM }).click();
}

/** The operator suspends `name`; resolves when the directory shows it suspended. */
export async function suspendOrganisation(page: Page, name: string): Promise<void> {
  await organisationAction(page, name, /暂停|Suspend/);
  await statusShown(page, name, /已暂停|Suspended/);
}

export async function reinstateOrganisation(page: Page, name: string): Promise<void> {
  await organisationAction(page, name, /恢复|Reinstate/);
  await statusShown(page, name, /正常|Active/);
}

/** Waits until the directory's row of `name` shows `status`. */
export async function statusShown(page: Page, name: string, status: RegExp): Promise<void> {
  await page.getByRole("row").filter({ hasText: name }).getByText(status).waitFor();
}

/** The problem shown on the page (message and code), or waits for one. */
export async function problemShown(page: Page): Promise<string> {
  const alert = page.getByRole("alert").filter({ hasText: /错误代码|Error code/ });
  await alert.waitFor();
  return (await alert.textContent()) ?? "";
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
