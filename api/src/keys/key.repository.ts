import type { Prisma } from "../db/database";
import type { KeyCompartment } from "./key-compartments";
import type { NewKey, SealedKeyStore } from "./key-vault";

/** The platform's own accounts, each its own compartment. */
const SYSTEM_COMPARTMENTS: Partial<Record<string, KeyCompartment>> = { deployer: "deployer", operator: "operator", regulator: "regulator" };

export class KeyRepository implements SealedKeyStore {
  constructor(private readonly prisma: Prisma) {}

  async sealedKeyOf(account: string): Promise<string | undefined> {
    const org = await this.prisma.organisation.findUnique({ where: { account }, select: { sealedKey: true } });
    if (org) return org.sealedKey;
    const sys = await this.prisma.systemAccount.findUnique({ where: { account }, select: { sealedKey: true } });
    return sys?.sealedKey;
  }

  async sealedKeys(): Promise<{ account: string; sealedKey: string; compartment: KeyCompartment }[]> {
    const system = await this.prisma.systemAccount.findMany({ select: { name: true, account: true, sealedKey: true } });
    const orgs = await this.prisma.organisation.findMany({ select: { kinds: true, account: true, sealedKey: true } });
    return [
      ...system.map((s) => ({ account: s.account, sealedKey: s.sealedKey, compartment: SYSTEM_COMPARTMENTS[s.name] ?? "organisation" })),
      // The operator's and the regulator's organisations hold their system account's key.
      ...orgs.map((o) => ({ account: o.account, sealedKey: o.sealedKey, compartment: platformCompartment(o.kinds) })),
    ];
  }

  async replaceSealedKey(account: string, sealedKey: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.organisation.updateMany({ where: { account }, data: { sealedKey } }),
      this.prisma.systemAccount.updateMany({ where: { account }, data: { sealedKey } }),
    ]);
  }

  async systemAccount(name: string): Promise<string | undefined> {
    return (await this.prisma.systemAccount.findUnique({ where: { name }, select: { account: true } }))?.account;
  }

  async saveSystemAccount(name: string, key: NewKey): Promise<void> {
    await this.prisma.systemAccount.create({ data: { name, account: key.account, sealedKey: key.sealedKey } });
  }
}

function platformCompartment(kinds: string[]): KeyCompartment {
  if (kinds.includes("regulator")) return "regulator";
  if (kinds.includes("operator")) return "operator";
  return "organisation";
}
