/**
 * Invoices, vouchers and a core enterprise's program, through the console as each clerk uses them: tier 1 submits
 * an invoice and the core confirms it; the core's maker issues a voucher from it (read back in capitals) and its
 * checker approves; tier 2 invoices tier 1, tier 1 tries to pass on more than it holds (refused, nothing moves),
 * then passes part of it on; tier 2 splits its piece; the core sees the whole tree; the core's maker proposes a
 * supplier for the whitelist. After each step the API agrees with what the page showed.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/load";
import { openConsole, signIn, type ConsoleHarness } from "../helpers/browser";
import { confirmInvoice, submitInvoice } from "./steps/invoices";
import { proposeMember } from "./steps/programs";
import { issueVoucher, passVoucher, splitVoucher, voucherValue } from "./steps/vouchers";

const CORE = "赣江新能源汽车股份有限公司";
const TIER1 = "洪都动力电池系统有限公司";
const TIER2 = "宜春锂电芯科技有限公司";
const DAY = 86_400_000;

let harness: ConsoleHarness;
const pages: Page[] = [];

/** The API, as `email` (a seeded user), for checking what the console showed. */
async function as(email: string) {
  const login = await fetch(`${harness.url}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${harness.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: ${String(res.status)} ${JSON.stringify(json)}`);
    return json as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a test reads what it asserts
  };
  return { get: (path: string) => call("GET", path), post: (path: string, body?: unknown) => call("POST", path, body) };
}

async function pageAs(email: string): Promise<Page> {
  const page = await harness.newPage();
  pages.push(page);
  await signIn(page, email);
  return page;
}

/** A fresh 20-digit number of a fully digital invoice. */
let serial = 0;
const invoiceNo = () => `${String(Date.now())}${String(process.pid % 1000).padStart(3, "0")}${String(++serial).padStart(4, "0")}`.slice(-20).padStart(20, "1");

let ledgerDay: Date;
const dayIn = (days: number) => new Date(ledgerDay.getTime() + days * DAY).toISOString().slice(0, 10);
let orgs: Record<string, string>;

beforeAll(async () => {
  harness = await openConsole();
  const bankMaker = await as("maker@ganpo-bank.example");
  ledgerDay = new Date(new Date((await bankMaker.get("/clock")).now as string).getTime() + 8 * 3600_000);
  const directory = (await bankMaker.get("/orgs?limit=100")).items as { id: string; name: string }[];
  orgs = Object.fromEntries(directory.map((o) => [o.name, o.id]));
  // The default rules cover issuance by credit lines: the bank grants the core one (maker, then checker), as the story's start has it.
  const grant = await bankMaker.post("/credit-lines", { coreOrgId: orgs[CORE], limit: "50000000.00", expiry: dayIn(300) });
  await (await as("checker@ganpo-bank.example")).post(`/approvals/${grant.id as string}/approve`);
}, 240_000);

afterAll(async () => {
  for (const p of pages) await p.context().close();
  await harness.close();
});

describe("invoices, vouchers and the program, through the console", () => {
  const n1 = invoiceNo();
  const n2 = invoiceNo();
  let tier1: Page;
  let core: Page;
  let voucherId: string;
  let pieceId: string;

  it("when tier 1's clerk submits an invoice to the core and the core's treasurer confirms it, then the API has it confirmed with its whole value free", async () => {
    tier1 = await pageAs("maker@hongdu-battery.example");
    await submitInvoice(tier1, { buyer: CORE, number: n1, amount: "1,000,000", issueDate: dayIn(-1) });
    expect(await tier1.getByRole("row", { name: new RegExp(n1) }).textContent()).toContain("待确认");

    core = await pageAs("maker@ganjiang-nev.example");
    await confirmInvoice(core, n1);
    const mine = (await (await as("admin@ganjiang-nev.example")).get("/invoices?as=buyer&status=confirmed")).items as { number: string; ledger: unknown }[];
    expect(mine.find((i) => i.number === n1)?.ledger).toMatchObject({ confirmed: true, amount: "1000000.00", used: "0.00" });
  });

  it("when the core's maker issues a voucher from it, then the read-back gives the amount in capitals, and once the checker approves tier 1 holds it", async () => {
    const readBack = await issueVoucher(core, { supplier: TIER1, invoiceNumbers: [n1], amount: "800000", maturity: dayIn(90) });
    expect(readBack).toContain("¥800,000.00");
    expect(readBack).toContain("捌拾万元整");
    const checker = await as("checker@ganjiang-nev.example");
    const pending = (await checker.get("/approvals?status=pending")).items as { id: string; kind: string }[];
    const issue = pending.find((a) => a.kind === "voucher.issue");
    expect(issue).toBeDefined();
    voucherId = ((await checker.post(`/approvals/${issue?.id ?? ""}/approve`)).result as { voucherId: string }).voucherId;

    expect(await voucherValue(tier1, voucherId)).toBe("¥800,000.00");
    expect(await tier1.getByText("第 1 级").count()).toBeGreaterThan(0);
    await tier1.goto("/console/vouchers");
    const row = tier1.getByRole("row", { name: new RegExp(`#${voucherId}`) });
    await expect.poll(() => row.textContent()).toContain(CORE);
    expect(await row.textContent()).toContain(dayIn(90));
  });

  it("when tier 2 invoices tier 1 and tier 1 tries to pass on more than the voucher holds, then the page shows the problem's code and nothing moves", async () => {
    const tier2 = await pageAs("maker@yichun-cell.example");
    await submitInvoice(tier2, { buyer: TIER1, number: n2, amount: "1000000.00", issueDate: dayIn(-1) });
    await confirmInvoice(tier1, n2);

    const refused = await passVoucher(tier1, { voucherId, recipient: TIER2, invoiceNumbers: [n2], amount: "900,000" });
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok ? "" : refused.alert).toContain("VOUCHER_INSUFFICIENT_VALUE");
    expect(await tier1.getByTestId("voucher-value").textContent()).toBe("¥800,000.00");
    const api = await as("admin@hongdu-battery.example");
    expect((await api.get(`/vouchers/${voucherId}`)).value).toBe("800000.00");
    expect(((await (await as("admin@yichun-cell.example")).get("/vouchers")).items as unknown[]).length).toBe(0);
    const n2Now = ((await api.get("/invoices?as=buyer")).items as { number: string; ledger: { used: string } }[]).find((i) => i.number === n2);
    expect(n2Now?.ledger.used).toBe("0.00");
  });

  it("when tier 1 passes part of the voucher to tier 2 with its invoice, then tier 1 keeps the rest and tier 2 holds a tier-2 piece, as the API says", async () => {
    const passed = await passVoucher(tier1, { voucherId, recipient: TIER2, invoiceNumbers: [n2], amount: "300000" });
    if (!passed.ok) throw new Error(passed.alert);
    pieceId = passed.ids[0] ?? "";
    await expect.poll(() => tier1.getByTestId("voucher-value").textContent()).toBe("¥500,000.00");

    const piece = await (await as("admin@yichun-cell.example")).get(`/vouchers/${pieceId}`);
    expect(piece).toMatchObject({ value: "300000.00", depth: 2, parentId: voucherId, holder: { name: TIER2 }, debtor: { name: CORE } });
    expect((await (await as("admin@hongdu-battery.example")).get(`/vouchers/${voucherId}`)).value).toBe("500000.00");
  });

  it("when tier 2 splits its piece, then it holds both parts, and the core's page shows the tree the API counts", async () => {
    const tier2 = await pageAs("admin@yichun-cell.example");
    expect(await voucherValue(tier2, pieceId)).toBe("¥300,000.00");
    expect(await tier2.getByText("第 2 级").count()).toBeGreaterThan(0);
    const split = await splitVoucher(tier2, pieceId, ["100,000", "50000"]);
    if (!split.ok) throw new Error(split.alert);
    expect(split.ids).toHaveLength(2);
    await expect.poll(() => tier2.getByTestId("voucher-value").textContent()).toBe("¥150,000.00");
    const api = await as("admin@yichun-cell.example");
    expect((await api.get(`/vouchers/${split.ids[0] ?? ""}`)).value).toBe("100000.00");
    expect((await api.get(`/vouchers/${split.ids[1] ?? ""}`)).value).toBe("50000.00");

    const totals = (await (await as("admin@ganjiang-nev.example")).get(`/vouchers/${voucherId}/tree`)).totals as { pieces: number; holders: number };
    expect(totals).toMatchObject({ pieces: 4, holders: 2 });
    await core.goto(`/console/vouchers/${voucherId}`);
    await core.getByText(`共 ${String(totals.pieces)} 份，${String(totals.holders)} 个持有方`, { exact: false }).waitFor();
    expect(await core.getByRole("tree").getByText(/#\d+/).count()).toBe(totals.pieces);
  });

  it("when the core's maker proposes whitelisting tier 1, then a checker's approval is pending and the list is unchanged; a supplier has no program page", async () => {
    await proposeMember(core, "suppliers", TIER1);
    const checker = await as("checker@ganjiang-nev.example");
    const pending = (await checker.get("/approvals?status=pending")).items as { kind: string; payload: Record<string, unknown> }[];
    expect(pending.some((a) => a.kind === "program.setMember")).toBe(true);
    expect(((await checker.get(`/programs/${orgs[CORE] ?? ""}/suppliers`)).items as unknown[]).length).toBe(0);
    expect(await core.getByText("白名单为空").count()).toBe(1);
    expect(await tier1.getByRole("menuitem", { name: "流转规则" }).count()).toBe(0);
    expect(await core.getByRole("menuitem", { name: "流转规则" }).count()).toBe(1);
  });
});
