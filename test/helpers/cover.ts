/** Steps the guarantee, policy and fee route tests share: cash for the cover's parties, and a drawn pledge loan. */
import { createHash } from "node:crypto";
import { formatCstDay } from "../../chain/cst-day";
import type { SigningDevice } from "../../scripts/iot/signing-device";
import type { Handle, TestApi } from "./api";
import { status } from "./api-steps";
import { inventorySteps, TONNE } from "./inventory";

const DAY = 86_400;
let deposits = 0;
/** A fresh 32-byte commitment, as a document's SHA-256 would be. */
export const commitmentOf = (s: string): string => `0x${createHash("sha256").update(`${s}-${process.pid}-${++deposits}`).digest("hex")}`;

export function coverSteps(api: () => TestApi) {
  const inventory = inventorySteps(api);
  const ledger = () => api().platform.ledger;
  const steps = {
    ...inventory,
    /** The settlement bank deposits `fen` for `who`. */
    async fund(who: Handle, fen: bigint): Promise<void> {
      await ledger().cash.mint(api().orgs["settlement-bank"].account, api().orgs[who].account, fen, commitmentOf(`cover-deposit-${who}`));
    },
    cash: (who: Handle) => ledger().cash.balanceOf(api().orgs[who].account),
    /** A CST day `days` from the ledger's now. */
    async inDays(days: number): Promise<string> {
      return formatCstDay(new Date((await ledger().clock.now()).getTime() + days * DAY * 1000));
    },
    /** Moves the ledger `days` on and posts that day's price. */
    async advance(days: number): Promise<void> {
      await ledger().clock.advance(days * DAY);
      await inventory.price("operator", "75000.00");
    },
    /** Makes the operator a publisher, posts today's price (¥75,000/t) and gives the bank a 70 % rate, once. */
    async pledgeTerms(): Promise<void> {
      await inventory.publisher("operator");
      await inventory.price("operator", "75000.00");
      if ((await ledger().pledges.pledgeRate(api().orgs.bank.account, "LI2CO3")) === 0) {
        await inventory.proposeApprove("bank", "put", "/pledges/rates/LI2CO3", { rateBps: 7000 });
      }
    },
    /** Tier 1 pledges a new receipt of `tonnes` to the bank for `amount` yuan, maturing in `days`; the bank draws it. */
    async drawnLoan(scale: SigningDevice, amount: string, days: number, tonnes = 10n): Promise<{ loanId: string; receiptId: string }> {
      await inventory.price("operator", "75000.00");
      const receiptId = await inventory.receipt(scale, "tier1", tonnes * TONNE);
      const body = { receiptIds: [receiptId], bankOrgId: api().orgs.bank.id, amount, rateBps: 500, maturity: await steps.inDays(days) };
      const requested = await api().http().post("/pledges").set(await inventory.as("tier1")).send(body).then(status(201));
      const loanId = (requested.body as { id: string }).id;
      await inventory.proposeApprove("bank", "post", `/pledges/${loanId}/drawdown`);
      return { loanId, receiptId };
    },
  };
  return steps;
}
