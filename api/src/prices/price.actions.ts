/** Price publishers under dual control: whoever posts prices decides what every pledge is worth. */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import type { PriceService } from "./price.service";

export const PRICE_PUBLISHER_APPOINT = "prices.appointPublisher";
export const PRICE_PUBLISHER_DISMISS = "prices.dismissPublisher";

const stored = z.object({ publisher: z.object({ id: z.string() }) });

export function priceActions(prices: PriceService): ActionTable {
  const change = (appointed: boolean) =>
    action<{ orgId: string }>({
      propose: async (_maker, { orgId }) => ({ publisher: await prices.candidate(orgId, appointed) }),
      execute: async (checker, payload) => prices.setPublisher(checker, stored.parse(payload).publisher.id, appointed),
    });
  return { [PRICE_PUBLISHER_APPOINT]: change(true), [PRICE_PUBLISHER_DISMISS]: change(false) };
}
