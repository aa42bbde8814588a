/**
 * An organisation named in a response (a holder, a bank, a debtor, a seller…), in one shape everywhere: its id
 * and name, and its ledger account. The ledger can name an account the platform does not know; its id and name
 * are then null, so that a client never has to guess which of several shapes it was given.
 */
import { z } from "zod";

export const party = z
  .object({
    id: z.string().nullable().meta({ description: "The organisation's id; null for a ledger account the platform does not know" }),
    name: z.string().nullable(),
    account: z.string().meta({ description: "The organisation's ledger address" }),
  })
  .meta({ description: "An organisation: its id and name (null for a ledger account the platform does not know) and its ledger account" });

export type Party = z.output<typeof party>;

/** What naming an organisation needs: an OrganisationView, or the acting organisation of an Actor. */
interface Known {
  id: string;
  name: string;
  account: string;
}

export const partyOf = (o: Known): Party => ({ id: o.id, name: o.name, account: o.account });

/** The party behind a ledger account, from a map by account (OrganisationRepository.byAccounts). */
export function partyOfAccount(account: string, byAccount: ReadonlyMap<string, Known>): Party {
  const o = byAccount.get(account);
  return o ? partyOf(o) : { id: null, name: null, account };
}

/**
 * The party behind an organisation id that an off-chain row stores, from a map by id (OrganisationRepository.byIds).
 * Rows name only organisations that exist, and organisations are never deleted, so a missing one is a fault.
 */
export function partyOfId(id: string, byId: ReadonlyMap<string, Known>): Party {
  const o = byId.get(id);
  if (!o) throw new Error(`organisation ${id} is missing`);
  return partyOf(o);
}
