/**
 * What changed for my organisation: its notifications, newest first, and marking them read. Everyone of the
 * organisation sees the same list and the same read state; another organisation's notification is a 404, like
 * any object one is not party to.
 */
import type { Actor } from "../auth/actor";
import type { Clock } from "../clock";
import { AppError } from "../errors";
import type { PageQuery } from "../http/pagination";
import type { NotificationRepository } from "./notification.repository";

export class NotificationService {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  list(actor: Actor, q: PageQuery & { unread?: boolean | undefined }) {
    return this.repo.list(actor.org.id, q);
  }

  unreadCount(actor: Actor): Promise<number> {
    return this.repo.unreadCount(actor.org.id);
  }

  /**
   * Marks read every unread notification up to and including `throughId` (the newest one a user saw, so that one
   * that arrived since stays unread), or all of them without it. Returns how many it marked.
   */
  async markRead(actor: Actor, throughId: string | undefined): Promise<number> {
    let through;
    if (throughId !== undefined) {
      const n = await this.repo.find(throughId);
      if (n?.organisationId !== actor.org.id) throw new AppError("NOT_FOUND", "No such notification");
      through = { blockNumber: n.blockNumber, logIndex: n.logIndex };
    }
    return this.repo.markRead(actor.org.id, through, this.clock.now());
  }
}
