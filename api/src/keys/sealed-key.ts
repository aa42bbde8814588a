import { CompactEncrypt, compactDecrypt } from "jose";

/**
 * An organisation's private key at rest: a compact JWE, `dir` + `A256GCM` under the master key, with the
 * account address bound in as additional authenticated data (the `kid` header), so that a sealed key
 * copied onto another organisation's row does not open.
 */
export async function sealKey(privateKey: string, account: string, masterKey: Uint8Array): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(privateKey))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: account.toLowerCase(), cty: "secp256k1" })
    .encrypt(masterKey);
}

export async function openKey(jwe: string, account: string, masterKey: Uint8Array): Promise<string> {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, masterKey, {
    keyManagementAlgorithms: ["dir"],
    contentEncryptionAlgorithms: ["A256GCM"],
  });
  if (protectedHeader.kid !== account.toLowerCase()) {
    throw new Error(`The sealed key belongs to ${protectedHeader.kid}, not ${account}`);
  }
  return new TextDecoder().decode(plaintext);
}
