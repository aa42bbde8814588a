/**
 * The regulator's desk, driven as a user drives it, for the browser tests and the whole story: the credit-flow
 * graph of a voucher and its pieces, reconciliation's differences, freezing and unfreezing a participant.
 */
import type { Page } from "playwright-core";
import { organisationAction, statusShown } from "./operator";

export interface PieceShown {
  piece: string;
  tier: number;
  holder: string;
  frozen: boolean;
  value: string;
  financed: boolean;
}

/** Opens the graph of `voucherId` by typing its number; resolves once the summary and the canvas are shown. */
export async function openVoucherGraph(page: Page, voucherId: string): Promise<void> {
  await page.goto("/console/regulator/graph");
  await page.getByLabel(/凭证编号|Voucher number/).fill(voucherId);
  await page.getByRole("button", { name: /查看图谱|Show the graph/ }).click();
  await page.getByRole("img", { name: /凭证流转树|Tree of the voucher/ }).waitFor();
}

/** The pieces the open graph lists in its table tab (the canvas's accessible twin), in the trace's order. */
export async function piecesShown(page: Page): Promise<PieceShown[]> {
  await page.getByRole("tab", { name: /列表|Table/ }).click();
  const panel = page.getByRole("tabpanel", { name: /列表|Table/ });
  await panel.getByRole("table").waitFor();
  const rows = panel.getByRole("row");
  const pieces: PieceShown[] = [];
  for (const row of await rows.all()) {
    const cells = await row.getByRole("cell").allInnerTexts();
    if (cells.length < 6) continue; // the header row has column headers, not cells
    const [piece = "", , tier = "", holder = "", value = "", financed = ""] = cells.map((c) => c.trim());
    const frozen = /已冻结|Frozen/.test(holder);
    pieces.push({
      piece,
      tier: Number(tier),
      holder: holder.replace(/\s*(已冻结|Frozen)$/, "").trim(),
      frozen,
      value,
      financed: /已融资|Financed/.test(financed),
    });
  }
  return pieces;
}

/** How many pieces and financed pieces the graph's summary counts. */
export async function graphCounts(page: Page): Promise<{ pieces: number; financed: number }> {
  return {
    pieces: Number(await page.getByTestId("graph-pieces").textContent()),
    financed: Number(await page.getByTestId("graph-financed").textContent()),
  };
}

/** Runs reconciliation and reads the number of differences it shows. */
export async function reconciliationDifferences(page: Page): Promise<number> {
  await page.goto("/console/regulator/reconciliation");
  const count = page.getByTestId("reconciliation-differences");
  await count.waitFor();
  return Number(await count.textContent());
}

/** The regulator's checker freezes `name`; resolves when the directory shows it frozen. */
export async function freezeOrganisation(page: Page, name: string): Promise<void> {
  await organisationAction(page, name, /冻结|Freeze/);
  await statusShown(page, name, /已冻结|Frozen/);
}

export async function unfreezeOrganisation(page: Page, name: string): Promise<void> {
  await organisationAction(page, name, /解冻|Unfreeze/);
  await statusShown(page, name, /正常|Active/);
}
