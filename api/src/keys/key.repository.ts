import type { Prisma } from "../db/database";
import type { NewKey, SealedKeyStore } from "./key-vault";

export class KeyRepository implements SealedKeyStore {
  constructor(private readonly prisma: Prisma) {}

  async sealedKeyOf(account: string): Promise<string | undefined> {
    const org = await this.prisma.organisation.findUnique({ where: { account }, select: { sealedKey: true } });
    if (org) return org.sealedKey;
    const sys = await this.prisma.systemAccount.findUnique({ where: { account }, select: { sealedKey: true } });
    return sys?.sealedKey;
  }

  async systemAccount(name: string): Promise<string | undefined> {
    return (await this.prisma.systemAccount.findUnique({ where: { name }, select: { account: true } }))?.account;
  }

  async saveSystemAccount(name: string, key: NewKey): Promise<void> {
    await this.prisma.systemAccount.create({ data: { name, account: key.account, sealedKey: key.sealedKey } });
  }
}
