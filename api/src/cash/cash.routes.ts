import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { party } from "../http/party";
import { page, positiveYuan, uuid, yuan } from "../http/schemas";
import { formatYuan } from "../money";
import type { CashOrderKind } from "./cash.repository";
import type { CashMovement, CashOrderView, CashProposal, CashService } from "./cash.service";

const order = z
  .object({
    id: z.string(),
    kind: z.enum(["deposit", "withdrawal"]),
    bank: party,
    organisation: party,
    amount: z.string(),
    reference: z.string().meta({ description: "The bank's own reference for the off-chain movement" }),
    txHash: z.string(),
    createdAt: z.string(),
  })
  .meta({ description: "A bank's deposit (cash minted) or withdrawal (cash burned)" });

const orderJson = (o: CashOrderView) => ({ ...o, amount: formatYuan(o.amount), createdAt: o.createdAt.toISOString() });
const proposalJson = (p: CashProposal) => ({ ...p, amount: formatYuan(p.amount) });

const movement = z.strictObject({
  organisationId: uuid,
  amount: positiveYuan,
  reference: z.string().trim().min(1).max(64).meta({ description: "The bank's reference for the off-chain movement; usable once per bank and kind" }),
});
/** What execution reads back from a stored proposal. */
const stored = z.object({ organisation: z.object({ id: uuid }), amount: yuan, reference: z.string() });

const KINDS: { kind: CashOrderKind; action: string; path: string; summary: string }[] = [
  {
    kind: "deposit",
    action: "cash.deposit",
    path: "/cash/deposits",
    summary: "Propose minting settlement cash against an off-chain deposit (bank maker; a checker approves)",
  },
  {
    kind: "withdrawal",
    action: "cash.withdrawal",
    path: "/cash/withdrawals",
    summary: "Propose burning settlement cash paid out off chain (bank maker; a checker approves)",
  },
];

export function registerCashActions(dual: DualControl, cash: CashService): void {
  for (const { kind, action } of KINDS) {
    dual.register<CashMovement>(action, {
      propose: async (maker, m) => proposalJson(await cash.propose(maker, kind, m)),
      execute: async (checker, payload) => {
        const p = stored.parse(payload);
        const r = await cash.execute(checker, kind, { organisationId: p.organisation.id, amount: p.amount, reference: p.reference });
        return { id: r.order.id, txHash: r.txHash, order: orderJson(r.order) };
      },
    });
  }
}

export function cashRoutes(guard: Guard, dual: DualControl, cash: CashService): RouteTable {
  const t = new RouteTable(guard);
  for (const { action, path, summary, kind } of KINDS) {
    t.add(
      {
        method: "post",
        path,
        summary,
        description:
          kind === "deposit"
            ? "The ledger's `ref` is the SHA-256 of `reference`. A reference already recorded by this bank is 409 CASH_REFERENCE_USED."
            : "Burning another organisation's cash needs its allowance (PUT /cash/allowances/{bankOrgId}); without it approval fails with 422 CASH_INSUFFICIENT_ALLOWANCE.",
        tags: ["cash"],
        auth: true,
        kinds: ["bank"],
        roles: ["maker"],
        body: movement,
        responses: { 202: { description: "Proposed; a checker of the bank approves it at POST /approvals/{id}/approve", schema: pendingAction } },
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose<CashMovement>(actor, action, body)),
    );
  }
  return t
    .add(
      {
        method: "put",
        path: "/cash/allowances/:bankOrgId",
        summary: "Let a bank burn up to this much of my cash for withdrawals (admin or checker); replaces the previous allowance, 0 revokes",
        tags: ["cash"],
        auth: true,
        roles: ["admin", "checker"],
        params: z.strictObject({ bankOrgId: uuid }),
        body: z.strictObject({ amount: yuan }),
        responses: { 200: { description: "Set on the ledger", schema: z.object({ id: z.string(), bank: party, amount: z.string(), txHash: z.string() }) } },
      },
      async ({ actor, params, body }) => {
        const r = await cash.allow(actor, params.bankOrgId, body.amount);
        return { id: r.bank.id, bank: r.bank, amount: formatYuan(r.amount), txHash: r.txHash };
      },
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
