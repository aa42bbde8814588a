/**
 * What the screenshots need of privacy (issue 12 §2) on top of the demo story, made through the API as the
 * organisations' own systems would: tier 1 keeps a contract as a document and discloses the invoices behind its
 * voucher to the bank; the operator sets the data-service fee; tier 1 consents to the bank's queries; the bank
 * budgets for them and queries once. Then the pages reached from the menu, not in it, are photographed.
 */
import type { Page } from "playwright-core";
import { seededOrganisation, seededUser } from "../seeds/organisations";
import type { PlatformClient } from "./demo/client";

export type PrivacyShots = (handle: string, page: Page, shot: (name: string) => Promise<void>) => Promise<void>;

const email = (handle: string, role: "admin" | "maker" | "checker") => seededUser(seededOrganisation(handle), role).email;

export async function privacyStory(client: PlatformClient): Promise<PrivacyShots> {
  const as = (handle: string, role: "admin" | "maker" | "checker" = "maker") => client.as(email(handle, role));
  const approved = async (handle: string, proposal: Promise<{ id: string }>) => as(handle, "checker").post(`/approvals/${(await proposal).id}/approve`);
  const orgs = await as("operator").all<{ id: string; uscc: string }>("/orgs");
  const id = (handle: string) => {
    const o = orgs.find((x) => x.uscc === seededOrganisation(handle).uscc);
    if (!o) throw new Error(`${handle} is not in the directory`);
    return o.id;
  };
  const { now } = await as("operator").get<{ now: string }>("/clock");
  const inDays = (days: number) => new Date(Date.parse(now) + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

  const contract = Buffer.from("%PDF-1.4\n% 采购框架合同（示例）\n%%EOF\n", "utf8").toString("base64");
  await as("tier1").post("/documents", { kind: "contract", name: "采购框架合同-2027.pdf", mediaType: "application/pdf", content: contract });
  const held = (await as("tier1").all<{ id: string; holder: { id: string | null }; redeemed: boolean }>("/vouchers?as=holder")).find((v) => v.holder.id === id("tier1") && !v.redeemed);
  if (!held) throw new Error("tier 1 holds no voucher after the demo story");
  await as("tier1").post(`/vouchers/${held.id}/disclosures`, { bankOrgId: id("bank"), fields: ["invoice", "seller", "amount", "tax", "issueDate"] });

  await approved("operator", as("operator").put<{ id: string }>("/risk-data/fee", { fee: "50.00", recipientOrgId: id("operator") }));
  await as("tier1").post("/risk-data/consents", { bankOrgId: id("bank"), until: inDays(90) });
  await approved("bank", as("bank").put<{ id: string }>("/risk-data/budget", { amount: "1000.00" }));
  await as("bank").post("/risk-data/queries", { subjectOrgId: id("tier1") });

  return async (handle, page, shot) => {
    if (handle === "tier1") {
      await page.goto(`/console/vouchers/${held.id}`);
      await page.getByRole("heading", { level: 3 }).filter({ hasText: /向银行披露发票|Disclose invoices to a bank/ }).scrollIntoViewIfNeeded();
      await shot("tier1-voucher-disclose");
    }
    if (handle === "bank") {
      await page.goto("/console/risk-data");
      await page.getByRole("button", { name: /^(查看画像：|View the profile: )/ }).first().click();
      await page.getByRole("dialog").getByText(/纳税信用等级|Tax credit grade/).waitFor();
      await page.waitForTimeout(600); // the dialog zooms in
      await shot("bank-risk-data-profile");
    }
  };
}
