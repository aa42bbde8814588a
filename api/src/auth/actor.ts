/**
 * Who is calling: a user or an ERP system's API key, acting for exactly one organisation with one role. Routes
 * check the organisation's kinds and the role; services check what the organisation may see.
 */
import type { Account } from "../../../chain/ledger";

export const ORG_KINDS = ["operator", "regulator", "core", "supplier", "bank", "warehouse", "guarantor", "insurer"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const USER_ROLES = ["admin", "maker", "checker"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface ActingOrganisation {
  id: string;
  name: string;
  account: Account;
  kinds: OrgKind[];
}

export interface Actor {
  /** The user's id, or the API key's id. */
  principalId: string;
  kind: "user" | "api-key";
  /** The person acting: the user, or the user an API key acts for. Dual control compares these, never principals. */
  userId: string;
  role: UserRole;
  org: ActingOrganisation;
}

/** The operator and the regulator see every object; everyone else sees what they are party to. */
export function seesEverything(actor: Actor): boolean {
  return actor.org.kinds.includes("operator") || actor.org.kinds.includes("regulator");
}
