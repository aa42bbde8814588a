import type { Clock } from "../clock";
import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";
import type { OrgKind } from "../auth/actor";

export interface ApplicationRow {
  id: string;
  name: string;
  nameEn: string | null;
  uscc: string;
  kinds: OrgKind[];
  contactName: string;
  contactEmail: string;
  adminPasswordHash: string;
  status: string;
  reviewNote: string | null;
  organisationId: string | null;
  createdAt: Date;
  reviewedAt: Date | null;
}

const asRow = (a: ApplicationRow | (Omit<ApplicationRow, "kinds"> & { kinds: string[] })): ApplicationRow => ({ ...a, kinds: a.kinds as OrgKind[] });

export class OnboardingRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  async usccInUse(uscc: string): Promise<boolean> {
    const [org, app] = await Promise.all([
      this.prisma.organisation.findUnique({ where: { uscc }, select: { id: true } }),
      this.prisma.application.findFirst({ where: { uscc, status: { in: ["pending", "approving", "approved"] } }, select: { id: true } }),
    ]);
    return org !== null || app !== null;
  }

  /** Whether a user signs in with `email`. Asked at approval only: see OnboardingService.apply. */
  async hasAccount(email: string): Promise<boolean> {
    return (await this.prisma.user.findUnique({ where: { email }, select: { id: true } })) !== null;
  }

  /** Records a pending application; a unique violation when another live application has the USCC. */
  async create(a: Omit<ApplicationRow, "id" | "status" | "reviewNote" | "organisationId" | "createdAt" | "reviewedAt">): Promise<ApplicationRow> {
    return asRow(await this.prisma.application.create({ data: { ...a, createdAt: this.clock.now() } }));
  }

  async get(id: string): Promise<ApplicationRow | undefined> {
    const a = await this.prisma.application.findUnique({ where: { id } });
    return a ? asRow(a) : undefined;
  }

  /** Newest first. */
  list(q: PageQuery & { status?: string | undefined }): Promise<Page<ApplicationRow>> {
    return paged(q, newestFirst, async (after, take) =>
      (
        await this.prisma.application.findMany({ where: { AND: [q.status ? { status: q.status } : {}, olderThan(after)] }, orderBy: NEWEST_FIRST, take })
      ).map(asRow),
    );
  }

  /** Moves a pending application to `to`; false when someone else decided it first. */
  async claim(id: string, to: "approving" | "rejected", reviewer: string | undefined, note?: string): Promise<boolean> {
    const r = await this.prisma.application.updateMany({
      where: { id, status: "pending" },
      data: { status: to, reviewedBy: reviewer ?? null, reviewNote: note ?? null, reviewedAt: this.clock.now() },
    });
    return r.count === 1;
  }

  async release(id: string): Promise<void> {
    await this.prisma.application.updateMany({ where: { id, status: "approving" }, data: { status: "pending", reviewedAt: null, reviewedBy: null } });
  }

  /** The organisation, its admin and the approved application, in one transaction. */
  async createOrganisation(app: ApplicationRow, org: { account: string; sealedKey: string; roles: string[] }): Promise<{ organisationId: string; adminUserId: string }> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.organisation.create({
        data: { name: app.name, nameEn: app.nameEn, uscc: app.uscc, kinds: app.kinds, roles: org.roles, account: org.account, sealedKey: org.sealedKey },
      });
      const admin = await tx.user.create({
        data: { organisationId: created.id, email: app.contactEmail, name: app.contactName, passwordHash: app.adminPasswordHash, role: "admin" },
      });
      await tx.application.update({ where: { id: app.id }, data: { status: "approved", organisationId: created.id } });
      return { organisationId: created.id, adminUserId: admin.id };
    });
  }

  /** Undoes createOrganisation when the ledger refused the registration. */
  async removeOrganisation(appId: string, organisationId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.user.deleteMany({ where: { organisationId } });
      await tx.organisation.delete({ where: { id: organisationId } });
      await tx.application.update({ where: { id: appId }, data: { status: "pending", organisationId: null, reviewedAt: null, reviewedBy: null } });
    });
  }

  /** The operator's and the regulator's own organisations, bound to the platform's system accounts. */
  async createPlatformOrganisation(o: { name: string; nameEn: string; uscc: string; kind: "operator" | "regulator"; account: string; sealedKey: string }) {
    return this.prisma.organisation.create({
      data: { name: o.name, nameEn: o.nameEn, uscc: o.uscc, kinds: [o.kind], roles: [o.kind], account: o.account, sealedKey: o.sealedKey },
    });
  }

  async hasUsers(organisationId: string): Promise<boolean> {
    return (await this.prisma.user.count({ where: { organisationId } })) > 0;
  }

  async createAdmin(organisationId: string, u: { email: string; name: string; passwordHash: string }): Promise<void> {
    await this.prisma.user.create({ data: { ...u, organisationId, role: "admin" } });
  }

  async systemKey(name: string) {
    return this.prisma.systemAccount.findUnique({ where: { name } });
  }

  async organisationByUscc(uscc: string) {
    return this.prisma.organisation.findUnique({ where: { uscc } });
  }
}
