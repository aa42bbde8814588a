/** A bank's cash actions under dual control: minting against a deposit and burning against a withdrawal move money. */
import { action, type ActionTable } from "../approvals/dual-control";
import { CASH_KINDS, orderJson, proposalJson, stored } from "./cash.json";
import type { CashMovement, CashService } from "./cash.service";

export function cashActions(cash: CashService): ActionTable {
  return Object.fromEntries(
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
}
