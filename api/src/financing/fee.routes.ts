/**
 * The platform's financing fee: basis points of each financed amount, paid to a recipient the operator names,
 * deducted from the holder's proceeds in the same atomic exchange. Everyone may read it (quotes show it); only
 * the operator sets it.
 */
import { z } from "zod";
import type { Ledger } from "../../../chain/ledger";
import { AppError } from "../errors";
import { party, partyOfAccount } from "../http/party";
import type { RouteTable } from "../http/route";
import { uuid } from "../http/schemas";
import type { OrganisationRepository } from "../organisations/organisation.repository";

const fee = z.object({ feeBps: z.number().int(), recipient: party });

export function addFeeRoutes(t: RouteTable, ledger: Ledger, orgs: OrganisationRepository, afterLedgerWrite: (block: number) => Promise<void>): RouteTable {
  const current = async () => {
    const f = await ledger.financing.fee();
    return { feeBps: f.feeBps, recipient: partyOfAccount(f.recipient, await orgs.byAccounts([f.recipient])) };
  };
  return t
    .add(
      {
        method: "get",
        path: "/financing/fee",
        summary: "The platform's financing fee, in basis points of the financed amount, and who receives it",
        tags: ["financing"],
        auth: true,
        responses: { 200: { description: "The fee", schema: fee } },
      },
      current,
    )
    .add(
      {
        method: "put",
        path: "/financing/fee",
        summary: "Set the platform's financing fee and its recipient (operator)",
        tags: ["financing"],
        auth: true,
        kinds: ["operator"],
        roles: ["admin", "checker"],
        body: z.strictObject({
          feeBps: z.number().int().min(0).max(1000).meta({ description: "At most 1,000 bp (10 %)" }),
          recipientOrgId: uuid,
        }),
        responses: { 200: { description: "Set on the ledger", schema: fee.extend({ txHash: z.string() }) } },
      },
      async ({ actor, body }) => {
        const recipient = await orgs.get(body.recipientOrgId);
        if (!recipient) throw new AppError("NOT_FOUND", "No such organisation");
        const r = await ledger.financing.setFee(actor.org.account, body.feeBps, recipient.account);
        await afterLedgerWrite(r.blockNumber);
        return { ...(await current()), txHash: r.txHash };
      },
    );
}
