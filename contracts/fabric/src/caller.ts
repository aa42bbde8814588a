/**
 * Who is calling, from the attributes Fabric CA wrote into the caller's enrolment certificate:
 * `scf.account`, the organisation's ledger account, and `scf.roles`, the roles the identity may act in
 * (comma-separated names). The ledger's own participant record must agree on both; see participants.ts.
 */
import type { Context } from "fabric-contract-api";
import { refusal } from "./errors";
import { parseAccount, roleBits } from "./values";

export const ACCOUNT_ATTRIBUTE = "scf.account";
export const ROLES_ATTRIBUTE = "scf.roles";

export interface Caller {
  account: string;
  /** Role bits the certificate grants. */
  roles: number;
  mspId: string;
}

export function callerOf(identity: Context["clientIdentity"]): Caller {
  const account = identity.getAttributeValue(ACCOUNT_ATTRIBUTE);
  if (account === null) throw refusal("IdentityAccountMissing", identity.getMSPID());
  let parsed: string;
  try {
    parsed = parseAccount(account, ACCOUNT_ATTRIBUTE);
  } catch {
    throw refusal("IdentityAccountMissing", identity.getMSPID());
  }
  return {
    account: parsed,
    roles: roleBits(identity.getAttributeValue(ROLES_ATTRIBUTE) ?? "", ROLES_ATTRIBUTE),
    mspId: identity.getMSPID(),
  };
}
