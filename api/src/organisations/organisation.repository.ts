import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";
import type { OrgKind } from "../auth/actor";

export interface OrganisationView {
  id: string;
  name: string;
  nameEn: string | null;
  uscc: string;
  kinds: OrgKind[];
  account: string;
  createdAt: Date;
  /** From the ledger's projection: active, suspended or frozen. */
  status: "active" | "suspended" | "frozen" | "unregistered";
}

const SELECT = { id: true, name: true, nameEn: true, uscc: true, kinds: true, account: true, createdAt: true } as const;

export class OrganisationRepository {
  constructor(private readonly prisma: Prisma) {}

  private async withStatus(rows: { id: string; name: string; nameEn: string | null; uscc: string; kinds: string[]; account: string; createdAt: Date }[]): Promise<OrganisationView[]> {
    const states = await this.prisma.participantState.findMany({ where: { account: { in: rows.map((r) => r.account) } } });
    const byAccount = new Map(states.map((s) => [s.account, s]));
    return rows.map((r) => {
      const s = byAccount.get(r.account);
      const status = !s ? "unregistered" : s.frozen ? "frozen" : s.suspended ? "suspended" : "active";
      return { ...r, kinds: r.kinds as OrgKind[], status };
    });
  }

  async get(id: string): Promise<OrganisationView | undefined> {
    const row = await this.prisma.organisation.findUnique({ where: { id }, select: SELECT });
    return row ? (await this.withStatus([row]))[0] : undefined;
  }

  async byAccount(account: string): Promise<OrganisationView | undefined> {
    const row = await this.prisma.organisation.findUnique({ where: { account }, select: SELECT });
    return row ? (await this.withStatus([row]))[0] : undefined;
  }

  async byIds(ids: string[]): Promise<Map<string, OrganisationView>> {
    const rows = await this.prisma.organisation.findMany({ where: { id: { in: [...new Set(ids)] } }, select: SELECT });
    return new Map((await this.withStatus(rows)).map((o) => [o.id, o]));
  }

  async byAccounts(accounts: string[]): Promise<Map<string, OrganisationView>> {
    const rows = await this.prisma.organisation.findMany({ where: { account: { in: accounts } }, select: SELECT });
    return new Map((await this.withStatus(rows)).map((o) => [o.account, o]));
  }

  /** Newest first. */
  list(q: PageQuery & { kind?: OrgKind | undefined }): Promise<Page<OrganisationView>> {
    return paged(q, newestFirst, async (after, take) =>
      this.withStatus(
        await this.prisma.organisation.findMany({
          where: { AND: [q.kind ? { kinds: { has: q.kind } } : {}, olderThan(after)] },
          orderBy: NEWEST_FIRST,
          take,
          select: SELECT,
        }),
      ),
    );
  }
}
