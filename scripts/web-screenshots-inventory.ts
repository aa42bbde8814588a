/**
 * What the screenshots need of inventory pledge (issue 11) on top of the demo story, made through the API as the
 * organisations' own systems would: the warehouse registers a weighing platform and two climate probes, weighs three
 * inbounds and issues tier 1 three receipts of lithium carbonate; the bank sets its pledge rate; tier 1 pledges one
 * receipt and the bank draws it down; the operator posts five days of falling prices, moving the ledger's clock a
 * day at a time, until the loan is under a margin call; tier 1 asks for a second loan, whose drawdown the bank's
 * maker proposes, and proposes splitting its third receipt: both left for the checkers.
 * Then the pages reached from the menu, not in it, are photographed: a receipt, the loan under the call, a proof.
 */
import type { Page } from "playwright-core";
import { seededOrganisation, seededUser } from "../seeds/organisations";
import { signIn, signOut } from "../test/helpers/browser";
import type { PlatformClient } from "./demo/client";
import { SigningDevice } from "./iot/signing-device";

export type InventoryShots = (handle: string, page: Page, shot: (name: string) => Promise<void>) => Promise<void>;

const email = (handle: string, role: "admin" | "maker" | "checker") => seededUser(seededOrganisation(handle), role).email;
/** Falling prices (yuan per tonne), one a day: the fifth puts a 70 % loan past the 85 % call ratio. */
const PRICES = ["75000.00", "73500.00", "71000.00", "63000.00", "60000.00"];

export async function inventoryStory(client: PlatformClient): Promise<InventoryShots> {
  const as = (handle: string, role: "admin" | "maker" | "checker" = "maker") => client.as(email(handle, role));
  const approved = async <T = Record<string, unknown>>(handle: string, proposal: Promise<{ id: string }>) =>
    (await as(handle, "checker").post<{ result: T }>(`/approvals/${(await proposal).id}/approve`)).result;
  const orgs = await as("operator").all<{ id: string; uscc: string }>("/orgs");
  const id = (handle: string) => {
    const o = orgs.find((x) => x.uscc === seededOrganisation(handle).uscc);
    if (!o) throw new Error(`${handle} is not in the directory`);
    return o.id;
  };
  const now = async () => new Date((await as("operator").get<{ now: string }>("/clock")).now);
  const inDays = async (days: number) => new Date((await now()).getTime() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

  const device = async (kind: "weighing-platform" | "climate-probe", bay: string, label: string) => {
    const d = new SigningDevice(kind);
    d.id = (await approved<{ id: string }>("warehouse", as("warehouse").post("/iot/devices", { kind, publicKey: d.publicKey, bay, label }))).id;
    return d;
  };
  const scale = await device("weighing-platform", "A-01", "1号地磅");
  const probes = [await device("climate-probe", "A-01", "A区温湿度探头"), await device("climate-probe", "B-02", "B区温湿度探头")];
  const send = async (reading: ReturnType<SigningDevice["reading"]>) =>
    ((await client.fetchJson("POST", "/iot/readings", { body: reading })) as { readings: { id: string }[] }).readings[0]?.id ?? "";
  const weighed: string[] = [];
  for (const grams of [25_000_000, 10_000_000, 8_000_000]) weighed.push(await send(scale.reading({ grams }, await now())));
  for (const p of probes) await send(p.reading({ centiCelsius: 1850, humidityPermille: 420 }, await now()));

  const receipts: string[] = [];
  for (const [i, grams] of ["25000000", "10000000", "8000000"].entries()) {
    const body = {
      depositorOrgId: id("tier1"),
      commodity: "LI2CO3",
      grade: "battery-99.5",
      quantity: grams,
      readingId: weighed[i],
      inbound: `YC-IN-2027-${String(i + 1).padStart(4, "0")}`,
      bay: "A-01",
      document: `0x${(i + 1).toString(16).padStart(2, "0").repeat(32)}`,
    };
    receipts.push((await approved<{ id: string }>("warehouse", as("warehouse").post("/receipts", body))).id);
  }

  await approved("bank", as("bank").put("/pledges/rates/LI2CO3", { rateBps: 7000 }));
  await as("operator").post("/prices", { commodity: "LI2CO3", yuanPerTonne: PRICES[0] });
  const loan = await as("tier1").post<{ id: string }>("/pledges", { receiptIds: [receipts[0]], bankOrgId: id("bank"), amount: "1300000.00", rateBps: 520, maturity: await inDays(180) });
  await approved("bank", as("bank").post(`/pledges/${loan.id}/drawdown`));
  for (const price of PRICES.slice(1)) {
    await approved("operator", as("operator").post("/clock/advance", { days: 1 }));
    await as("operator").post("/prices", { commodity: "LI2CO3", yuanPerTonne: price });
    await as("bank").post(`/pledges/${loan.id}/check`);
  }
  const requested = await as("tier1").post<{ id: string }>("/pledges", { receiptIds: [receipts[1]], bankOrgId: id("bank"), amount: "400000.00", rateBps: 480, maturity: await inDays(120) });
  // Left for the checkers, so that 待我审批 shows how the new kinds read: the bank's drawdown, tier 1's split.
  await as("bank").post(`/pledges/${requested.id}/drawdown`);
  const lots = [5_000_000, 3_000_000].map((g, i) => ({ quantity: String(g), document: `0x${(i + 10).toString(16).padStart(2, "0").repeat(32)}` }));
  await as("tier1").post(`/receipts/${receipts[2]}/split`, { lots });

  // The anchoring job runs every ten seconds of real time: wait until the first weighing is anchored.
  const proofOf = weighed[0];
  for (let i = 0; i < 60; i++) {
    try {
      await as("warehouse").get(`/iot/readings/${proofOf}/proof`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  return async (handle, page, shot) => {
    if (handle === "tier1") {
      await page.goto(`/console/receipts/${receipts[2]}`);
      await page.getByTestId("receipt-quantity").waitFor();
      await shot("tier1-receipt-detail");
      await page.goto(`/console/pledges/${loan.id}`);
      await page.getByTestId("loan-margin").waitFor();
      await shot("tier1-pledge-called");
    }
    if (handle === "bank") {
      // The bank is photographed as its checker; the loan's steps are its maker's. (A page load first: an earlier
      // shot may have left a dialog open over the sign-out button.)
      await page.goto("/console/pledges");
      await signOut(page);
      await signIn(page, email("bank", "maker"));
      await page.goto(`/console/pledges/${requested.id}`);
      await page.getByTestId("loan-margin").waitFor();
      await shot("bank-pledge-requested");
    }
    if (handle === "warehouse") {
      await page.goto(`/console/iot/readings/${proofOf}/proof`);
      await page.getByTestId("proof-verdict").waitFor();
      await shot("warehouse-reading-proof");
      await page.goto("/console/receipts");
      await page.getByRole("button", { name: /签\s*发\s*仓\s*单|Issue a receipt/ }).click();
      await page.getByRole("dialog").getByText(/GB\/T 30332/).waitFor();
      await page.waitForTimeout(600); // the dialog zooms in
      await shot("warehouse-receipt-issue");
    }
  };
}
