/** Webhook endpoints and the delivery outbox, on Prisma. */
import type { Prisma } from "../db/database";
import { NEWEST_FIRST, newestFirst, olderThan, paged, type Page, type PageQuery } from "../http/pagination";

export interface EndpointRow {
  id: string;
  organisationId: string;
  url: string;
  events: string[];
  sealedSecret: string;
  enabled: boolean;
  createdAt: Date;
}

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface DeliveryRow {
  id: string;
  organisationId: string;
  endpointId: string;
  eventType: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export type DueDelivery = DeliveryRow & { endpoint: Pick<EndpointRow, "url" | "sealedSecret"> };

export type Attempt = Pick<DeliveryRow, "status" | "attempts" | "nextAttemptAt" | "lastStatus" | "lastError" | "deliveredAt">;

const asDelivery = <R extends { status: string }>(r: R) => ({ ...r, status: r.status as DeliveryStatus });

export class WebhookRepository {
  constructor(private readonly prisma: Prisma) {}

  createEndpoint(e: Pick<EndpointRow, "organisationId" | "url" | "events" | "sealedSecret" | "createdAt">): Promise<EndpointRow> {
    return this.prisma.webhookEndpoint.create({ data: e });
  }

  endpoint(id: string): Promise<EndpointRow | null> {
    return this.prisma.webhookEndpoint.findUnique({ where: { id } });
  }

  endpointsOf(organisationId: string, q: PageQuery): Promise<Page<EndpointRow>> {
    return paged(q, newestFirst, (after, take) =>
      this.prisma.webhookEndpoint.findMany({ where: { AND: [{ organisationId }, olderThan(after)] }, orderBy: NEWEST_FIRST, take }),
    );
  }

  disable(id: string): Promise<EndpointRow> {
    return this.prisma.webhookEndpoint.update({ where: { id }, data: { enabled: false } });
  }

  async delivery(id: string): Promise<DeliveryRow | null> {
    const row = await this.prisma.webhookDelivery.findUnique({ where: { id } });
    return row && asDelivery(row);
  }

  deliveriesOf(organisationId: string, q: PageQuery & { endpointId?: string | undefined }): Promise<Page<DeliveryRow>> {
    const endpoint = q.endpointId ? { endpointId: q.endpointId } : {};
    return paged(q, newestFirst, async (after, take) =>
      (await this.prisma.webhookDelivery.findMany({ where: { AND: [{ organisationId }, endpoint, olderThan(after)] }, orderBy: NEWEST_FIRST, take })).map(asDelivery),
    );
  }

  /**
   * Claims up to `take` pending deliveries due at `now` to enabled endpoints, oldest first, by moving each one's
   * next attempt to `leaseUntil` only if nobody moved it since it was read: a second sender (another process, or an
   * overlapping pass) claims none of them, and a sender that dies mid-attempt leaves them due again at `leaseUntil`.
   */
  async claimDue(now: Date, take: number, leaseUntil: Date): Promise<DueDelivery[]> {
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now }, endpoint: { enabled: true } },
      include: { endpoint: { select: { url: true, sealedSecret: true } } },
      orderBy: [{ nextAttemptAt: "asc" }, { createdAt: "asc" }],
      take,
    });
    const claimed: DueDelivery[] = [];
    for (const r of rows) {
      const { count } = await this.prisma.webhookDelivery.updateMany({
        where: { id: r.id, status: "pending", nextAttemptAt: r.nextAttemptAt, attempts: r.attempts },
        data: { nextAttemptAt: leaseUntil },
      });
      if (count === 1) claimed.push(asDelivery(r));
    }
    return claimed;
  }

  async record(id: string, attempt: Attempt): Promise<void> {
    await this.prisma.webhookDelivery.update({ where: { id }, data: attempt });
  }

  /** Queues a delivery again from its first attempt, whatever became of it. */
  async requeue(id: string, dueAt: Date): Promise<DeliveryRow> {
    return asDelivery(
      await this.prisma.webhookDelivery.update({ where: { id }, data: { status: "pending", attempts: 0, nextAttemptAt: dueAt, deliveredAt: null } }),
    );
  }
}
