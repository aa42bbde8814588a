/**
 * 消息通知: when the core enterprise issues a voucher to tier 1 (done here through the API, as its ERP would), then
 * tier 1's clerk finds it under 消息通知 (收到凭证, the voucher and its amount in yuan), with the invoice the core
 * confirmed before it; marks it read; and the API agrees. Tier 2 is told nothing of it.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { openConsole, signIn, type ConsoleHarness } from "../helpers/browser";
import { markAllRead, markReadThrough, notificationRow, openNotifications } from "./steps/notifications";

let harness: ConsoleHarness;
let voucherId: string;

const user = (handle: string, role: "admin" | "maker" | "checker") => seededUser(seededOrganisation(handle), role).email;

/** A fetch with a user's token, as curl would send it. */
async function call<T>(email: string, method: string, path: string, body?: unknown): Promise<T> {
  const login = await fetch(`${harness.url}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${harness.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json", ...(method !== "GET" && { "idempotency-key": crypto.randomUUID() }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The CST day `days` after the instant `from`. */
const day = (from: string, days: number) => new Date(Date.parse(from) + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

let serial = 0;
let now: string;
const ids: Record<string, string> = {};

/** Tier 1 invoices the core; the core confirms it and issues a voucher against it (maker, then checker). */
async function issueToTier1(amount: string): Promise<string> {
  const number = `${Date.now()}${++serial}`.padStart(20, "0");
  const invoice = await call<{ id: string }>(user("tier1", "maker"), "POST", "/invoices", { kind: "digital", number, buyerOrgId: ids.core, amount, tax: "0.00", issueDate: day(now, -3) });
  await call(user("core", "admin"), "POST", `/invoices/${invoice.id}/confirm`);
  const issue = await call<{ id: string }>(user("core", "maker"), "POST", "/vouchers", { supplierOrgId: ids.tier1, amount, maturity: day(now, 90), invoiceIds: [invoice.id] });
  return (await call<{ result: { voucherId: string } }>(user("core", "checker"), "POST", `/approvals/${issue.id}/approve`)).result.voucherId;
}

beforeAll(async () => {
  harness = await openConsole();
  const orgs = (await call<{ items: { id: string; uscc: string }[] }>(user("operator", "admin"), "GET", "/orgs?limit=100")).items;
  for (const h of ["core", "tier1"]) ids[h] = orgs.find((o) => o.uscc === seededOrganisation(h).uscc)!.id;
  ({ now } = await call<{ now: string }>(user("operator", "admin"), "GET", "/clock"));
  // The bank grants the core a credit line (maker, then checker): issuance must be covered.
  const grant = await call<{ id: string }>(user("bank", "maker"), "POST", "/credit-lines", { coreOrgId: ids.core, limit: "10000000.00", expiry: day(now, 300) });
  await call(user("bank", "checker"), "POST", `/approvals/${grant.id}/approve`);
  voucherId = await issueToTier1("23456.78");
}, 240_000);

afterAll(async () => {
  await harness.close();
});

describe("notifications of what changed for my organisation", () => {
  let page: Page;

  it("when the core issues a voucher to tier 1, then tier 1's clerk sees 收到凭证 with the voucher and its amount, newest first, unread", async () => {
    page = await harness.newPage();
    await signIn(page, user("tier1", "maker"));
    await openNotifications(page);
    const row = notificationRow(page, `凭证 #${voucherId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain("收到凭证");
    expect(await row.textContent()).toContain("¥23,456.78");
    expect(await row.getByText("未读", { exact: true }).count()).toBe(1);
    // The invoice the core confirmed came first on the ledger, so it is listed below the voucher.
    const rows = await page.getByRole("table", { name: "消息通知" }).getByRole("row").allTextContents();
    const at = (text: string) => rows.findIndex((r) => r.includes(text));
    expect(at("发票已确认")).toBeGreaterThan(at(`凭证 #${voucherId}`));
    await page.getByText("未读 (2)").waitFor();
  });

  it("when the clerk marks the voucher's row read, then it and the older invoice show 已读, and the API says none is unread", async () => {
    await markReadThrough(page, `凭证 #${voucherId}`);
    await notificationRow(page, "发票已确认").getByText("已读", { exact: true }).waitFor();
    const api = await call<{ items: { type: string; readAt: string | null }[] }>(user("tier1", "checker"), "GET", "/notifications");
    expect(api.items.map((n) => [n.type, n.readAt === null])).toEqual([
      ["voucher.received", false],
      ["invoice.confirmed", false],
    ]);
    expect(await call(user("tier1", "maker"), "GET", "/notifications/unread-count")).toEqual({ unread: 0 });
    await page.getByText("未读 (0)").click();
    await page.getByText("没有未读消息").waitFor();
    expect(await page.getByRole("button", { name: "全部标为已读" }).isDisabled()).toBe(true);
  });

  it("when tier 2's clerk opens notifications, then nothing of tier 1's voucher is there; in English the page says so", async () => {
    const other = await harness.newPage({ language: "en-US" });
    await signIn(other, user("tier2", "maker"));
    await openNotifications(other);
    await other.getByText("No notifications yet").waitFor();
    expect(await other.getByText(`Voucher #${voucherId}`).count()).toBe(0);
    await other.context().close();
  });

  it("when a new voucher arrives after the clerk looked, then it shows unread after a reload, and 全部标为已读 clears it for the API too", async () => {
    const newer = await issueToTier1("1000.50");
    await page.reload();
    const row = notificationRow(page, `凭证 #${newer}`);
    await row.waitFor();
    expect(await row.textContent()).toContain("¥1,000.50");
    expect(await row.getByText("未读", { exact: true }).count()).toBe(1);
    await markAllRead(page);
    await row.getByText("已读", { exact: true }).waitFor();
    expect(await call(user("tier1", "maker"), "GET", "/notifications/unread-count")).toEqual({ unread: 0 });
    await page.context().close();
  });
});
