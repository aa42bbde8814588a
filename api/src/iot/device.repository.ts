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

  /** Retires the device unless it already is; false when it was. */
  async retire(id: string, by: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.iotDevice.updateMany({ where: { id, retiredAt: null }, data: { retiredAt: at, retiredBy: by } });
    return count === 1;
  }
}
