/** HTTP for notifications: everyone of an organisation reads what changed for it and marks it read. */
import { z } from "zod";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { page, uuid } from "../http/schemas";
import { WEBHOOK_EVENT_TYPES } from "../webhooks/webhook-events";
import type { NotificationRow } from "./notification.repository";
import type { NotificationService } from "./notification.service";

const decimal = (description: string) => z.string().optional().meta({ description });

/** The webhook event's data; which members are present depends on the type. */
const data = z
  .object({
    voucherId: decimal("The voucher received or redeemed, a ledger id"),
    invoiceKey: decimal("The confirmed invoice's ledger key"),
    requestId: decimal("The financing request, a ledger id"),
    pieceId: decimal("The financed piece of the voucher, a ledger id"),
    amount: decimal("Yuan, a decimal string"),
    value: decimal("Yuan redeemed, a decimal string"),
    net: decimal("Yuan paid to the holder, a decimal string"),
    interest: decimal("Yuan of interest, a decimal string"),
    fee: decimal("Yuan of platform fee, a decimal string"),
    escrowed: decimal("Yuan now escrowed for the maturity, a decimal string"),
    maturity: decimal("The maturity, ISO 8601"),
    fromAccount: decimal("The ledger account the voucher came from"),
    buyerAccount: decimal("The ledger account of the buyer who confirmed"),
    txHash: decimal("The ledger transaction"),
  })
  .catchall(z.string());

const notification = z.object({
  id: z.string(),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  data,
  blockNumber: z.number().int(),
  logIndex: z.number().int(),
  createdAt: z.string(),
  readAt: z.string().nullable().meta({ description: "When someone of the organisation marked it read; null while unread" }),
});
const notificationJson = (n: NotificationRow) => ({
  id: n.id,
  type: n.type as (typeof WEBHOOK_EVENT_TYPES)[number],
  data: n.data as z.infer<typeof data>,
  blockNumber: n.blockNumber,
  logIndex: n.logIndex,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

export function notificationRoutes(guard: Guard, notifications: NotificationService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/notifications",
        summary: "What changed on the ledger for my organisation: vouchers received, invoices confirmed, financing paid, maturities funded, vouchers redeemed",
        tags: ["notifications"],
        auth: true,
        query: page.extend({ unread: z.enum(["true", "false"]).transform((v) => v === "true").optional().meta({ description: "Only the unread ones when true" }) }),
        responses: { 200: { description: "A page of notifications, newest first on the ledger", schema: pageSchema(notification) } },
      },
      async ({ actor, query }) => mapPage(await notifications.list(actor, query), notificationJson),
    )
    .add(
      {
        method: "get",
        path: "/notifications/unread-count",
        summary: "How many of my organisation's notifications are unread",
        tags: ["notifications"],
        auth: true,
        responses: { 200: { description: "The count", schema: z.object({ unread: z.number().int() }) } },
      },
      async ({ actor }) => ({ unread: await notifications.unreadCount(actor) }),
    )
    .add(
      {
        method: "post",
        path: "/notifications/read",
        summary: "Mark my organisation's notifications read: up to and including one (the newest seen), or all",
        tags: ["notifications"],
        auth: true,
        // Reading changes no business state, as signing in does not.
        audited: false,
        body: z.strictObject({ throughId: uuid.optional().meta({ description: "The newest notification seen; all unread ones when absent" }) }),
        responses: { 200: { description: "How many were marked read", schema: z.object({ marked: z.number().int() }) } },
      },
      async ({ actor, body }) => ({ marked: await notifications.markRead(actor, body.throughId) }),
    );
}
