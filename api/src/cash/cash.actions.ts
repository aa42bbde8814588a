/**
 * Cash actions under dual control: a bank's minting against a deposit and burning against a withdrawal move money,
 * and so does any organisation's allowance letting a bank burn its cash.
 */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import { uuid, yuan } from "../http/schemas";
import { formatYuan } from "../money";
import { CASH_KINDS, orderJson, proposalJson, stored } from "./cash.json";
import type { CashMovement, CashService } from "./cash.service";

export const CASH_ALLOW = "cash.allow";
const storedAllowance = z.object({ bank: z.object({ id: uuid }), amount: yuan });

export function cashActions(cash: CashService): ActionTable {
  const allowance = {
    [CASH_ALLOW]: action<{ bankOrgId: string; amount: bigint }>({
      propose: async (_maker, { bankOrgId, amount }) => ({ bank: await cash.allowedBank(bankOrgId), amount: formatYuan(amount) }),
      execute: async (checker, payload) => {
        const p = storedAllowance.parse(payload);
        const r = await cash.allow(checker, p.bank.id, p.amount);
        return { id: r.bank.id, bank: r.bank, amount: formatYuan(r.amount), txHash: r.txHash };
      },
    }),
  };
  const movements = Object.fromEntries(
    CASH_KINDS.map(({ kind, action: name }) => [
      name,
      action<CashMovement>({
        propose: async (maker, m) => proposalJson(await cash.propose(maker, kind, m)),
        execute: async (checker, payload) => {
          const p = stored.parse(payload);
          const r = await cash.execute(checker, kind, { organisationId: p.organisation.id, amount: p.amount, reference: p.reference });
          return { id: r.order.id, txHash: r.txHash, order: orderJson(r.order) };
        },
      }),
    ]),
  );
  return { ...movements, ...allowance };
}
