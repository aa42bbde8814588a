/**
 * Inventory pledge through the console, as the clerks live it: the warehouse's clerk issues tier 1 a receipt for
 * lithium carbonate its scale weighed, and its checker approves it in 待我审批, which names it in Chinese; tier 1's
 * clerk pledges it to the bank from the receipt's page; the bank's maker proposes the drawdown and its checker
 * approves; the price falls and a valuation puts the loan under a margin call, which the borrower sees with its
 * ratio and deadline; the pledged receipt offers no way to move it; the warehouse sees its scale's counter, and the
 * browser verifies a reading's Merkle proof against the anchored root. After each step the API agrees.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cstMidnightAfter, formatCstDay } from "../../chain/cst-day";
import { PlatformClient } from "../../scripts/demo/client";
import { SigningDevice } from "../../scripts/iot/signing-device";
import { newState, runStep, type StoryContext } from "../../scripts/demo/story";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { openConsole, signIn, type ConsoleHarness } from "../helpers/browser";
import { approveFirstPending } from "./steps/approvals";
import { issueReceipt, marginShown, pledgeReceipt, proposeBankStep } from "./steps/inventory";

type Role = "admin" | "maker" | "checker";
const org = (handle: string) => seededOrganisation(handle);
const email = (handle: string, role: Role = "maker") => seededUser(org(handle), role).email;

let harness: ConsoleHarness;
let client: PlatformClient;
let ctx: StoryContext;
let scale: SigningDevice;
let readingId: string;
const pages: Page[] = [];

async function as(handle: string, role: Role = "maker"): Promise<Page> {
  const page = await harness.newPage();
  pages.push(page);
  await signIn(page, email(handle, role));
  return page;
}
const user = (handle: string, role: Role = "maker") => client.as(email(handle, role));
const approved = async (handle: string, proposal: Promise<{ id: string }>) => user(handle, "checker").post(`/approvals/${(await proposal).id}/approve`);
const dayIn = async (days: number) => formatCstDay(cstMidnightAfter(new Date((await user("operator").get<{ now: string }>("/clock")).now), days));

beforeAll(async () => {
  harness = await openConsole();
  client = new PlatformClient({ baseUrl: harness.url, password: DEMO_PASSWORD });
  ctx = { client, state: newState(), log: () => undefined };
  await runStep(ctx, "Find the seeded organisations");
  await runStep(ctx, "Cash: the settlement bank records deposits");
  // The scale is installed and registered (the devices page's form is the same maker-checker as every other).
  scale = new SigningDevice("weighing-platform");
  scale.id = ((await approved("warehouse", user("warehouse").post("/iot/devices", { kind: scale.kind, publicKey: scale.publicKey, bay: "A-01", label: "1号地磅" }))).result as { id: string }).id;
  const { now } = await user("operator").get<{ now: string }>("/clock");
  const sent = (await client.fetchJson("POST", "/iot/readings", { body: scale.reading({ grams: 25_000_000 }, new Date(now)) })) as { readings: { id: string }[] };
  readingId = sent.readings[0]?.id ?? "";
  await approved("bank", user("bank").put("/pledges/rates/LI2CO3", { rateBps: 7000 }));
  await user("operator").post("/prices", { commodity: "LI2CO3", yuanPerTonne: "75000.00" });
}, 240_000);

afterAll(async () => {
  for (const p of pages) await p.context().close();
  await harness.close();
});

describe("warehouse receipts and pledge loans in the console", () => {
  let receiptId: string;
  let loanId: string;
  let tier1: Page;

  it("when the warehouse's clerk issues a receipt against the scale's reading and its checker approves 仓单签发, then tier 1 owns 25 tonnes", async () => {
    const maker = await as("warehouse");
    await issueReceipt(maker, { depositor: org("tier1").name, kg: "25,000", readingId, inbound: "YC-IN-0001", bay: "A-01", document: `0x${"ab".repeat(32)}` });
    const checker = await as("warehouse", "checker");
    await checker.goto("/console/approvals");
    const row = checker.getByRole("row").filter({ hasText: "仓单签发" }).first();
    await expect.poll(() => row.textContent()).toContain("25 吨");
    expect(await row.textContent()).toContain(org("tier1").name);
    await approveFirstPending(checker, /仓单签发/);

    const owned = await user("tier1").get<{ items: { id: string; quantity: string; status: string; owner: { name: string } }[] }>("/receipts");
    expect(owned.items).toHaveLength(1);
    expect(owned.items[0]).toMatchObject({ quantity: "25000000", status: "active", owner: { name: org("tier1").name } });
    receiptId = owned.items[0]?.id ?? "";
    tier1 = await as("tier1");
    await tier1.goto(`/console/receipts/${receiptId}`);
    expect(await tier1.getByTestId("receipt-quantity").textContent()).toBe("25 吨");
  });

  it("when tier 1 pledges it to the bank and the bank's maker and checker draw it down, then the loan is drawn with its margin 正常 and the receipt 已质押", async () => {
    loanId = await pledgeReceipt(tier1, receiptId, { bank: org("bank").name, amount: "1,300,000", ratePercent: "5.2", maturity: await dayIn(180) });
    expect(await tier1.getByText("待放款").count()).toBeGreaterThan(0);
    expect((await user("tier1").get<{ status: string }>(`/receipts/${receiptId}`)).status).toBe("pledged");

    await proposeBankStep(await as("bank"), loanId, /^(放\s*款|Draw down)$/);
    await approveFirstPending(await as("bank", "checker"), /质押贷款放款/);

    expect(await user("tier1").get(`/pledges/${loanId}`)).toMatchObject({ status: "active", principal: "1300000.00", margin: { state: "none" } });
    expect(await marginShown(tier1, loanId)).toContain("正常");
    expect(await tier1.getByText("已放款").count()).toBeGreaterThan(0);
  });

  it("when the price falls 20 % and the borrower values the loan, then the page shows 补仓通知 with the ratio and the deadline, as the API has it", async () => {
    await approved("operator", user("operator").post("/clock/advance", { days: 1 }));
    await user("operator").post("/prices", { commodity: "LI2CO3", yuanPerTonne: "60000.00" });
    await tier1.goto(`/console/pledges/${loanId}`);
    await tier1.getByRole("button", { name: /按今日价格重新估值|Value at today's price/ }).click();
    await tier1.getByText(/已发出补仓通知/).waitFor();
    const loan = await user("tier1").get<{ margin: { state: string; ratioBps: string; callDeadline: string } }>(`/pledges/${loanId}`);
    expect(loan.margin.state).toBe("called");
    // 1,300,000 over 25 t × ¥60,000 = 1,500,000: 86.67 %, rounded up to the basis point.
    expect(loan.margin.ratioBps).toBe("8667");
    await expect.poll(() => marginShown(tier1, loanId)).toContain("补仓通知");
    const shown = await marginShown(tier1, loanId);
    expect(shown).toContain("86.67%");
    expect(shown).toContain(formatCstDay(new Date(loan.margin.callDeadline)));
    expect(await tier1.getByRole("heading", { name: "补仓" }).count()).toBe(1);
  });

  it("when tier 1 opens the pledged receipt, then it says why it cannot move and offers no transfer, split, delivery or cancellation", async () => {
    await tier1.goto(`/console/receipts/${receiptId}`);
    await tier1.getByText(/仓单已质押/).waitFor();
    expect(await tier1.getByRole("heading", { name: /转让仓单|拆分仓单|提货或注销/ }).count()).toBe(0);
    expect(await tier1.getByText("已质押").count()).toBeGreaterThan(0);
  });

  it("when the warehouse opens its devices, then the scale shows its counter; once anchored, the browser verifies the reading's proof", async () => {
    const warehouse = await as("warehouse");
    await warehouse.goto("/console/iot/devices");
    const row = warehouse.getByRole("row").filter({ hasText: "1号地磅" });
    await expect.poll(() => row.getByRole("cell").nth(1).textContent()).toBe("地磅");
    // Device, kind, bay, then the latest counter: the one reading it sent.
    expect(await row.getByRole("cell").nth(3).textContent()).toBe("1");
    // The anchoring job runs every ten seconds of the server's own time: wait for it, as a user would reload.
    await expect
      .poll(async () => user("warehouse").get(`/iot/readings/${readingId}/proof`).then(() => true, () => false), { timeout: 40_000, interval: 1_000 })
      .toBe(true);
    await warehouse.getByLabel(/^(读数编号|Reading no\.)$/).fill(readingId);
    await warehouse.getByRole("button", { name: /查看存证|Open its proof/ }).click();
    expect(await warehouse.getByTestId("proof-verdict").textContent()).toContain("浏览器验证通过");
  }, 60_000);
});
