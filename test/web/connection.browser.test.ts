/**
 * The console and the network between the clerk and the platform. The browser's online flag only says whether a
 * network interface is up: a click made while it reads "offline" must still reach a platform that answers, and a
 * platform that cannot be reached must say so at once, in the clerk's language, keeping what was typed.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../chain/cst-day";
import { PlatformClient } from "../../scripts/demo/client";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { openConsole, signIn, writeAnswered, type ConsoleHarness } from "../helpers/browser";
import { fillInvoice, invoiceListed, invoiceSubmit } from "./steps/invoices";

let harness: ConsoleHarness;
let today: string;
const clerk = seededUser(seededOrganisation("tier1"), "maker").email;
const invoice = () => ({
  buyer: seededOrganisation("core").name,
  number: `${Date.now()}${randomBytes(4).readUInt32BE(0)}`.padEnd(20, "3").slice(0, 20),
  amount: "12,000",
  issueDate: today,
});

beforeAll(async () => {
  harness = await openConsole();
  const client = new PlatformClient({ baseUrl: harness.url, password: DEMO_PASSWORD });
  today = formatCstDay(new Date((await client.as(clerk).get<{ now: string }>("/clock")).now));
}, 300_000);

afterAll(async () => {
  await harness.close();
});

describe("the console and the network", () => {
  it("when the browser reports being offline while the platform answers, then the clerk's submission still goes out and is recorded", async () => {
    const page = await harness.newPage();
    await signIn(page, clerk);
    const typed = invoice();
    const dialog = await fillInvoice(page, typed);
    // What the browser does when it believes the network went away (a link or an address changing).
    await page.evaluate('window.dispatchEvent(new Event("offline"))');
    await writeAnswered(page, "POST", /^\/invoices$/, () => invoiceSubmit(dialog).click());
    await invoiceListed(page, dialog, typed.number);
    await page.context().close();
  });

  it("when the platform cannot be reached, then the submission fails at once with the reason in Chinese, the form keeps what was typed, and a second try goes through", async () => {
    const page = await harness.newPage();
    await signIn(page, clerk);
    const typed = invoice();
    const dialog = await fillInvoice(page, typed);
    // The platform refuses the connection (down, or a gateway in between), while the browser's own network is up.
    const unreachable = "**/invoices";
    await page.route(unreachable, (route) => route.abort("connectionrefused"));
    await invoiceSubmit(dialog).click();
    const alert = dialog.getByRole("alert");
    await alert.getByText(/未能连上平台/).waitFor();
    expect(await alert.textContent()).toContain("NETWORK");
    expect(await dialog.getByLabel("发票号码").inputValue()).toBe(typed.number);
    await page.unroute(unreachable);
    await writeAnswered(page, "POST", /^\/invoices$/, () => invoiceSubmit(dialog).click());
    await invoiceListed(page, dialog, typed.number);
    await page.context().close();
  });
});
