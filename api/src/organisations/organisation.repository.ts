import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";
import type { OrgKind } from "../auth/actor";
import { ParticipantStandings } from "../indexer/participant-standings";

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

type OrganisationRow = Omit<OrganisationView, "status" | "kinds"> & { kinds: string[] };

/**
 * What SELECT reads of an organisation never changes once it is registered on the ledger (only a registration the
 * ledger refused removes the row again), so registered rows are kept, by id and by account. Their standing comes
 * from ParticipantStandings, which the indexer keeps current.
 */
export class OrganisationRepository {
  private readonly byId = new Map<string, OrganisationRow>();
  private readonly byAcct = new Map<string, OrganisationRow>();

  constructor(
    private readonly prisma: Prisma,
    private readonly standings = new ParticipantStandings(false),
  ) {}

  private async withStatus(rows: OrganisationRow[]): Promise<OrganisationView[]> {
    const states = await this.standings.of(
      rows.map((r) => r.account),
      (accounts) => this.prisma.participantState.findMany({ where: { account: { in: accounts } }, select: { account: true, suspended: true, frozen: true } }),
    );
    return rows.map((r) => {
      const s = states.get(r.account);
      const status = !s ? "unregistered" : s.frozen ? "frozen" : s.suspended ? "suspended" : "active";
      if (s) {
        this.byId.set(r.id, r);
        this.byAcct.set(r.account, r);
      }
      return { ...r, kinds: r.kinds as OrgKind[], status };
    });
  }

  /** The kept rows among `keys`, and a read of the others. */
  private async rows(keys: string[], kept: Map<string, OrganisationRow>, read: (missing: string[]) => Promise<OrganisationRow[]>): Promise<OrganisationRow[]> {
    const hits: OrganisationRow[] = [];
    const missing: string[] = [];
    for (const k of new Set(keys)) {
      const hit = kept.get(k);
      if (hit) hits.push(hit);
      else missing.push(k);
    }
    return missing.length === 0 ? hits : [...hits, ...(await read(missing))];
  }

  async get(id: string): Promise<OrganisationView | undefined> {
    return (await this.byIds([id])).get(id);
  }

  async byAccount(account: string): Promise<OrganisationView | undefined> {
    return (await this.byAccounts([account])).get(account);
  }

  async byIds(ids: string[]): Promise<Map<string, OrganisationView>> {
    const rows = await this.rows(ids, this.byId, (missing) => this.prisma.organisation.findMany({ where: { id: { in: missing } }, select: SELECT }));
    return new Map((await this.withStatus(rows)).map((o) => [o.id, o]));
  }

  async byAccounts(accounts: string[]): Promise<Map<string, OrganisationView>> {
    const rows = await this.rows(accounts, this.byAcct, (missing) => this.prisma.organisation.findMany({ where: { account: { in: missing } }, select: SELECT }));
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
