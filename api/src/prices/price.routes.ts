import { z } from "zod";
import { formatCstDay } from "../../../chain/cst-day";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { formatYuan } from "../money";
import { party } from "../http/party";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { page, positiveYuan, uuid } from "../http/schemas";
import { commodityCode } from "../receipts/receipt.routes";
import { PRICE_PUBLISHER_APPOINT, PRICE_PUBLISHER_DISMISS } from "./price.actions";
import type { PriceService, PriceView } from "./price.service";

const DAY_MS = 86_400_000;

const priceSchema = z
  .object({
    commodity: z.string(),
    day: z.string().meta({ description: "The China Standard Time day it is the price of, YYYY-MM-DD" }),
    yuanPerTonne: z.string().meta({ description: "Yuan per tonne (1,000,000 g), a decimal string" }),
    publisher: party,
  })
  .meta({ description: "A commodity's price of one day, as posted on the ledger" });

const priceJson = (p: PriceView) => ({
  commodity: p.commodity,
  // The CST day number's own midnight, in CST: the day as the ledger counts it.
  day: formatCstDay(new Date(p.day * DAY_MS - 8 * 3_600_000)),
  yuanPerTonne: formatYuan(p.fenPerTonne),
  publisher: p.publisherParty,
});

const PROPOSED = { 202: { description: "Proposed; a checker of the operator approves it at POST /approvals/{id}/approve", schema: pendingAction } };

export function priceRoutes(guard: Guard, dual: DualControl, prices: PriceService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/prices",
        summary: "Commodity prices of the day as posted on the ledger, newest day first",
        tags: ["prices"],
        auth: true,
        query: page.extend({ commodity: commodityCode.optional() }),
        responses: { 200: { description: "A page of prices", schema: pageSchema(priceSchema) } },
      },
      async ({ query }) => mapPage(await prices.list(query), priceJson),
    )
    .add(
      {
        method: "post",
        path: "/prices",
        summary: "Post today's (CST) price of a commodity (an appointed price publisher)",
        description: "403 PRICE_NOT_PUBLISHER unless the organisation is appointed; 409 PRICE_ALREADY_POSTED once the day's price is posted: it is never rewritten.",
        tags: ["prices"],
        auth: true,
        roles: ["maker", "checker"],
        body: z.strictObject({ commodity: commodityCode, yuanPerTonne: positiveYuan }),
        responses: { 201: { description: "Posted", schema: priceSchema.extend({ txHash: z.string() }) } },
      },
      async ({ actor, body }) => {
        const p = await prices.post(actor, body.commodity, body.yuanPerTonne);
        return { ...priceJson(p), txHash: p.txHash };
      },
    )
    .add(
      {
        method: "get",
        path: "/prices/publishers",
        summary: "The organisations appointed to post prices",
        tags: ["prices"],
        auth: true,
        responses: { 200: { description: "The publishers", schema: z.object({ items: z.array(party) }) } },
      },
      async () => ({ items: await prices.publishers() }),
    )
    .add(
      {
        method: "post",
        path: "/prices/publishers",
        summary: "Propose appointing an organisation price publisher (the operator's maker; a checker approves)",
        description: "404 for an unknown organisation; 409 PRICE_PUBLISHER_UNCHANGED when it already is one.",
        tags: ["prices"],
        auth: true,
        kinds: ["operator"],
        roles: ["maker"],
        body: z.strictObject({ orgId: uuid }),
        responses: PROPOSED,
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, PRICE_PUBLISHER_APPOINT, body)),
    )
    .add(
      {
        method: "post",
        path: "/prices/publishers/:orgId/dismiss",
        summary: "Propose dismissing a price publisher (the operator's maker; a checker approves)",
        description: "404 for an unknown organisation; 409 PRICE_PUBLISHER_UNCHANGED when it is not one.",
        tags: ["prices"],
        auth: true,
        kinds: ["operator"],
        roles: ["maker"],
        params: z.strictObject({ orgId: uuid }),
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, PRICE_PUBLISHER_DISMISS, { orgId: params.orgId })),
    );
}
