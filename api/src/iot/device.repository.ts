import type { Prisma } from "../db/database";
import { newestFirst, paged, type Keyset, type Page, type PageQuery, type Stamped } from "../http/pagination";

export interface DeviceRow {
  id: string;
  organisationId: string;
  kind: string;
  publicKey: string;
  bay: string;
  label: string | null;
  lastCounter: bigint;
  registeredAt: Date;
  proposedBy: string;
  registeredBy: string;
  retiredAt: Date | null;
  retiredBy: string | null;
}

/** A device in service that has gone quiet, with its warehouse's ledger account. */
export interface SilentDevice {
  id: string;
  kind: string;
  bay: string;
  label: string | null;
  account: string;
  lastHeard: Date;
}

export type NewDevice = Pick<DeviceRow, "organisationId" | "kind" | "publicKey" | "bay" | "label" | "registeredAt" | "proposedBy" | "registeredBy">;

export interface DeviceFilter {
  /** One warehouse's devices; every warehouse's when absent. */
  organisationId?: string;
  retired?: boolean | undefined;
}

/** Newest registration first, as every list: `<registeredAt>|<id>`. */
const byRegistration: Keyset<DeviceRow, Stamped> = {
  keyOf: (r) => ({ createdAt: r.registeredAt, id: r.id }),
  write: (k) => newestFirst.write(k),
  read: (text) => newestFirst.read(text),
};

export class DeviceRepository {
  constructor(private readonly prisma: Prisma) {}

  create(d: NewDevice): Promise<DeviceRow> {
    return this.prisma.iotDevice.create({ data: d });
  }

  async get(id: string): Promise<DeviceRow | undefined> {
    return (await this.prisma.iotDevice.findUnique({ where: { id } })) ?? undefined;
  }

  async byKey(publicKey: string): Promise<DeviceRow | undefined> {
    return (await this.prisma.iotDevice.findUnique({ where: { publicKey } })) ?? undefined;
  }

  byIds(ids: string[]): Promise<DeviceRow[]> {
    return this.prisma.iotDevice.findMany({ where: { id: { in: ids } } });
  }

  list(q: PageQuery, f: DeviceFilter): Promise<Page<DeviceRow>> {
    return paged(q, byRegistration, (after, take) =>
      this.prisma.iotDevice.findMany({
        where: {
          AND: [
            f.organisationId ? { organisationId: f.organisationId } : {},
            f.retired === undefined ? {} : f.retired ? { retiredAt: { not: null } } : { retiredAt: null },
            after ? { OR: [{ registeredAt: { lt: after.createdAt } }, { registeredAt: after.createdAt, id: { lt: after.id } }] } : {},
          ],
        },
        orderBy: [{ registeredAt: "desc" }, { id: "desc" }],
        take,
      }),
    );
  }

  /**
   * Devices in service that nothing has been heard from since `since`: their last reading was received before it
   * (read through the (device, counter) key of the last one), or they never sent one and were registered before it.
   */
  async silentSince(since: Date): Promise<SilentDevice[]> {
    const rows = await this.prisma.$queryRaw<(Omit<SilentDevice, "lastHeard"> & { lastHeard: Date })[]>`
      SELECT d.id, d.kind, d.bay, d.label, o.account, coalesce(r."receivedAt", d."registeredAt") AS "lastHeard"
        FROM "IotDevice" d
        JOIN "Organisation" o ON o.id = d."organisationId"
        LEFT JOIN "IotReading" r ON r."deviceId" = d.id AND r.counter = d."lastCounter"
       WHERE d."retiredAt" IS NULL AND coalesce(r."receivedAt", d."registeredAt") < ${since}
       ORDER BY d."registeredAt", d.id`;
    return rows;
  }

  /** Retires the device unless it already is; false when it was. */
  async retire(id: string, by: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.iotDevice.updateMany({ where: { id, retiredAt: null }, data: { retiredAt: at, retiredBy: by } });
    return count === 1;
  }
}
