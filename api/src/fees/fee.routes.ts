import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { ledgerId, page, uuid, yuan } from "../http/schemas";
import { formatYuan } from "../money";
import { commodityCode } from "../receipts/receipt.routes";
import { FEE_PAY, FEE_TARIFF } from "./fee.actions";
import { accountJson, accountSchema, reportSchema, tariffJson, tariffSchema } from "./fee.json";
import type { FeeService } from "./fee.service";

const byReceipt = z.strictObject({ receiptId: ledgerId });
const PROPOSED = { 202: { description: "Proposed; a checker of the same organisation approves it at POST /approvals/{id}/approve", schema: pendingAction } };
const accountTx = accountSchema.extend({ txHash: z.string() });
/** The ledger keeps a tariff in fen in 64 bits. */
const perTonneDay = yuan.refine((fen) => fen < 2n ** 64n, "too large");

export function feeRoutes(guard: Guard, dual: DualControl, fees: FeeService): RouteTable {
  const done = (a: Awaited<ReturnType<FeeService["open"]>>) => ({ ...accountJson(a), txHash: a.txHash });
  return new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/fees/tariffs",
        summary: "Warehouses' tariffs per commodity",
        tags: ["fees"],
        auth: true,
        query: z.strictObject({ warehouseOrgId: uuid.optional() }),
        responses: { 200: { description: "The tariffs", schema: z.object({ items: z.array(tariffSchema) }) } },
      },
      async ({ query }) => ({ items: (await fees.tariffs(query.warehouseOrgId)).map(tariffJson) }),
    )
    .add(
      {
        method: "put",
        path: "/fees/tariffs/:commodity",
        summary: "Propose the warehouse's tariff on a commodity (the warehouse's maker; a checker approves): it prices accounts opened from then on",
        tags: ["fees"],
        auth: true,
        kinds: ["warehouse"],
        roles: ["maker"],
        params: z.strictObject({ commodity: commodityCode }),
        body: z.strictObject({ storagePerTonneDay: perTonneDay, supervisionPerTonneDay: perTonneDay }),
        responses: PROPOSED,
      },
      async ({ actor, params, body }) =>
        pendingActionJson(await dual.propose(actor, FEE_TARIFF, { commodity: params.commodity, storage: body.storagePerTonneDay, supervision: body.supervisionPerTonneDay })),
    )
    .add(
      {
        method: "get",
        path: "/fees/accounts",
        summary: "Fee accounts: the warehouse's, those of receipts the organisation owns; every one for the operator and the regulator",
        tags: ["fees"],
        auth: true,
        query: page,
        responses: { 200: { description: "A page of accounts, newest receipt first", schema: pageSchema(accountSchema) } },
      },
      async ({ actor, query }) => mapPage(await fees.list(actor, query), accountJson),
    )
    .add(
      {
        method: "get",
        path: "/fees/accounts/:receiptId",
        summary: "A receipt's fee account and what is due now (its warehouse, its owner, the operator and the regulator)",
        tags: ["fees"],
        auth: true,
        params: byReceipt,
        responses: { 200: { description: "The account", schema: accountSchema } },
      },
      async ({ actor, params }) => accountJson(await fees.get(actor, params.receiptId)),
    )
    .add(
      {
        method: "post",
        path: "/fees/accounts/:receiptId/open",
        summary: "Open the receipt's fee account at the warehouse's tariff (the warehouse's maker): storage accrues from today",
        description: "404 for a receipt neither held nor owned by the warehouse; 403 FEE_NOT_WAREHOUSE for one it owns but another warehouse holds; 409 FEE_ACCOUNT_ALREADY_OPEN, FEE_RECEIPT_NOT_HELD once the goods left, FEE_NO_TARIFF without a tariff for its commodity.",
        tags: ["fees"],
        auth: true,
        kinds: ["warehouse"],
        roles: ["maker"],
        params: byReceipt,
        responses: { 200: { description: "Opened", schema: accountTx } },
      },
      async ({ actor, params }) => done(await fees.open(actor, params.receiptId)),
    )
    .add(
      {
        method: "post",
        path: "/fees/accounts/:receiptId/supervision/start",
        summary: "Start supervising (监管) the pledged receipt (the warehouse's maker): the supervision fee accrues from today",
        description: "404 for a receipt not the warehouse's; 409 FEE_ACCOUNT_NOT_OPEN, FEE_CANNOT_SUPERVISE unless pledged and not yet supervised.",
        tags: ["fees"],
        auth: true,
        kinds: ["warehouse"],
        roles: ["maker"],
        params: byReceipt,
        responses: { 200: { description: "Supervising", schema: accountTx } },
      },
      async ({ actor, params }) => done(await fees.startSupervision(actor, params.receiptId)),
    )
    .add(
      {
        method: "post",
        path: "/fees/accounts/:receiptId/supervision/end",
        summary: "End supervision: the warehouse's maker at any time, the owner's once the receipt is no longer pledged",
        description: "404 for others; 409 FEE_ACCOUNT_NOT_OPEN, FEE_CANNOT_END_SUPERVISION when not running, or for the owner while pledged.",
        tags: ["fees"],
        auth: true,
        roles: ["maker"],
        params: byReceipt,
        responses: { 200: { description: "Ended", schema: accountTx } },
      },
      async ({ actor, params }) => done(await fees.endSupervision(actor, params.receiptId)),
    )
    .add(
      {
        method: "post",
        path: "/fees/accounts/:receiptId/pay",
        summary: "Propose paying the warehouse what is due (the owner's maker; a checker approves); once the goods have left, the payment closes the account",
        description: "404 for an account you may not see; 403 for its warehouse; 409 FEE_ACCOUNT_NOT_OPEN, FEE_NOTHING_DUE; 422 CASH_INSUFFICIENT_BALANCE.",
        tags: ["fees"],
        auth: true,
        roles: ["maker"],
        params: byReceipt,
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, FEE_PAY, { receiptId: params.receiptId })),
    )
    .add(
      {
        method: "get",
        path: "/fees/report",
        summary: "Fees earned per party, from the ledger's events: storage, supervision, the platform's fees on pledge loans and on financing, and data services (the platform sees all; others their own)",
        tags: ["fees"],
        auth: true,
        responses: { 200: { description: "One row per party that earned fees, largest total first", schema: reportSchema } },
      },
      async ({ actor }) => ({
        items: (await fees.report(actor)).map((r) => ({
          party: r.party,
          fees: Object.fromEntries(Object.entries(r.fees).map(([k, v]) => [k, formatYuan(v)])),
          total: formatYuan(r.total),
        })),
      }),
    );
}
