import type { Clock } from "../clock";
import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";

export interface PendingActionRow {
  id: string;
  organisationId: string;
  kind: string;
  payload: unknown;
  makerUserId: string;
  checkerUserId: string | null;
  status: string;
  result: unknown;
  createdAt: Date;
  decidedAt: Date | null;
}

export class ApprovalRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  async create(a: { organisationId: string; kind: string; payload: unknown; makerUserId: string }): Promise<PendingActionRow> {
    return this.prisma.pendingAction.create({ data: { ...a, payload: a.payload as object, createdAt: this.clock.now() } });
  }

  /** Every organisation's actions waiting for a checker: for metrics. */
  async countPending(): Promise<number> {
    return this.prisma.pendingAction.count({ where: { status: "pending" } });
  }

  async get(id: string): Promise<PendingActionRow | undefined> {
    return (await this.prisma.pendingAction.findUnique({ where: { id } })) ?? undefined;
  }

  /** Newest first. */
  list(q: PageQuery & { organisationId: string; status?: string | undefined; kind?: string | undefined }): Promise<Page<PendingActionRow>> {
    const where = { organisationId: q.organisationId, ...(q.status ? { status: q.status } : {}), ...(q.kind ? { kind: q.kind } : {}) };
    return paged(q, newestFirst, (after, take) => this.prisma.pendingAction.findMany({ where: { AND: [where, olderThan(after)] }, orderBy: NEWEST_FIRST, take }));
  }

  /** pending → `to`, for exactly one caller; false for everyone else. */
  async claim(id: string, to: "executing" | "rejected", checker: string, result?: unknown): Promise<boolean> {
    const r = await this.prisma.pendingAction.updateMany({
      where: { id, status: "pending" },
      data: { status: to, checkerUserId: checker, decidedAt: this.clock.now(), ...(result !== undefined ? { result: result as object } : {}) },
    });
    return r.count === 1;
  }

  /** The action as it now stands: the update returns its row, so the caller need not read it again. */
  async finish(id: string, status: "approved" | "failed" | "pending", result: unknown): Promise<PendingActionRow> {
    return this.prisma.pendingAction.update({
      where: { id },
      data: {
        status,
        result: result === undefined ? undefined : (result as object),
        ...(status === "pending" ? { checkerUserId: null, decidedAt: null } : {}),
      },
    });
  }
}
