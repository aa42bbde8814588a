/** The JSON of cash orders, and the two cash kinds, shared by the routes and the dual-control actions. */
import { z } from "zod";
import { party } from "../http/party";
import { positiveYuan, text, uuid, yuan } from "../http/schemas";
import { formatYuan } from "../money";
import type { CashOrderKind } from "./cash.repository";
import type { CashOrderView, CashProposal } from "./cash.service";

export const order = z
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

export const orderJson = (o: CashOrderView) => ({ ...o, amount: formatYuan(o.amount), createdAt: o.createdAt.toISOString() });
export const proposalJson = (p: CashProposal) => ({ ...p, amount: formatYuan(p.amount) });

export const movement = z.strictObject({
  organisationId: uuid,
  amount: positiveYuan,
  reference: text(64).meta({ description: "The bank's reference for the off-chain movement; usable once per bank and kind" }),
});
/** What execution reads back from a stored proposal. */
export const stored = z.object({ organisation: z.object({ id: uuid }), amount: yuan, reference: z.string() });

export const CASH_KINDS: { kind: CashOrderKind; action: string; path: string; summary: string }[] = [
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
