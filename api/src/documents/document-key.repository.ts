/**
 * Each organisation's document key: 32 random bytes, made on its first upload and kept only sealed, as a compact
 * JWE (dir + A256GCM) under the document key-encryption key derived from the master key, with the organisation's
 * id in the protected header (the additional authenticated data): a sealed key copied onto another organisation's
 * row does not open. A document is sealed under its organisation's key with its commitment in the header, so a
 * sealed document moved onto another document's row does not open either.
 */
import { randomBytes } from "node:crypto";
import { CompactEncrypt, compactDecrypt } from "jose";
import type { Prisma } from "../db/database";

const ALGORITHMS = { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] };

async function seal(plaintext: Uint8Array, key: Uint8Array, header: Record<string, string>): Promise<string> {
  return new CompactEncrypt(plaintext).setProtectedHeader({ alg: "dir", enc: "A256GCM", ...header }).encrypt(key);
}

async function open(jwe: string, key: Uint8Array, expect: Record<string, string>): Promise<Uint8Array> {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, key, ALGORITHMS);
  for (const [name, value] of Object.entries(expect)) {
    if (protectedHeader[name] !== value) throw new Error(`The sealed ${name} is ${String(protectedHeader[name])}, not ${value}`);
  }
  return plaintext;
}

export class DocumentKeys {
  private readonly opened = new Map<string, Uint8Array>();

  constructor(
    private readonly prisma: Prisma,
    private readonly keyEncryptionKey: Uint8Array,
  ) {}

  async sealDocument(orgId: string, commitment: string, content: Uint8Array): Promise<string> {
    return seal(content, await this.keyOf(orgId), { kid: orgId, doc: commitment });
  }

  async openDocument(orgId: string, commitment: string, sealed: string): Promise<Uint8Array> {
    return open(sealed, await this.keyOf(orgId), { kid: orgId, doc: commitment });
  }

  /** The organisation's key, made on first use; of two processes making one at once, the first stored wins. */
  private async keyOf(orgId: string): Promise<Uint8Array> {
    const kept = this.opened.get(orgId);
    if (kept) return kept;
    let row = await this.prisma.documentKey.findUnique({ where: { orgId } });
    if (!row) {
      const sealed = await seal(randomBytes(32), this.keyEncryptionKey, { kid: orgId, cty: "document-key" });
      await this.prisma.documentKey.createMany({ data: [{ orgId, sealed }], skipDuplicates: true });
      row = await this.prisma.documentKey.findUniqueOrThrow({ where: { orgId } });
    }
    const key = await open(row.sealed, this.keyEncryptionKey, { kid: orgId, cty: "document-key" });
    this.opened.set(orgId, key);
    return key;
  }
}
