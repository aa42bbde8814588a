import type { Role } from "../../../chain/ledger";
import type { Prisma } from "../db/database";

export interface StoredFabricIdentity {
  account: string;
  mspId: string;
  certificate: string;
  sealedKey: string;
  roles: Role[];
}

/** The platform's own accounts and the one role each signs in. */
const SYSTEM_ROLES: Partial<Record<string, Role>> = { operator: "operator", regulator: "regulator" };

export class FabricIdentityRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(account: string): Promise<StoredFabricIdentity | undefined> {
    const row = await this.prisma.fabricIdentity.findUnique({ where: { account } });
    return row ? { ...row, roles: row.roles as Role[] } : undefined;
  }

  async save(i: StoredFabricIdentity): Promise<void> {
    const data = { mspId: i.mspId, certificate: i.certificate, sealedKey: i.sealedKey, roles: i.roles };
    await this.prisma.fabricIdentity.upsert({ where: { account: i.account }, create: { account: i.account, ...data }, update: data });
  }

  async replaceSealedKey(account: string, sealedKey: string): Promise<void> {
    await this.prisma.fabricIdentity.update({ where: { account }, data: { sealedKey } });
  }

  /** The roles `account` signs in: its organisation's, and the system account's it is (operator, regulator). */
  async rolesOf(account: string): Promise<Role[]> {
    const org = await this.prisma.organisation.findUnique({ where: { account }, select: { roles: true } });
    const sys = await this.prisma.systemAccount.findUnique({ where: { account }, select: { name: true } });
    const system = sys ? SYSTEM_ROLES[sys.name] : undefined;
    return [...new Set([...((org?.roles ?? []) as Role[]), ...(system ? [system] : [])])].sort();
  }
}
