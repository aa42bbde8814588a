import { hkdfSync } from "node:crypto";

/**
 * Whose key a sealed key is. The regulator's, the operator's and the settlement bank's keys can each do what no
 * one else may on the ledger (freeze, register, create cash), so each is sealed under a key-encryption key of its
 * own: a sealed key of one compartment does not open under another's, and a deployment can give a compartment a
 * master key of its own (SCF_MASTER_KEY_<COMPARTMENT>) that the other compartments' holders never see.
 */
export const KEY_COMPARTMENTS = ["organisation", "operator", "regulator", "settlement-bank", "deployer"] as const;
export type KeyCompartment = (typeof KEY_COMPARTMENTS)[number];

export const isKeyCompartment = (c: unknown): c is KeyCompartment => KEY_COMPARTMENTS.includes(c as KeyCompartment);

/** The key-encryption key of each compartment. */
export type CompartmentKeys = Record<KeyCompartment, Uint8Array>;

/**
 * Each compartment's key-encryption key: HKDF-SHA256 of its own master key when one is given, else of the
 * platform's, with the compartment's name in `info`, so that no two compartments share a key.
 */
export function compartmentKeys(master: Uint8Array, own: Partial<Record<KeyCompartment, Uint8Array>> = {}): CompartmentKeys {
  const derive = (c: KeyCompartment) => new Uint8Array(hkdfSync("sha256", own[c] ?? master, "scf-ledger key vault", `scf-ledger/kek/v1/${c}`, 32));
  return Object.fromEntries(KEY_COMPARTMENTS.map((c) => [c, derive(c)])) as CompartmentKeys;
}
