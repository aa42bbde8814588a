import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { party } from "../http/party";
import { page, uuid, yuan } from "../http/schemas";
import { formatYuan } from "../money";
import { CASH_ALLOW } from "./cash.actions";
import { CASH_KINDS, movement, order, orderJson } from "./cash.json";
import type { CashMovement, CashService } from "./cash.service";

export function cashRoutes(guard: Guard, dual: DualControl, cash: CashService): RouteTable {
  const t = new RouteTable(guard);
  for (const { action, path, summary, kind } of CASH_KINDS) {
    t.add(
      {
        method: "post",
        path,
        summary,
        description:
          kind === "deposit"
            ? "The settlement bank only (403 CASH_NOT_SETTLEMENT_BANK for any other). The ledger's `ref` is the SHA-256 of `reference`, recorded on the ledger; a reference already recorded is 409 CASH_REFERENCE_USED."
            : "Burning another organisation's cash needs its allowance (PUT /cash/allowances/{bankOrgId}); without it approval fails with 422 CASH_INSUFFICIENT_ALLOWANCE.",
        tags: ["cash"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        body: movement,
        responses: { 202: { description: "Proposed; a checker of the bank approves it at POST /approvals/{id}/approve", schema: pendingAction } },
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, action, body satisfies CashMovement)),
    );
  }
  return t
    .add(
      {
        method: "get",
        path: "/cash/settlement-bank",
        summary: "The settlement bank: the one bank that mints and burns settlement cash",
        tags: ["cash"],
        auth: true,
        responses: { 200: { description: "The designated bank, or null before the regulator designates one", schema: z.object({ bank: party.nullable() }) } },
      },
      async () => ({ bank: (await cash.settlementBank()) ?? null }),
    )
    .add(
      {
        method: "put",
        path: "/cash/settlement-bank",
        summary: "Designate the settlement bank (the regulator): it alone mints and burns from now on",
        tags: ["cash"],
        auth: true,
        kinds: ["regulator"],
        roles: ["admin", "checker"],
        body: z.strictObject({ organisationId: uuid }),
        responses: { 200: { description: "Designated on the ledger", schema: z.object({ bank: party, txHash: z.string() }) } },
      },
      async ({ actor, body }) => cash.designateSettlementBank(actor, body.organisationId),
    )
    .add(
      {
        method: "put",
        path: "/cash/allowances/:bankOrgId",
        summary: "Propose letting a bank burn up to this much of my cash for withdrawals (maker; a checker approves); replaces the previous allowance, 0 revokes",
        description: "An unknown organisation is 404 and one that is not a bank 422 ORGANISATION_WRONG_KIND, at once. Approval sets it on the ledger.",
        tags: ["cash"],
        auth: true,
        roles: ["maker"],
        params: z.strictObject({ bankOrgId: uuid }),
        body: z.strictObject({ amount: yuan }),
        responses: { 202: { description: "Proposed; a checker of my organisation approves it at POST /approvals/{id}/approve", schema: pendingAction } },
      },
      async ({ actor, params, body }) => pendingActionJson(await dual.propose(actor, CASH_ALLOW, { bankOrgId: params.bankOrgId, amount: body.amount })),
    )
    .add(
      {
        method: "get",
        path: "/cash/balance",
        summary: "My organisation's settlement cash",
        tags: ["cash"],
        auth: true,
        responses: { 200: { description: "The balance", schema: z.object({ organisation: party, account: z.string(), balance: z.string() }) } },
      },
      async ({ actor }) => {
        const b = await cash.balance(actor);
        return { ...b, balance: formatYuan(b.balance) };
      },
    )
    .add(
      {
        method: "get",
        path: "/cash/orders",
        summary: "Deposits and withdrawals: my organisation's, and a bank's own; all for the operator and the regulator",
        tags: ["cash"],
        auth: true,
        query: page,
        responses: { 200: { description: "A page of orders, newest first", schema: pageSchema(order) } },
      },
      async ({ actor, query }) => mapPage(await cash.orders(actor, query), orderJson),
    );
}
