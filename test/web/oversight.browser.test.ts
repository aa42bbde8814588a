/**
 * The operator's and the regulator's desks in a real browser, after the demo story ran through the API up to
 * financing at tiers 3 and 4: the operator's checker approves a newcomer's application and is refused suspending
 * the regulator; the regulator opens the credit flow of the ¥10,000,000 voucher and sees every piece and the
 * financed ones, freezes a tier-3 supplier (the graph marks it) and unfreezes it, is refused freezing the operator, and
 * reconciles with 0 differences; the core's treasurer reads the outstanding total. Each time the API agrees.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomSandboxApplicants } from "../../seeds/registry";
import { PlatformClient } from "../../scripts/demo/client";
import { STEPS, newState, type StoryContext } from "../../scripts/demo/story";
import { DEMO_PASSWORD } from "../../seeds/load";
import { seededOrganisation, seededUser } from "../../seeds/organisations";
import { formatYuan } from "../../web/src/format/money";
import { openConsole, signIn, type ConsoleHarness } from "../helpers/browser";
import { approveApplication, organisationAction, problemShown, statusShown } from "./steps/operator";
import { freezeOrganisation, graphCounts, openVoucherGraph, piecesShown, reconciliationDifferences, unfreezeOrganisation } from "./steps/regulator";
import { outstandingTotalShown } from "./steps/reports";

let harness: ConsoleHarness;
let story: StoryContext;
const newcomer = { id: "", name: "", uscc: "" };

/** The story's steps up to and including financing at tiers 3 and 4 (the onboarding step is this file's own). */
const STORY_UNTIL_FINANCED = STEPS.slice(0, STEPS.findIndex((s) => s.title.startsWith("A double-financing")));

beforeAll(async () => {
  harness = await openConsole();
  story = { client: new PlatformClient({ baseUrl: harness.url, password: DEMO_PASSWORD }), state: newState(), log: () => undefined };
  for (const step of STORY_UNTIL_FINANCED.filter((s) => !s.title.startsWith("Onboarding"))) await step.run(story);
  // A registered enterprise of the sandbox, under its registered name.
  const [applicant] = randomSandboxApplicants(1);
  newcomer.uscc = applicant.uscc;
  newcomer.name = applicant.name;
  const applied = (await story.client.fetchJson("POST", "/applications", {
    body: { name: newcomer.name, uscc: newcomer.uscc, kinds: ["supplier"], admin: { name: "刘管理", email: `admin-${newcomer.uscc.slice(10, 16).toLowerCase()}@ganzhou.example`, password: "a long password for the newcomer" } },
  })) as { id: string };
  newcomer.id = applied.id;
}, 300_000);

afterAll(async () => {
  await harness.close();
});

type Role = "admin" | "maker" | "checker";
const emailOf = (handle: string, role: Role) => seededUser(seededOrganisation(handle), role).email;
const as = (handle: string, role: Role) => story.client.as(emailOf(handle, role));

async function signedIn(handle: string, role: Role): Promise<Page> {
  const page = await harness.newPage();
  await signIn(page, emailOf(handle, role));
  return page;
}

interface OrgRow {
  id: string;
  uscc: string;
  status: string;
}
const orgByUscc = async (uscc: string) => (await as("operator", "admin").all<OrgRow>("/orgs")).find((o) => o.uscc === uscc);

describe("the operator", () => {
  it("when the operator's maker opens the applications, then the newcomer's USCC shows as checked but no approve button is offered", async () => {
    const page = await signedIn("operator", "maker");
    await page.goto("/console/operator/applications");
    const row = page.getByRole("row").filter({ hasText: newcomer.uscc });
    await row.getByText("校验位通过").waitFor();
    expect(await row.getByRole("button", { name: /批准/ }).count()).toBe(0);
    await page.context().close();
  });

  it("when the operator's checker approves the application, then it leaves the pending list and the API shows the organisation registered and active", async () => {
    const page = await signedIn("operator", "checker");
    await approveApplication(page, newcomer.name);
    const app = await as("operator", "admin").get<{ status: string; organisationId: string | null }>(`/applications/${newcomer.id}`);
    expect(app.status).toBe("approved");
    const org = await orgByUscc(newcomer.uscc);
    expect(org?.id).toBe(app.organisationId);
    expect(org?.status).toBe("active");
    await page.goto("/console/operator/orgs");
    await statusShown(page, newcomer.name, /正常/);
    await page.context().close();
  });

  it("when the operator's checker tries to suspend the regulator, then the refusal shows its code and the regulator stays active", async () => {
    const page = await signedIn("operator", "checker");
    const regulator = seededOrganisation("regulator");
    await organisationAction(page, regulator.name, /暂停/);
    expect(await problemShown(page)).toMatch(/PARTICIPANT_REGULATOR_RESERVED|FORBIDDEN/);
    expect((await orgByUscc(regulator.uscc))?.status).toBe("active");
    await page.context().close();
  });
});

describe("the regulator", () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn("regulator", "checker");
  });
  afterAll(async () => {
    await page.context().close();
  });

  interface Tree {
    nodes: { id: string; financed: boolean; depth: number; holder: { name: string | null } }[];
    nextCursor: string | null;
  }
  const tree = () => as("regulator", "admin").get<Tree>(`/vouchers/${story.state.rootVoucher ?? ""}/tree?limit=100`);

  it("when the regulator opens the ¥10,000,000 voucher's graph, then every piece is listed with its holder and tier, and the financed ones are those the API says", async () => {
    await openVoucherGraph(page, story.state.rootVoucher ?? "");
    const api = await tree();
    expect(api.nextCursor).toBeNull();
    const shown = await piecesShown(page);
    expect(shown.map((p) => p.piece)).toEqual(api.nodes.map((l) => l.id));
    expect(shown.map((p) => p.holder)).toEqual(api.nodes.map((l) => l.holder.name));
    expect(shown.map((p) => p.tier)).toEqual(api.nodes.map((l) => l.depth));
    expect(shown.filter((p) => p.financed).map((p) => p.piece)).toEqual(api.nodes.filter((l) => l.financed).map((l) => l.id));
    expect(shown.filter((p) => p.financed).length).toBeGreaterThanOrEqual(2);
    expect(await graphCounts(page)).toEqual({ pieces: api.nodes.length, financed: api.nodes.filter((l) => l.financed).length });
  });

  it("when the regulator freezes tier 3, then the directory and the API say frozen and the graph marks its piece; unfreezing restores it", async () => {
    const tier3 = seededOrganisation("tier3");
    await freezeOrganisation(page, tier3.name);
    expect((await orgByUscc(tier3.uscc))?.status).toBe("frozen");
    await openVoucherGraph(page, story.state.rootVoucher ?? "");
    const frozen = (await piecesShown(page)).filter((p) => p.frozen);
    expect(frozen.length).toBeGreaterThan(0);
    expect(new Set(frozen.map((p) => p.holder))).toEqual(new Set([tier3.name]));
    await unfreezeOrganisation(page, tier3.name);
    expect((await orgByUscc(tier3.uscc))?.status).toBe("active");
  });

  it("when the frozen party held vouchers, then 风险预警 explains it in Chinese, and the regulator acknowledges and resolves it with reasons the API then shows", async () => {
    await page.goto("/console/alerts");
    const row = page.getByRole("row").filter({ hasText: "被冻结的机构仍持有" });
    await row.getByRole("button", { name: "确认预警" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("处理措施（可选）").fill("约谈持有人");
    await dialog.getByRole("button", { name: /确\s*认/ }).click();
    // The open list no longer holds it; the acknowledged one does.
    await row.waitFor({ state: "detached" });
    await page.getByLabel("显示").getByText("已确认", { exact: true }).click();
    await row.getByRole("button", { name: "处置完毕" }).click();
    const ok = dialog.getByRole("button", { name: /确\s*认/ });
    expect(await ok.isDisabled()).toBe(true);
    await dialog.getByLabel("处置说明").fill("已解冻，持有人已核实");
    await ok.click();
    await row.waitFor({ state: "detached" });
    // Tier 3 is the one party frozen in this story.
    const api = await as("regulator", "admin").get<{ items: { status: string; acknowledgeNote: string; resolveNote: string }[] }>("/alerts?rule=frozen-party-exposure");
    expect(api.items).toMatchObject([{ status: "resolved", acknowledgeNote: "约谈持有人", resolveNote: "已解冻，持有人已核实" }]);
  });

  it("when the regulator tries to freeze the operator, then the refusal shows its code and the operator stays active", async () => {
    const operator = seededOrganisation("operator");
    await organisationAction(page, operator.name, /冻结/);
    expect(await problemShown(page)).toContain("FORBIDDEN");
    expect((await orgByUscc(operator.uscc))?.status).toBe("active");
  });

  it("when the regulator reconciles, then the page shows 0 differences, as the API does", async () => {
    expect(await reconciliationDifferences(page)).toBe(0);
    const api = await as("regulator", "admin").get<{ differenceCount: number }>("/audit/reconciliation");
    expect(api.differenceCount).toBe(0);
  });

  it("when the regulator opens the dashboard and the audit log, then the charts are drawn and the log's chain verifies", async () => {
    await page.goto("/console/regulator/dashboard");
    await page.getByRole("img", { name: "各级穿透与融资" }).waitFor();
    await page.getByRole("img", { name: "按到期日的未兑付余额" }).waitFor();
    await page.goto("/console/regulator/audit");
    await page.getByText("完整", { exact: true }).waitFor();
    const verified = await as("regulator", "admin").get<{ valid: boolean }>("/audit/log/verify");
    expect(verified.valid).toBe(true);
  });
});

describe("the core enterprise's reports", () => {
  it("when the core's treasurer opens the reports, then the outstanding total is the API's, formatted as ¥", async () => {
    const page = await signedIn("core", "checker");
    const shown = await outstandingTotalShown(page);
    const api = await as("core", "admin").get<{ total: string }>("/reports/outstanding");
    expect(shown).toBe(formatYuan(api.total));
    expect(api.total).not.toBe("0.00");
    await page.context().close();
  });
});
