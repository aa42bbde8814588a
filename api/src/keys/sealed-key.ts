import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from "jose";
import { isKeyCompartment, type CompartmentKeys, type KeyCompartment } from "./key-compartments";

/**
 * What a sealed key is: a ledger account's secp256k1 key, or the PKCS #8 private key of its Fabric enrolment
 * certificate. Part of the authenticated header, so that one can never be opened as the other.
 */
export type SealedKeyType = "secp256k1" | "fabric-pkcs8";

/**
 * An organisation's private key at rest: a compact JWE, `dir` + `A256GCM` under its compartment's key-encryption
 * key, with the account address (`kid`) and the compartment (`cmp`) in the protected header, which is the
 * additional authenticated data: a sealed key copied onto another organisation's row does not open, and one cannot
 * be relabelled into another compartment.
 */
export async function sealKey(
  privateKey: string,
  account: string,
  keys: CompartmentKeys,
  compartment: KeyCompartment,
  type: SealedKeyType = "secp256k1",
): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(privateKey))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: account.toLowerCase(), cty: type, cmp: compartment })
    .encrypt(keys[compartment]);
}

/** The compartment a sealed key names, or undefined for one sealed before compartments (under the master key). */
export function compartmentOf(jwe: string): KeyCompartment | undefined {
  const cmp = decodeProtectedHeader(jwe).cmp;
  if (cmp === undefined) return undefined;
  if (!isKeyCompartment(cmp)) throw new Error(`The sealed key names an unknown compartment ${JSON.stringify(cmp)}`);
  return cmp;
}

export async function openKey(jwe: string, account: string, keys: CompartmentKeys, type: SealedKeyType = "secp256k1"): Promise<string> {
  const compartment = compartmentOf(jwe);
  if (!compartment) throw new Error("The sealed key predates key compartments: re-seal it (KeyVault.migrate)");
  return openWith(jwe, account, keys[compartment], type);
}

/** Opens a key sealed before compartments, directly under the master key; only to re-seal it. */
export function openLegacyKey(jwe: string, account: string, masterKey: Uint8Array): Promise<string> {
  return openWith(jwe, account, masterKey);
}

async function openWith(jwe: string, account: string, kek: Uint8Array, type: SealedKeyType = "secp256k1"): Promise<string> {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, kek, {
    keyManagementAlgorithms: ["dir"],
    contentEncryptionAlgorithms: ["A256GCM"],
  });
  if (protectedHeader.kid !== account.toLowerCase()) {
    throw new Error(`The sealed key belongs to ${protectedHeader.kid}, not ${account}`);
  }
  // Keys sealed before Fabric identities all say secp256k1.
  if ((protectedHeader.cty ?? "secp256k1") !== type) throw new Error(`The sealed key is a ${String(protectedHeader.cty)} key, not a ${type} key`);
  return new TextDecoder().decode(plaintext);
}
