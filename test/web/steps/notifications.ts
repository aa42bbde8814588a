/**
 * Steps on the notifications page (消息通知), by role and label, in Chinese or English: open it from the menu, find
 * the row that tells of a voucher received, mark read.
 */
import type { Locator, Page } from "playwright-core";

/** Opens 消息通知 from the menu and waits for its heading. */
export async function openNotifications(page: Page): Promise<void> {
  await page.getByRole("menuitem", { name: /消息通知|Notifications/ }).click();
  await page.getByRole("heading", { level: 2, name: /消息通知|Notifications/ }).waitFor();
}

/** The table row that names `text` (a voucher such as "凭证 #3", an amount such as "¥12,345.67"). */
export function notificationRow(page: Page, text: string | RegExp): Locator {
  return page.getByRole("table", { name: /消息通知|Notifications/ }).getByRole("row").filter({ hasText: text });
}

/** Marks the row naming `text`, and every older one, read; waits until the row says it is read. */
export async function markReadThrough(page: Page, text: string | RegExp): Promise<void> {
  const row = notificationRow(page, text);
  await row.getByRole("button", { name: /此条及更早的标为已读|Mark this and older read/ }).click();
  await row.getByText(/^(已读|Read)$/).waitFor();
}

/** Marks every unread notification of my organisation read. */
export async function markAllRead(page: Page): Promise<void> {
  await page.getByRole("button", { name: /全部标为已读|Mark all read/ }).click();
  await page.getByText(/已将 \d+ 条消息标为已读|\d+ notifications marked read/).waitFor();
}
