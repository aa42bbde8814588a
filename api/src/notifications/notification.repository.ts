/** An organisation's notifications, on Prisma. Read state is the organisation's, not one user's. */
import type { Prisma } from "../db/database";
import { byPosition, paged, type Page, type PageQuery, type Position } from "../http/pagination";

export interface NotificationRow {
  id: string;
  organisationId: string;
  type: string;
  data: unknown;
  blockNumber: number;
  logIndex: number;
  createdAt: Date;
  readAt: Date | null;
}

/** Newest first by position on the chain: the order the changes happened in, whatever the indexer's pace. */
const NEWEST_FIRST = [{ blockNumber: "desc" }, { logIndex: "desc" }] as const;
const byNotificationPosition = byPosition<NotificationRow>((n) => ({ blockNumber: n.blockNumber, logIndex: n.logIndex }));

/** Rows at or before `p` on the chain (`strict`: before it only), for Prisma's `where`. */
const upTo = (p: Position, strict: boolean) => ({
  OR: [{ blockNumber: { lt: p.blockNumber } }, { blockNumber: p.blockNumber, logIndex: strict ? { lt: p.logIndex } : { lte: p.logIndex } }],
});

export class NotificationRepository {
  constructor(private readonly prisma: Prisma) {}

  list(organisationId: string, q: PageQuery & { unread?: boolean | undefined }): Promise<Page<NotificationRow>> {
    return paged(q, byNotificationPosition, (after, take) =>
      this.prisma.notification.findMany({
        where: { AND: [{ organisationId }, q.unread ? { readAt: null } : {}, after ? upTo(after, true) : {}] },
        orderBy: [...NEWEST_FIRST],
        take,
      }),
    );
  }

  find(id: string): Promise<NotificationRow | null> {
    return this.prisma.notification.findUnique({ where: { id } });
  }

  unreadCount(organisationId: string): Promise<number> {
    return this.prisma.notification.count({ where: { organisationId, readAt: null } });
  }

  /** Marks the organisation's unread notifications at or before `through` (all when undefined) read at `at`. */
  async markRead(organisationId: string, through: Position | undefined, at: Date): Promise<number> {
    const { count } = await this.prisma.notification.updateMany({
      where: { AND: [{ organisationId, readAt: null }, through ? upTo(through, false) : {}] },
      data: { readAt: at },
    });
    return count;
  }
}
