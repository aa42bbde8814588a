/**
 * bench:web's 1,000-piece voucher: tier 1 cuts fifteen pieces off the largest piece it holds (a split keeps a
 * share on the piece itself), then off each new piece again, breadth first, through the API as a clerk would,
 * until the tree under the story's root voucher has at least 1,000 more pieces. The story's rules allow splits
 * down to ¥100.
 */
import type { Page } from "playwright-core";
import { fen, yuan } from "./demo/story";
import type { PlatformClient } from "./demo/client";

const PIECES_PER_SPLIT = 16;
const TARGET = 1000;

interface Held {
  id: string;
  available: string;
}

/** Splits until 1,000 pieces exist below the root; returns the root voucher's id (the graph to draw). */
export async function buildThousandPieces(client: PlatformClient, email: (handle: string, role: "maker" | "checker") => string): Promise<string> {
  const tier1 = client.as(email("tier1", "maker"));
  const held = await tier1.get<{ items: Held[] }>("/vouchers?as=holder&limit=100");
  const largest = held.items.reduce((a, b) => (fen(b.available) > fen(a.available) ? b : a));
  const queue = [largest.id];
  const values = new Map([[largest.id, fen(largest.available)]]);
  let made = 0;
  while (made < TARGET) {
    const id = queue.shift();
    if (id === undefined) throw new Error("ran out of pieces to split");
    const value = values.get(id) ?? 0n;
    // Fifteen pieces cut off; the sixteenth share (and any odd fen) stays with the piece split.
    const share = value / BigInt(PIECES_PER_SPLIT);
    const amounts = Array.from({ length: PIECES_PER_SPLIT - 1 }, () => yuan(share));
    const res = await tier1.post<{ ids: string[] }>(`/vouchers/${id}/splits`, { amounts });
    res.ids.forEach((piece, i) => {
      queue.push(piece);
      values.set(piece, fen(amounts[i] ?? "0"));
    });
    made += res.ids.length;
  }
  const piece = await tier1.get<{ rootId: string }>(`/vouchers/${largest.id}`);
  return piece.rootId;
}

/** The regulator's graph page with `voucherId` typed in, before asking for it. */
export async function prepareGraph(page: Page, voucherId: string): Promise<void> {
  await page.goto("/console/regulator/graph");
  await page.getByLabel(/凭证编号|Voucher number/).fill(voucherId);
}

/** Asks for the graph and waits until the chart is drawn (its canvas, named for screen readers, is in place). */
export async function drawGraph(page: Page): Promise<void> {
  await page.getByRole("button", { name: /查看图谱|Show the graph/ }).click();
  await page.getByRole("img", { name: /凭证流转树|Tree of the voucher/ }).waitFor();
}
